"""A saved request as an email: its letter (plain text and PDF) to the agency's address.

The only module of the mail feature that calls the letter renderer, so moving rendering elsewhere
changes one import here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING

from foilbot.errors import FoilbotError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings


@dataclass(frozen=True)
class Outgoing:
    request_id: int
    reference: str
    recipient: str
    sender: str
    message: EmailMessage


def from_address(settings: Settings) -> str:
    """smtp.from_address, else requester.email.

    Raises:
        FoilbotError: neither is set.
    """
    address = str(settings.get("smtp.from_address")) or settings.requester.email
    if not address:
        raise FoilbotError(
            "no From address for sending", hint="Set smtp.from_address (or requester.email) in foilbot.toml."
        )
    return address


def compose(session: Session, ident: str | int, settings: Settings, *, on: date, when: datetime) -> Outgoing:
    """The message for one saved request, with a fresh Message-ID.

    Raises:
        FoilbotError: the agency has no email address (says how to add one); rendering failed.
    """
    from foilbot.mail.compose import new_message_id, request_message, subject_line
    from foilbot.render import RenderOptions, render_letter
    from foilbot.render.templates import user_templates_dir
    from foilbot.services.request_letters import prepare

    prepared = prepare(session, ident, "request", settings, on=on, fmt="text")
    ctx = prepared.job.context
    recipient, agency_id = ctx.agency.email, ctx.agency.id
    if not recipient:
        raise FoilbotError(
            f"{prepared.reference}: {agency_id} has no email address; not sent",
            hint=f"Add it: foilbot agency set {agency_id} --email ADDRESS (or send it by mail or portal).",
        )
    options = RenderOptions(user_dir=user_templates_dir(settings.templates_dir))
    text = render_letter(prepared.job, options).content
    pdf = render_letter(replace(prepared.job, fmt="pdf"), options).content
    assert isinstance(text, str) and isinstance(pdf, bytes)
    sender = from_address(settings)
    message = request_message(
        sender=sender,
        sender_name=settings.requester.name,
        recipient=recipient,
        subject=subject_line(ctx.law.short_name, ctx.request.subject, prepared.reference),
        body=text,
        pdf=pdf,
        pdf_name=f"{prepared.reference}.pdf",
        message_id=new_message_id(sender),
        when=when,
    )
    return Outgoing(prepared.request_id, prepared.reference, recipient, sender, message)
