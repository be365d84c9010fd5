"""observances: the optional holidays an agency (or every body of a jurisdiction) observes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Tex. Gov't Code § 552.0031(c), (e): some holidays are non-business days only where the body observes
    # them; a user records that once per agency (or per jurisdiction) and every schedule follows.
    op.create_table(
        "holidayobservance",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("jurisdiction", sa.String(), nullable=False),
        sa.Column("agency_id", sa.String(), nullable=True),
        sa.Column("holiday", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_holidayobservance_jurisdiction", "holidayobservance", ["jurisdiction"])
    op.create_index("ix_holidayobservance_agency_id", "holidayobservance", ["agency_id"])


def downgrade() -> None:
    op.drop_index("ix_holidayobservance_agency_id", table_name="holidayobservance")
    op.drop_index("ix_holidayobservance_jurisdiction", table_name="holidayobservance")
    op.drop_table("holidayobservance")
