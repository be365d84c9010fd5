"""Who is late, what is coming due, and what to do next: queries over the stored deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

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
    days_overdue: int
    status: str
    citation: str
    verified: str
    next_step: str
    appeal_by: date | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def next_step(
    kind: str,
    party: str,
    jurisdiction: str,
    *,
    late: bool,
    appeal_by: date | None,
    ref: str = "ID",
) -> str:
    """What the requester should do about one deadline, in the words of the practice."""
    court = "an Article 78 proceeding" if jurisdiction == "NY" else "a court action"
    if jurisdiction == "US":
        court = "a suit in federal district court (5 U.S.C. § 552(a)(4)(B))"
    if party == "requester":
        if kind == "appeal_filing":
            return f"file the appeal by {appeal_by or 'the due date'} (foilbot appeal {ref})"
        return "act before the due date"
    if kind == "appeal_determination":
        return f"appeal decision overdue: consider {court}" if late else "await the appeal decision"
    if not late:
        return "await the agency's response"
    if appeal_by is not None:
        verb = (
            "treat as a constructive denial" if jurisdiction != "US" else "treat as constructive exhaustion"
        )
        return (
            f"follow up (foilbot followup {ref}), or {verb} and appeal by {appeal_by} (foilbot appeal {ref})"
        )
    return f"follow up (foilbot followup {ref})"


def _rows(session: Session, *, where: list[Any], agency: str | None, campaign: str | None) -> list[Any]:
    from sqlalchemy import select

    from foilbot.models import Agency, Deadline, Request

    stmt = (
        select(
            Request.id,
            Request.reference,
            Request.agency_id,
            Agency.name,
            Request.jurisdiction,
            Deadline.kind,
            Deadline.due,
            Deadline.party,
            Request.status,
            Deadline.citation,
            Deadline.verified,
            Deadline.appeal_by,
            Deadline.conditional,
        )
        .join(Request, Request.id == Deadline.request_id)
        .join(Agency, Agency.id == Request.agency_id)
        .where(*where)
    )
    if agency:
        stmt = stmt.where(Request.agency_id == agency)
    if campaign:
        stmt = stmt.where(Request.campaign == campaign)
    return list(session.execute(stmt.order_by(Agency.name, Deadline.due, Request.reference)))


def overdue(
    session: Session, as_of: date, *, agency: str | None = None, campaign: str | None = None
) -> list[DueItem]:
    """Open requests whose governing agency deadline passed before `as_of` (due on as_of is not late)."""
    from foilbot.models import Deadline

    where = [Deadline.is_current, Deadline.party == "agency", Deadline.due < as_of]  # type: ignore[arg-type]
    return [
        DueItem(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            (as_of - r[6]).days,
            r[8],
            r[9],
            r[10],
            next_step(r[5], r[7], r[4], late=True, appeal_by=r[11], ref=r[1]),
            r[11],
        )
        for r in _rows(session, where=where, agency=agency, campaign=campaign)
    ]


def due(
    session: Session, as_of: date, within: int, *, agency: str | None = None, campaign: str | None = None
) -> list[DueItem]:
    """Open deadlines, the agency's and the requester's own, falling from `as_of` to `as_of + within`.

    A conditional appeal window (it opens only if the agency stays silent) is listed once the agency's
    deadline has passed without an answer.
    """
    from foilbot.models import Deadline

    end = as_of + timedelta(days=within)
    where = [Deadline.is_open, Deadline.due >= as_of, Deadline.due <= end]  # type: ignore[arg-type]
    rows = _rows(session, where=where, agency=agency, campaign=campaign)
    silent = {r.request_id for r in overdue_ids(session, as_of, [r[0] for r in rows if r[12]])}
    items = []
    for r in rows:
        if r[12] and r[0] not in silent:
            continue
        items.append(
            DueItem(
                r[0],
                r[1],
                r[2],
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                (as_of - r[6]).days,
                r[8],
                r[9],
                r[10],
                next_step(
                    r[5], r[7], r[4], late=False, appeal_by=r[6] if r[7] == "requester" else r[11], ref=r[1]
                ),
                r[11],
            )
        )
    return sorted(items, key=lambda i: (i.due, i.agency, i.reference))


def overdue_ids(session: Session, as_of: date, request_ids: list[int]) -> list[Any]:
    from sqlalchemy import select

    from foilbot.models import Deadline

    if not request_ids:
        return []
    stmt = select(Deadline.request_id).where(
        Deadline.request_id.in_(request_ids),  # type: ignore[attr-defined]
        Deadline.is_current,
        Deadline.party == "agency",
        Deadline.due < as_of,
    )
    return list(session.execute(stmt))


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
        ref=ref,
    )
