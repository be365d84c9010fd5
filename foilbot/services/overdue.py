"""Who is late, what is coming due, and what to do next: queries over the stored deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from foilbot.domain.deadlines import Deadline, Schedule

AGENCY_ANSWERS = ("acknowledgment", "determination", "extended_determination", "expedite_decision")


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
    days_left: int = 0  # calendar days until `due` (0 when due today or past)
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
    "SELECT r.id, r.reference, r.agency_id, a.name, r.jurisdiction, d.kind, d.due, d.party, r.status, "
    "d.citation, d.verified, d.appeal_by, d.conditional, d.estimated "
    "FROM deadline d JOIN request r ON r.id = d.request_id JOIN agency a ON a.id = r.agency_id"
)


def _sql(where: list[str], params: dict[str, Any], agency: str | None, campaign: str | None) -> str:
    """One statement with named parameters, valid for SQLite (stdlib or SQLAlchemy) and PostgreSQL."""
    if agency:
        where.append("r.agency_id = :agency")
        params["agency"] = agency
    if campaign:
        where.append("r.campaign = :campaign")
        params["campaign"] = campaign
    return f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY a.name, d.due, r.reference"


def _execute(db: Any, sql: str, params: dict[str, Any]) -> list[Any]:
    """Rows from a SQLAlchemy session or a sqlite3 connection (dates come back as text from the latter)."""
    if hasattr(db, "get_bind"):
        from sqlalchemy import text

        return list(db.execute(text(sql), params))
    return db.execute(sql, params).fetchall()


def _bind_day(db: Any, day: date) -> Any:
    """Dates as SQLite stores them (ISO text) for SQLite; native dates for PostgreSQL."""
    if hasattr(db, "get_bind") and db.get_bind().dialect.name != "sqlite":
        return day
    return day.isoformat()


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return _fromiso(value)


_fromiso = date.fromisoformat


def _item(r: Any, as_of: date, *, late: bool) -> DueItem:
    due_on = _day(r[6])
    appeal_by = _day(r[11])
    assert due_on is not None
    return DueItem(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        due_on,
        r[7],
        max(0, (as_of - due_on).days),
        r[8],
        r[9],
        r[10],
        next_step(
            r[5],
            r[7],
            r[4],
            late=late,
            appeal_by=due_on if r[7] == "requester" else appeal_by,
            as_of=as_of,
            ref=r[1],
        ),
        appeal_by,
        max(0, (due_on - as_of).days),
        bool(r[13]),
    )


def overdue(db: Any, as_of: date, *, agency: str | None = None, campaign: str | None = None) -> list[DueItem]:
    """Open requests whose governing agency deadline passed before `as_of` (due on as_of is not late).

    Args:
        db: a SQLAlchemy session, or a sqlite3 connection from storage.sqlite_reader.
    """
    params: dict[str, Any] = {"yes": True, "as_of": _bind_day(db, as_of)}
    where = ["d.is_current = :yes", "d.party = 'agency'", "d.due < :as_of"]
    return [_item(r, as_of, late=True) for r in _execute(db, _sql(where, params, agency, campaign), params)]


def due(
    db: Any, as_of: date, within: int, *, agency: str | None = None, campaign: str | None = None
) -> list[DueItem]:
    """Open deadlines, the agency's and the requester's own, falling from `as_of` to `as_of + within`.

    A conditional appeal window (it opens only if the agency stays silent) is listed once the agency's
    deadline has passed without an answer.
    """
    end = as_of + timedelta(days=within)
    params: dict[str, Any] = {"yes": True, "start": _bind_day(db, as_of), "end": _bind_day(db, end)}
    where = ["d.is_open = :yes", "d.due >= :start", "d.due <= :end"]
    rows = _execute(db, _sql(where, params, agency, campaign), params)
    late = (
        {i.request_id for i in overdue(db, as_of, agency=agency, campaign=campaign)}
        if any(r[12] for r in rows)
        else set()
    )
    items = [_item(r, as_of, late=False) for r in rows if not r[12] or r[0] in late]
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
    late = as_of > current.due
    return next_step(
        current.kind,
        current.party,
        schedule.law.jurisdiction,
        late=late,
        appeal_by=current.due if current.party == "requester" else appeal_by,
        as_of=as_of,
        ref=ref,
    )
