"""Letters for a saved request: the request, the follow-up and the appeal, pre-filled from its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.errors import FoilbotError
from foilbot.services.requests import get_request, live_events, schedule_for

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.domain.deadlines import Schedule
    from foilbot.models import Event, Request
    from foilbot.render.context import HistoryInfo
    from foilbot.render.jobs import LetterJob


@dataclass(frozen=True)
class Prepared:
    job: LetterJob
    request_job: LetterJob  # the original request letter (Exhibit A of an appeal packet)
    request_id: int
    reference: str
    kind: str  # request | followup | appeal
    notes: tuple[str, ...] = ()


def _latest(events: list[Event], kinds: tuple[str, ...]) -> Event | None:
    found = [e for e in events if e.kind in kinds]
    return found[-1] if found else None


def history_info(events: list[Event], schedule: Schedule, req: Request) -> HistoryInfo:
    """The dates and exemptions a follow-up or appeal quotes, from the events and the schedule."""
    from foilbot.render.context import CitedExemption, HistoryInfo

    if req.sent_on is None:
        raise FoilbotError(
            f"request {req.reference} has not been sent yet",
            hint=f"Record filing first: foilbot request sent {req.id} --date YYYY-MM-DD",
        )
    ack = _latest(events, ("acknowledged",))
    denial = _latest(events, ("denied", "partial"))
    agency_open = [d for d in schedule.deadlines if d.party == "agency" and not d.conditional]
    missed = min((d for d in agency_open if d.met is None), key=lambda d: d.due, default=None)
    missed = missed or (agency_open[-1] if agency_open else None)
    exemptions = (
        tuple(CitedExemption(citation=str(x)) for x in ((denial.data or {}).get("exemptions") or []))
        if denial
        else ()
    )
    return HistoryInfo(
        sent_on=req.sent_on,
        received_on=schedule.received,
        received_estimated=schedule.received_estimated,
        due=missed.due if missed else None,
        due_citation=missed.citation if missed else "",
        due_verified=missed.verified if missed else "no",
        acknowledged_on=ack.day if ack else None,
        approximate_date=date.fromisoformat((ack.data or {})["estimate"])
        if ack and (ack.data or {}).get("estimate")
        else None,
        denied_on=denial.day if denial else None,
        denial_reference=str((denial.data or {}).get("reference", "")) if denial else "",
        denied_by=str((denial.data or {}).get("by", "")) if denial else "",
        exemptions=exemptions,
    )


def prepare(
    session: Session,
    ident: str | int,
    kind: str,
    *,
    on: date,
    requester: Any,
    fee_limit: int,
    fmt: str = "pdf",
    out: Path | None = None,
    force: bool = False,
    template: str | None = None,
) -> Prepared:
    """The LetterJob for a saved request's `kind` letter (request, followup or appeal).

    Raises:
        FoilbotError: the request is not in a state for that letter (not sent; appeal window closed
        without --force; nothing to appeal).
    """
    from dataclasses import replace

    from foilbot.domain.laws import get_law
    from foilbot.models import Agency
    from foilbot.render.context import LetterContext, RequestInfo
    from foilbot.render.jobs import LetterJob
    from foilbot.services.letters import agency_info, default_template, requester_info

    req = get_request(session, ident)
    agency = session.get(Agency, req.agency_id)
    law = get_law(req.jurisdiction)
    info = RequestInfo(
        date=req.sent_on or on,
        reference=req.reference,
        subject=req.subject,
        topics=tuple(req.topics),
        params={k: str(v) for k, v in req.params.items()},
        fee_limit=fee_limit,
        delivery=req.via or "email",
    )
    base = LetterContext(agency_info(agency), requester_info(requester), info, law)
    request_job = LetterJob(req.template or default_template(law), base, fmt, None, force)
    if kind == "request":
        job = replace(request_job, out=out)
        return Prepared(job, request_job, int(req.id or 0), req.reference, kind)

    events = live_events(session, int(req.id or 0))
    schedule = schedule_for(session, req)
    history = history_info(events, schedule, req)
    ctx = replace(base, request=replace(info, date=on), history=history)
    notes: list[str] = []
    if kind == "followup":
        name = template or "followup"
    else:
        written = history.denied_on is not None
        name = template or ("appeal-denial" if written else "appeal-constructive-denial")
        window = next((d for d in schedule.deadlines if d.kind == "appeal_filing"), None)
        if window is not None and on > window.due:
            if not force:
                raise FoilbotError(
                    f"the appeal window for {req.reference} closed on {window.due} ({window.citation})",
                    hint="If you have grounds to file late (e.g. the agency's own rules allow more time), "
                    "run again with --force.",
                )
            notes.append(f"the appeal window closed on {window.due}; drafted anyway (--force)")
        current = schedule.current
        if (
            not written
            and current is not None
            and current.party == "agency"
            and on <= current.due
            and not force
        ):
            raise FoilbotError(
                f"{req.reference}: the agency's {current.kind.replace('_', ' ')} is not due until "
                f"{current.due}, and no denial is recorded",
                hint="Log the denial (foilbot request log ID denied --date DATE), or wait until the "
                "deadline has passed.",
            )
    job = LetterJob(name, ctx, fmt, out, force)
    return Prepared(job, request_job, int(req.id or 0), req.reference, kind, tuple(notes))
