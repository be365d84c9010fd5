"""A request as an email: the letter as the plain-text body, its PDF attached, one Message-ID."""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

# What a sent message carries (and an .eml keeps): never a password, never a Bcc.
MAX_SUBJECT = 200


def one_line(text: str) -> str:
    """Header text on one line: CR/LF and other control characters cannot start a new header."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def new_message_id(from_address: str) -> str:
    """A fresh Message-ID on the sender's domain (`<…@example.org>`), recorded before sending."""
    domain = from_address.rpartition("@")[2] or "foilbot.invalid"
    return make_msgid(domain=domain)


def subject_line(law_short_name: str, subject: str, reference: str) -> str:
    """'<law> request: <subject> [<reference>]': the reference lets replies find their request."""
    about = one_line(subject) or "public records"
    if len(about) > MAX_SUBJECT:
        about = about[: MAX_SUBJECT - 1] + "…"
    return f"{one_line(law_short_name)} request: {about} [{reference}]"


def request_message(
    *,
    sender: str,
    sender_name: str,
    recipient: str,
    subject: str,
    body: str,
    pdf: bytes,
    pdf_name: str,
    message_id: str,
    when: datetime,
) -> EmailMessage:
    """The message as it is sent and kept (CRLF line endings, as SMTP wants them)."""
    from email.headerregistry import Address

    msg = EmailMessage(policy=policy.SMTP)
    name = one_line(sender_name)
    msg["From"] = Address(display_name=name, addr_spec=sender) if name else sender
    msg["To"] = recipient
    msg["Subject"] = subject
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "no"  # a person's request, not an automatic message (RFC 3834)
    msg.set_content(body if body.endswith("\n") else body + "\n")
    msg.add_attachment(pdf, maintype="application", subtype="pdf", filename=pdf_name)
    return msg
