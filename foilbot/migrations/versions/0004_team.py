"""teams: who did what (created_by on requests, events and attachments; the change log)

Self-contained: it only adds columns and one table, so it stacks on any parallel revision.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _who(name: str) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=False, server_default="")


def upgrade() -> None:
    with op.batch_alter_table("request") as batch:
        batch.add_column(_who("created_by"))
        batch.add_column(_who("updated_by"))
    with op.batch_alter_table("event") as batch:
        batch.add_column(_who("created_by"))
        batch.add_column(_who("removed_by"))
    with op.batch_alter_table("attachment") as batch:
        batch.add_column(_who("added_by"))
    op.create_table(
        "change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_change_at", "change", ["at"])
    op.create_index("ix_change_request_id", "change", ["request_id"])


def downgrade() -> None:
    op.drop_index("ix_change_request_id", table_name="change")
    op.drop_index("ix_change_at", table_name="change")
    op.drop_table("change")
    with op.batch_alter_table("attachment") as batch:
        batch.drop_column("added_by")
    with op.batch_alter_table("event") as batch:
        batch.drop_column("removed_by")
        batch.drop_column("created_by")
    with op.batch_alter_table("request") as batch:
        batch.drop_column("updated_by")
        batch.drop_column("created_by")
