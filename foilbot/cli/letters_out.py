"""Letters of saved requests (`request letter`, `request letters`, `followup`, `appeal`) and the output
step every letter command shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from foilbot import clock
from foilbot.cli import common

OutOption = typer.Option(
    None, "--out", "-o", help="Write a PDF (.pdf), text (.txt) or HTML (.html).", metavar="FILE"
)
TextOption = typer.Option(False, "--text", help="Print the letter as plain text (for an email body).")
HtmlOption = typer.Option(False, "--html", help="Print the letter as HTML (a preview).")
IdArgument = typer.Argument(..., metavar="ID", help="Request id or reference.")


def output_format(out: Path | None, text: bool, html: bool) -> str:
    """pdf, text or html, from exactly one of --out FILE, --text, --html.

    Raises:
        UsageError: none or several outputs, or a file name whose extension foilbot does not write.
    """
    from foilbot.errors import UsageError

    if sum(bool(x) for x in (out, text, html)) != 1:
        raise UsageError("choose one output: --out FILE.pdf, --text or --html")
    if out is None:
        return "text" if text else "html"
    from foilbot.services.letters import letter_format

    return letter_format(out)


def report(rendered: Any, notes: tuple[str, ...] = ()) -> None:
    """Warnings to stderr; the letter to stdout, or where it was written."""
    from foilbot import console

    for note in (*notes, *rendered.warnings):
        console.warn(note)
    if rendered.path is not None:
        console.info(f"Wrote {rendered.path}")
    else:
        console.echo(str(rendered.content).rstrip("\n"))


def draft(
    ident: str,
    kind: str,
    *,
    out: Path | None,
    text: bool,
    html: bool,
    force: bool,
    on: str | None = None,
    packet: Path | None = None,
) -> None:
    from foilbot.services.request_letters import draft as service

    fmt = output_format(out, text, html)
    day = common.parse_date(on, "--date") or clock.today()
    done = common.write(
        lambda s: service(
            s, ident, kind, common.settings(), on=day, fmt=fmt, out=out, force=force, packet=packet
        )
    )
    report(done.rendered, done.prepared.notes)


def request_letter(
    ident: str = IdArgument,
    out: Path = OutOption,
    text: bool = TextOption,
    html: bool = HtmlOption,
    force: bool = typer.Option(False, "--force", help="Write to an agency marked not subject to the law."),
) -> None:
    """The request letter of a saved request.

    Example: foilbot request letter FOIL-2026-0001 --out FOIL-2026-0001.pdf
    """
    draft(ident, "request", out=out, text=text, html=html, force=force)


def request_letters(
    out_dir: Path = typer.Option(
        ..., "--out-dir", help="Folder for the PDFs (REFERENCE.pdf each).", metavar="FOLDER"
    ),
    campaign: str = typer.Option(None, "--campaign", help="Only this campaign's requests.", metavar="NAME"),
    status: str = typer.Option(
        "draft", "--status", help="Only requests with this status ('all' for every one).", metavar="STATUS"
    ),
    resume: bool = typer.Option(False, "--resume", help="Keep letters already written; write the rest."),
    force: bool = typer.Option(False, "--force", help="Include agencies marked not subject to the law."),
) -> None:
    """Print the request letters of many saved requests at once, on every core.

    All or nothing: every letter is written under a temporary name and renamed only when all have
    succeeded. With --resume, finished letters are kept and an interrupted run can start again.

    Example: foilbot request letters --campaign cameras-2026 --out-dir letters/
    """
    from foilbot import console, render
    from foilbot.files import output_folder
    from foilbot.render.templates import user_templates_dir
    from foilbot.services.request_letters import batch_jobs

    settings = common.settings()
    output_folder(out_dir)
    with common.session(read_only=True) as s:
        jobs = batch_jobs(
            s, settings, on=clock.today(), out_dir=out_dir, campaign=campaign, status=status, force=force
        )
    if not jobs:
        console.info("No matching requests.")
        return
    options = render.RenderOptions(user_dir=user_templates_dir(settings.templates_dir))
    with console.progress("Letters", len(jobs)) as advance:
        result = render.render_batch(jobs, options, resume=resume, progress=advance)
    for warning in sorted(set(result.warnings)):
        console.warn(warning)
    kept = f"; {len(result.skipped)} already there" if result.skipped else ""
    console.echo(f"Wrote {len(result.written)} letter(s) to {out_dir}{kept}.")


def followup(
    ident: str = IdArgument,
    out: Path = OutOption,
    text: bool = TextOption,
    html: bool = HtmlOption,
    on: str = typer.Option(None, "--date", metavar="YYYY-MM-DD", help="Date of the letter (default: today)."),
) -> None:
    """A status inquiry naming the request date, the missed deadline and its citation; records a draft event.

    Example: foilbot followup FOIL-2026-0001 --out followup.pdf
    """
    draft(ident, "followup", out=out, text=text, html=html, force=False, on=on)


def appeal(
    ident: str = IdArgument,
    out: Path = OutOption,
    text: bool = TextOption,
    html: bool = HtmlOption,
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
    draft(ident, "appeal", out=out, text=text, html=html, force=force, on=on, packet=packet)
