"""one stored schedule: warnings and flags kept, the settings it was computed with, the last event day

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("request") as batch:
        batch.add_column(sa.Column("last_event_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("warnings", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch.create_index("ix_request_last_event_on", ["last_event_on"])
    with op.batch_alter_table("deadline") as batch:
        batch.add_column(sa.Column("flags", sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
    # What every stored schedule was computed with (engine, law data, deadlines.* settings). When it
    # differs from what this foilbot would use, every schedule is recomputed before anything reads one.
    op.create_table(
        "workspace_setting",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("workspace_setting")
    with op.batch_alter_table("deadline") as batch:
        batch.drop_column("flags")
    with op.batch_alter_table("request") as batch:
        batch.drop_index("ix_request_last_event_on")
        batch.drop_column("warnings")
        batch.drop_column("last_event_on")
