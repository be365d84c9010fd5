"""Rendering one letter (PDF, text, HTML) or an appeal packet, written atomically when asked.

Callers (the CLI, the request and campaign services) map their rows to the plain dataclasses of
foilbot.render.context; nothing here touches the database. Files are written to a temporary name in
the target folder and renamed into place, so a reader never sees half a letter.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from foilbot.errors import FoilbotError, RenderError, UsageError, ValidationError
from foilbot.files import read_bounded, write_atomic
from foilbot.render.context import LetterContext
from foilbot.render.rules import appeal_checks, check_public, letter_warnings
from foilbot.render.templates import Letters

FORMATS = ("pdf", "text", "html")
PACKET_EXHIBIT_LIMIT = 100_000_000  # bytes of a denial PDF read for an appeal packet (issue 9)


@dataclass(frozen=True)
class LetterJob:
    """One letter to render: which template, with what context, in which format, to which file."""

    template: str
    context: LetterContext
    fmt: str = "pdf"
    out: Path | None = None
    force: bool = False  # write a request to an agency marked not public


@dataclass(frozen=True)
class Rendered:
    job: LetterJob
    path: Path | None
    content: str | bytes | None
    warnings: tuple[str, ...] = ()


@dataclass
class RenderOptions:
    """Where templates come from and how PDFs are made (same for every letter of a batch)."""

    user_dir: Path | None = None
    shipped_dir: Path | None = None
    pdf_variant: str | None = None
    signatures: tuple[Path, ...] = field(default_factory=tuple)


class Worker:
    """Renders jobs with one warm environment and PDF renderer (one per process)."""

    def __init__(self, options: RenderOptions):
        self.letters = Letters(options.user_dir, options.shipped_dir)
        self.options = options
        self._pdf: Any = None

    def pdf(self) -> Any:
        if self._pdf is None:
            from foilbot.render.pdf import PdfRenderer

            self._pdf = PdfRenderer(
                roots=self.letters.dirs,
                stylesheet=self.letters.stylesheet(),
                pdf_variant=self.options.pdf_variant,
            )
            for signature in self.options.signatures:
                check_signature(signature)
            self._pdf.fetcher.files = frozenset(p.resolve() for p in self.options.signatures)
        return self._pdf

    def content(self, job: LetterJob) -> tuple[str | bytes, tuple[str, ...]]:
        from foilbot.render.pdf import metadata_time

        kind = self.letters.info(job.template).kind
        law = job.context.law
        if kind == "request":
            check_public(job.context.agency, law, force=job.force)
        if kind in ("followup", "appeal"):
            appeal_checks(kind, job.template, law, job.context)
        warnings = tuple(letter_warnings(kind, law, job.context))
        if job.fmt == "text":
            return self.letters.render_text(job.template, job.context), warnings
        if job.fmt == "html":
            return self.letters.render_html(job.template, job.context, inline_css=True), warnings
        if job.fmt != "pdf":
            raise UsageError(f"unknown format {job.fmt!r}; use one of {', '.join(FORMATS)}")
        ctx = replace(job.context, created=metadata_time(job.context.created))
        html = self.letters.render_html(job.template, ctx)
        renderer = self.pdf()
        data = renderer.render(html, self.letters.info(job.template).path.parent)
        if renderer.clipped:
            agency = job.context.agency
            raise ValidationError(
                f"{agency.name} ({agency.id or 'agency'}): the address does not fit the window of a #10 "
                "envelope (at most 6 lines of 3.9 inches); it would be cut off in the letter",
                hint="Shorten the name, the records officer or the street lines in the directory "
                "(foilbot agency import), then print again.",
            )
        if renderer.refused:
            warnings += (f"{job.template}: refused to load {', '.join(renderer.refused)}",)
        return data, warnings


def _write_atomic(path: Path, data: str | bytes) -> Path:
    try:
        return write_atomic(path, data)
    except FoilbotError as exc:
        raise RenderError(exc.message, hint=exc.hint) from None


# What a signature image starts with: PNG and JPEG, as docs/reference/configuration.md says.
_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def check_signature(path: Path) -> None:
    """Refuse a signature that is not a PNG or JPEG file (issue 9: a text file printed its alt text,
    "Signature of …", in the letter instead of an image).

    Raises:
        RenderError: the file is missing, unreadable, or not a PNG or JPEG image.
    """
    hint = "Fix requester.signature in foilbot.toml (a PNG or JPEG), or leave it empty for a signature line."
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise RenderError(f"signature image {path}: cannot read: {exc.strerror or exc}", hint=hint) from None
    if not head.startswith(_IMAGE_MAGIC):
        raise RenderError(f"signature image {path}: not a PNG or JPEG image", hint=hint)


def render_letter(job: LetterJob, options: RenderOptions | None = None) -> Rendered:
    """Render one letter; written to `job.out` atomically when given, else returned as content.

    Raises:
        TemplateError, UsageError, RenderError, FoilbotError (an appeal the law does not provide).
    """
    options = options or RenderOptions()
    signature = job.context.requester.signature
    if signature and job.fmt == "pdf":
        options = replace(options, signatures=(*options.signatures, Path(signature).expanduser()))
        if not Path(signature).expanduser().is_file():
            raise RenderError(
                f"signature image not found: {signature}",
                hint="Fix requester.signature in foilbot.toml, or leave it empty for a signature line.",
            )
    data, warnings = Worker(options).content(job)
    if job.out is None:
        return Rendered(job, None, data, warnings)
    return Rendered(job, _write_atomic(job.out, data), None, warnings)


def appeal_packet(
    appeal: LetterJob,
    request: LetterJob,
    denial_pdf: Path | None,
    out: Path,
    options: RenderOptions | None = None,
) -> Rendered:
    """The appeal letter, then the original request (Exhibit A) and the agency's denial (Exhibit B)."""
    from foilbot.render.filters import long_date
    from foilbot.render.pdf import Exhibit, metadata_time
    from foilbot.render.pdf import appeal_packet as build

    denial = None
    if denial_pdf is not None:  # read first: a bad --packet fails before any rendering
        try:
            denial = read_bounded(denial_pdf, PACKET_EXHIBIT_LIMIT, "--packet")
        except FoilbotError as exc:
            raise RenderError(exc.message, hint=exc.hint) from None
    options = options or RenderOptions()
    worker = Worker(options)
    appeal_pdf, warnings = worker.content(replace(appeal, fmt="pdf"))
    request_pdf, _ = worker.content(replace(request, fmt="pdf"))
    history = appeal.context.history
    assert history is not None
    assert isinstance(request_pdf, bytes) and isinstance(appeal_pdf, bytes)
    exhibits = [Exhibit("Exhibit A", f"Request dated {long_date(history.sent_on)}", request_pdf)]
    if denial is not None:
        when = f" dated {long_date(history.denied_on)}" if history.denied_on else ""
        exhibits.append(Exhibit("Exhibit B", f"The agency's denial{when}", denial))
    ctx = appeal.context
    data = build(
        appeal_pdf,
        exhibits,
        worker.pdf(),
        worker.letters.shipped_dir,
        reference=ctx.request.reference,
        title=f"{ctx.law.short_name} appeal {ctx.request.reference}".strip(),
        author=ctx.requester.name,
        when=metadata_time(ctx.created),
    )
    return Rendered(appeal, _write_atomic(out, data), None, warnings)
