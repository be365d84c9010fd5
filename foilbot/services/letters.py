"""Letter use cases around rendering: choose a template, read --param, build a one-off letter job.

Rendering itself (one letter, a batch, an appeal packet) lives in foilbot.render; this module maps
directory rows and settings to the plain dataclasses of foilbot.render.context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from foilbot.domain.letter_policy import default_template
from foilbot.domain.vocabulary import FEE_CATEGORIES, VIAS
from foilbot.errors import UsageError
from foilbot.render.context import AgencyInfo, RequesterInfo
from foilbot.render.jobs import LetterJob

# --- choosing ----------------------------------------------------------------------

# The files a letter is written to, by extension; the CLI's --out and Tracker.letter share them.
SUFFIXES = {".pdf": "pdf", ".txt": "text", ".html": "html", ".htm": "html"}


def letter_format(out: Path) -> str:
    """The format (pdf, text or html) a letter written to `out` takes, from its extension.

    A name without an extension is a PDF (`--out letter`); a folder is refused where it is written.

    Raises:
        UsageError: an extension foilbot does not write (.docx writes no PDF under that name).
    """
    if not out.suffix:
        return "pdf"
    fmt = SUFFIXES.get(out.suffix.lower())
    if fmt is None:
        raise UsageError(f"--out {out}: foilbot writes .pdf, .txt or .html files, not {out.suffix}")
    return fmt


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


def one_off_job(
    session: Any,
    agency_text: str,
    settings: Any,
    *,
    topics: Sequence[str],
    law: str | None,
    params: Mapping[str, str],
    template: str | None,
    subject: str,
    reference: str,
    on: Any,
    fee_limit: int | None,
    fee_category: str,
    fee_waiver: str,
    expedite: str,
    via: str,
    fmt: str,
    out: Path | None,
    force: bool,
) -> LetterJob:
    """A LetterJob for `foilbot letter`: the agency from the directory, the requester from the config.

    Raises:
        NotFoundError: no (or no single) agency matches. UsageError: bad options for this law.
    """
    from foilbot.domain.laws import get_law
    from foilbot.render.context import LetterContext, RequestInfo
    from foilbot.services import agencies
    from foilbot.services.request_spec import validate

    row = agencies.resolve(session, agency_text)
    agency = agency_info(row)
    the_law = get_law(law or agency.jurisdiction)
    if fee_category and fee_category not in FEE_CATEGORIES:
        raise UsageError(f"--fee-category {fee_category!r}: use one of {', '.join(FEE_CATEGORIES)}")
    if (fee_category or fee_waiver or expedite) and the_law.jurisdiction != "US":
        raise UsageError(
            "--fee-category, --fee-waiver and --expedite are federal FOIA options",
            hint="Use them with a federal agency or --law US.",
        )
    if via not in VIAS:
        raise UsageError(f"--via {via!r}: use one of {', '.join(VIAS)}")
    validate(
        settings, jurisdictions=[the_law.jurisdiction], template=template or "", topics=topics, params=params
    )
    request = RequestInfo(
        date=on,
        reference=reference,
        subject=subject,
        topics=tuple(topics),
        params=dict(params),
        fee_limit=settings.fee_limit if fee_limit is None else fee_limit,
        delivery=via,
        fee_category=fee_category,
        fee_waiver=fee_waiver,
        expedite=expedite,
    )
    ctx = LetterContext(agency, requester_info(settings.requester), request, the_law)
    return LetterJob(template or default_template(the_law), ctx, fmt, out, force)


def render_with_settings(job: LetterJob, settings: Any, *, pdfa: bool = False) -> Any:
    """Render one letter with the user's template folder (and PDF/A when asked)."""
    from foilbot.render import RenderOptions, render_letter
    from foilbot.render.templates import user_templates_dir

    options = RenderOptions(
        user_dir=user_templates_dir(settings.templates_dir), pdf_variant="pdf/a-2b" if pdfa else None
    )
    return render_letter(job, options)
