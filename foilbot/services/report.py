"""The agency scorecard organizers publish: who answered, who answered on time, who is late now.

Every number is defined in DEFINITIONS, and every rendering carries those definitions with it, so a
printed scorecard can be checked against the records it came from.
"""

from __future__ import annotations

import html
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.queries import Reader

COLUMNS = (
    "agency_id",
    "agency",
    "jurisdiction",
    "sent",
    "acknowledged",
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
    "acknowledged": "acknowledged",
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
    "acknowledged": "Of those, requests the agency acknowledged in writing. An acknowledgment is not an "
    "answer: it only says when one will come (N.Y. Pub. Off. Law § 89(3)(a)).",
    "answered": "Of those, requests with a first substantive response: records, a partial release, a "
    "no-records answer or a denial. An acknowledgment is not counted.",
    "on_time": "Of those answered, requests whose first substantive response is dated on or before the "
    "deadline it met: the law's first deadline when the agency answered without acknowledging first (New "
    "York: grant or deny within 5 business days, § 89(3)(a)), else the determination deadline (in New "
    "York, the date the acknowledgment gave, within its limits), moved only by a written extension. An "
    "answer under a law with no fixed deadline is never counted as on time.",
    "overdue": "Requests whose current deadline for the agency had passed on the report date (due "
    "before that day, not on it) with nothing recorded that answers it, as `foilbot overdue` lists them.",
    "median_days": "Median, over the answered requests, of the business days from the day the agency "
    "received the request to its first substantive response (the receipt day not counted; weekends, the "
    "jurisdiction's legal holidays and the agency's recorded closure days skipped). Empty when none "
    "was answered.",
    "appeals": "Requests the requester appealed (an `appealed` event is recorded).",
}


@dataclass(frozen=True)
class AgencyScore:
    agency_id: str
    agency: str
    jurisdiction: str
    sent: int
    acknowledged: int
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
    acknowledged: int = 0
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
            self.acknowledged,
            self.answered,
            self.on_time,
            self.overdue,
            median,
            self.appeals,
        )


def agency_scores(
    db: Reader | Session, as_of: date, settings: Settings, *, campaign: str | None = None
) -> Scorecard:
    """One row per agency sent at least one request, most overdue first (see DEFINITIONS).

    Everything is counted as things stood on `as_of`: requests sent after it, and events dated after
    it, do not count, so a scorecard published for a date can be produced again later.
    The counts are the database's, of each request's stored scorecard facts (report_reads): a few
    queries of one row per agency, the answer days, and the requests with events after `as_of`
    (issue 14).
    """
    from foilbot.queries import Reader
    from foilbot.services import report_reads as reads

    db = db if isinstance(db, Reader) else Reader(db)
    scope = reads.SENT + (" AND r.campaign = :campaign" if campaign else "")
    params = {"as_of": db.day(as_of), "campaign": campaign, "yes": db.flag(True)}
    counted = reads.counts(db, scope, params)
    days = reads.days(db, scope, params)
    late_now = reads.overdue(db, scope, params)
    on_time_then, late_then = reads.as_they_stood(db, as_of, settings, campaign, scope, params)
    on_time = counted["on_time"] + on_time_then
    late_now.update(late_then)
    agencies = {
        a["id"]: a
        for a in db.rows(
            f"SELECT a.id, a.name, a.jurisdiction FROM agency a WHERE a.id IN "
            f"(SELECT r.agency_id FROM request r WHERE {scope})",
            params,
        )
    }
    sent, acknowledged, answered, appeals = (
        counted[c] for c in ("sent", "acknowledged", "answered", "appeals")
    )
    tallies = {
        aid: _Tally(
            sent[aid],
            acknowledged[aid],
            answered[aid],
            on_time[aid],
            late_now[aid],
            appeals[aid],
            days.get(aid, []),
        )
        for aid in sent
    }
    total = _Tally(
        sum(sent.values()),
        sum(acknowledged.values()),
        sum(answered.values()),
        sum(on_time.values()),
        sum(late_now.values()),
        sum(appeals.values()),
        [n for ds in days.values() for n in ds],
    )
    scores = [
        t.score(aid, agencies[aid]["name"], agencies[aid]["jurisdiction"]) for aid, t in tallies.items()
    ]
    scores.sort(key=lambda s: (-s.overdue, s.agency.casefold(), s.agency_id))
    return Scorecard(as_of, campaign, scores, total.score("", "All agencies", ""))


def render(card: Scorecard, fmt: str) -> str:
    """The scorecard as a file: csv (definitions apart), json (versioned), html, or a text table."""
    import json

    from foilbot import JSON_VERSION

    if fmt == "csv":
        import io

        from foilbot.csvsafe import write_rows

        buf = io.StringIO()
        write_rows(
            buf,
            COLUMNS,
            (["" if r[c] is None else r[c] for c in COLUMNS] for r in card.as_dict()["agencies"]),
        )
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
_NUMERIC = frozenset({"sent", "acknowledged", "answered", "on_time", "overdue", "median_days", "appeals"})


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
