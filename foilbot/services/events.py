"""Logging what happened to a request: filing, agency answers, appeals, corrections, attachments."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from foilbot import clock
from foilbot.domain import status as lifecycle
from foilbot.domain.text import check_texts
from foilbot.domain.vocabulary import VIAS
from foilbot.errors import NotFoundError, UsageError, ValidationError
from foilbot.services.agency_days import of_agency
from foilbot.services.attachments import Kept
from foilbot.services.audit import record
from foilbot.services.requests import event_numbers, get_request
from foilbot.services.schedule import Standing, compute, live_events, recompute

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.models import Event, Request


@dataclass(frozen=True)
class Logged:
    request_id: int
    reference: str
    event_id: int
    kind: str
    day: date
    status: str
    attachments: list[dict[str, Any]]
    standing: Standing

    def lines(self, corrects: int | None = None) -> list[str]:
        """What `request log` prints: the event logged, and the files kept with it."""
        fixed = f" (replacing #{corrects})" if corrects is not None else ""
        head = f"{self.reference}: logged #{self.event_id} {self.kind} on {self.day}{fixed}"
        head += f"; status {self.status}."
        return [head, *(f"  kept {a['filename']} (sha256 {a['sha256']})" for a in self.attachments)]

    def summary(self) -> list[str]:
        """The receipt date and the open deadlines, as `request sent` prints them."""
        schedule = self.standing.schedule
        lines = []
        if schedule.received is not None:
            est = " (estimated)" if schedule.received_estimated else ""
            lines.append(f"Received {schedule.received}{est}.")
        for d in schedule.deadlines:
            if d.met is None and not d.conditional:
                lines.append(f"{d.kind.replace('_', ' ')} due {d.due} ({d.citation}; verified: {d.verified})")
        return lines


def _constructive_denial(
    session: Session, req: Request, before: Sequence[Event], settings: Settings
) -> date | None:
    """The day the agency's silence became a denial, judged on the events before an appeal only.

    Later events (records logged after a late appeal) must not hide the silence the appeal answered.
    The deemed-denial day mirrors the engine (foilbot.domain.chain): the day after the missed due date,
    or the due date itself where the law says so.
    """
    days = of_agency(session, req.agency_id, req.jurisdiction)
    schedule = compute(req.jurisdiction, before, days, settings).schedule
    if not any(d.conditional for d in schedule.deadlines):
        return None
    missed = [
        d
        for d in schedule.deadlines
        if d.party == "agency" and not d.conditional and d.met is None and d.kind != "expedite_decision"
    ]
    if not missed:
        return None
    due_on = missed[-1].due
    return due_on if schedule.law.deemed_denied == "due" else due_on + timedelta(days=1)


def _happened(e: Event) -> lifecycle.Happened:
    return lifecycle.Happened(e.kind, e.day, e.id or 0)


def _validate(
    session: Session,
    req: Request,
    events: Sequence[Event],
    settings: Settings,
    *,
    today: date,
    doing: str,
) -> None:
    """Every event of a proposed history must make sense beside the others (out-of-order logging,
    corrections and removals can each break another event); the first one that does not is refused.

    Raises:
        ValidationError: "cannot {doing}: then the {kind} event of {day} would make no sense: {reason}".
    """
    ordered = sorted(events, key=lambda e: (e.day, e.id or 1 << 62))
    seq = {id(e): (e.id or 1 << 62) for e in ordered}
    history = [lifecycle.Happened(e.kind, e.day, seq[id(e)]) for e in ordered]
    for i, event in enumerate(ordered):
        denial = (
            _constructive_denial(session, req, [e for e in ordered[:i] if e.day < event.day], settings)
            if event.kind == "appealed"
            else None
        )
        found = lifecycle.refusal(
            history, history[i], today=max(today, event.day), constructive_denial=denial
        )
        if found is not None:
            reason, hint = found
            raise ValidationError(
                f"cannot {doing}: then the {event.kind} event of {event.day} would make no sense: {reason}",
                hint=hint,
            )


def _typed(data: dict[str, Any] | None) -> dict[str, Any]:
    """Details with their dates as dates (stored details hold ISO text)."""
    dates = ("estimate", "until", "received")
    return {
        k: date.fromisoformat(v) if k in dates and isinstance(v, str) and v else v
        for k, v in (data or {}).items()
    }


def _clean(data: dict[str, Any] | None) -> dict[str, Any]:
    return {
        k: (v.isoformat() if isinstance(v, date) else v)
        for k, v in (data or {}).items()
        if v not in (None, [], "", ())
    }


def log_event(
    session: Session,
    ident: str | int,
    kind: str,
    day: date,
    settings: Settings,
    *,
    today: date,
    note: str = "",
    data: dict[str, Any] | None = None,
    files: Sequence[Kept] = (),
    now: datetime | None = None,
    corrects: int | None = None,
) -> Logged:
    """Add one event after checking that it makes sense, then recompute the request.

    With `corrects`, the new event replaces that one in one transaction: the old event stays in the
    history, marked removed and pointing at its replacement (`replaced_by`).

    Raises:
        ValidationError: the event makes no sense (the message says why), or an attachment is missing.
        NotFoundError: `corrects` names no live event of this request.
    """
    from sqlmodel import col, select

    from foilbot.models import Attachment, Event

    req = get_request(session, ident, lock=True)
    request_id = int(req.id or 0)
    live = live_events(session, request_id)
    old = _live_event(session, req, corrects) if corrects is not None else None
    history = [e for e in live if e is not old]
    if old is not None and old.kind == kind:
        # A correction changes what is given and keeps the rest (fixing a date keeps the exemptions).
        data = {**(old.data or {}), **_clean(data)}
        note = note or old.note
    check_texts([("--note", note), *((f"--{k}", v) for k, v in (data or {}).items())])
    lifecycle.check_details(kind, day, _typed(data), today=today)
    before = [e for e in history if e.day < day] if kind == "appealed" else []
    lifecycle.check_event(
        [_happened(e) for e in history],
        lifecycle.Happened(kind, day, 1 << 62),
        today=today,
        constructive_denial=_constructive_denial(session, req, before, settings)
        if kind == "appealed"
        else None,
    )
    now = now or clock.now()
    actor = settings.user
    event = Event(
        request_id=request_id,
        kind=kind,
        day=day,
        note=note,
        data=_clean(data),
        created_at=now,
        created_by=actor,
    )
    _validate(session, req, [*history, event], settings, today=today, doing=f"log {kind} on {day}")
    session.add(event)
    session.flush()
    if old is not None:
        old.removed_at = now
        old.replaced_by = event.id
        old.removed_by = actor
        session.add(old)
        # The documents filed with the mistaken event document its correction.
        for a in session.scalars(select(Attachment).where(col(Attachment.event_id) == old.id)):
            a.event_id = event.id
            session.add(a)
    for f in files:
        session.add(
            Attachment(
                request_id=request_id,
                event_id=event.id,
                filename=f.filename,
                sha256=f.sha256,
                size=f.size,
                added_at=now,
                added_by=actor,
            )
        )
    req.updated_by = actor
    fixed = f" replacing #{old.id}" if old is not None else ""
    record(
        session,
        actor,
        "event.log",
        subject=req.reference,
        request_id=request_id,
        at=now,
        detail=f"#{event.id} {kind} on {day}{fixed}",
    )
    session.flush()
    found = recompute(session, req, settings, now=now)
    kept = [f.as_dict() for f in files]
    number = event_numbers(session, request_id)[int(event.id or 0)]
    return Logged(request_id, req.reference, number, kind, day, req.status, kept, found)


def log_from_options(
    session: Session,
    ident: str | int,
    kind: str,
    day: date | None,
    details: dict[str, Any],
    settings: Settings,
    *,
    today: date,
    note: str,
    files: Sequence[Kept],
    corrects: int | None,
) -> Logged:
    """`request log`: the options as typed, checked, then logged (see log_event).

    Raises:
        UsageError: an unknown event, `sent` (it has its own command), a fee estimate without amount.
    """
    from foilbot.domain.vocabulary import EVENT_KINDS, LOGGABLE

    if kind not in EVENT_KINDS:
        raise UsageError(f"unknown event {kind!r}; use one of: {', '.join(LOGGABLE)}")
    if kind == "sent" and corrects is None:
        raise UsageError("use `foilbot request sent ID --date DATE` to record filing")
    if kind == "fee-estimate" and details.get("amount") is None:
        raise UsageError("fee-estimate needs --amount N")
    assert day is not None
    return log_event(
        session,
        ident,
        kind,
        day,
        settings,
        today=today,
        note=note,
        data=details,
        files=files,
        corrects=corrects,
    )


def mark_sent(
    session: Session,
    ident: str | int,
    day: date,
    settings: Settings,
    *,
    today: date,
    via: str,
    received: date | None = None,
    tracking: str | None = None,
) -> Logged:
    """Record filing; without `received`, the engine estimates receipt from `via` (shown as estimated)."""
    if via not in VIAS:
        raise UsageError(f"--via {via!r}: use one of {', '.join(VIAS)}")
    if received is not None and received < day:
        raise UsageError(f"--received {received} is before --date {day}")
    if received is not None and received > today:
        raise UsageError(f"--received {received} is after today ({today})")
    data = {"via": via, "received": received, "tracking": tracking}
    return log_event(session, ident, "sent", day, settings, today=today, data=data)


def _live_event(session: Session, req: Request, number: int) -> Event:
    from foilbot.models import Event

    by_number = {n: i for i, n in event_numbers(session, int(req.id or 0)).items()}
    if number not in by_number:
        raise NotFoundError(
            f"request {req.reference} has no event #{number}",
            hint=f"See its events: foilbot request show {req.reference}",
        )
    event = session.get_one(Event, by_number[number])
    if event.removed_at is not None:
        raise ValidationError(f"event #{number} was already removed on {event.removed_at:%Y-%m-%d %H:%M} UTC")
    return event


def unlog_event(
    session: Session,
    ident: str | int,
    event_id: int,
    settings: Settings,
    *,
    today: date,
    now: datetime | None = None,
) -> Logged:
    """Remove a mistaken event: it stays in the history, marked removed, and stops counting.

    Refused when a remaining event would then make no sense (removing the appeal an appeal decision
    answers, or the filing that later events follow).

    Raises:
        NotFoundError: no such event on this request.
        ValidationError: already removed, or the rest of the history would break.
    """
    req = get_request(session, ident, lock=True)
    event = _live_event(session, req, event_id)
    rest = [e for e in live_events(session, int(req.id or 0)) if e.id != event.id]
    try:
        _validate(
            session,
            req,
            rest,
            settings,
            today=today,
            doing=f"remove #{event_id} ({event.kind} on {event.day})",
        )
    except ValidationError as exc:
        raise ValidationError(
            exc.message,
            hint="Remove the later events first, or correct this one: "
            f"foilbot request log {req.reference} {event.kind} --date DATE --corrects {event_id}",
        ) from None
    event.removed_at = now or clock.now()
    event.removed_by = req.updated_by = settings.user
    session.add(event)
    record(
        session,
        settings.user,
        "event.remove",
        subject=req.reference,
        request_id=req.id,
        at=event.removed_at,
        detail=f"#{event_id} {event.kind} on {event.day}",
    )
    session.flush()
    found = recompute(session, req, settings, now=event.removed_at)
    return Logged(int(req.id or 0), req.reference, event_id, event.kind, event.day, req.status, [], found)


def timeline(session: Session, req: Request) -> list[dict[str, Any]]:
    """Every event ever logged, removed ones included, with their attachments."""
    from sqlmodel import col, select

    from foilbot.models import Attachment, Event

    events = session.scalars(select(Event).where(col(Event.request_id) == req.id))
    number = event_numbers(session, int(req.id or 0))
    files: dict[int | None, list[dict[str, Any]]] = {}
    for a in session.scalars(select(Attachment).where(col(Attachment.request_id) == req.id)):
        files.setdefault(a.event_id, []).append(
            {"filename": a.filename, "sha256": a.sha256, "size": a.size, "added_by": a.added_by}
        )
    out = []
    for e in sorted(events, key=lambda e: (e.day, e.id or 0)):
        out.append(
            {
                "id": number[int(e.id or 0)],
                "kind": e.kind,
                "date": e.day,
                "note": e.note,
                "data": e.data,
                "logged_at": e.created_at,
                "logged_by": e.created_by,
                "removed_at": e.removed_at,
                "removed_by": e.removed_by,
                "replaced_by": number.get(e.replaced_by) if e.replaced_by else None,
                "attachments": files.get(e.id, []),
            }
        )
    return out
