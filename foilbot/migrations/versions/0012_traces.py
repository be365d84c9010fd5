"""each distinct explanation trace stored once: a deadline names its trace by digest

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# A deadline's ~1 kB trace (how it was counted, line by line) was stored on every row, and most rows
# repeat another's: 44,882 distinct traces in 165,021 deadlines of a 100,000-request workspace, 145 MB
# of its 182 MB table (issue 14). Each is now one `trace` row under the digest of its JSON text
# (services.traces).
#
# The deadline rows are the engine's output, not records: they are deleted here with the workspace's
# schedule key, and the first command after the upgrade recomputes every schedule from the events
# (services.recompute.ensure_current), traces and all. The same engine gives the same dates, so the
# schedule revision a calendar's SEQUENCE counts does not move.
SCHEDULE_KEY = "schedule_key"  # services.schedule.KEY


def _forget_schedules() -> None:
    op.execute("DELETE FROM deadline")
    op.execute(sa.text("DELETE FROM workspace_setting WHERE key = :key").bindparams(key=SCHEDULE_KEY))


def upgrade() -> None:
    op.create_table(
        "trace",
        sa.Column("digest", sa.String(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )
    _forget_schedules()
    with op.batch_alter_table("deadline") as batch:
        batch.drop_column("explanation")
        batch.add_column(sa.Column("trace", sa.String(), nullable=False))
        batch.create_foreign_key("fk_deadline_trace_trace", "trace", ["trace"], ["digest"])
        batch.create_index("ix_deadline_trace", ["trace"])


def downgrade() -> None:
    _forget_schedules()
    with op.batch_alter_table("deadline") as batch:
        batch.drop_index("ix_deadline_trace")
        batch.drop_constraint("fk_deadline_trace_trace", type_="foreignkey")
        batch.drop_column("trace")
        batch.add_column(sa.Column("explanation", sa.JSON(), nullable=False))
    op.drop_table("trace")
