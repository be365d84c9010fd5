"""The agency scorecard organizers publish: who answered, who answered on time, who is late now.

Every number is defined in DEFINITIONS, and every rendering carries those definitions with it, so a
printed scorecard can be checked against the records it came from.
"""

from __future__ import annotations

import html
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from foilbot.domain.vocabulary import is_late

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.domain.calendar import BusinessCalendar

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
HEADINGS = {
    "agency_id": "agency id",
    "agency": "agency",
    "jurisdiction": "jurisdiction",
    "sent": "sent",
    "answered": "answered",
    "on_time": "answered on time",
    "overdue": "overdue now",
    "median_days": "median business days to first response",
    "appeals": "appeals filed",
}
DEFINITIONS = {
    "agency_id": "foilbot's identifier of the agency (as in `foilbot agency show`).",
    "agency": "The agency's name. Only agencies with at least one request recorded as sent are listed.",
    "jurisdiction": "The state (or US for federal agencies) whose public-records law governs the agency.",
    "sent": "Requests recorded as sent to the agency (drafts are not counted).",
    "answered": "Of those, requests with a first substantive response: records, a partial release, a "
    "no-records answer or a denial, or an acknowledgment where the law's first deadline is for an "
    "acknowledgment (New York, N.Y. Pub. Off. Law § 89(3)(a)).",
    "on_time": "Of those answered, requests whose first substantive response is dated on or before the "
    "law's first deadline for the agency (the acknowledgment or determination deadline, counted from "
    "the day the agency received the request; extensions do not move it). Requests under a law with no "
    "fixed first deadline are never counted as on time.",
    "overdue": "Requests whose current deadline for the agency had passed on the report date (due "
    "before that day, not on it) with nothing recorded that answers it, as `foilbot overdue` lists them.",
    "median_days": "Median, over the answered requests, of the business days from the day the agency "
    "received the request to its first substantive response (the receipt day not counted; weekends, the "
    "jurisdiction's legal holidays and the agency's recorded closure days skipped). Empty when none "
    "was answered.",
    "appeals": "Requests the requester appealed (an `appealed` event is recorded).",
}
_RESPONSES = ("records", "partial", "no-records", "denied")
_FIRST_DEADLINES = ("acknowledgment", "determination")


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
        return {c: getattr(self, c) for c in COLUMNS}


@dataclass(frozen=True)
class Scorecard:
    as_of: date
    campaign: str | None
    agencies: list[AgencyScore]
    total: AgencyScore
    definitions: dict[str, str] = field(default_factory=lambda: dict(DEFINITIONS))

    def as_dict(self) -> dict[str, Any]:
        """The documented JSON shape: as_of, campaign, definitions, agencies, total."""
        return {
            "as_of": self.as_of.isoformat(),
            "campaign": self.campaign,
            "definitions": self.definitions,
            "agencies": [s.as_dict() for s in self.agencies],
            "total": self.total.as_dict(),
        }


@dataclass
class _Tally:
    sent: int = 0
    answered: int = 0
    on_time: int = 0
    overdue: int = 0
    appeals: int = 0
    days: list[int] = field(default_factory=list)

    def score(self, agency_id: str, name: str, jurisdiction: str) -> AgencyScore:
        median = statistics.median(self.days) if self.days else None
        if median is not None and median == int(median):
            median = int(median)  # 4, not 4.0; an even count can give 8.5
        return AgencyScore(
            agency_id,
            name,
            jurisdiction,
            self.sent,
            self.answered,
            self.on_time,
            self.overdue,
            median,
            self.appeals,
        )


class _DayCounter:
    """BusinessCalendar.business_days_between through a running count, for many requests at once."""

    def __init__(self, cal: BusinessCalendar) -> None:
        self.cal = cal
        self.base: date | None = None
        self.running: list[int] = [0]  # running[i]: business days in (base, base + i]

    def between(self, start: date, end: date) -> int:
        """Business days d with start < d <= end (0 when end <= start)."""
        if end <= start:
            return 0
        if self.base is None or start < self.base:
            self.base, self.running = start, [0]
        while len(self.running) <= (end - self.base).days:
            day = self.base + timedelta(days=len(self.running))
            self.running.append(self.running[-1] + self.cal.is_business_day(day))
        return self.running[(end - self.base).days] - self.running[(start - self.base).days]


def agency_scores(
    session: Session, as_of: date, settings: Settings, *, campaign: str | None = None
) -> Scorecard:
    """One row per agency sent at least one request, most overdue first (see DEFINITIONS).

    Everything is counted as things stood on `as_of`: requests sent after it, and events dated after
    it, do not count, so a scorecard published for a date can be produced again later.
    """
    from sqlalchemy import select
    from sqlmodel import col

    from foilbot.domain.calendar import business_calendar
    from foilbot.domain.laws import get_law
    from foilbot.models import Agency, AgencyClosure, Deadline, Event, Request
    from foilbot.queries import Reader
    from foilbot.services.schedule import deadlines_as_of

    def scoped(stmt: Any, request_id: Any = None) -> Any:
        """Only requests that were sent (and belong to the campaign): one query, no id list."""
        if request_id is not None:
            stmt = stmt.join(Request, col(Request.id) == request_id)
        stmt = stmt.where(col(Request.sent_on).is_not(None), col(Request.sent_on) <= as_of)
        return stmt.where(col(Request.campaign) == campaign) if campaign else stmt

    # Plain columns, not ORM objects: a 100,000-request database loads in seconds, not tens of them.
    requests = session.execute(
        scoped(
            select(
                col(Request.id),
                col(Request.agency_id),
                col(Request.jurisdiction),
                col(Request.sent_on),
                col(Request.received_on),
            )
        ).order_by(col(Request.id))
    ).all()
    wanted = (*_RESPONSES, "acknowledged", "appealed")
    first_answer: dict[int, date] = {}  # first records/partial/no-records/denied
    first_ack: dict[int, date] = {}
    appealed: set[int] = set()
    live = scoped(
        select(col(Event.request_id), col(Event.kind), col(Event.day)).where(
            col(Event.removed_at).is_(None), col(Event.kind).in_(wanted), col(Event.day) <= as_of
        ),
        col(Event.request_id),
    ).order_by(col(Event.day), col(Event.id))
    for rid, kind, day in session.execute(live):
        if kind == "appealed":
            appealed.add(rid)
        else:
            (first_ack if kind == "acknowledged" else first_answer).setdefault(rid, day)
    first_due: dict[int, date] = {}
    overdue: set[int] = set()
    unchanged = (col(Request.last_event_on).is_(None)) | (col(Request.last_event_on) <= as_of)
    agency_deadlines = scoped(
        select(
            col(Deadline.request_id), col(Deadline.kind), col(Deadline.due), col(Deadline.is_current)
        ).where(col(Deadline.party) == "agency", unchanged),
        col(Deadline.request_id),
    ).order_by(col(Deadline.id))  # rows are stored in chain order
    stood = [
        (r["request_id"], r["kind"], r["due"], r["is_current"])
        for r in deadlines_as_of(Reader(session), as_of, settings, campaign=campaign)
        if r["party"] == "agency"
    ]
    for rid, kind, due, current in [*session.execute(agency_deadlines), *stood]:
        if kind in _FIRST_DEADLINES:
            first_due.setdefault(rid, due)
        if current and is_late(due, as_of):
            overdue.add(rid)
    agency_ids = {r.agency_id for r in requests}
    agencies = {a.id: a for a in session.scalars(select(Agency).where(col(Agency.id).in_(agency_ids)))}
    closed: dict[str, dict[date, str]] = {}  # one query for every agency's closure days
    for aid, day, reason in session.execute(
        select(col(AgencyClosure.agency_id), col(AgencyClosure.day), col(AgencyClosure.reason))
    ):
        closed.setdefault(aid, {})[day] = reason or "agency closed"
    tallies: dict[str, _Tally] = {}
    calendars: dict[tuple[str, str], _DayCounter] = {}
    counters: dict[tuple[str, tuple[date, ...]], _DayCounter] = {}
    total = _Tally()
    for rid, agency_id, jurisdiction, sent_on, received_on in requests:
        tally = tallies.setdefault(agency_id, _Tally())
        first = first_answer.get(rid)
        if get_law(jurisdiction).response_what == "acknowledgment" and rid in first_ack:
            first = min(first_ack[rid], first) if first else first_ack[rid]
        late_now = rid in overdue
        days = None
        on_time = False
        if first is not None:
            on_time = rid in first_due and first <= first_due[rid]
            key = (jurisdiction, agency_id)
            if key not in calendars:
                days_off = closed.get(agency_id, {})
                shared = (jurisdiction, tuple(sorted(days_off)))  # most agencies: no closures, one count
                if shared not in counters:
                    counters[shared] = _DayCounter(business_calendar(jurisdiction, days_off))
                calendars[key] = counters[shared]
            days = calendars[key].between(received_on or sent_on, first)
        for t in (tally, total):
            t.sent += 1
            t.appeals += rid in appealed
            t.overdue += late_now
            if days is not None:
                t.answered += 1
                t.on_time += on_time
                t.days.append(days)
    scores = [t.score(aid, agencies[aid].name, agencies[aid].jurisdiction) for aid, t in tallies.items()]
    scores.sort(key=lambda s: (-s.overdue, s.agency.casefold(), s.agency_id))
    return Scorecard(as_of, campaign, scores, total.score("", "All agencies", ""))


def render(card: Scorecard, fmt: str) -> str:
    """The scorecard as a file: csv (definitions apart), json (versioned), html, or a text table."""
    import json

    from foilbot import JSON_VERSION

    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(["" if r[c] is None else r[c] for c in COLUMNS] for r in card.as_dict()["agencies"])
        return buf.getvalue()
    if fmt == "json":
        shape = {"version": JSON_VERSION, **card.as_dict()}
        return json.dumps(shape, indent=2, ensure_ascii=False) + "\n"
    return to_html(card) if fmt == "html" else to_text(card)


def cell(score: AgencyScore, column: str) -> str:
    """A value as printed in the table and HTML (the median without a trailing .0)."""
    value = getattr(score, column)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def title(card: Scorecard) -> str:
    return f"Agency scorecard{f' — {card.campaign}' if card.campaign else ''}, as of {card.as_of}"


def definition_lines(columns: Sequence[str] = COLUMNS[1:], *, keys: bool = False) -> list[str]:
    """`heading: definition` lines (`key: definition` for csv and json, whose columns are the keys)."""
    return [f"{c if keys else HEADINGS[c]}: {DEFINITIONS[c]}" for c in columns]


def table_rows(card: Scorecard, columns: Sequence[str] = COLUMNS[1:]) -> list[list[str]]:
    """The rows of the terminal table, the total last."""
    return [[cell(s, c) for c in columns] for s in [*card.agencies, card.total]]


def to_text(card: Scorecard, columns: Sequence[str] = COLUMNS[1:]) -> str:
    """A plain-text table with its definitions below (for `--format table --out FILE`)."""
    headings = [HEADINGS[c] for c in columns]
    rows = table_rows(card, columns)
    widths = [max(len(x) for x in col) for col in zip(headings, *rows, strict=True)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(r) for r in rows[:-1]]
    out = [title(card), "", line(headings), rule, *body, rule, line(rows[-1]), "", "Definitions:"]
    return "\n".join([*out, *(f"- {d}" for d in definition_lines(columns))]) + "\n"


_CSS = (
    "body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em;color:#111;font-size:11pt}"
    "h1{font-size:1.4em}table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #888;padding:.3em .5em;text-align:left;vertical-align:top}"
    "td.n,th.n{text-align:right}th{background:#eee}tfoot td{font-weight:bold;background:#f6f6f6}"
    "thead{display:table-header-group}tr{page-break-inside:avoid}"
    "dt{font-weight:bold;margin-top:.6em}dd{margin-left:1.5em}"
    "@page{margin:15mm}@media print{body{margin:0}}"
)
_NUMERIC = frozenset({"sent", "answered", "on_time", "overdue", "median_days", "appeals"})


def _attr(column: str) -> str:
    return ' class="n"' if column in _NUMERIC else ""


def to_html(card: Scorecard) -> str:
    """A self-contained, printable page: inline CSS, no script, no external resource, every value escaped."""
    from foilbot.domain.text import printable

    def e(value: str) -> str:  # escaped, and no control character (ESC…) from an agency's name
        return html.escape(printable(value))

    columns = COLUMNS[1:]

    def tr(score: AgencyScore, tag: str = "td") -> str:
        cells = (f"<{tag}{_attr(c)}>{e(cell(score, c))}</{tag}>" for c in columns)
        return "<tr>" + "".join(cells) + "</tr>"

    head = "".join(f"<th{_attr(c)}>{e(HEADINGS[c])}</th>" for c in columns)
    body = (
        "".join(tr(s) for s in card.agencies)
        or f'<tr><td colspan="{len(columns)}">No requests sent.</td></tr>'
    )
    defs = "".join(f"<dt>{e(HEADINGS[c])}</dt><dd>{e(DEFINITIONS[c])}</dd>" for c in columns)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(title(card))}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{e(title(card))}</h1>\n"
        f"<p>Overdue counts are as of {e(card.as_of.isoformat())}, from the requests and events recorded "
        "in foilbot. Each column is defined below the table.</p>\n"
        f"<table><thead><tr>{head}</tr></thead>\n<tbody>{body}</tbody>\n"
        f"<tfoot>{tr(card.total)}</tfoot></table>\n"
        f"<h2>Definitions</h2>\n<dl>{defs}</dl>\n</body></html>\n"
    )
