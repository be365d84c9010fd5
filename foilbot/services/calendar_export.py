"""Open deadlines as an iCalendar feed, with UIDs stable across exports so a re-import updates events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

PRODID = "-//foilbot//public-records deadlines//EN"
ALARM_DAYS = {"appeal_filing": 1}  # the requester's own window: a reminder the day before, too late is fatal
DEFAULT_ALARM_DAYS = 3


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    reference: str
    agency: str
    kind: str
    due: date
    party: str
    conditional: bool
    citation: str
    verified: str
    explanation: list[str]
    sequence: int
    stamp: datetime


def summary(entry: CalendarEntry) -> str:
    what = entry.kind.replace("_", " ")
    if entry.party == "requester":
        prefix = "If no response: " if entry.conditional else ""
        return f"{prefix}last day to file the appeal: {entry.reference} ({entry.agency})"
    return f"{entry.reference}: {what} due from {entry.agency}"


def entries(
    session: Session, *, agency: str | None = None, campaign: str | None = None
) -> list[CalendarEntry]:
    """Every open deadline, with a SEQUENCE that grows each time the request's history changes."""
    from sqlalchemy import func, select
    from sqlmodel import col

    from foilbot.models import Agency, Deadline, Event, Request

    changes = (
        select(
            col(Event.request_id), (func.count(col(Event.id)) + func.count(col(Event.removed_at))).label("n")
        )
        .group_by(col(Event.request_id))
        .subquery()
    )
    stmt = (
        select(Deadline, col(Request.reference), col(Request.updated_at), col(Agency.name), changes.c.n)
        .join(Request, col(Request.id) == col(Deadline.request_id))
        .join(Agency, col(Agency.id) == col(Request.agency_id))
        .outerjoin(changes, changes.c.request_id == col(Request.id))
        .where(col(Deadline.is_open))
    )
    if agency:
        stmt = stmt.where(col(Request.agency_id) == agency)
    if campaign:
        stmt = stmt.where(col(Request.campaign) == campaign)
    out = []
    for d, reference, updated, agency_name, n in session.execute(
        stmt.order_by(col(Deadline.due), col(Request.reference))
    ):
        stamp = updated if updated.tzinfo else updated.replace(tzinfo=timezone.utc)
        out.append(
            CalendarEntry(
                uid=f"{reference}-{d.kind}@foilbot",
                reference=reference,
                agency=agency_name,
                kind=d.kind,
                due=d.due,
                party=d.party,
                conditional=d.conditional,
                citation=d.citation,
                verified=d.verified,
                explanation=list(d.explanation),
                sequence=int(n or 0),
                stamp=stamp.astimezone(timezone.utc).replace(microsecond=0),
            )
        )
    return out


def to_ics(items: list[CalendarEntry], name: str = "foilbot deadlines") -> bytes:
    """An RFC 5545 calendar of all-day events; the same data always gives the same bytes."""
    from icalendar import Alarm, Calendar, Event

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for item in items:
        ev = Event()
        ev.add("uid", item.uid)
        ev.add("dtstamp", item.stamp)
        ev.add("last-modified", item.stamp)
        ev.add("sequence", item.sequence)
        ev.add("summary", summary(item))
        ev.add("dtstart", item.due)
        ev.add("dtend", item.due + timedelta(days=1))
        ev.add("transp", "TRANSPARENT")
        status = "" if item.verified == "yes" else f" — rule verified: {item.verified}, check it"
        ev.add("description", "\n".join([f"{item.citation}{status}", "", *item.explanation]))
        ev.add("categories", [item.party, item.kind])
        alarm = Alarm()
        days = ALARM_DAYS.get(item.kind, DEFAULT_ALARM_DAYS)
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{summary(item)} in {days} day(s)")
        alarm.add("trigger", timedelta(days=-days))
        ev.add_component(alarm)
        cal.add_component(ev)
    return bytes(cal.to_ical())


def as_dicts(items: list[CalendarEntry]) -> list[dict[str, Any]]:
    return [{**item.__dict__, "summary": summary(item)} for item in items]
