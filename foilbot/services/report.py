"""The agency scorecard organizers publish: who answered, who answered on time, who is late."""

from __future__ import annotations

import html
import statistics
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

COLUMNS = (
    "agency_id",
    "agency",
    "jurisdiction",
    "sent",
    "answered",
    "on_time",
    "overdue",
    "median_days",
    "appeals",
)
DEFINITIONS = {
    "sent": "Requests recorded as sent to the agency.",
    "answered": "Of those, requests with a first response: records, a partial release, a no-records "
    "answer or a denial, or a written acknowledgment where the law requires one (New York, Washington…).",
    "on_time": "Requests whose first response came on or before the law's first deadline (business days "
    "and holidays counted as in `foilbot deadline`).",
    "overdue": "Requests whose current deadline for the agency had passed on the report date, unanswered.",
    "median_days": "Median business days from receipt to the first response, over answered requests.",
    "appeals": "Requests the requester appealed.",
}
_DETERMINATIONS = ("records", "partial", "no-records", "denied")


@dataclass(frozen=True)
class AgencyScore:
    agency_id: str
    agency: str
    jurisdiction: str
    sent: int
    answered: int
    on_time: int
    overdue: int
    median_days: float | None
    appeals: int

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _business_days(jurisdiction: str, start: date, end: date, closures: dict[date, str]) -> int:
    from foilbot.domain.calendar import business_calendar

    cal = business_calendar(jurisdiction, closures)
    n, day = 0, start
    while day < end:
        day += timedelta(days=1)
        n += cal.is_business_day(day)
    return n


def agency_scores(session: Session, as_of: date, *, campaign: str | None = None) -> list[AgencyScore]:
    """One row per agency that was sent at least one request (see DEFINITIONS)."""
    from sqlmodel import col, select

    from foilbot.domain.laws import get_law
    from foilbot.models import Agency, Deadline, Event, Request
    from foilbot.services.requests import closures_for

    reqs = select(Request).where(col(Request.sent_on).is_not(None))
    if campaign:
        reqs = reqs.where(col(Request.campaign) == campaign)
    requests = list(session.scalars(reqs))
    ids = [r.id for r in requests]
    events: dict[int, list[Event]] = {}
    firsts: dict[int, date] = {}
    overdue: set[int] = set()
    if ids:
        live = select(Event).where(col(Event.request_id).in_(ids), col(Event.removed_at).is_(None))
        for e in session.scalars(live):
            events.setdefault(e.request_id, []).append(e)
        for d in session.scalars(
            select(Deadline)
            .where(col(Deadline.request_id).in_(ids), col(Deadline.party) == "agency")
            .order_by(col(Deadline.id))
        ):
            firsts.setdefault(d.request_id, d.due)
            if d.is_current and d.due < as_of:
                overdue.add(d.request_id)
    names = {
        a.id: a
        for a in session.scalars(select(Agency).where(col(Agency.id).in_({r.agency_id for r in requests})))
    }
    by_agency: dict[str, list[Any]] = {}
    for r in requests:
        by_agency.setdefault(r.agency_id, []).append(r)
    scores = []
    for agency_id, rs in by_agency.items():
        closures = closures_for(session, agency_id)
        answered = on_time = appeals = 0
        days: list[int] = []
        for r in rs:
            evs = sorted(events.get(int(r.id or 0), []), key=lambda e: e.day)
            law = get_law(r.jurisdiction)
            kinds = _DETERMINATIONS + (("acknowledged",) if law.response_what == "acknowledgment" else ())
            first = next((e.day for e in evs if e.kind in kinds), None)
            appeals += any(e.kind == "appealed" for e in evs)
            if first is None:
                continue
            answered += 1
            if r.id in firsts and first <= firsts[int(r.id or 0)]:
                on_time += 1
            days.append(_business_days(r.jurisdiction, r.received_on or r.sent_on, first, closures))
        agency = names[agency_id]
        scores.append(
            AgencyScore(
                agency_id,
                agency.name,
                agency.jurisdiction,
                len(rs),
                answered,
                on_time,
                sum(1 for r in rs if r.id in overdue),
                statistics.median(days) if days else None,
                appeals,
            )
        )
    return sorted(scores, key=lambda s: (-s.overdue, s.agency))


def to_html(scores: list[AgencyScore], as_of: date, campaign: str | None) -> str:
    """A self-contained, printable page: inline CSS, no external resource, every value escaped."""
    e = html.escape
    title = f"Agency scorecard{f' — {campaign}' if campaign else ''}"
    head = "".join(f"<th>{e(c.replace('_', ' '))}</th>" for c in COLUMNS[1:])
    rows = []
    for s in scores:
        median = "" if s.median_days is None else f"{s.median_days:g}"
        cells = [s.agency, s.jurisdiction, s.sent, s.answered, s.on_time, s.overdue, median, s.appeals]
        rows.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in cells) + "</tr>")
    defs = "".join(f"<dt>{e(k.replace('_', ' '))}</dt><dd>{e(v)}</dd>" for k, v in DEFINITIONS.items())
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title)}</title><style>"
        "body{font-family:DejaVu Sans,Arial,sans-serif;margin:2em;color:#111}"
        "table{border-collapse:collapse;width:100%}"
        "th,td{border:1px solid #999;padding:.3em .5em;text-align:left}"
        "td:nth-child(n+3){text-align:right}th{background:#eee}dt{font-weight:bold;margin-top:.5em}"
        "@media print{body{margin:0}}</style></head><body>"
        f"<h1>{e(title)}</h1><p>As of {e(as_of.isoformat())}. Generated by foilbot.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<h2>Definitions</h2><dl>{defs}</dl></body></html>\n"
    )
