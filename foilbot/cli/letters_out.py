"""`foilbot followup`, `foilbot appeal`, and the shared output step of letters for saved requests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from foilbot import clock
from foilbot.cli import common


def _format(out: Path | None, text: bool, html: bool) -> str:
    from foilbot.errors import UsageError

    if sum(bool(x) for x in (out, text, html)) != 1:
        raise UsageError("choose one output: --out FILE.pdf, --text or --html")
    if text:
        return "text"
    if html:
        return "html"
    assert out is not None
    return {".txt": "text", ".html": "html", ".htm": "html"}.get(out.suffix.lower(), "pdf")


def render(
    ident: str,
    kind: str,
    *,
    out: Path | None,
    text: bool,
    html: bool,
    force: bool,
    on: date | None = None,
    packet: Path | None = None,
    record: bool = False,
) -> None:
    """Render one letter of a saved request and, for follow-ups and appeals, record a draft event."""
    from foilbot import console
    from foilbot import render as service
    from foilbot.render.templates import user_templates_dir
    from foilbot.services.events import log_event
    from foilbot.services.request_letters import prepare

    fmt = _format(out, text, html)
    settings = common.settings()
    today = on or clock.today()
    with common.session() as s:
        prepared = prepare(
            s,
            ident,
            kind,
            on=today,
            requester=settings.requester,
            fee_limit=settings.fee_limit,
            fmt=fmt,
            out=out,
            force=force,
        )
    options = service.RenderOptions(user_dir=user_templates_dir(settings.templates_dir))
    if packet is not None:
        if out is None or fmt != "pdf":
            from foilbot.errors import UsageError

            raise UsageError("--packet needs --out FILE.pdf")
        result = service.appeal_packet(prepared.job, prepared.request_job, packet, out, options)
    else:
        result = service.render_letter(prepared.job, options)
    for note in prepared.notes:
        console.warn(note)
    for warning in result.warnings:
        console.warn(warning)
    if record:
        where = str(result.path) if result.path else fmt
        with common.session() as s:
            log_event(
                s,
                prepared.request_id,
                f"{kind}-drafted",
                today,
                today=today,
                note=f"{prepared.job.template} ({where})",
            )
    if result.path is not None:
        console.info(f"Wrote {result.path}")
    else:
        console.echo(str(result.content).rstrip("\n"))


def followup(
    ident: str = typer.Argument(..., metavar="ID", help="Request id or reference."),
    out: Path = typer.Option(None, "--out", "-o", help="Write a PDF (.pdf), text (.txt) or HTML (.html)."),
    text: bool = typer.Option(False, "--text", help="Print the letter as plain text (for an email body)."),
    html: bool = typer.Option(False, "--html", help="Print the letter as HTML."),
    on: str = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Date of the letter (default: today)."),
) -> None:
    """A status inquiry naming the request date, the missed deadline and its citation; records a draft event.

    Example: foilbot followup FOIL-2026-0001 --out followup.pdf
    """
    render(
        ident,
        "followup",
        out=out,
        text=text,
        html=html,
        force=False,
        on=common.parse_date(on, "--date"),
        record=True,
    )


def appeal(
    ident: str = typer.Argument(..., metavar="ID", help="Request id or reference."),
    out: Path = typer.Option(None, "--out", "-o", help="Write a PDF (.pdf), text (.txt) or HTML (.html)."),
    text: bool = typer.Option(False, "--text", help="Print the letter as plain text."),
    html: bool = typer.Option(False, "--html", help="Print the letter as HTML."),
    packet: Path = typer.Option(
        None,
        "--packet",
        metavar="DENIAL.pdf",
        help="Build a packet: appeal, the request (Exhibit A), this denial (Exhibit B).",
    ),
    on: str = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Date of the appeal (default: today)."),
    force: bool = typer.Option(False, "--force", help="Draft even though the appeal window has closed."),
) -> None:
    """The appeal for where the request stands (written or constructive denial); records a draft event.

    Example: foilbot appeal FOIL-2026-0001 --packet denial.pdf --out appeal-packet.pdf
    """
    render(
        ident,
        "appeal",
        out=out,
        text=text,
        html=html,
        force=force,
        on=common.parse_date(on, "--date"),
        packet=packet,
        record=True,
    )
