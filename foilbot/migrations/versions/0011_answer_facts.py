"""each request's answer facts stored with its schedule: `report agencies` counts them in the database

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# The scorecard's per-request facts (domain.scoring), computed where the schedule is and stored with it:
# the first acknowledgment, answer and appeal days, whether the answer met its deadline, and the business
# days it took. Read from the request rows, a scorecard of 100,000 requests needs no event or deadline
# read but the overdue count (issue 14). They are filled by the full recompute that the engine revision
# this comes with (domain.revision) starts on the first command after the upgrade.
COLUMNS: list[sa.Column[Any]] = [
    sa.Column("acknowledged_on", sa.Date(), nullable=True),
    sa.Column("answered_on", sa.Date(), nullable=True),
    sa.Column("answered_on_time", sa.Boolean(), nullable=True),
    sa.Column("answer_days", sa.Integer(), nullable=True),
    sa.Column("appealed_on", sa.Date(), nullable=True),
]


def upgrade() -> None:
    with op.batch_alter_table("request") as batch:
        for column in COLUMNS:
            batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("request") as batch:
        for column in reversed(COLUMNS):
            batch.drop_column(column.name)
