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
        self.letters = _warm_letters(options.user_dir, options.shipped_dir)
        self.options = options
        self._pdf: Any = None

    def pdf(self) -> Any:
        if self._pdf is None:
            for signature in self.options.signatures:
                check_signature(signature)
            self._pdf = _warm_renderer(self.letters.dirs, self.letters.stylesheet(), self.options)
        return self._pdf

    def content(self, job: LetterJob, *, page_css: str = "") -> tuple[str | bytes, tuple[str, ...]]:
        """The letter in its format, and its warnings.

        Args:
            page_css: extra CSS for a PDF's pages (an appeal packet numbers them through the packet).
        """
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
        if page_css:
            html = html.replace("</head>", f"<style>{page_css}</style></head>", 1)
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
        if renderer.letterhead_clipped:
            raise ValidationError(
                "the letterhead (requester name, organization, address lines, phone and email) does not "
                "fit its 1.05 inches; its last line would be cut off in the letter",
                hint="Shorten [requester] in foilbot.toml: five lines fit under the name (the organization, "
                "the address lines, and phone and email together on one), each on one line.",
            )
        if renderer.refused:
            warnings += (f"{job.template}: refused to load {', '.join(renderer.refused)}",)
        return data, warnings


def packet_page_css(first: int, total: int) -> str:
    """CSS numbering a document's pages as part of a packet: its first page is `first` of `total`.

    The footer sits in the page margin, so the numbers change nothing else in the layout (issue 9).
    """
    return (
        f"@page :first {{ counter-reset: page {first} }} "
        f'@page {{ @bottom-right {{ content: "Page " counter(page) " of {total}" }} }}'
    )


def _page_count(pdf: bytes | str, what: str = "") -> int:
    """Pages of a PDF; `what` names an exhibit that may not be a PDF at all (a bad --packet file)."""
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    assert isinstance(pdf, bytes)
    try:
        return len(PdfReader(io.BytesIO(pdf)).pages)
    except (PdfReadError, ValueError, OSError) as exc:
        raise RenderError(f"{what} is not a readable PDF: {exc}") from None


_LETTERS: dict[tuple[Any, ...], Letters] = {}  # this process's template sets (see _warm_letters)


def _warm_letters(user_dir: Path | None, shipped_dir: Path | None) -> Letters:
    """The process's templates for these folders, compiled once and reused while no file changes.

    `request send` renders each request twice (text and PDF) and `request letters` one letter after
    another: compiling the templates again for each letter cost more than laying out its text. The
    key is every file under the folders with its size and modification time, so an edited, added or
    removed template is read again.
    """
    letters = Letters(user_dir, shipped_dir)
    files: list[tuple[str, int, int]] = []
    for folder in letters.dirs:
        for path in sorted(folder.rglob("*")):
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((str(path), stat.st_size, stat.st_mtime_ns))
    key = (letters.dirs, tuple(files))
    if key not in _LETTERS:
        if len(_LETTERS) >= 4:
            _LETTERS.clear()
        _LETTERS[key] = letters
    return _LETTERS[key]


_RENDERERS: dict[tuple[Any, ...], Any] = {}  # warm PDF renderers of this process (see _warm_renderer)


def _warm_renderer(dirs: tuple[Path, ...], stylesheet: Path, options: RenderOptions) -> Any:
    """The process's PDF renderer for these folders, stylesheet and options, made once and reused.

    Parsing the stylesheet and setting up fonts costs more than a short letter's layout, and
    `request send` or `request letters` render one letter after another in one process. The key
    holds the stylesheet's size and modification time, so an edited stylesheet is read again; the
    templates themselves are read by each Worker's own Letters, as before.
    """
    from foilbot.render.pdf import PdfRenderer

    try:
        stat = stylesheet.stat()
    except OSError:
        stat = None
    signatures = frozenset(p.resolve() for p in options.signatures)
    key = (dirs, stylesheet, stat and (stat.st_size, stat.st_mtime_ns), options.pdf_variant, signatures)
    renderer = _RENDERERS.get(key)
    if renderer is None:
        renderer = PdfRenderer(roots=dirs, stylesheet=stylesheet, pdf_variant=options.pdf_variant)
        renderer.fetcher.files = signatures
        if len(_RENDERERS) >= 4:
            _RENDERERS.clear()
        _RENDERERS[key] = renderer
    return renderer


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
        RenderError: the file is missing, unreadable, not a PNG or JPEG image, or damaged.
    """
    hint = "Fix requester.signature in foilbot.toml (a PNG or JPEG), or leave it empty for a signature line."
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise RenderError(f"signature image {path}: cannot read: {exc.strerror or exc}", hint=hint) from None
    if not head.startswith(_IMAGE_MAGIC):
        raise RenderError(f"signature image {path}: not a PNG or JPEG image", hint=hint)
    from PIL import Image

    try:  # decoded whole: a damaged file (a cut-off PNG) also printed the alt text instead
        with Image.open(path) as image:
            image.load()
    except Exception as exc:  # noqa: BLE001 - Pillow raises OSError, SyntaxError, ValueError and its own
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RenderError(
            f"signature image {path}: damaged, it cannot be decoded ({reason})", hint=hint
        ) from None


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
    appeal, request = replace(appeal, fmt="pdf"), replace(request, fmt="pdf")
    # Pages are numbered through the packet ("Page 3 of 7"): count each part, then print the letters
    # and covers again with their place in it. The agency's denial is counted, never written on.
    appeal_pages = _page_count(worker.content(appeal)[0])
    request_pages = _page_count(worker.content(request)[0])
    denial_pages = _page_count(denial, f"--packet {denial_pdf}") if denial is not None else 0
    total = appeal_pages + 1 + request_pages + (1 + denial_pages if denial is not None else 0)
    first_b = appeal_pages + 1 + request_pages + 1
    appeal_pdf, warnings = worker.content(appeal, page_css=packet_page_css(1, total))
    request_pdf, _ = worker.content(request, page_css=packet_page_css(appeal_pages + 2, total))
    history = appeal.context.history
    assert history is not None
    assert isinstance(request_pdf, bytes) and isinstance(appeal_pdf, bytes)
    cover_a = packet_page_css(appeal_pages + 1, total)
    exhibits = [Exhibit("Exhibit A", f"Request dated {long_date(history.sent_on)}", request_pdf, cover_a)]
    if denial is not None:
        when = f" dated {long_date(history.denied_on)}" if history.denied_on else ""
        exhibits.append(
            Exhibit("Exhibit B", f"The agency's denial{when}", denial, packet_page_css(first_b, total))
        )
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
