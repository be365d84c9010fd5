"""Requests and their events: create, file, log, correct, and keep stored deadlines in step.

Every change to a request's events recomputes its schedule with the pure deadline engine and stores
it (table `deadline`) in the same transaction, so `overdue` and `due` are plain indexed queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from foilbot import clock
from foilbot.domain import status as lifecycle
from foilbot.domain.deadlines import Occurrence, Schedule, compute_schedule
from foilbot.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.models import Agency, Event, Request

VIAS = ("email", "mail", "portal", "fax", "hand")
# Drafted letters are history for people, not facts for the deadline engine.
_ENGINE_SKIPS = frozenset({"followup-drafted", "appeal-drafted"})


@dataclass(frozen=True)
class RequestView:
    """A request as commands show it (`--json` prints `as_dict()`)."""

    id: int
    reference: str
    agency_id: str
    agency: str
    jurisdiction: str
    status: str
    template: str
    subject: str
    topics: list[str]
    params: dict[str, Any]
    campaign: str | None
    sent_on: date | None
    received_on: date | None
    received_estimated: bool
    via: str | None
    created_at: datetime
    public: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def view(req: Request, agency: Agency) -> RequestView:
    return RequestView(
        id=int(req.id or 0),
        reference=req.reference,
        agency_id=agency.id,
        agency=agency.name,
        jurisdiction=req.jurisdiction,
        status=req.status,
        template=req.template,
        subject=req.subject,
        topics=list(req.topics),
        params=dict(req.params),
        campaign=req.campaign,
        sent_on=req.sent_on,
        received_on=req.received_on,
        received_estimated=req.received_estimated,
        via=req.via,
        created_at=req.created_at,
        public=agency.public,
    )


def get_request(session: Session, ident: str | int) -> Request:
    """A request by numeric id or by reference (FOIL-2026-0001).

    Raises:
        NotFoundError: no such request.
    """
    from sqlalchemy import func
    from sqlmodel import select

    from foilbot.models import Request

    text = str(ident).strip()
    found = session.get(Request, int(text)) if text.isdigit() else None
    if found is None:
        found = session.scalars(select(Request).where(func.upper(Request.reference) == text.upper())).first()
    if found is None:
        raise NotFoundError(f"no request {text!r}", hint="List them with: foilbot request list")
    return found


def allocate_reference(session: Session, prefix: str, year: int) -> str:
    """The next reference for (prefix, year), counted inside the database transaction."""
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError
    from sqlmodel import col, select

    from foilbot.models import ReferenceCounter

    for _ in range(3):
        stmt = (
            update(ReferenceCounter)
            .where(col(ReferenceCounter.prefix) == prefix, col(ReferenceCounter.year) == year)
            .values(last=col(ReferenceCounter.last) + 1)
            .returning(col(ReferenceCounter.last))
        )
        number = session.execute(stmt).scalar()
        if number is not None:
            return f"{prefix}-{year}-{number:04d}"
        try:
            with session.begin_nested():
                session.add(ReferenceCounter(prefix=prefix, year=year, last=1))
            return f"{prefix}-{year}-0001"
        except IntegrityError:  # another process created the counter first: count on it
            continue
    last = session.scalar(select(col(ReferenceCounter.last)).where(col(ReferenceCounter.prefix) == prefix))
    raise UsageError(f"could not allocate a {prefix}-{year} reference (counter at {last})")


def create_request(
    session: Session,
    agency_text: str,
    *,
    topics: Sequence[str] = (),
    template: str = "",
    subject: str = "",
    params: dict[str, Any] | None = None,
    law: str | None = None,
    campaign: str | None = None,
    now: datetime | None = None,
) -> RequestView:
    """A draft request to an agency, under the agency's law unless `law` says otherwise."""
    from foilbot.domain.laws import get_law
    from foilbot.models import Request
    from foilbot.services.agencies import resolve

    agency = resolve(session, agency_text)
    the_law = get_law(law or agency.jurisdiction)
    now = now or clock.now()
    req = Request(
        reference=allocate_reference(session, the_law.short_name.upper().replace(" ", ""), now.year),
        agency_id=agency.id,
        jurisdiction=the_law.jurisdiction,
        template=template,
        subject=subject,
        topics=list(topics),
        params=dict(params or {}),
        campaign=campaign or None,
        status="draft",
        created_at=now,
        updated_at=now,
    )
    session.add(req)
    session.flush()
    return view(req, agency)


def live_events(session: Session, request_id: int) -> list[Event]:
    from sqlmodel import col, select

    from foilbot.models import Event

    stmt = select(Event).where(col(Event.request_id) == request_id, col(Event.removed_at).is_(None))
    return sorted(session.scalars(stmt), key=lambda e: (e.day, e.id or 0))


def occurrence(event: Event) -> Occurrence:
    """A stored event as the deadline engine reads it."""
    data = event.data or {}

    def day(key: str) -> date | None:
        value = data.get(key)
        return date.fromisoformat(value) if value else None

    kind = "note" if event.kind in _ENGINE_SKIPS else event.kind
    until = day("estimate") if kind == "acknowledged" else day("until") if kind == "extended" else None
    return Occurrence(kind=kind, on=event.day, received=day("received"), via=data.get("via"), until=until)


def closures_for(session: Session, agency_id: str) -> dict[date, str]:
    from sqlmodel import col, select

    from foilbot.models import AgencyClosure

    rows = session.execute(
        select(col(AgencyClosure.day), col(AgencyClosure.reason)).where(
            col(AgencyClosure.agency_id) == agency_id
        )
    )
    return {d: (r or "agency closed") for d, r in rows}


def schedule_for(
    session: Session, req: Request, *, mail_days: int = 3, events: list[Event] | None = None
) -> Schedule:
    """The request's schedule from its live events (pass `events` when the caller already has them)."""
    if events is None:
        events = live_events(session, int(req.id or 0))
    return compute_schedule(
        req.jurisdiction,
        [occurrence(e) for e in events],
        closures=closures_for(session, req.agency_id),
        mail_days=mail_days,
    )


def deadline_rows(request_id: int, schedule: Schedule, *, finished: bool) -> list[dict[str, Any]]:
    """The stored form of a schedule: one row per deadline, flagged open/current for fast queries."""
    appeal_if_silent = next((d.due for d in schedule.deadlines if d.conditional), None)
    return [
        {
            "request_id": request_id,
            "kind": d.kind,
            "due": d.due,
            "party": d.party,
            "citation": d.citation,
            "verified": d.verified,
            "is_open": d.met is None and not finished,
            "is_current": d is schedule.current and not finished,
            "conditional": d.conditional,
            "appeal_by": appeal_if_silent if d.party == "agency" else None,
            "met_on": d.met,
            "estimated": d.estimated,
            "explanation": list(d.explanation),
        }
        for d in schedule.deadlines
    ]


def recompute(session: Session, req: Request, *, mail_days: int = 3, now: datetime | None = None) -> Schedule:
    """Rebuild the request's status, receipt date and stored deadlines from its live events."""
    from sqlalchemy import delete, insert

    from foilbot.models import Deadline

    events = live_events(session, int(req.id or 0))
    schedule = schedule_for(session, req, mail_days=mail_days, events=events)
    req.status = lifecycle.derive_status([lifecycle.Happened(e.kind, e.day, e.id or 0) for e in events])
    sent = next((e for e in events if e.kind == "sent"), None)
    req.sent_on = sent.day if sent else None
    req.via = (sent.data or {}).get("via") if sent else None
    req.tracking = (sent.data or {}).get("tracking") if sent else None
    req.received_on = schedule.received
    req.received_estimated = schedule.received_estimated
    req.updated_at = now or clock.now()
    session.execute(delete(Deadline).where(Deadline.request_id == req.id))  # type: ignore[arg-type]
    rows = deadline_rows(int(req.id or 0), schedule, finished=req.status in lifecycle.FINISHED)
    if rows:
        session.execute(insert(Deadline), rows)
    session.add(req)
    return schedule


def add_closure(session: Session, agency_text: str, day: date, reason: str) -> tuple[str, int]:
    """Record a day the agency was closed and recompute its requests; returns (agency id, requests updated).

    Raises:
        ValidationError: that day is already recorded for the agency.
    """
    from sqlmodel import col, select

    from foilbot.errors import ValidationError
    from foilbot.models import AgencyClosure, Request
    from foilbot.services.agencies import resolve

    agency = resolve(session, agency_text)
    if session.scalar(
        select(AgencyClosure).where(col(AgencyClosure.agency_id) == agency.id, col(AgencyClosure.day) == day)
    ):
        raise ValidationError(f"{agency.id} already has a closure on {day}")
    session.add(AgencyClosure(agency_id=agency.id, day=day, reason=reason))
    session.flush()
    requests = list(session.scalars(select(Request).where(col(Request.agency_id) == agency.id)))
    for req in requests:
        recompute(session, req)
    return agency.id, len(requests)


def closures(session: Session, agency_text: str) -> tuple[str, list[tuple[date, str]]]:
    from foilbot.services.agencies import resolve

    agency = resolve(session, agency_text)
    return agency.id, sorted(closures_for(session, agency.id).items())
