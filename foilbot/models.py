"""SQLModel tables. The schema is owned by the Alembic migrations in foilbot/migrations.

Requests keep their whole event history; deadlines are computed by the pure engine from that history
and stored (table ``deadline``) so that ``overdue`` and ``due`` are an indexed query, recomputed
whenever an event, a closure day or a rule changes.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint
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


class HolidayObservance(SQLModel, table=True):
    """An optional holiday a body observes (Tex. Gov't Code § 552.0031(c): Good Friday only where the officer
    for public information observes it): one agency's, or with no agency the default for a jurisdiction."""

    id: int | None = Field(default=None, primary_key=True)
    jurisdiction: str = Field(index=True)  # the law whose calendar names the holiday
    agency_id: str | None = Field(default=None, foreign_key="agency.id", index=True)
    holiday: str  # as the calendar names it ("Good Friday", "weekend observance")


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
    # The scorecard's facts (domain.scoring), stored with the schedule (0011): the first live
    # acknowledgment, answer and appeal days, whether that answer met its deadline, and the business
    # days from receipt to it. A first day is the same whatever day a scorecard is made for.
    acknowledged_on: date | None = None
    answered_on: date | None = None
    answered_on_time: bool | None = None
    answer_days: int | None = None
    appealed_on: date | None = None
    # Who created the request and who changed it last (the [user] name, else the OS user; issue 13).
    created_by: str = ""
    updated_by: str = ""


class Event(SQLModel, table=True):
    """Something that happened to a request. Corrections never delete: they supersede."""

    __table_args__ = (
        Index("ix_event_request_day", "request_id", "day"),
        # The calendar's count of a request's events, removed ones twice, from the index alone (0009).
        Index("ix_event_request_removed", "request_id", "removed_at"),
    )

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
    created_by: str = ""  # who logged it
    removed_by: str = ""  # who removed or replaced it


class Attachment(SQLModel, table=True):
    """A file kept beside the database under its SHA-256, linked to the event it documents."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    event_id: int | None = Field(default=None, foreign_key="event.id")
    filename: str
    sha256: str = Field(index=True)
    size: int
    added_at: datetime
    added_by: str = ""


class Trace(SQLModel, table=True):
    """An explanation trace (how a deadline was counted, line by line), stored once under the digest of
    its JSON text: many deadlines share one (issue 14; services.traces)."""

    digest: str = Field(primary_key=True)
    lines: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Deadline(SQLModel, table=True):
    """A computed deadline, stored for fast overdue/due queries; rebuilt from the events on change."""

    __table_args__ = (
        Index("ix_deadline_open_due", "is_open", "due"),
        # The columns `overdue` prints after the three it searches by: read from the index alone (0010).
        Index(
            "ix_deadline_current_due",
            "is_current",
            "party",
            "due",
            "request_id",
            "kind",
            "citation",
            "verified",
            "appeal_by",
            "conditional",
            "estimated",
            "is_open",
        ),
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
    trace: str = Field(foreign_key="trace.digest", index=True)  # its explanation (0012)
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


class Change(SQLModel, table=True):
    """One change to the workspace, who made it and when: what `foilbot db log` lists (issue 13)."""

    __table_args__ = (
        Index("ix_change_at", "at"),
        Index("ix_change_action_subject", "action", "subject"),  # observance changes, counted (0009)
    )

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    actor: str
    action: str  # request.new, event.log, event.remove, agency.import, closure.add, db.import
    subject: str = ""  # a request reference or an agency id
    request_id: int | None = Field(default=None, index=True)
    detail: str = ""


class AgencyEdit(SQLModel, table=True):
    """A user's own value for one column of one agency; the shipped directory never reverts it."""

    __tablename__ = "agency_edit"

    agency_id: str = Field(primary_key=True)
    column: str = Field(primary_key=True)
    value: str
    edited_at: datetime


class OutboundMessage(SQLModel, table=True):
    """A request handed to an SMTP server: `sending` (recorded before the hand-over), `sent`, `failed`."""

    __tablename__ = "outbound_message"
    __table_args__ = (Index("ix_outbound_message_request_state", "request_id", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id")
    message_id: str = Field(unique=True)
    state: str
    recipient: str
    sha256: str  # the .eml kept in the attachment store
    error: str = ""
    attempts: int = 0
    created_at: datetime
    updated_at: datetime
    # The run sending it and until when it holds it (renewed while it runs); set just before the
    # message's last line goes to the server (services/send_lease.py, issue 13).
    owner: str = ""
    lease_until: datetime | None = None
    handed_at: datetime | None = None


class InboundMessage(SQLModel, table=True):
    """An imported email: matched to a request (with its `reply` event) or waiting to be assigned."""

    __tablename__ = "inbound_message"
    __table_args__ = (Index("ix_inbound_message_state", "state"),)

    id: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(unique=True)
    request_id: int | None = Field(default=None, foreign_key="request.id")
    event_id: int | None = Field(default=None, foreign_key="event.id")
    sender: str
    subject: str
    day: date
    sha256: str
    matched_by: str = ""
    state: str = "unmatched"
    suggestion: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    imported_at: datetime


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


class ImapFolder(SQLModel, table=True):
    """How far `inbox fetch` has read one IMAP folder: messages above `last_uid` are new, as long as
    the server's UIDVALIDITY is the one recorded (RFC 3501 § 2.3.1.1); else the folder is read again
    from the start and Message-IDs keep anything from being imported twice."""

    __tablename__ = "imap_folder"

    host: str = Field(primary_key=True)
    user: str = Field(primary_key=True)
    folder: str = Field(primary_key=True)
    uidvalidity: int = Field(sa_type=BigInteger)
    last_uid: int = Field(sa_type=BigInteger)
    fetched_at: datetime
