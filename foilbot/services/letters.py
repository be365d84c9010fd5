"""Letter use cases: render one letter (PDF, text, HTML), render many at once, build an appeal packet.

Callers (the CLI, the request and campaign services) map their rows to the plain dataclasses of
foilbot.letters; nothing here touches the database. Files are written to a temporary name in the
target folder and renamed into place, so a reader never sees half a letter.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_EXCEPTION, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from foilbot.errors import FoilbotError, RenderError, TemplateError, UsageError
from foilbot.files import tmp_name, write_atomic
from foilbot.letters import AgencyInfo, LetterContext, Letters, RequesterInfo

FORMATS = ("pdf", "text", "html")
CHUNK = 8  # letters per task sent to a worker: amortises pickling without starving the progress bar


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


@dataclass(frozen=True)
class BatchResult:
    written: tuple[Path, ...]
    skipped: tuple[Path, ...]
    warnings: tuple[str, ...] = ()


@dataclass
class RenderOptions:
    """Where templates come from and how PDFs are made (same for every letter of a batch)."""

    user_dir: Path | None = None
    shipped_dir: Path | None = None
    pdf_variant: str | None = None
    signatures: tuple[Path, ...] = field(default_factory=tuple)


# --- choosing and checking ----------------------------------------------------------------------


def default_template(law: Any) -> str:
    """The request template for a law: FOIL for New York, FOIA for federal agencies, else the state letter."""
    return {"NY": "request-ny-foil", "US": "request-federal-foia"}.get(law.jurisdiction, "request-state")


def check_public(agency: AgencyInfo, law: Any, *, force: bool) -> None:
    """A request to a body the law does not reach (a private college) is refused unless forced."""
    if not agency.public and not force:
        raise FoilbotError(
            f"{agency.name} is marked as not subject to the {law.name} (not a public body)",
            hint="Check that this is the right agency; to write the letter anyway, run again with --force.",
        )


def _appeal_checks(kind: str, template: str, law: Any, ctx: LetterContext) -> None:
    if ctx.history is None:
        raise TemplateError(
            f"{template}: history is missing (a {kind} needs the date the request was sent)",
            hint="Log the request as sent first (foilbot request sent ID --date DATE).",
        )
    if kind != "appeal":
        return
    body = (law.appeal_body or "").strip()
    if not body or body.lower().startswith("none"):
        raise FoilbotError(
            f"the {law.name} provides no administrative appeal",
            hint=f"The remedy is usually a court action; see the law's notes: {law.citation}",
        )
    if template == "appeal-constructive-denial" and law.silence not in ("denial", "exhaustion"):
        raise FoilbotError(
            f"the {law.name} does not treat silence as a denial, so there is nothing to appeal",
            hint="Send a follow-up instead (--template followup).",
        )
    if template == "appeal-denial" and ctx.history.denied_on is None:
        raise TemplateError(
            f"{template}: history.denied_on is missing (the date of the written denial)",
            hint="Log the denial first (foilbot request log ID denied --date DATE).",
        )


def letter_warnings(kind: str, law: Any, ctx: LetterContext) -> list[str]:
    """Rules the letter would rely on that the law data does not mark verified: the letter omits them."""
    out: list[str] = []
    if law.verified != "yes":
        out.append(
            f"the law data for {law.jurisdiction} ({law.name}) is marked verified={law.verified}: "
            f"check the law's name and citation in the letter"
        )
    if kind == "request" and (law.response is None or law.response.verified != "yes"):
        state = "sets no fixed period" if law.response is None else f"verified={law.response.verified}"
        out.append(f"the {law.short_name or law.name} response period ({state}) is not stated in the letter")
    history = ctx.history
    if (
        kind in ("followup", "appeal")
        and history is not None
        and history.due
        and history.due_verified != "yes"
    ):
        out.append(
            f"the deadline of {history.due.isoformat()} rests on an unverified rule "
            f"(verified={history.due_verified}); the letter does not state it"
        )
    if kind == "appeal" and law.appeal_decision is not None and law.appeal_decision.verified != "yes":
        out.append(
            f"the {law.short_name} appeal decision period is not verified; the letter does not state it"
        )
    if kind == "appeal" and law.jurisdiction not in ("NY", "US"):
        out.append(f"appeals under the {law.name} go to: {law.appeal_body}; check the addressee")
    return out


# --- rendering ----------------------------------------------------------------------------------


class _Worker:
    """Renders jobs with one warm environment and PDF renderer (one per process)."""

    def __init__(self, options: RenderOptions):
        self.letters = Letters(options.user_dir, options.shipped_dir)
        self.options = options
        self._pdf: Any = None

    def pdf(self) -> Any:
        if self._pdf is None:
            from foilbot.pdf import PdfRenderer

            self._pdf = PdfRenderer(
                roots=self.letters.dirs,
                stylesheet=self.letters.stylesheet(),
                pdf_variant=self.options.pdf_variant,
            )
            self._pdf.fetcher.files = frozenset(p.resolve() for p in self.options.signatures)
        return self._pdf

    def content(self, job: LetterJob) -> tuple[str | bytes, tuple[str, ...]]:
        from foilbot.pdf import metadata_time

        kind = self.letters.info(job.template).kind
        law = job.context.law
        if kind == "request":
            check_public(job.context.agency, law, force=job.force)
        if kind in ("followup", "appeal"):
            _appeal_checks(kind, job.template, law, job.context)
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
        if renderer.refused:
            warnings += (f"{job.template}: refused to load {', '.join(renderer.refused)}",)
        return data, warnings


def _write_atomic(path: Path, data: str | bytes, tmp: Path | None = None) -> Path:
    try:
        return write_atomic(path, data, tmp)
    except FoilbotError as exc:
        raise RenderError(exc.message) from None


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
    data, warnings = _Worker(options).content(job)
    if job.out is None:
        return Rendered(job, None, data, warnings)
    return Rendered(job, _write_atomic(job.out, data), None, warnings)


# --- batch --------------------------------------------------------------------------------------

_WORKER: _Worker | None = None


def _init_worker(options: RenderOptions) -> None:
    global _WORKER
    _WORKER = _Worker(options)


def _render_chunk(items: list[tuple[LetterJob, Path]]) -> list[tuple[str, ...]]:
    assert _WORKER is not None
    done = []
    for job, tmp in items:
        data, warnings = _WORKER.content(job)
        tmp.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        done.append(warnings)
    return done


def render_batch(
    jobs: Sequence[LetterJob],
    options: RenderOptions | None = None,
    *,
    workers: int | None = None,
    resume: bool = False,
    progress: Callable[[int], None] | None = None,
) -> BatchResult:
    """Render many letters to files, on every core.

    All-or-nothing by default: each letter goes to a temporary name and, only when every one has
    succeeded, all are renamed into place; on any failure the temporary files are removed and nothing
    is written. With ``resume=True`` each letter is renamed into place as soon as it is done and
    letters whose file already exists are skipped, so an interrupted run can be started again.

    Raises:
        UsageError: a job without an output path, or two jobs with the same one.
        FoilbotError: the first failure (named by its output file).
    """
    options = options or RenderOptions()
    outs = [job.out for job in jobs]
    if any(o is None for o in outs):
        raise UsageError("every letter of a batch needs an output file")
    if len(set(outs)) != len(outs):
        raise UsageError("two letters of the batch would be written to the same file")
    sigs = {Path(j.context.requester.signature).expanduser() for j in jobs if j.context.requester.signature}
    options = replace(options, signatures=tuple(sorted(set(options.signatures) | sigs)))
    todo = [j for j in jobs if not (resume and j.out is not None and j.out.exists())]
    skipped = tuple(j.out for j in jobs if j not in todo and j.out is not None)
    if progress and skipped:
        progress(len(skipped))
    pending = [(j, tmp_name(j.out)) for j in todo if j.out is not None]
    chunks = [pending[i : i + CHUNK] for i in range(0, len(pending), CHUNK)]
    warnings: list[str] = []
    renamed: list[Path] = []

    def finish(chunk: list[tuple[LetterJob, Path]], chunk_warnings: list[tuple[str, ...]]) -> None:
        for (job, tmp), w in zip(chunk, chunk_warnings, strict=True):
            warnings.extend(f"{job.out}: {msg}" for msg in w)
            if resume and job.out is not None:
                os.replace(tmp, job.out)
                renamed.append(job.out)
        if progress:
            progress(len(chunk))

    try:
        n = max(1, min(workers or os.cpu_count() or 1, len(chunks)))
        if n == 1:
            _init_worker(options)
            for chunk in chunks:
                finish(chunk, _render_chunk(chunk))
        else:
            if any(j.fmt == "pdf" for j, _ in pending):
                from foilbot.pdf import load_weasyprint

                load_weasyprint()  # imported once here, shared by the forked workers
            with ProcessPoolExecutor(max_workers=n, initializer=_init_worker, initargs=(options,)) as pool:
                futures = {pool.submit(_render_chunk, chunk): chunk for chunk in chunks}
                remaining = set(futures)
                while remaining:
                    done, remaining = wait(remaining, return_when=FIRST_EXCEPTION)
                    for fut in done:
                        exc = fut.exception()
                        if exc is not None:
                            for other in remaining:
                                other.cancel()
                            raise _named(exc, futures[fut])
                        finish(futures[fut], fut.result())
        if not resume:
            for job, tmp in pending:
                assert job.out is not None
                os.replace(tmp, job.out)
                renamed.append(job.out)
    except BaseException:
        for _, tmp in pending:
            tmp.unlink(missing_ok=True)
        raise
    return BatchResult(tuple(renamed), skipped, tuple(warnings))


def _named(exc: BaseException, chunk: list[tuple[LetterJob, Path]]) -> BaseException:
    first = chunk[0][0].out
    if isinstance(exc, FoilbotError):
        exc.message = f"{exc.message} (batch stopped at a letter near {first}; nothing else was written)"
        return exc
    return RenderError(f"rendering failed near {first}: {type(exc).__name__}: {exc}")


# --- appeal packet ------------------------------------------------------------------------------


def appeal_packet(
    appeal: LetterJob,
    request: LetterJob,
    denial_pdf: Path | None,
    out: Path,
    options: RenderOptions | None = None,
) -> Rendered:
    """The appeal letter, then the original request (Exhibit A) and the agency's denial (Exhibit B)."""
    from foilbot.letters import long_date
    from foilbot.pdf import Exhibit, metadata_time
    from foilbot.pdf import appeal_packet as build

    options = options or RenderOptions()
    worker = _Worker(options)
    appeal_pdf, warnings = worker.content(replace(appeal, fmt="pdf"))
    request_pdf, _ = worker.content(replace(request, fmt="pdf"))
    history = appeal.context.history
    assert history is not None
    assert isinstance(request_pdf, bytes) and isinstance(appeal_pdf, bytes)
    exhibits = [Exhibit("Exhibit A", f"Request dated {long_date(history.sent_on)}", request_pdf)]
    if denial_pdf is not None:
        try:
            denial = denial_pdf.read_bytes()
        except OSError as exc:
            raise RenderError(f"{denial_pdf}: cannot read the denial: {exc.strerror}") from None
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


# --- mapping helpers for callers ---------------------------------------------------------------


def agency_info(row: Any) -> AgencyInfo:
    """An AgencyInfo from any object with the directory's attribute names (an Agency row, a dict)."""
    get: Callable[[str], Any] = row.get if isinstance(row, Mapping) else lambda k: getattr(row, k, "")
    address = str(get("address") or "")
    return AgencyInfo(
        id=str(get("id") or ""),
        name=str(get("name") or ""),
        jurisdiction=str(get("jurisdiction") or ""),
        records_officer=str(get("records_officer") or ""),
        address_lines=tuple(line.strip() for line in address.splitlines() if line.strip()),
        city=str(get("city") or ""),
        state=str(get("state") or ""),
        zip=str(get("zip") or ""),
        email=str(get("email") or ""),
        public=bool(get("public") if get("public") is not None else True),
        kind=str(get("kind") or ""),
    )


def requester_info(requester: Any) -> RequesterInfo:
    """A RequesterInfo from foilbot.config.Requester (name, organization, address, email, phone...)."""
    lines: Iterable[str] = str(requester.address or "").splitlines()
    return RequesterInfo(
        name=requester.name,
        organization=requester.organization,
        address_lines=tuple(x.strip() for x in lines if x.strip()),
        email=requester.email,
        phone=requester.phone,
        signature=requester.signature,
    )


FEE_CATEGORIES = ("news-media", "educational", "scientific", "other", "commercial")
VIA = ("email", "mail", "portal", "fax", "hand")


def one_off_job(
    session: Any,
    agency_text: str,
    *,
    topics: Sequence[str],
    law: str | None,
    params: Mapping[str, str],
    template: str | None,
    subject: str,
    reference: str,
    on: Any,
    fee_limit: int,
    fee_category: str,
    fee_waiver: str,
    expedite: str,
    via: str,
    requester: Any,
    fmt: str,
    out: Path | None,
    force: bool,
) -> LetterJob:
    """A LetterJob for `foilbot letter`: the agency from the directory, the requester from the config.

    Raises:
        NotFoundError: no (or no single) agency matches. UsageError: bad options for this law.
    """
    from foilbot.domain.laws import get_law
    from foilbot.letters import LetterContext, RequestInfo
    from foilbot.services import agencies

    resolve = getattr(agencies, "resolve_agency", None) or agencies.resolve
    row = resolve(session, agency_text)
    agency = agency_info(row)
    the_law = get_law(law or agency.jurisdiction)
    if fee_category and fee_category not in FEE_CATEGORIES:
        raise UsageError(f"--fee-category {fee_category!r}: use one of {', '.join(FEE_CATEGORIES)}")
    if (fee_category or fee_waiver or expedite) and the_law.jurisdiction != "US":
        raise UsageError(
            "--fee-category, --fee-waiver and --expedite are federal FOIA options",
            hint="Use them with a federal agency or --law US.",
        )
    if via not in VIA:
        raise UsageError(f"--via {via!r}: use one of {', '.join(VIA)}")
    request = RequestInfo(
        date=on,
        reference=reference,
        subject=subject,
        topics=tuple(topics),
        params=dict(params),
        fee_limit=fee_limit,
        delivery=via,
        fee_category=fee_category,
        fee_waiver=fee_waiver,
        expedite=expedite,
    )
    ctx = LetterContext(agency, requester_info(requester), request, the_law)
    return LetterJob(template or default_template(the_law), ctx, fmt, out, force)
