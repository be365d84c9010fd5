"""A campaign's scorecard: per agency, what it was sent and how it answered, as things stood on a day.

Definitions are right in law: an acknowledgment is not an answer (N.Y. Pub. Off. Law § 89(3)(a) asks
for one within five business days *and then* a determination), so acknowledged and determined are
separate columns, each on time or late against its own deadline. Everything is counted as things
stood on `as_of` (events dated after it ignored; deadlines through `schedule.deadlines_as_of`), so
the same day gives the same scorecard whenever it is produced (issue 12).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from foilbot.domain.scoring import ANSWERS, AgencyDue, answer_due, timing
from foilbot.domain.vocabulary import is_late

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings

COLUMNS = (
    "reference",
    "agency_id",
    "agency",
    "sent_on",
    "acknowledged_on",
    "acknowledged",
    "determined_on",
    "determination",
    "determined",
    "overdue_days",
    "appealed_on",
    "standing",
    "outcome",
)
HEADINGS = {
    "reference": "Reference",
    "agency_id": "Agency id",
    "agency": "Agency",
    "sent_on": "Sent",
    "acknowledged_on": "Acknowledged",
    "acknowledged": "Acknowledgment",
    "determined_on": "Determined",
    "determination": "Determination",
    "determined": "Determination timing",
    "overdue_days": "Days overdue",
    "appealed_on": "Appealed",
    "standing": "Standing",
    "outcome": "Outcome",
}
DEFINITIONS = {
    "sent_on": "The day the request was recorded as sent. Requests not sent by the as-of date are left out.",
    "acknowledged": "Whether the agency acknowledged the request in writing, and whether on time: on or "
    "before the law's acknowledgment deadline (New York: 5 business days from receipt, N.Y. Pub. Off. "
    "Law § 89(3)(a)). An acknowledgment is not an answer: it only says when an answer will come.",
    "determination": "The agency's answer: records released (granted), partly released (partly), denied, "
    "or no records. Only an answer counts as answered.",
    "determined": "Whether the answer came on or before the deadline it met: the law's first deadline when "
    "the agency answered without acknowledging first (New York: grant or deny within 5 business days, "
    "N.Y. Pub. Off. Law § 89(3)(a)), else the determination deadline (in New York, the date the "
    "acknowledgment gave, within its limits), moved only by an extension the agency gave in writing. "
    "'late' if after it.",
    "overdue_days": "Days past the agency's current deadline on the as-of date, when that deadline passed "
    "with nothing recorded that meets it (late the day after the due date, never on it). Empty if not "
    "overdue.",
    "appealed_on": "The day the requester filed an administrative appeal, if any.",
    "standing": "In one word: overdue (the agency's current deadline has passed: an answer, or an "
    "appeal's decision), answered on time, answered late, answered (the law sets no deadline), or waiting "
    "(a deadline not yet passed). Shown in colour and in text.",
    "outcome": "Where the request ended up on the as-of date: the answer, 'appealed', 'withdrawn', or "
    "'no answer yet'.",
}
STANDINGS = ("answered on time", "answered late", "answered", "overdue", "waiting")


@dataclass(frozen=True)
class CampaignCard:
    name: str
    as_of: date
    rows: list[dict[str, Any]]
    summary: dict[str, int]
    timeline: list[dict[str, Any]]  # per day with a response: acknowledgments and answers, cumulative

    def as_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.name,
            "as_of": self.as_of.isoformat(),
            "definitions": DEFINITIONS,
            "summary": self.summary,
            "timeline": self.timeline,
            "items": self.rows,
        }


def _deadlines(
    session: Session, name: str, as_of: date, settings: Settings
) -> dict[int, list[dict[str, Any]]]:
    """Agency deadline rows per request as they stood on `as_of` (stored where nothing happened since)."""
    from foilbot.queries import UNCHANGED_SINCE, Reader, as_date
    from foilbot.services.schedule import deadlines_as_of

    db = Reader(session)
    rows = db.rows(
        "SELECT d.request_id, d.kind, d.due, d.met_on, d.is_current, d.conditional FROM deadline d "
        "JOIN request r ON r.id = d.request_id WHERE r.campaign = :name AND d.party = 'agency' "
        f"AND {UNCHANGED_SINCE} ORDER BY d.id",
        {"name": name, "as_of": db.day(as_of)},
    )
    stood = [r for r in deadlines_as_of(db, as_of, settings, campaign=name) if r["party"] == "agency"]
    out: dict[int, list[dict[str, Any]]] = {}
    for r in [*rows, *stood]:
        out.setdefault(r["request_id"], []).append(
            {
                "kind": r["kind"],
                "due": as_date(r["due"]),
                "met": as_date(r["met_on"]),
                "current": bool(r["is_current"]),
                "conditional": bool(r["conditional"]),
            }
        )
    return out


def _events(session: Session, name: str, as_of: date) -> dict[int, list[tuple[str, date]]]:
    from sqlalchemy import select
    from sqlmodel import col

    from foilbot.models import Event, Request

    stmt = (
        select(col(Event.request_id), col(Event.kind), col(Event.day))
        .join(Request, col(Request.id) == col(Event.request_id))
        .where(col(Request.campaign) == name, col(Event.removed_at).is_(None), col(Event.day) <= as_of)
        .order_by(col(Event.day), col(Event.id))
    )
    out: dict[int, list[tuple[str, date]]] = {}
    for rid, kind, day in session.execute(stmt):
        out.setdefault(rid, []).append((kind, day))
    return out


def _row(
    req: Any, agency: str, events: list[tuple[str, date]], deadlines: list[dict[str, Any]], as_of: date
) -> dict[str, Any]:
    first = {k: d for k, d in reversed(events)}  # first day of each kind
    ack_on = first.get("acknowledged")
    answer = next(((k, d) for k, d in events if k in ANSWERS), None)
    ack_due = next((d["due"] for d in deadlines if d["kind"] == "acknowledgment"), None)
    dues = [AgencyDue(d["kind"], d["due"], d["met"], d["conditional"]) for d in deadlines]
    det_due = answer_due(answer[1], dues) if answer else None
    current = next((d["due"] for d in deadlines if d["current"] and not d["conditional"]), None)
    # The agency's current deadline, answered or not: an appeal's decision is as overdue here as in
    # `overdue` and `report agencies`.
    overdue = (as_of - current).days if current is not None and is_late(current, as_of) else None
    when = timing(answer[1], det_due) if answer is not None else ""
    if overdue is not None:
        standing = "overdue"
    elif answer is None:
        standing = "waiting"
    else:
        standing = {"on time": "answered on time", "no deadline": "answered"}.get(when, "answered late")
    outcome = ANSWERS[answer[0]] if answer else "no answer yet"
    if "appealed" in first:
        outcome = f"appealed ({outcome})" if answer else "appealed"
    if "withdrawn" in first:
        outcome = "withdrawn"
    return {
        "reference": req.reference,
        "agency_id": req.agency_id,
        "agency": agency,
        "sent_on": req.sent_on.isoformat(),
        "acknowledged_on": ack_on.isoformat() if ack_on else "",
        "acknowledged": timing(ack_on, ack_due) if ack_due or ack_on else "",
        "determined_on": answer[1].isoformat() if answer else "",
        "determination": ANSWERS[answer[0]] if answer else "",
        "determined": timing(answer[1], det_due) if answer else "",
        "overdue_days": overdue,
        "appealed_on": first["appealed"].isoformat() if "appealed" in first else "",
        "standing": standing,
        "outcome": outcome,
    }


def scorecard(session: Session, name: str, as_of: date, settings: Settings) -> CampaignCard:
    """The campaign's scorecard as things stood on `as_of` (campaign order).

    Raises:
        NotFoundError: no such campaign.
    """
    from sqlalchemy import select
    from sqlmodel import col

    from foilbot.models import Agency
    from foilbot.services.campaign_ops import campaign_requests

    requests = [r for r in campaign_requests(session, name) if r.sent_on is not None and r.sent_on <= as_of]
    names = dict(
        session.execute(
            select(col(Agency.id), col(Agency.name)).where(
                col(Agency.id).in_({r.agency_id for r in requests})
            )
        ).all()
    )
    events = _events(session, name, as_of)
    deadlines = _deadlines(session, name, as_of, settings)
    rows = [
        _row(r, names[r.agency_id], events.get(int(r.id or 0), []), deadlines.get(int(r.id or 0), []), as_of)
        for r in requests
    ]
    summary = {"sent": len(rows), **{s: sum(r["standing"] == s for r in rows) for s in STANDINGS}}
    summary["acknowledged"] = sum(bool(r["acknowledged_on"]) for r in rows)
    timeline = _timeline(rows)
    return CampaignCard(name, as_of, rows, summary, timeline)


def _timeline(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cumulative acknowledgments and answers, per day something came in."""
    days = sorted({r[k] for r in rows for k in ("acknowledged_on", "determined_on") if r[k]})
    return [
        {
            "day": day,
            "acknowledged": sum(bool(r["acknowledged_on"]) and r["acknowledged_on"] <= day for r in rows),
            "answered": sum(bool(r["determined_on"]) and r["determined_on"] <= day for r in rows),
        }
        for day in days
    ]
