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
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
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


def _text_of(part: EmailMessage) -> str:
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # unknown charset, broken encoding
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else str(payload or "")
    return str(content)


def _body(msg: EmailMessage) -> str:
    body = msg.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    text = _text_of(body)  # type: ignore[arg-type]
    return html_to_text(text) if body.get_content_type() == "text/html" else text


_AUTO_SUBJECT = re.compile(
    r"\b(out of (the )?office|automatic reply|auto(matic)?[- ]?reply|vacation)\b", re.I
)


def read_message(raw: bytes, origin: str, *, max_part: int) -> Incoming:
    """Parse one message (bytes as received).

    Raises:
        ValidationError: the bytes are not a message at all (names `origin`).
    """
    try:
        msg = BytesParser(policy=policy.default).parsebytes(raw)
        assert isinstance(msg, EmailMessage)
        sender = next((a for _, a in getaddresses([str(msg.get("From", ""))]) if "@" in a), "")
        when = None
        if msg.get("Date"):
            try:
                when = parsedate_to_datetime(str(msg["Date"])).date()
            except (TypeError, ValueError, IndexError):
                when = None
        subject = " ".join(str(msg.get("Subject", "")).split())
        message_id = next(iter(_ids(msg.get("Message-ID"))), "")
        if not message_id:  # a message without an id is still imported once: its bytes name it
            message_id = f"<sha256-{hashlib.sha256(raw).hexdigest()[:40]}@foilbot.invalid>"
        auto_header = str(msg.get("Auto-Submitted", "no")).strip().lower()
        auto = (
            auto_header not in ("", "no")
            or bool(msg.get("X-Autoreply"))
            or bool(_AUTO_SUBJECT.search(subject))
        )
        parts: list[Part] = []
        for i, part in enumerate(msg.iter_attachments(), start=1):
            data = part.get_payload(decode=True)
            if not isinstance(data, bytes):
                continue
            ctype = part.get_content_type()
            name = safe_name(part.get_filename(), i, ctype)
            if len(data) > max_part:
                name = f"{name} (not kept: {len(data) // 1_000_000} MB, over the limit)"
                data = b""
            parts.append(Part(name, ctype, data))
        return Incoming(
            raw=raw,
            message_id=message_id,
            in_reply_to=_ids(msg.get("In-Reply-To")),
            references=_ids(msg.get("References")),
            sender=sender.lower(),
            subject=subject,
            day=when,
            text=_body(msg),
            auto=auto,
            parts=parts,
            origin=origin,
            defects=len(msg.defects),
        )
    except ValidationError:
        raise
    except Exception as exc:  # the email package raises many kinds on hostile input
        raise ValidationError(
            f"{origin}: not a readable email message ({type(exc).__name__}: {exc})"
        ) from None


def read_files(paths: list[Path], *, max_part: int) -> Iterator[Incoming | Unreadable]:
    """Every message of every file: an .eml is one message, an mbox (a `From ` first line) many."""
    for path in paths:
        try:
            with path.open("rb") as fh:
                head = fh.read(5)
        except OSError as exc:
            yield Unreadable(str(path), f"cannot read: {exc.strerror}")
            continue
        if head == b"From ":
            box = mailbox.mbox(str(path), create=False)
            try:
                for n, key in enumerate(box.iterkeys(), start=1):
                    origin = f"{path}#{n}"
                    try:
                        yield read_message(box.get_bytes(key), origin, max_part=max_part)
                    except ValidationError as exc:
                        yield Unreadable(origin, exc.message)
            finally:
                box.close()
            continue
        try:
            yield read_message(path.read_bytes(), str(path), max_part=max_part)
        except ValidationError as exc:
            yield Unreadable(str(path), exc.message)
        except OSError as exc:
            yield Unreadable(str(path), f"cannot read: {exc.strerror}")
