"""initial schema: agencies, requests, events, deadlines

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("jurisdiction", sa.String(), nullable=False),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("records_officer", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("city", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("zip", sa.String(), nullable=False),
        sa.Column("county", sa.String(), nullable=False),
        sa.Column("phone", sa.String(), nullable=False),
        sa.Column("website", sa.String(), nullable=False),
        sa.Column("portal_url", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("beds_code", sa.String(), nullable=False),
        sa.Column("aliases", sa.String(), nullable=False),
        sa.Column("search_text", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agency_jurisdiction"), ["jurisdiction"], unique=False)
        batch_op.create_index(batch_op.f("ix_agency_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_agency_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_agency_state"), ["state"], unique=False)

    op.create_table(
        "referencecounter",
        sa.Column("prefix", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("prefix", "year"),
    )
    op.create_table(
        "agencyclosure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("agency_id", "day"),
    )
    with op.batch_alter_table("agencyclosure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_agencyclosure_agency_id"), ["agency_id"], unique=False)

    op.create_table(
        "request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(), nullable=False),
        sa.Column("agency_id", sa.String(), nullable=False),
        sa.Column("jurisdiction", sa.String(), nullable=False),
        sa.Column("template", sa.String(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("topics", sa.JSON(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("campaign", sa.String(), nullable=True),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("received_estimated", sa.Boolean(), nullable=False),
        sa.Column("via", sa.String(), nullable=True),
        sa.Column("tracking", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agency.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_request_agency_id"), ["agency_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_campaign"), ["campaign"], unique=False)
        batch_op.create_index(batch_op.f("ix_request_status"), ["status"], unique=False)
        batch_op.create_index("ix_request_status_agency", ["status", "agency_id"], unique=False)

    op.create_table(
        "deadline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("party", sa.String(), nullable=False),
        sa.Column("citation", sa.String(), nullable=False),
        sa.Column("verified", sa.String(), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("is_current", sa.Boolean(), nullable=False),
        sa.Column("conditional", sa.Boolean(), nullable=False),
        sa.Column("appeal_by", sa.Date(), nullable=True),
        sa.Column("met_on", sa.Date(), nullable=True),
        sa.Column("estimated", sa.Boolean(), nullable=False),
        sa.Column("explanation", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.create_index("ix_deadline_open_due", ["is_open", "due"], unique=False)
        batch_op.create_index("ix_deadline_current_due", ["is_current", "party", "due"], unique=False)
        batch_op.create_index(batch_op.f("ix_deadline_request_id"), ["request_id"], unique=False)

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("removed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("replaced_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index("ix_event_request_day", ["request_id", "day"], unique=False)

    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("filename", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["request.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_attachment_request_id"), ["request_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachment_request_id"))

    op.drop_table("attachment")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index("ix_event_request_day")

    op.drop_table("event")
    with op.batch_alter_table("deadline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_deadline_request_id"))
        batch_op.drop_index("ix_deadline_current_due")
        batch_op.drop_index("ix_deadline_open_due")

    op.drop_table("deadline")
    with op.batch_alter_table("request", schema=None) as batch_op:
        batch_op.drop_index("ix_request_status_agency")
        batch_op.drop_index(batch_op.f("ix_request_status"))
        batch_op.drop_index(batch_op.f("ix_request_campaign"))
        batch_op.drop_index(batch_op.f("ix_request_agency_id"))

    op.drop_table("request")
    with op.batch_alter_table("agencyclosure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agencyclosure_agency_id"))

    op.drop_table("agencyclosure")
    op.drop_table("referencecounter")
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_agency_state"))
        batch_op.drop_index(batch_op.f("ix_agency_name"))
        batch_op.drop_index(batch_op.f("ix_agency_kind"))
        batch_op.drop_index(batch_op.f("ix_agency_jurisdiction"))

    op.drop_table("agency")
