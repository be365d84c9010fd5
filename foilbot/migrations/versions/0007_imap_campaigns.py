"""imap: how far each IMAP folder was fetched; campaigns: every campaign name has its campaign row

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # `inbox fetch` reads only messages above the last UID it saw, while UIDVALIDITY is unchanged.
    op.create_table(
        "imap_folder",
        sa.Column("host", sa.String(), nullable=False),
        sa.Column("user", sa.String(), nullable=False),
        sa.Column("folder", sa.String(), nullable=False),
        sa.Column("uidvalidity", sa.BigInteger(), nullable=False),
        sa.Column("last_uid", sa.BigInteger(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("host", "user", "folder"),
    )
    # One model of a campaign: a `campaign` row, its requests naming it. Requests made with
    # `request new --campaign X` before this revision had no row (invisible to `campaign list`):
    # each such name gets one, asking what its first request asks.
    op.execute(
        "INSERT INTO campaign (name, template, subject, topics, params, law, created_at, closed_on) "
        "SELECT r.campaign, r.template, r.subject, r.topics, r.params, NULL, r.created_at, NULL "
        "FROM request r WHERE r.campaign IS NOT NULL "
        "AND r.id = (SELECT MIN(f.id) FROM request f WHERE f.campaign = r.campaign) "
        "AND NOT EXISTS (SELECT 1 FROM campaign c WHERE c.name = r.campaign)"
    )


def downgrade() -> None:
    op.drop_table("imap_folder")
