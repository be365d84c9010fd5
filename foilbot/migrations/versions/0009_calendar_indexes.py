"""indexes the calendar export reads by: each request's event count, the observance changes

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # `foilbot calendar` counts each request's events, removed ones twice (its SEQUENCE, issue 14): with
    # removed_at beside request_id the count is read from the index alone, not from 500,000 event rows.
    op.create_index("ix_event_request_removed", "event", ["request_id", "removed_at"])
    # ... and counts the observance changes of each agency and jurisdiction: a few rows of a change log
    # that holds a line for every request and event ever logged.
    op.create_index("ix_change_action_subject", "change", ["action", "subject"])


def downgrade() -> None:
    op.drop_index("ix_change_action_subject", table_name="change")
    op.drop_index("ix_event_request_removed", table_name="event")
