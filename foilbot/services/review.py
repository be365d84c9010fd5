"""`inbox review`: the user says what each filed reply means; only then is it logged (issue 11)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from foilbot import clock
from foilbot.domain.vocabulary import LOGGABLE
from foilbot.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.services.events import Logged

NOTHING = ("auto-reply", "nothing")  # answers that log no event
# Which detail of a suggestion each event carries (as `request log` takes it).
_DETAILS = {"acknowledged": "estimate", "extended": "until", "fee-estimate": "amount"}


def pending(session: Session, ident: str | None = None) -> list[dict[str, Any]]:
    """Filed replies nobody has reviewed yet, oldest first, with their suggestion and text."""
    from foilbot.queries import Reader, as_date, as_json

    sql = (
        "SELECT m.id, m.day, m.sender, m.subject, m.suggestion, r.reference, r.id AS request_id, e.data "
        "FROM inbound_message m JOIN request r ON r.id = m.request_id JOIN event e ON e.id = m.event_id "
        "WHERE m.state = 'filed'"
    )
    params: dict[str, Any] = {}
    if ident is not None:
        from foilbot.services.requests import get_request

        sql += " AND m.request_id = :rid"
        params["rid"] = get_request(session, ident).id
    rows = Reader(session).rows(sql + " ORDER BY m.day, m.id", params)
    return [
        {
            "id": r["id"],
            "reference": r["reference"],
            "request_id": r["request_id"],
            "day": as_date(r["day"]),
            "sender": r["sender"],
            "subject": r["subject"],
            "suggestion": as_json(r["suggestion"]) or {},
            "text": str((as_json(r["data"]) or {}).get("text", "")),
        }
        for r in rows
    ]


def details_for(kind: str, suggestion: dict[str, Any]) -> dict[str, Any]:
    """The suggestion's details the chosen event can carry (none when the user chose another kind)."""
    if suggestion.get("kind") != kind:
        return {}
    if kind in ("denied", "partial"):
        return {"exemptions": list(suggestion.get("exemptions") or [])}
    key = _DETAILS.get(kind)
    if key is None or suggestion.get(key) is None:
        return {}
    value = suggestion[key]
    return {key: date.fromisoformat(value) if key in ("estimate", "until") else value}


def confirm(
    session: Session, message: str | int, kind: str, settings: Settings, *, on: date | None = None
) -> Logged | None:
    """Record what the user says a reply is (an event, or nothing for an auto-reply) and mark it reviewed.

    Raises:
        UsageError: an unknown kind.
        NotFoundError: no such message, or not filed with a request.
        ValidationError: the event makes no sense in the request's history (says why).
    """
    from foilbot.services.events import log_event
    from foilbot.services.inbox import inbound

    if kind not in LOGGABLE and kind not in NOTHING:
        raise UsageError(f"unknown kind {kind!r}; use one of: {', '.join((*LOGGABLE, *NOTHING))}")
    row = inbound(session, str(message))
    if row.request_id is None:
        raise NotFoundError(
            f"message {row.id} is not filed with a request", hint="foilbot inbox assign ID REF"
        )
    logged = None
    if kind not in NOTHING:
        logged = log_event(
            session,
            row.request_id,
            kind,
            on or row.day,
            settings,
            today=clock.today(),
            note=f"from the email of {row.day} ({row.sender}): {row.subject}"[:300],
            data=details_for(kind, dict(row.suggestion or {})),
        )
    row.state = "reviewed"
    row.suggestion = {**(row.suggestion or {}), "chosen": kind, "event": logged.event_id if logged else None}
    session.add(row)
    return logged


def accept(
    session: Session, ident: str, kind: str, settings: Settings, *, on: date | None
) -> tuple[int, Logged | None]:
    """`--accept REF KIND`: confirm the oldest reply of that request awaiting review.

    Raises:
        NotFoundError: the request has no reply awaiting review.
    """
    waiting = pending(session, ident)
    if not waiting:
        raise NotFoundError(f"{ident}: no reply awaiting review", hint="foilbot inbox import FILE first")
    first = waiting[0]
    return int(first["id"]), confirm(session, first["id"], kind, settings, on=on)
