"""Letters for a saved request: the request, the follow-up and the appeal, pre-filled from its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from foilbot.domain import letter_policy as policy
from foilbot.errors import FoilbotError
from foilbot.services.requests import get_request
from foilbot.services.schedule import live_events, standing

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.domain.deadlines import Schedule
    from foilbot.models import Event, Request
    from foilbot.render.context import HistoryInfo
    from foilbot.render.jobs import LetterJob, Rendered


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
    from foilbot.domain.silence import DELAY_NOTICE
    from foilbot.render.context import CitedExemption, HistoryInfo

    if req.sent_on is None:
        raise FoilbotError(
            f"request {req.reference} has not been sent yet",
            hint=f"Record filing first: foilbot request sent {req.id} --date YYYY-MM-DD",
        )
    ack = _latest(events, ("acknowledged",))
    denial = _latest(events, ("denied", "partial"))
    # A notice owed only if production will take longer (Md. § 4-203(b)(2)) is not the response's due date.
    agency_open = [
        d for d in schedule.deadlines if d.party == "agency" and not d.conditional and d.kind != DELAY_NOTICE
    ]
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
        due_kind=missed.kind if missed else "",
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
    settings: Settings,
    *,
    on: date,
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
        fee_limit=settings.fee_limit,
        delivery=req.via or "email",
    )
    base = LetterContext(agency_info(agency), requester_info(settings.requester), info, law)
    request_job = LetterJob(req.template or default_template(law), base, fmt, None, force)
    if kind == "request":
        job = replace(request_job, out=out)
        return Prepared(job, request_job, int(req.id or 0), req.reference, kind)

    events = live_events(session, int(req.id or 0))
    schedule = standing(session, req, settings).schedule
    history = history_info(events, schedule, req)
    ctx = replace(base, request=replace(info, date=on), history=history)
    notes: tuple[str, ...] = ()
    if kind == "followup":
        name = template or "followup"
        policy.check_followup(req.reference, schedule, on)
    else:
        written = history.denied_on is not None
        name = template or policy.appeal_template(req.reference, law, written=written)
        notes = policy.check_appeal(req.reference, schedule, on, denied_on=history.denied_on, force=force)
    job = LetterJob(name, ctx, fmt, out, force)
    return Prepared(job, request_job, int(req.id or 0), req.reference, kind, notes)


@dataclass(frozen=True)
class Drafted:
    prepared: Prepared
    rendered: Rendered


def draft(
    session: Session,
    ident: str | int,
    kind: str,
    settings: Settings,
    *,
    on: date,
    fmt: str,
    out: Path | None,
    force: bool = False,
    packet: Path | None = None,
) -> Drafted:
    """Prepare, render and (for a follow-up or an appeal) record one letter, in one transaction.

    The `followup-drafted`/`appeal-drafted` event is added in the caller's session after the letter
    was written, so a letter that failed to render leaves no trace and a recorded one exists.

    Raises:
        FoilbotError: the request is not in a state for that letter; rendering failed.
        UsageError: --packet without a PDF output.
    """
    from foilbot import render
    from foilbot.errors import UsageError
    from foilbot.render.templates import user_templates_dir
    from foilbot.services.events import log_event

    prepared = prepare(session, ident, kind, settings, on=on, fmt=fmt, out=out, force=force)
    options = render.RenderOptions(user_dir=user_templates_dir(settings.templates_dir))
    if packet is not None:
        if out is None or fmt != "pdf":
            raise UsageError("--packet needs --out FILE.pdf")
        rendered = render.appeal_packet(prepared.job, prepared.request_job, packet, out, options)
    else:
        rendered = render.render_letter(prepared.job, options)
    if kind in ("followup", "appeal"):
        where = str(rendered.path) if rendered.path else fmt
        note = f"{prepared.job.template} ({where})"
        log_event(session, prepared.request_id, f"{kind}-drafted", on, settings, today=on, note=note)
    return Drafted(prepared, rendered)


def batch_jobs(
    session: Session,
    settings: Settings,
    *,
    on: date,
    out_dir: Path,
    campaign: str | None,
    status: str,
    force: bool,
) -> list[LetterJob]:
    """The request letters of every matching saved request, each to `out_dir/REFERENCE.pdf`."""
    from sqlmodel import col, select

    from foilbot.domain.status import status_filter
    from foilbot.models import Request

    stmt = select(col(Request.id), col(Request.reference))
    if campaign:
        stmt = stmt.where(col(Request.campaign) == campaign)
    if status_filter(status, allow_all=True) != "all":
        stmt = stmt.where(col(Request.status) == status)
    return [
        prepare(session, rid, "request", settings, on=on, out=out_dir / f"{ref}.pdf", force=force).job
        for rid, ref in session.execute(stmt.order_by(col(Request.id)))
    ]
