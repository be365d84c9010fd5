"""`inbox import` and `inbox assign`: agency replies filed with their requests as `reply` events.

Files are kept first (the message as .eml and each attachment, under their SHA-256, outside any
transaction); then one transaction records every message: matched ones as `reply` events, the others
as unmatched, to be assigned. A Message-ID is imported once (issue 11).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot import clock
from foilbot.errors import NotFoundError, ValidationError
from foilbot.services.attachments import Kept, keep_bytes, stored_path

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.mail.match import Index
    from foilbot.mail.parse import Incoming
    from foilbot.models import InboundMessage

Opener = Callable[[], AbstractContextManager["Session"]]
KEYS = ("id", "state", "reference", "matched_by", "day", "sender", "subject", "origin", "detail")


@dataclass(frozen=True)
class Filed:
    origin: str
    state: str  # filed | unmatched | duplicate | unreadable
    id: int | None = None
    reference: str = ""
    matched_by: str = ""
    day: str = ""
    sender: str = ""
    subject: str = ""
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in KEYS}


def _kept(msg: Incoming, root: Path) -> list[Kept]:
    """The message itself first, then its attachments (named by their sanitised labels)."""
    from dataclasses import replace

    files = [replace(keep_bytes(msg.raw, root), filename="message.eml")]
    files += [replace(keep_bytes(p.data, root), filename=p.filename) for p in msg.parts if p.data]
    return files


def suggestion(msg: Incoming) -> dict[str, Any]:
    """What the reply probably is (foilbot.domain.replies), stored for `inbox review`."""
    from foilbot.domain.replies import suggest

    has_pdf = any(p.content_type == "application/pdf" and p.data for p in msg.parts)
    return suggest(msg.text, subject=msg.subject, auto=msg.auto, has_pdf=has_pdf, day=msg.day).as_dict()


def build_index(session: Session) -> Index:
    from foilbot.domain.vocabulary import FINISHED
    from foilbot.mail.match import Index
    from foilbot.queries import Reader

    db = Reader(session)
    refs = {str(r["reference"]).upper(): int(r["id"]) for r in db.rows("SELECT id, reference FROM request")}
    ids = {
        str(r["message_id"]): int(r["request_id"])
        for r in db.rows(
            "SELECT message_id, request_id FROM outbound_message UNION ALL "
            "SELECT message_id, request_id FROM inbound_message WHERE request_id IS NOT NULL"
        )
    }
    by_address: dict[str, list[int]] = {}
    by_domain: dict[str, list[int]] = {}
    rows = db.rows(
        "SELECT r.id, r.status, lower(a.email) AS email FROM request r JOIN agency a ON a.id = r.agency_id "
        "WHERE a.email != '' AND r.sent_on IS NOT NULL"
    )
    for r in rows:
        if r["status"] in FINISHED:
            continue
        by_address.setdefault(r["email"], []).append(int(r["id"]))
        by_domain.setdefault(str(r["email"]).rpartition("@")[2], []).append(int(r["id"]))
    return Index(refs, ids, by_address, by_domain)


def _day(msg: Incoming) -> Any:
    today = clock.today()
    return msg.day if msg.day is not None and msg.day <= today else today


MAX_TEXT = 20_000  # characters of the body kept in the event (the whole message is in message.eml)


def _file_reply(
    session: Session,
    row: InboundMessage,
    request_id: int,
    files: Sequence[Kept],
    by: str,
    text: str,
) -> str:
    """Add the `reply` event and its files; the caller recomputes each request once (see `refresh`).

    A reply is history the deadline engine reads as a note and the lifecycle accepts anywhere
    (foilbot.domain.status), so it needs no per-event check or recompute: an mbox of thousands of
    replies recomputes each request once, not once per message.
    """
    from foilbot.domain import status as lifecycle
    from foilbot.models import Attachment, Event, Request

    data = {"message_id": row.message_id, "from": row.sender, "matched_by": by, "text": text[:MAX_TEXT]}
    lifecycle.check_details("reply", row.day, data, today=max(row.day, clock.today()))
    now = clock.now()
    event = Event(
        request_id=request_id, kind="reply", day=row.day, note=row.subject[:300], data=data, created_at=now
    )
    session.add(event)
    session.flush()
    session.add_all(
        Attachment(
            request_id=request_id,
            event_id=event.id,
            filename=f.filename,
            sha256=f.sha256,
            size=f.size,
            added_at=now,
        )
        for f in files
    )
    row.request_id, row.event_id, row.matched_by, row.state = request_id, event.id, by, "filed"
    session.add(row)
    return session.get_one(Request, request_id).reference


def refresh(session: Session, request_ids: set[int], settings: Settings) -> None:
    """One recompute-and-store per request that got replies (its last event day moves)."""
    from foilbot.models import Request
    from foilbot.services.schedule import recompute

    for request_id in sorted(request_ids):
        recompute(session, session.get_one(Request, request_id), settings)


def import_files(opener: Opener, paths: Sequence[Path], settings: Settings) -> list[Filed]:
    """Import every message of the files; one result per message, in file order.

    Raises:
        ValidationError: a named file does not exist.
    """
    from foilbot.mail.match import match
    from foilbot.mail.parse import Unreadable, message_id_of, read_files, read_message
    from foilbot.models import InboundMessage

    missing = next((p for p in paths if not p.is_file()), None)
    if missing is not None:
        raise ValidationError(f"{missing}: no such file")
    limit = int(settings.get("inbox.max_attachment_mb")) * 1_000_000
    with opener() as s:
        from sqlmodel import col, select

        seen = set(s.scalars(select(col(InboundMessage.message_id))))
    results: list[Filed] = []
    todo: list[tuple[int, Incoming, list[Kept]]] = []
    for item in read_files(list(paths)):
        if isinstance(item, Unreadable):
            results.append(Filed(item.origin, "unreadable", detail=item.problem))
            continue
        origin, raw = item
        message_id = message_id_of(raw)
        if message_id in seen:
            results.append(Filed(origin, "duplicate", detail=f"already imported: {message_id}"))
            continue
        try:
            msg = read_message(raw, origin, max_part=limit)
        except ValidationError as exc:
            results.append(Filed(origin, "unreadable", detail=exc.message))
            continue
        seen.add(message_id)
        msg.message_id = message_id
        todo.append((len(results), msg, _kept(msg, settings.files_dir)))
        results.append(Filed(origin, "unmatched"))
    now = clock.now()
    touched: set[int] = set()
    with opener() as s:
        index = build_index(s)
        for position, msg, files in todo:
            found = match(
                in_reply_to=msg.in_reply_to,
                references=msg.references,
                subject=msg.subject,
                body=msg.text,
                sender=msg.sender,
                index=index,
            )
            row = InboundMessage(
                message_id=msg.message_id,
                sender=msg.sender,
                subject=msg.subject[:500],
                day=_day(msg),
                sha256=files[0].sha256,
                imported_at=now,
                state="unmatched",
                suggestion=suggestion(msg) if found.request_id is not None else {},
            )
            s.add(row)
            s.flush()
            reference, state, detail = "", "unmatched", found.why
            if found.request_id is not None:
                reference = _file_reply(s, row, found.request_id, files, found.by, msg.text)
                touched.add(found.request_id)
                state, detail = "filed", ""
            results[position] = Filed(
                msg.origin, state, row.id, reference, found.by, str(row.day), msg.sender, msg.subject, detail
            )
        refresh(s, touched, settings)
    return results


def assign(opener: Opener, message: str, ident: str, settings: Settings) -> Filed:
    """File an unmatched message with a request (MESSAGE: its number in `inbox list`, or its Message-ID).

    Raises:
        NotFoundError: no such message or request.
        ValidationError: the message was already filed (says with which request).
    """
    from dataclasses import replace

    from foilbot.mail.parse import read_message
    from foilbot.services.requests import get_request

    with opener() as s:
        row = inbound(s, message)
        if row.request_id is not None:
            raise ValidationError(f"message {row.id} is already filed with request {row.request_id}")
        sha = row.sha256
    raw = stored_path(settings.files_dir, sha).read_bytes()
    limit = int(settings.get("inbox.max_attachment_mb")) * 1_000_000
    msg = read_message(raw, f"message {message}", max_part=limit)
    files = [replace(keep_bytes(raw, settings.files_dir), filename="message.eml")]
    files += [
        replace(keep_bytes(p.data, settings.files_dir), filename=p.filename) for p in msg.parts if p.data
    ]
    with opener() as s:
        row = inbound(s, message)
        row.suggestion = suggestion(msg)
        req = get_request(s, ident)
        reference = _file_reply(s, row, int(req.id or 0), files, "assigned", msg.text)
        refresh(s, {int(req.id or 0)}, settings)
        return Filed(
            f"message {row.id}", "filed", row.id, reference, "assigned", str(row.day), row.sender, row.subject
        )


def inbound(session: Session, message: str) -> InboundMessage:
    from sqlmodel import col, select

    from foilbot.domain.text import row_id
    from foilbot.models import InboundMessage

    key = message.strip()
    number = row_id(key)
    stmt = select(InboundMessage).where(
        col(InboundMessage.id) == number if number is not None else col(InboundMessage.message_id) == key
    )
    row = session.scalars(stmt).first()
    if row is None:
        raise NotFoundError(f"no imported message {message!r}", hint="foilbot inbox list --all")
    return row


def listing(session: Session, *, everything: bool = False) -> list[dict[str, Any]]:
    """Imported messages, unmatched ones only unless `everything`."""
    from foilbot.queries import Reader, as_date

    sql = (
        "SELECT m.id, m.state, r.reference, m.matched_by, m.day, m.sender, m.subject, m.message_id "
        "FROM inbound_message m LEFT JOIN request r ON r.id = m.request_id"
    )
    if not everything:
        sql += " WHERE m.state = 'unmatched'"
    rows = Reader(session).rows(sql + " ORDER BY m.day, m.id")
    return [{**dict(r), "day": as_date(r["day"]), "reference": r["reference"] or ""} for r in rows]
