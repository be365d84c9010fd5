"""Reading agency replies from .eml and mbox files, safely: nothing in a message is obeyed.

HTML is reduced to text by the standard library's parser (never rendered, nothing fetched); file
names are kept only as labels (files are stored under their hash); a message that cannot be parsed
is reported by file and position, never a traceback (issue 11).
"""

from __future__ import annotations

import hashlib
import html.parser
import mailbox
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from email.errors import HeaderParseError
from email.header import decode_header, make_header
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from foilbot.errors import ValidationError

MAX_NAME = 120
_MSGID = re.compile(r"<[^<>\s]+>")


@dataclass(frozen=True)
class Part:
    filename: str  # a label only: sanitised, never used as a path
    content_type: str
    data: bytes


@dataclass
class Incoming:
    """One message as foilbot reads it."""

    raw: bytes
    message_id: str
    in_reply_to: tuple[str, ...]
    references: tuple[str, ...]
    sender: str  # the bare address, lower-cased
    subject: str
    day: date | None
    text: str
    auto: bool  # an automatic reply (RFC 3834 Auto-Submitted, or a vacation/out-of-office notice)
    parts: list[Part] = field(default_factory=list)
    origin: str = ""  # FILE or FILE#N, for messages
    defects: int = 0


@dataclass(frozen=True)
class Unreadable:
    origin: str
    problem: str


class _Text(html.parser.HTMLParser):
    """Visible text of an HTML body; scripts, styles and every URL ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self._skip += 1
        elif tag in ("br", "p", "div", "tr", "li", "h1", "h2", "h3", "blockquote"):
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.out.append(data)


def html_to_text(markup: str) -> str:
    parser = _Text()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # HTMLParser is lenient; whatever it still refuses, drop the markup
        return re.sub(r"<[^>]*>", " ", markup)
    lines = (" ".join(line.split()) for line in "".join(parser.out).splitlines())
    return "\n".join(line for line in lines if line)


def safe_name(name: str | None, index: int, content_type: str) -> str:
    """A label for an attachment: the last path part, printable, short; `../../x` becomes `x`."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '<>:"|?*').strip(" .")
    if not base:
        ext = {"application/pdf": ".pdf", "text/plain": ".txt", "text/html": ".html"}.get(
            content_type, ".bin"
        )
        base = f"attachment-{index}{ext}"
    if len(base) > MAX_NAME:
        stem, dot, ext = base.rpartition(".")
        base = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot and len(ext) < 10 else base[:MAX_NAME]
    return base


def _ids(value: object) -> tuple[str, ...]:
    return tuple(_MSGID.findall(str(value or "")))


def _header(msg: Message, name: str) -> str:
    """A header as text (RFC 2047 encoded words decoded), on one line."""
    value = msg.get(name)
    if value is None:
        return ""
    try:
        text = str(make_header(decode_header(str(value))))
    except (LookupError, ValueError, HeaderParseError):
        text = str(value)
    return " ".join(text.split())


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, "replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", "replace")


def _is_attachment(part: Message) -> bool:
    disposition = str(part.get("Content-Disposition", ""))
    if "name" not in disposition.lower() and "name" not in str(part.get("Content-Type", "")).lower():
        # No file name anywhere (the parameter parsing below is the slow part of a large mailbox).
        return disposition.split(";")[0].strip().lower() == "attachment"
    kind = disposition.split(";")[0].strip().lower()
    return kind == "attachment" or bool(part.get_param("name")) or bool(part.get_filename())


_AUTO_SUBJECT = re.compile(
    r"\b(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|vacation)\b", re.I
)


def _parse(raw: bytes, origin: str, max_part: int) -> Incoming:
    # compat32 is several times faster than policy.default on large mailboxes; headers are decoded here.
    msg = BytesParser(policy=compat32).parsebytes(raw)
    if not msg.keys():  # an empty file, random bytes: no From, no Subject, nothing to file (issue 9)
        raise ValidationError(f"{origin}: not an email message: it has no header (From, Subject, Date…)")
    sender = next((a for _, a in getaddresses([_header(msg, "From")]) if "@" in a), "")
    when = None
    if msg.get("Date"):
        try:
            when = parsedate_to_datetime(str(msg["Date"])).date()
        except (TypeError, ValueError, IndexError, OverflowError):
            when = None
    subject = _header(msg, "Subject")
    message_id = next(iter(_ids(msg.get("Message-ID"))), "")
    if not message_id:  # a message without an id is still imported once: its bytes name it
        message_id = f"<sha256-{hashlib.sha256(raw).hexdigest()[:40]}@foilbot.invalid>"
    auto_header = str(msg.get("Auto-Submitted", "no")).strip().lower()
    auto = (
        auto_header not in ("", "no") or bool(msg.get("X-Autoreply")) or bool(_AUTO_SUBJECT.search(subject))
    )
    plain = html = None
    parts: list[Part] = []
    defects = len(msg.defects)
    for part in msg.walk():
        defects += len(part.defects) if part is not msg else 0
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        if ctype not in ("text/plain", "text/html") or _is_attachment(part):
            data = part.get_payload(decode=True)
            if not isinstance(data, bytes) or part is msg and ctype.startswith("text/"):
                continue
            name = safe_name(_filename(part), len(parts) + 1, ctype)
            if len(data) > max_part:
                name, data = f"{name} (not kept: {len(data) // 1_000_000} MB, over the limit)", b""
            parts.append(Part(name, ctype, data))
        elif ctype == "text/plain" and plain is None:
            plain = _decoded(part)
        elif ctype == "text/html" and html is None:
            html = _decoded(part)
    text = plain if plain is not None else html_to_text(html) if html is not None else ""
    return Incoming(
        raw=raw,
        message_id=message_id,
        in_reply_to=_ids(msg.get("In-Reply-To")),
        references=_ids(msg.get("References")),
        sender=sender.lower(),
        subject=subject,
        day=when,
        text=text,
        auto=auto,
        parts=parts,
        origin=origin,
        defects=defects,
    )


def _filename(part: Message) -> str | None:
    name = part.get_filename() or part.get_param("name")
    if not isinstance(name, str):
        return None
    try:
        return str(make_header(decode_header(name)))
    except (LookupError, ValueError, HeaderParseError):
        return name


_HEADER_END = re.compile(rb"\r?\n\r?\n")
# The first Message-ID header, with its folded continuation lines (RFC 5322 § 2.2.3).
_MESSAGE_ID_HEADER = re.compile(rb"^message-id[ \t]*:(.*(?:\r?\n[ \t].*)*)", re.IGNORECASE | re.MULTILINE)


def message_id_of(raw: bytes) -> str:
    """The Message-ID from the header block alone, found without parsing the message (a mailbox of
    thousands is checked for duplicates quickly); the same id `read_message` gives."""
    end = _HEADER_END.search(raw)
    head = raw[: end.start()] if end else raw
    header = _MESSAGE_ID_HEADER.search(head)
    value = header.group(1).decode("ascii", "replace") if header else ""
    found = next(iter(_ids(value)), "")
    return found or f"<sha256-{hashlib.sha256(raw).hexdigest()[:40]}@foilbot.invalid>"


def read_message(raw: bytes, origin: str, *, max_part: int) -> Incoming:
    """Parse one message (bytes as received).

    Raises:
        ValidationError: the bytes are not a message at all (names `origin`).
    """
    try:
        return _parse(raw, origin, max_part)
    except ValidationError:
        raise
    except Exception as exc:  # the email package raises many kinds on hostile input
        raise ValidationError(
            f"{origin}: not a readable email message ({type(exc).__name__}: {exc})"
        ) from None


def read_files(paths: list[Path], max_bytes: int) -> Iterator[tuple[str, bytes] | Unreadable]:
    """Every message of every file as (origin, bytes): an .eml is one message, an mbox (a `From `
    first line) many; origin is FILE or FILE#N. A message over `max_bytes` is reported unreadable with
    its size, never read whole (an 800 MB message took 6.9 GB of memory to parse)."""

    def too_big(origin: str, size: int) -> Unreadable:
        return Unreadable(
            origin,
            f"{size / 1e6:.0f} MB, more than the {max_bytes / 1e6:.0f} MB a message may be "
            "(300 MB, or three times inbox.max_attachment_mb)",
        )

    for path in paths:
        try:
            with path.open("rb") as fh:
                head = fh.read(5)
                if head != b"From ":
                    fh.seek(0)
                    raw = fh.read(max_bytes + 1)
                    yield (
                        (str(path), raw) if len(raw) <= max_bytes else too_big(str(path), path.stat().st_size)
                    )
                    continue
            box = mailbox.mbox(str(path), create=False)
            try:
                for n, key in enumerate(box.iterkeys(), start=1):
                    with box.get_file(key) as message:
                        raw = message.read(max_bytes + 1)
                        size = len(raw) + sum(map(len, iter(lambda: message.read(1 << 20), b"")))
                    yield (f"{path}#{n}", raw) if size <= max_bytes else too_big(f"{path}#{n}", size)
            finally:
                box.close()
        except OSError as exc:
            yield Unreadable(str(path), f"cannot read: {exc.strerror or exc}")
