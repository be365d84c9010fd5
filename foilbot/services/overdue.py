"""Who is late, what is coming due, and what to do next: queries over the stored deadlines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from foilbot.domain.urgency import days_left, urgency
from foilbot.domain.vocabulary import is_late
from foilbot.queries import UNCHANGED_SINCE, Row, as_date, where_clause

if TYPE_CHECKING:
    from foilbot.config import Settings
    from foilbot.domain.deadlines import Deadline, Schedule
    from foilbot.queries import Reader


@dataclass(frozen=True)
class DueItem:
    request_id: int
    reference: str
    agency_id: str
    agency: str
    jurisdiction: str
    kind: str
    due: date
    party: str
    days_overdue: int  # calendar days after `due` (0 when not yet past)
    status: str
    citation: str
    verified: str
    next_step: str
    appeal_by: date | None = None
    # Calendar days left to act (foilbot.domain.urgency): until `due`, or once it has passed until
    # `appeal_by`; 0 when that day is today, None when no window is left.
    days_left: int | None = 0
    estimated: bool = False  # the date rests on an estimated receipt date

    def as_dict(self) -> dict[str, Any]:
        row = dict(self.__dict__)  # field order: the documented JSON key order
        row["due"] = self.due.isoformat()
        row["appeal_by"] = self.appeal_by.isoformat() if self.appeal_by else None
        return row


def next_step(
    kind: str,
    party: str,
    jurisdiction: str,
    *,
    late: bool,
    appeal_by: date | None,
    as_of: date | None = None,
    ref: str = "ID",
) -> str:
    """What the requester should do about one deadline, in the words of the practice.

    Args:
        appeal_by: on an agency deadline, when the appeal window of a constructive denial closes if
            the agency misses it; on the requester's appeal_filing deadline, its own due date.
        as_of: the day judged; a window that closed before it is not offered as a step.
    """
    court = "an Article 78 proceeding (N.Y. CPLR art. 78)" if jurisdiction == "NY" else "a court action"
    if jurisdiction == "US":
        court = "a suit in federal district court (5 U.S.C. § 552(a)(4)(B))"
    if party == "requester":
        if kind == "appeal_filing":
            if late:
                return f"the appeal window closed on {appeal_by}; a new request starts a new clock"
            return f"file the appeal by {appeal_by or 'the due date'} (foilbot appeal {ref})"
        return "act before the due date"
    if kind == "appeal_determination":
        return f"appeal decision overdue: consider {court}" if late else "await the appeal decision"
    if not late:
        return "await the agency's response"
    follow = f"follow up (foilbot followup {ref})"
    if appeal_by is not None:
        if as_of is not None and as_of > appeal_by:
            return f"{follow}; the window to appeal the constructive denial closed on {appeal_by}"
        return f"{follow}, or treat as a constructive denial and appeal by {appeal_by} (foilbot appeal {ref})"
    if jurisdiction == "US":
        # 5 U.S.C. § 552(a)(6)(C)(i): a missed time limit counts as exhaustion of administrative remedies.
        return f"{follow}, or sue: administrative remedies are deemed exhausted (5 U.S.C. § 552(a)(6)(C)(i))"
    return follow


_SELECT = (
    "SELECT r.id AS request_id, r.reference, r.agency_id, a.name AS agency, r.jurisdiction, r.status, "
    "d.kind, d.due, d.party, d.citation, d.verified, d.appeal_by, d.conditional, d.estimated, "
    "d.is_open, d.is_current "
    "FROM deadline d JOIN request r ON r.id = d.request_id JOIN agency a ON a.id = r.agency_id"
)


def _rows(
    db: Reader,
    as_of: date,
    settings: Settings,
    where: list[str],
    params: dict[str, Any],
    keep: Callable[[Row], bool],
    *,
    agency: str | None,
    campaign: str | None,
) -> list[Row]:
    """Stored rows of requests unchanged since `as_of`, and recomputed rows of the others, filtered alike.

    `where` (SQL) and `keep` (Python) state the same condition: one for the table, one for the rows
    recomputed as they stood.
    """
    from foilbot.services.schedule import deadlines_as_of

    params = {**params, "as_of": db.day(as_of), "agency": agency, "campaign": campaign}
    conditions = [*where, UNCHANGED_SINCE]
    if agency:
        conditions.append("r.agency_id = :agency")
    if campaign:
        conditions.append("r.campaign = :campaign")
    stored = db.rows(f"{_SELECT}{where_clause(conditions)} ORDER BY a.name, d.due, r.reference", params)
    recomputed = [
        r for r in deadlines_as_of(db, as_of, settings, agency=agency, campaign=campaign) if keep(r)
    ]
    rows = [*stored, *recomputed]
    if recomputed:
        rows.sort(key=lambda r: (r["agency"], as_date(r["due"]), r["reference"]))
    return rows


def _item(r: Row, as_of: date, *, late: bool) -> DueItem:
    due_on = as_date(r["due"])
    appeal_by = as_date(r["appeal_by"])
    assert due_on is not None
    return DueItem(
        r["request_id"],
        r["reference"],
        r["agency_id"],
        r["agency"],
        r["jurisdiction"],
        r["kind"],
        due_on,
        r["party"],
        max(0, (as_of - due_on).days),
        r["status"],
        r["citation"],
        r["verified"],
        next_step(
            r["kind"],
            r["party"],
            r["jurisdiction"],
            late=late,
            appeal_by=due_on if r["party"] == "requester" else appeal_by,
            as_of=as_of,
            ref=r["reference"],
        ),
        appeal_by,
        days_left(due_on, appeal_by, as_of),
        bool(r["estimated"]),
    )


def overdue(
    db: Reader, as_of: date, settings: Settings, *, agency: str | None = None, campaign: str | None = None
) -> list[DueItem]:
    """Open requests whose governing agency deadline passed before `as_of` (due on as_of is not late),
    as things stood on `as_of`: events dated after it do not count.

    Most urgent first (foilbot.domain.urgency): an appeal window closing on `as_of`, then the nearest
    closing window, then the rest, the most overdue first.
    """

    def keep(r: Row) -> bool:
        return bool(r["is_current"]) and r["party"] == "agency" and is_late(_due(r), as_of)

    where = ["d.is_current = :yes", "d.party = 'agency'", "d.due < :as_of"]
    params = {"yes": db.flag(True)}
    rows = _rows(db, as_of, settings, where, params, keep, agency=agency, campaign=campaign)
    return by_urgency([_item(r, as_of, late=True) for r in rows])


# `by_urgency` in SQL: an open appeal window first, the nearest closing first; then the most overdue.
# Ties keep the list's order (agency, due date, reference), as the stable sort keeps them.
_WINDOW_OPEN = "d.appeal_by IS NOT NULL AND d.appeal_by >= :as_of"


def _by_urgency(db: Reader) -> str:
    # Agency and reference compared by code point, as Python compares them (PostgreSQL's collation may not).
    return (
        f"CASE WHEN {_WINDOW_OPEN} THEN 0 ELSE 1 END, "
        f"CASE WHEN {_WINDOW_OPEN} THEN d.appeal_by ELSE d.due END, "
        f"{db.binary('a.name')}, d.due, {db.binary('r.reference')}"
    )


def overdue_query(
    db: Reader, as_of: date, agency: str | None, campaign: str | None
) -> tuple[str, dict[str, Any]]:
    where = ["d.is_current = :yes", "d.party = 'agency'", "d.due < :as_of", *_scope(agency, campaign)]
    params = {"yes": db.flag(True), "as_of": db.day(as_of), "agency": agency, "campaign": campaign}
    return f"{_SELECT}{where_clause(where)} ORDER BY {_by_urgency(db)}", params


def due_query(
    db: Reader, as_of: date, within: int, agency: str | None, campaign: str | None
) -> tuple[str, dict[str, Any]]:
    where = [
        "d.is_open = :yes",
        "d.due >= :as_of",
        "d.due <= :end",
        *_scope(agency, campaign),
        "(d.conditional = :no OR EXISTS (SELECT 1 FROM deadline c WHERE c.request_id = d.request_id "
        "AND c.is_current = :yes AND c.party = 'agency' AND c.due < :as_of))",
    ]
    params = {
        "yes": db.flag(True),
        "no": db.flag(False),
        "as_of": db.day(as_of),
        "end": db.day(as_of + timedelta(days=within)),
        "agency": agency,
        "campaign": campaign,
    }
    # `due` sorts by due date, agency and reference as Python compares text: code point order.
    order = f"d.due, {db.binary('a.name')}, {db.binary('r.reference')}, d.id"
    return f"{_SELECT}{where_clause(where)} ORDER BY {order}", params


def _scope(agency: str | None, campaign: str | None) -> list[str]:
    """Conditions of the requests judged: unchanged since :as_of, of one agency or campaign."""
    return [
        UNCHANGED_SINCE,
        *(["r.agency_id = :agency"] if agency else []),
        *(["r.campaign = :campaign"] if campaign else []),
    ]


def any_later(db: Reader, as_of: date, agency: str | None, campaign: str | None) -> bool:
    """Whether a request in scope has an event dated after `as_of` (its rows must be recomputed)."""
    from foilbot.services.schedule import later_requests

    params = {"as_of": db.day(as_of), "agency": agency, "campaign": campaign}
    return bool(db.rows(f"SELECT 1 {later_requests(agency, campaign)} LIMIT 1", params))


def by_urgency(items: list[DueItem]) -> list[DueItem]:
    """Items most urgent first (from their days_left and days_overdue); ties keep their order (by
    agency, due date and reference, as the rows come), the sort being stable."""
    return sorted(items, key=lambda i: urgency(i.days_left, i.days_overdue))


def _due(r: Row) -> date:
    due_on = as_date(r["due"])
    assert due_on is not None
    return due_on


def due(
    db: Reader,
    as_of: date,
    within: int,
    settings: Settings,
    *,
    agency: str | None = None,
    campaign: str | None = None,
) -> list[DueItem]:
    """Open deadlines, the agency's and the requester's own, falling from `as_of` to `as_of + within`.

    A conditional appeal window (it opens only if the agency stays silent) is listed once the agency's
    deadline has passed without an answer.
    """
    end = as_of + timedelta(days=within)

    def keep(r: Row) -> bool:
        return bool(r["is_open"]) and as_of <= _due(r) <= end

    where = ["d.is_open = :yes", "d.due >= :as_of", "d.due <= :end"]
    params = {"yes": db.flag(True), "end": db.day(end)}
    rows = _rows(db, as_of, settings, where, params, keep, agency=agency, campaign=campaign)
    late = (
        {i.request_id for i in overdue(db, as_of, settings, agency=agency, campaign=campaign)}
        if any(r["conditional"] for r in rows)
        else set()
    )
    items = [_item(r, as_of, late=False) for r in rows if not r["conditional"] or r["request_id"] in late]
    return sorted(items, key=lambda i: (i.due, i.agency, i.reference))


def suggest(schedule: Schedule, status: str, as_of: date, ref: str = "ID") -> str:
    """The next step for one request, from its freshly computed schedule."""
    if status == "draft":
        return f"send the request, then record it: foilbot request sent {ref} --date DATE"
    if status in ("done", "closed", "withdrawn"):
        return "nothing pending"
    current: Deadline | None = schedule.current
    if status == "appeal decided":
        return "appeal decided: if records are still withheld, consider court review"
    if current is None:
        return "nothing pending from the agency"
    appeal_by = next((d.due for d in schedule.deadlines if d.conditional), None)
    late = is_late(current.due, as_of)
    return next_step(
        current.kind,
        current.party,
        schedule.law.jurisdiction,
        late=late,
        appeal_by=current.due if current.party == "requester" else appeal_by,
        as_of=as_of,
        ref=ref,
    )
