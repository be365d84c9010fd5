"""Open deadlines as an iCalendar feed that a calendar can re-import without duplicating anything.

Each event's UID is the request reference and the deadline kind, so a re-import updates the event in
place (RFC 5545 § 3.8.4.7). SEQUENCE, LAST-MODIFIED and DTSTAMP come from the stored data, never from
the clock, so the same database (and as-of day) always gives the same bytes, and any change that can
move a date raises SEQUENCE (RFC 5545 § 3.8.7.4), which is what makes a client accept the update.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any

from foilbot.domain.vocabulary import is_late

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings

PRODID = "-//foilbot//public-records deadlines//EN"
UID_DOMAIN = "foilbot"
# Alarms fire at 09:00 on the day they name (an all-day event starts at midnight, so -P2DT15H is
# "3 days before, at 9 am", the form Apple and Google calendars use). The requester's own appeal
# window is the costliest miss and the one the requester controls: remind the day before.
ALARM_DAYS = {"appeal_filing": 1}
DEFAULT_ALARM_DAYS = 3
ALARM_HOUR = 9
_KIND_WORDS = {
    "acknowledgment": "acknowledgment",
    "determination": "determination",
    "extended_determination": "determination (extended)",
    "reasons_date_certain": "reason and date certain (N.Y. § 89(3)(a) checkpoint)",
    "appeal_determination": "appeal decision",
    "expedite_decision": "expedited-processing decision",
}


@dataclass(frozen=True)
class CalendarEntry:
    """One open deadline as it goes into the calendar."""

    uid: str
    reference: str
    agency: str
    jurisdiction: str
    kind: str
    due: date
    party: str
    conditional: bool  # an appeal window that opens only if the agency stays silent past `if_silent_after`
    if_silent_after: date | None
    citation: str
    verified: str
    estimated: bool
    explanation: tuple[str, ...]
    sequence: int
    stamp: datetime

    @property
    def summary(self) -> str:
        """`FOIL-2026-0001 acknowledgment due — AGENCY`; the requester's own deadlines as instructions."""
        if self.kind == "appeal_filing":
            what = f"File appeal by {self.due.isoformat()}"
            if self.conditional and self.if_silent_after is not None:
                what = f"If no response by {self.if_silent_after.isoformat()}: file appeal by {self.due}"
            return f"{what} — {self.reference} — {self.agency}"
        if self.party == "requester":
            what = self.kind.replace("_", " ")
            return f"Act by {self.due.isoformat()} ({what}) — {self.reference} — {self.agency}"
        words = _KIND_WORDS.get(self.kind, self.kind.replace("_", " "))
        return f"{self.reference} {words} due — {self.agency}"

    @property
    def description(self) -> str:
        """The rule, whether it is verified, and the trace a paralegal can check line by line."""
        whose = "Your deadline (the requester's)." if self.party == "requester" else "The agency's deadline."
        lines = [f"{self.reference} — {self.agency} ({self.jurisdiction})", whose]
        if self.conditional and self.if_silent_after is not None:
            lines.append(
                f"Applies only if the agency does not answer by {self.if_silent_after} (constructive denial)."
            )
        check = "verified" if self.verified == "yes" else f"verified: {self.verified}; check it yourself"
        lines.append(f"Citation: {self.citation} ({check}).")
        if self.estimated:
            lines.append(
                "Counted from an ESTIMATED receipt date; record the real one with "
                f"`foilbot request sent {self.reference} --date … --received …`."
            )
        return "\n".join([*lines, "", "How it was counted:", *self.explanation])


def entries(
    session: Session,
    as_of: date,
    settings: Settings,
    *,
    agency: str | None = None,
    campaign: str | None = None,
) -> list[CalendarEntry]:
    """Every open deadline (of one agency id or campaign) as things stood on `as_of`, soonest first.

    `as_of` also decides whether a conditional appeal window has opened: once the agency's deadline has
    passed unanswered (as_of after its due date, the rule `overdue` uses) the window is real and is
    worded so, with a higher SEQUENCE and a LAST-MODIFIED on the day of the constructive denial.
    """
    from foilbot.queries import Reader
    from foilbot.services.schedule import deadlines_as_of

    rows = _stored_rows(session, as_of, agency, campaign)
    stood = [
        r
        for r in deadlines_as_of(Reader(session), as_of, settings, agency=agency, campaign=campaign)
        if r["is_open"]
    ]
    if stood:
        counts = _change_counts(session, {r["request_id"] for r in stood}, as_of)
        rows += [{**r, **counts[r["request_id"]]} for r in stood]
        rows.sort(key=lambda r: r["reference"])  # stable: each request's rows stay in chain order
    # The agency deadline whose silence opens a conditional appeal window is the request's current one.
    current = {d["request_id"]: d["due"] for d in rows if d["is_current"] and d["party"] == "agency"}
    seen: dict[str, int] = {}
    out = []
    for d in rows:
        uid = f"{d['reference']}-{d['kind']}"
        seen[uid] = seen.get(uid, 0) + 1
        if seen[uid] > 1:  # never two events with one UID in a file (a kind repeated in one chain)
            uid = f"{uid}-{seen[uid]}"
        updated = d["updated_at"]
        stamp = (updated if updated.tzinfo else updated.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
        stamp = stamp.replace(microsecond=0)
        sequence = 2 * (int(d["n_events"] or 0) + int(d["n_closures"] or 0))
        silent_after = current.get(d["request_id"]) if d["conditional"] else None
        conditional = d["conditional"]
        if conditional and silent_after is not None and is_late(silent_after, as_of):
            conditional = False  # the agency missed it: constructive denial the next day
            sequence += 1  # odd: between this history's count and the next change's
            denial = datetime.combine(silent_after + timedelta(days=1), time(0), timezone.utc)
            stamp = max(stamp, denial)
        out.append(
            CalendarEntry(
                uid=f"{uid}@{UID_DOMAIN}",
                reference=d["reference"],
                agency=d["agency"],
                jurisdiction=d["jurisdiction"],
                kind=d["kind"],
                due=d["due"],
                party=d["party"],
                conditional=conditional,
                if_silent_after=silent_after,
                citation=d["citation"],
                verified=d["verified"],
                estimated=d["estimated"],
                explanation=tuple(d["explanation"]),
                sequence=sequence,
                stamp=stamp,
            )
        )
    return sorted(out, key=lambda e: (e.due, e.reference, e.uid))


def _counts() -> tuple[Any, Any]:
    """Every change that can move a date, counted: an event logged (+1), removed or replaced (+1), a
    closure day recorded for the agency (+1). None of them ever decreases, so neither does SEQUENCE."""
    from sqlalchemy import func, select
    from sqlmodel import col

    from foilbot.models import AgencyClosure, Event

    events = (
        select(
            col(Event.request_id).label("rid"),
            (func.count(col(Event.id)) + func.count(col(Event.removed_at))).label("n"),
        )
        .group_by(col(Event.request_id))
        .subquery()
    )
    closures = (
        select(col(AgencyClosure.agency_id).label("aid"), func.count(col(AgencyClosure.id)).label("n"))
        .group_by(col(AgencyClosure.agency_id))
        .subquery()
    )
    return events, closures


def _stored_rows(
    session: Session, as_of: date, agency: str | None, campaign: str | None
) -> list[dict[str, Any]]:
    """Open stored deadlines of the requests with no event dated after `as_of`, with their change counts."""
    from sqlalchemy import or_, select
    from sqlmodel import col

    from foilbot.models import Agency, Deadline, Request

    events, closures = _counts()
    stmt = (
        select(
            col(Deadline.request_id),
            col(Deadline.kind),
            col(Deadline.due),
            col(Deadline.party),
            col(Deadline.is_current),
            col(Deadline.conditional),
            col(Deadline.citation),
            col(Deadline.verified),
            col(Deadline.estimated),
            col(Deadline.explanation),
            col(Request.reference),
            col(Request.updated_at),
            col(Request.jurisdiction),
            col(Agency.name).label("agency"),
            events.c.n.label("n_events"),
            closures.c.n.label("n_closures"),
        )
        .join(Request, col(Request.id) == col(Deadline.request_id))
        .join(Agency, col(Agency.id) == col(Request.agency_id))
        .outerjoin(events, events.c.rid == col(Request.id))
        .outerjoin(closures, closures.c.aid == col(Agency.id))
        .where(
            col(Deadline.is_open),
            or_(col(Request.last_event_on).is_(None), col(Request.last_event_on) <= as_of),
        )
        .order_by(col(Request.reference), col(Deadline.id))
    )
    if agency:
        stmt = stmt.where(col(Request.agency_id) == agency)
    if campaign:
        stmt = stmt.where(col(Request.campaign) == campaign)
    # Plain rows, not ORM objects: no per-row instance bookkeeping on a large database.
    return [dict(r._mapping) for r in session.execute(stmt)]


def _change_counts(session: Session, request_ids: set[int], as_of: date) -> dict[int, dict[str, Any]]:
    """updated_at, n_events and n_closures of requests read as they stood on `as_of`: counted over the
    events dated on or before it, so the same day's file comes out the same after later events."""
    from sqlalchemy import func, select
    from sqlmodel import col

    from foilbot.models import AgencyClosure, Event, Request

    rows = session.execute(
        select(
            col(Event.request_id),
            func.count(col(Event.id)) + func.count(col(Event.removed_at)),
            func.max(col(Event.created_at)),
            func.max(col(Event.removed_at)),
        )
        .where(col(Event.request_id).in_(request_ids), col(Event.day) <= as_of)
        .group_by(col(Event.request_id))
    )
    closures = dict(
        session.execute(
            select(col(Request.id), func.count(col(AgencyClosure.id)))
            .join(AgencyClosure, col(AgencyClosure.agency_id) == col(Request.agency_id))
            .where(col(Request.id).in_(request_ids))
            .group_by(col(Request.id))
        ).all()
    )
    return {
        rid: {
            "updated_at": max(t for t in (logged, removed) if t is not None),
            "n_events": n,
            "n_closures": closures.get(rid, 0),
        }
        for rid, n, logged, removed in rows
    }


def alarm_days(kind: str) -> int:
    return ALARM_DAYS.get(kind, DEFAULT_ALARM_DAYS)


def to_ics(items: list[CalendarEntry], name: str = "foilbot deadlines") -> bytes:
    """An RFC 5545 calendar of all-day events with one display alarm each."""
    from icalendar import Alarm, Calendar, Event

    from foilbot.domain.text import printable  # RFC 5545 TEXT holds no control character

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-caldesc", "Open public-records deadlines exported by foilbot; re-import to update.")
    for item in items:
        ev = Event()
        ev.add("uid", item.uid)
        ev.add("dtstamp", item.stamp)
        ev.add("last-modified", item.stamp)
        ev.add("sequence", item.sequence)
        ev.add("summary", printable(item.summary))
        ev.add("dtstart", item.due)
        ev.add("dtend", item.due + timedelta(days=1))  # DTEND is exclusive: a one-day event
        ev.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
        ev.add("description", printable(item.description))
        ev.add("categories", ["foilbot", item.party, item.kind])
        days = alarm_days(item.kind)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"In {days} day{'s' if days > 1 else ''}: {printable(item.summary)}")
        alarm.add("trigger", timedelta(days=-days, hours=ALARM_HOUR))
        ev.add_component(alarm)
        cal.add_component(ev)
    return bytes(cal.to_ical())
