"""Filing many imported messages in one transaction, in a few bulk statements (issue 11: an mbox of
5,000 messages in under 10 s).

`inbox import` and `inbox fetch` come here with messages already parsed and their files already kept:
the replies' events are inserted in one statement (ids returned in order), then every message's row
(with its event), then every attachment; each request that got a reply is recomputed once. The rows
are the same the one-message path (`inbox assign`) writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from foilbot import clock

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.mail.match import Index, Match
    from foilbot.mail.parse import Incoming
    from foilbot.services.attachments import Kept

MAX_TEXT = 20_000  # characters of the body kept in the event (the whole message is in message.eml)


@dataclass(frozen=True)
class Stored:
    id: int
    request_id: int | None
    reference: str
    match: Match
    day: str


def reply_data(message_id: str, sender: str, by: str, text: str) -> dict[str, Any]:
    return {"message_id": message_id, "from": sender, "matched_by": by, "text": text[:MAX_TEXT]}


def _inserted(session: Session, table: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows in a few statements; their ids in the rows' order (RETURNING, SQLite and PostgreSQL).

    A Core insert: the ORM's bulk insert groups rows by which values are None and would split
    alternating matched and unmatched messages into one statement each.
    """
    from sqlalchemy import insert

    if not rows:
        return []
    t = table.__table__
    stmt = insert(t).returning(t.c.id, sort_by_parameter_order=True)
    return [int(i) for i in session.connection().execute(stmt, rows).scalars()]


def file_all(
    session: Session,
    messages: Sequence[tuple[Incoming, list[Kept]]],
    index: Index,
    settings: Settings,
    *,
    now: datetime | None = None,
) -> list[Stored]:
    """Record every message (matched ones as `reply` events with their files), in the caller's
    transaction; one result per message, in order."""
    from foilbot.domain import status as lifecycle
    from foilbot.mail.match import match
    from foilbot.models import Attachment, Event, InboundMessage

    now = now or clock.now()
    today = clock.today()
    actor = settings.user
    reference_of = {v: k for k, v in index.references.items()}
    found = [
        match(
            in_reply_to=m.in_reply_to,
            references=m.references,
            subject=m.subject,
            body=m.text,
            sender=m.sender,
            index=index,
        )
        for m, _ in messages
    ]
    days = [m.day if m.day is not None and m.day <= today else today for m, _ in messages]
    events = []
    for (msg, _), hit, day in zip(messages, found, days, strict=True):
        if hit.request_id is None:
            continue
        data = reply_data(msg.message_id, msg.sender, hit.by, msg.text)
        lifecycle.check_details("reply", day, data, today=max(day, today))
        events.append(
            {
                "request_id": hit.request_id,
                "kind": "reply",
                "day": day,
                "note": msg.subject[:300],
                "data": data,
                "created_at": now,
                "removed_at": None,
                "replaced_by": None,
                "created_by": actor,
                "removed_by": "",
            }
        )
    event_ids = iter(_inserted(session, Event, events))
    rows, files = [], []
    for (msg, kept), hit, day in zip(messages, found, days, strict=True):
        event_id = next(event_ids) if hit.request_id is not None else None
        rows.append(
            {
                "message_id": msg.message_id,
                "request_id": hit.request_id,
                "event_id": event_id,
                "sender": msg.sender,
                "subject": msg.subject[:500],
                "day": day,
                "sha256": kept[0].sha256,
                "matched_by": hit.by,
                "state": "filed" if hit.request_id is not None else "unmatched",
                "suggestion": suggestion(msg) if hit.request_id is not None else {},
                "imported_at": now,
            }
        )
        if hit.request_id is not None:
            files += [
                {
                    "request_id": hit.request_id,
                    "event_id": event_id,
                    "filename": f.filename,
                    "sha256": f.sha256,
                    "size": f.size,
                    "added_at": now,
                    "added_by": actor,
                }
                for f in kept
            ]
    ids = _inserted(session, InboundMessage, rows)
    if files:
        from sqlalchemy import insert

        session.connection().execute(insert(Attachment.__table__), files)  # type: ignore[attr-defined]
    refresh(session, {h.request_id for h in found if h.request_id is not None}, settings)
    return [
        Stored(i, h.request_id, reference_of.get(h.request_id, "") if h.request_id else "", h, str(d))
        for i, h, d in zip(ids, found, days, strict=True)
    ]


def suggestion(msg: Incoming) -> dict[str, Any]:
    """What the reply probably is (foilbot.domain.replies), stored for `inbox review`."""
    from foilbot.domain.replies import suggest

    has_pdf = any(p.content_type == "application/pdf" and p.data for p in msg.parts)
    return suggest(msg.text, subject=msg.subject, auto=msg.auto, has_pdf=has_pdf, day=msg.day).as_dict()


def refresh(session: Session, request_ids: set[int], settings: Settings) -> None:
    """One recompute-and-store per request that got replies (its last event day moves), each held first
    (in id order), as a member logging a reply to it holds it: read after their commit, not before."""
    from foilbot.models import Request
    from foilbot.services.schedule import recompute

    for request_id in sorted(request_ids):
        recompute(session, session.get_one(Request, request_id, with_for_update=True), settings)
