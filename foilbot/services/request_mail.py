"""A saved request as an email: its letter (plain text and PDF) to the agency's address.

The only module of the mail feature that calls the letter renderer, so moving rendering elsewhere
changes one import here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path
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


def compose(
    session: Session,
    ident: str | int,
    settings: Settings,
    *,
    on: date,
    when: datetime,
    pdfs: Ready | None = None,
) -> Outgoing:
    """The message for one saved request, with a fresh Message-ID.

    Args:
        pdfs: letters rendered beforehand for this day (`prerender`); the PDF is taken from there
            when it holds this request's, else rendered here.

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
    ready = pdfs.get(prepared.request_id, on) if pdfs is not None else None
    pdf = ready if ready is not None else render_letter(replace(prepared.job, fmt="pdf"), options).content
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


@dataclass
class Ready:
    """Request letters rendered as PDFs before a batch is sent, on every core (render_batch)."""

    day: date
    paths: dict[int, Path]

    def get(self, request_id: int, on: date) -> bytes | None:
        """The PDF of this request for the day `on`, or None (not rendered, or rendered for another day)."""
        path = self.paths.get(request_id)
        if on != self.day or path is None or not path.is_file():
            return None
        return path.read_bytes()


def prerender(session: Session, ids: Sequence[int], settings: Settings, *, on: date, folder: Path) -> Ready:
    """Render the request letters of `ids` into `folder` in one batch on every core (issue 11: about
    half a second a letter one by one). A letter the batch cannot render is left out: `compose`
    renders it alone, and its failure is that request's own (the batch goes on)."""
    from foilbot.errors import FoilbotError
    from foilbot.render import RenderOptions, render_batch
    from foilbot.render.templates import user_templates_dir
    from foilbot.services.request_letters import prepare

    jobs, paths = [], {}
    for request_id in ids:
        try:
            prepared = prepare(
                session, request_id, "request", settings, on=on, out=folder / f"{request_id}.pdf"
            )
        except FoilbotError:
            continue
        jobs.append(prepared.job)
        paths[prepared.request_id] = folder / f"{request_id}.pdf"
    if jobs:
        options = RenderOptions(user_dir=user_templates_dir(settings.templates_dir))
        # On a failure the letters written so far are kept (resume); the rest are rendered one by one.
        with contextlib.suppress(FoilbotError):
            render_batch(jobs, options, resume=True)
    return Ready(on, paths)
