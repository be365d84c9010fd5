"""outbound_message: who is sending it (owner, lease_until) and whether its hand-over began (handed_at)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A `sending` row tells a live run from a stopped one (issue 13): the run holding it writes its name
    # and renews `lease_until` while it runs; a row whose lease ran out was left by a run that stopped.
    # `handed_at` is set just before the message's last line goes to the server: a stopped run's row
    # without it was never taken by the server, and is sent again, once, by the run that takes it over.
    # Rows from before this revision have no lease (NULL): no run of this version holds them.
    with op.batch_alter_table("outbound_message") as batch:
        batch.add_column(sa.Column("owner", sa.String(), nullable=False, server_default=""))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("handed_at", sa.DateTime(timezone=True), nullable=True))
    # A `sending` row left before this revision may have been handed over (nothing recorded when):
    # it stays for the Sent folder or the user to settle, never sent again unasked.
    op.execute("UPDATE outbound_message SET handed_at = updated_at WHERE state = 'sending'")


def downgrade() -> None:
    with op.batch_alter_table("outbound_message") as batch:
        batch.drop_column("handed_at")
        batch.drop_column("lease_until")
        batch.drop_column("owner")
