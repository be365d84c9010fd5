"""SQLModel tables. The schema is owned by the Alembic migrations in foilbot/migrations.

Requests keep their whole event history; deadlines are computed by the pure engine from that history
and stored (table ``deadline``) so that ``overdue`` and ``due`` are an indexed query, recomputed
whenever an event, a closure day or a rule changes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from foilbot.domain.agencies import COLUMNS

AGENCY_COLUMNS = COLUMNS


class Agency(SQLModel, table=True):
    """A public body (or a private one, marked public=False) that receives requests."""

    id: str = Field(primary_key=True)
    name: str = Field(index=True)
    kind: str = Field(index=True)
    jurisdiction: str = Field(index=True)
    public: bool = True
    records_officer: str = ""
    email: str = ""
    address: str = ""
    city: str = ""
    state: str = Field(default="", index=True)
    zip: str = ""
    county: str = ""
    phone: str = ""
    website: str = ""
    portal_url: str = ""
    source: str = ""
    notes: str = ""
    beds_code: str = ""
    aliases: str = ""  # other names, "|"-separated (IPEDS IALIAS: "UB|SUNY Buffalo")
    # The normalised name, then each alias, joined by " | " (see domain.agencies.search_text).
    search_text: str = ""


class AgencyClosure(SQLModel, table=True):
    """A day one agency was closed (a storm day): it extends that agency's business-day counts."""

    __table_args__ = (UniqueConstraint("agency_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    agency_id: str = Field(foreign_key="agency.id", index=True)
    day: date
    reason: str = ""


class Request(SQLModel, table=True):
    """One records request; its status and deadlines follow from its events."""

    __table_args__ = (Index("ix_request_status_agency", "status", "agency_id"),)

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(unique=True)
    agency_id: str = Field(foreign_key="agency.id", index=True)
    jurisdiction: str
    template: str = ""
    subject: str = ""
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    campaign: str | None = Field(default=None, index=True)
    status: str = Field(default="draft", index=True)
    created_at: datetime
    updated_at: datetime
    sent_on: date | None = None
    received_on: date | None = None
    received_estimated: bool = False
    via: str | None = None
    tracking: str | None = None
    # The day of the latest live event: a reader "as of" an earlier day recomputes this request.
    last_event_on: date | None = Field(default=None, index=True)
    warnings: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Event(SQLModel, table=True):
    """Something that happened to a request. Corrections never delete: they supersede."""

    __table_args__ = (Index("ix_event_request_day", "request_id", "day"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id")
    kind: str
    day: date
    note: str = ""
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime
    # Set when the event was removed or replaced; removed events stay for the history.
    removed_at: datetime | None = None
    replaced_by: int | None = None


class Attachment(SQLModel, table=True):
    """A file kept beside the database under its SHA-256, linked to the event it documents."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="event.id")
    filename: str
    sha256: str = Field(index=True)
    size: int
    added_at: datetime


class Deadline(SQLModel, table=True):
    """A computed deadline, stored for fast overdue/due queries; rebuilt from the events on change."""

    __table_args__ = (
        Index("ix_deadline_open_due", "is_open", "due"),
        Index("ix_deadline_current_due", "is_current", "party", "due"),
    )

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    kind: str
    due: date
    party: str  # "agency" or "requester"
    citation: str = ""
    verified: str = "no"
    is_open: bool = True
    is_current: bool = False
    # Applies only if the agency stays silent (the appeal window after a constructive denial).
    conditional: bool = False
    # On an agency deadline: when the appeal window closes if the agency misses it.
    appeal_by: date | None = None
    met_on: date | None = None
    estimated: bool = False
    explanation: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    flags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class WorkspaceSetting(SQLModel, table=True):
    """Facts about the whole database, e.g. what the stored schedules were computed with."""

    __tablename__ = "workspace_setting"

    key: str = Field(primary_key=True)
    value: str


class ReferenceCounter(SQLModel, table=True):
    """Allocates readable references (FOIL-2026-0001) inside the database, so two processes never clash."""

    prefix: str = Field(primary_key=True)
    year: int = Field(primary_key=True)
    last: int = 0


class Campaign(SQLModel, table=True):
    """One request to many agencies (issue 12): what each of its requests asks, and whether it is closed.

    Its requests carry its name (`request.campaign`).
    """

    name: str = Field(primary_key=True)
    template: str = ""
    subject: str = ""
    topics: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    params: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    law: str | None = None
    created_at: datetime
    closed_on: date | None = None
