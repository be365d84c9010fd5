"""`foilbot letter`: a one-off letter to an agency, with no saved request."""

from __future__ import annotations

from pathlib import Path

import typer

from foilbot import clock
from foilbot.cli import common
from foilbot.cli.base import may_be_empty


@may_be_empty("subject", "reference", "fee_waiver", "expedite")
def letter(
    agency: str = typer.Option(
        ..., "--agency", "-a", help="Agency id or name (see foilbot agency list).", metavar="AGENCY"
    ),
    topic: list[str] = typer.Option(
        [],
        "--topic",
        "-t",
        help="Topic block, repeatable, in order (foilbot template list).",
        metavar="TOPIC",
    ),
    law: str = typer.Option(
        None, "--law", metavar="XX", help="Jurisdiction whose law applies (default: the agency's)."
    ),
    param: list[str] = typer.Option(
        [], "--param", "-p", metavar="KEY=VALUE", help="Topic parameter, repeatable."
    ),
    template: str = typer.Option(
        None,
        "--template",
        help="Template name (default: the request letter for the law).",
        metavar="TEMPLATE",
    ),
    subject: str = typer.Option(
        "", "--subject", help='What the records are about, e.g. "the District\'s cameras".', metavar="SUBJECT"
    ),
    reference: str = typer.Option(
        "", "--reference", help="Your reference, printed on the Re: line and footer.", metavar="REFERENCE"
    ),
    on: str = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Date of the letter (default: today)."),
    fee_limit: int = typer.Option(
        None,
        "--fee-limit",
        min=0,
        max=1_000_000,
        help="Ask for notice before fees exceed this (USD).",
        metavar="DOLLARS",
    ),
    fee_category: str = typer.Option(
        "",
        "--fee-category",
        help="FOIA: news-media, educational, scientific, other, commercial.",
        metavar="CATEGORY",
    ),
    fee_waiver: str = typer.Option(
        "", "--fee-waiver", metavar="WHY", help="FOIA: ask for a fee waiver, with this reason."
    ),
    expedite: str = typer.Option(
        "", "--expedite", metavar="WHY", help="FOIA: ask for expedited processing (certified)."
    ),
    via: str = typer.Option(
        "email", "--via", help="email, mail or portal (printed under the date).", metavar="METHOD"
    ),
    out: Path = typer.Option(
        None, "--out", "-o", help="Write a PDF (.pdf), text (.txt) or HTML (.html) file.", metavar="FILE"
    ),
    text: bool = typer.Option(False, "--text", help="Print the letter as plain text."),
    html: bool = typer.Option(False, "--html", help="Print the letter as HTML (a preview)."),
    pdfa: bool = typer.Option(False, "--pdfa", help="Write PDF/A-2b (for archiving)."),
    force: bool = typer.Option(False, "--force", help="Write to an agency marked not subject to the law."),
) -> None:
    """Write a request letter to an agency without saving a request.

    Example: foilbot letter --agency nces-3617670 --topic retention-periods --topic camera-locations
    --param start=2019-01-01 --out lockport.pdf
    """
    from foilbot.cli.letters_out import output_format, report
    from foilbot.keyvalue import parse_pairs
    from foilbot.services import letters as service

    fmt = output_format(out, text, html)
    with common.directory_session() as session:
        job = service.one_off_job(
            session,
            agency,
            common.settings(),
            topics=topic,
            law=law,
            params=parse_pairs(param, "--param", example="--param vendor='SN Technologies'"),
            template=template,
            subject=subject,
            reference=reference,
            on=common.parse_date(on, "--date") or clock.today(),
            fee_limit=fee_limit,
            fee_category=fee_category,
            fee_waiver=fee_waiver,
            expedite=expedite,
            via=via,
            fmt=fmt,
            out=out,
            force=force,
        )
    report(service.render_with_settings(job, common.settings(), pdfa=pdfa))
