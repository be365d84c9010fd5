"""`inbox import` and `inbox assign`: agency replies filed with their requests as `reply` events.

Files are kept first (the message as .eml and each attachment, under their SHA-256, outside any
transaction); then one transaction records every message: matched ones as `reply` events, the others
as unmatched, to be assigned. A Message-ID is imported once (issue 11).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
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
    from foilbot.mail.parse import Incoming, Unreadable
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


KEEP_BATCH = 100


def _keep_all(messages: Sequence[Incoming], root: Path) -> list[list[Kept]]:
    return [_kept(m, root) for m in messages]


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
    from foilbot.services.inbox_filing import reply_data

    data = reply_data(row.message_id, row.sender, by, text)
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


# The largest message `inbox import` reads: three attachments' worth (base64 adds a third to each), and
# never less than 300 MB. Parsing takes about eight times a message's size in memory.
MESSAGE_TIMES, MESSAGE_FLOOR = 3, 300_000_000


def import_files(opener: Opener, paths: Sequence[Path], settings: Settings) -> list[Filed]:
    """Import every message of the files; one result per message, in file order.

    Raises:
        ValidationError: a named file does not exist.
    """
    from foilbot.mail.parse import read_files

    missing = next((p for p in paths if not p.is_file()), None)
    if missing is not None:
        raise ValidationError(f"{missing}: no such file")
    most = max(MESSAGE_TIMES * int(settings.get("inbox.max_attachment_mb")) * 1_000_000, MESSAGE_FLOOR)
    return import_messages(opener, read_files(list(paths), most), settings)


def import_messages(
    opener: Opener,
    items: Iterable[tuple[str, bytes] | Unreadable],
    settings: Settings,
    *,
    also: Callable[[Session], None] | None = None,
) -> list[Filed]:
    """Import messages given as (origin, bytes): `inbox import` and `inbox fetch` both come here.

    New messages (by Message-ID, looked up in one batch) are parsed and their files kept first,
    outside any transaction (written by a few threads while the next messages are parsed); then one
    transaction files them all (services.inbox_filing) and runs `also` (fetch records how far it
    read the folder in the same transaction).
    """
    from concurrent.futures import ThreadPoolExecutor

    from foilbot.mail.parse import Unreadable, message_id_of, read_message
    from foilbot.services.inbox_filing import file_all

    limit = int(settings.get("inbox.max_attachment_mb")) * 1_000_000
    results: list[Filed] = []
    pending: list[tuple[int, str, bytes, str]] = []
    for item in items:
        if isinstance(item, Unreadable):
            results.append(Filed(item.origin, "unreadable", detail=item.problem))
            continue
        origin, raw = item
        pending.append((len(results), origin, raw, message_id_of(raw)))
        results.append(Filed(origin, "unmatched"))
    with opener() as s:
        seen = _known_ids(s, {p[3] for p in pending})
    todo: list[tuple[int, Incoming]] = []
    root = settings.files_dir
    batches = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for position, origin, raw, message_id in pending:
            if message_id in seen:
                results[position] = Filed(origin, "duplicate", detail=f"already imported: {message_id}")
                continue
            try:
                msg = read_message(raw, origin, max_part=limit)
            except ValidationError as exc:
                results[position] = Filed(origin, "unreadable", detail=exc.message)
                continue
            seen.add(message_id)
            msg.message_id = message_id
            todo.append((position, msg))
            if len(todo) % KEEP_BATCH == 0:  # files written in batches: few thread hand-overs
                batches.append(pool.submit(_keep_all, [m for _, m in todo[-KEEP_BATCH:]], root))
        if len(todo) % KEEP_BATCH:
            batches.append(pool.submit(_keep_all, [m for _, m in todo[-(len(todo) % KEEP_BATCH) :]], root))
        kept = [files for batch in batches for files in batch.result()]
    ready = [(position, msg, files) for (position, msg), files in zip(todo, kept, strict=True)]
    with opener() as s:
        stored = file_all(s, [(m, k) for _, m, k in ready], build_index(s), settings) if ready else []
        if also is not None:
            also(s)
    for (position, msg, _), row in zip(ready, stored, strict=True):
        state, detail = ("filed", "") if row.request_id is not None else ("unmatched", row.match.why)
        results[position] = Filed(
            msg.origin, state, row.id, row.reference, row.match.by, row.day, msg.sender, msg.subject, detail
        )
    return results


def _known_ids(session: Session, ids: set[str]) -> set[str]:
    """Which of these Message-IDs were imported before (looked up in chunks, not the whole table)."""
    from sqlmodel import col, select

    from foilbot.models import InboundMessage

    wanted = sorted(ids)
    known: set[str] = set()
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        known.update(
            session.scalars(
                select(col(InboundMessage.message_id)).where(col(InboundMessage.message_id).in_(chunk))
            )
        )
    return known


def assign(opener: Opener, message: str, ident: str, settings: Settings) -> Filed:
    """File an unmatched message with a request (MESSAGE: its number in `inbox list`, or its Message-ID).

    Raises:
        NotFoundError: no such message or request.
        ValidationError: the message was already filed (says with which request).
    """
    from dataclasses import replace

    from foilbot.mail.parse import read_message
    from foilbot.services.inbox_filing import refresh, suggestion
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
