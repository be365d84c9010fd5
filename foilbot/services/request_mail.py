"""A saved request as an email: its letter (plain text and PDF) to the agency's address.

The only module of the mail feature that calls the letter renderer, so moving rendering elsewhere
changes one import here.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from foilbot.errors import FoilbotError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.render.jobs import LetterJob, RenderOptions, Worker


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
    # The text from a warm template environment when a batch holds one (compiled once, not per letter).
    text = pdfs.text(prepared.job) if pdfs is not None else render_letter(prepared.job, options).content
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


class _Stopped(Exception):
    """Raised in the rendering thread to end its batch early (the sending stopped)."""


@dataclass
class Ready:
    """The letters of a batch, rendered as PDFs on every core (render_batch) in a thread while the
    requests already rendered are being sent; and a warm template environment for their plain text.

    `get` waits for a letter still being rendered; a letter the batch could not render (the batch
    stops at its first failure) is rendered by `compose` alone, so its failure is that request's own.
    """

    day: date
    paths: dict[int, Path]
    options: RenderOptions
    jobs: list[LetterJob] = field(default_factory=list)
    _worker: Worker | None = None
    _thread: threading.Thread | None = None
    _started: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)

    def start(self) -> Ready:
        """Start rendering; returns once the workers are running (no fork while sending goes on)."""
        if self.jobs and self._thread is None:
            self._thread = threading.Thread(target=self._render, name="foilbot-letters", daemon=True)
            self._thread.start()
            self._started.wait()
        return self

    def _render(self) -> None:
        from foilbot.render import render_batch

        def advance(_: int) -> None:
            self._started.set()
            if self._stop.is_set():
                raise _Stopped

        try:
            render_batch(self.jobs, self.options, resume=True, progress=advance)
        except BaseException:  # a letter that failed, or stopped: the rest are rendered one by one
            pass
        finally:
            self._started.set()

    def stop(self) -> None:
        """End the rendering after the letters in flight (the sending is over or was interrupted)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=60)

    def text(self, job: LetterJob) -> str:
        """The letter as plain text, as `render_letter` gives it (same checks, same template)."""
        from foilbot.render.jobs import Worker

        if self._worker is None:
            self._worker = Worker(self.options)
        text, _ = self._worker.content(replace(job, fmt="text"))
        assert isinstance(text, str)
        return text

    def get(self, request_id: int, on: date) -> bytes | None:
        """The PDF of this request for the day `on` (waiting while it is being rendered), or None."""
        path = self.paths.get(request_id)
        if on != self.day or path is None:
            return None
        while not path.is_file() and self._thread is not None and self._thread.is_alive():
            self._thread.join(0.02)
        return path.read_bytes() if path.is_file() else None


def prerender(session: Session, ids: Sequence[int], settings: Settings, *, on: date, folder: Path) -> Ready:
    """The request letters of `ids`, to be rendered into `folder` in one batch on every core
    (issue 11: about half a second a letter one by one); call `start()`, and `stop()` when done."""
    from foilbot.errors import FoilbotError
    from foilbot.render import RenderOptions
    from foilbot.render.templates import user_templates_dir
    from foilbot.services.request_letters import prepare

    options = RenderOptions(user_dir=user_templates_dir(settings.templates_dir))
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
    return Ready(on, paths, options, jobs)
