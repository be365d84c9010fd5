"""`foilbot request …`: create, file, log and review requests."""

from __future__ import annotations

from pathlib import Path

import typer

from foilbot import clock
from foilbot.cli import common, letters_out, mail_out
from foilbot.cli.base import App, may_be_empty
from foilbot.domain.vocabulary import LOGGABLE, VIAS

app = App(help="Create requests, record what happened, and review their deadlines.", no_args_is_help=True)

LIST_COLUMNS = ("id", "reference", "agency", "status", "sent_on", "campaign")
IdArgument = typer.Argument(..., metavar="ID", help="Request id or reference.")


@app.command("new")
@may_be_empty("subject")
def new(
    agency: str = typer.Option(..., "--agency", "-a", help="Agency id or name.", metavar="AGENCY"),
    topic: list[str] = typer.Option(
        [], "--topic", "-t", help="Topic block, repeatable, in order.", metavar="TOPIC"
    ),
    template: str = typer.Option(
        "", "--template", help="Letter template (default: the law's request letter).", metavar="TEMPLATE"
    ),
    subject: str = typer.Option("", "--subject", help="What the records are about.", metavar="SUBJECT"),
    param: list[str] = typer.Option(
        [], "--param", "-p", metavar="KEY=VALUE", help="Topic parameter, repeatable."
    ),
    law: str = typer.Option(
        None, "--law", metavar="XX", help="Jurisdiction whose law applies (default: the agency's)."
    ),
    campaign: str = typer.Option(
        None, "--campaign", help="Campaign name, to group requests.", metavar="NAME"
    ),
    json_out: bool = common.JsonOption,
) -> None:
    """Create a draft request with a readable reference (FOIL-2026-0001).

    Example: foilbot request new --agency nces-3617670 --topic retention-periods --topic camera-locations
    """
    from foilbot import console
    from foilbot.keyvalue import parse_pairs
    from foilbot.services.requests import create_request

    params = parse_pairs(param, "--param", example="--param vendor='SN Technologies'")
    created = common.write(
        lambda s: create_request(
            s,
            agency,
            topics=topic,
            template=template,
            subject=subject,
            params=params,
            law=law,
            campaign=campaign,
            actor=common.settings().user,
            settings=common.settings(),
        ),
        directory=True,
    )
    if not created.public:
        console.warn(
            f"{created.agency} is marked as not subject to the public-records law; "
            "its letter will need --force"
        )
    if json_out:
        console.print_object(created.as_dict())
    else:
        console.echo(f"Created {created.reference} (id {created.id}) to {created.agency}: draft.")


@app.command("sent")
def sent(
    ident: str = IdArgument,
    on: str = typer.Option(..., "--date", metavar="YYYY-MM-DD", help="Day the request was sent."),
    via: str = typer.Option("email", "--via", help=", ".join(VIAS) + ".", metavar="METHOD"),
    received: str = typer.Option(
        None, "--received", metavar="YYYY-MM-DD", help="Day the agency received it."
    ),
    tracking: str = typer.Option(
        None, "--tracking", help="Mail tracking number or portal confirmation.", metavar="NUMBER"
    ),
) -> None:
    """Record that the request was filed; without --received, receipt is estimated and shown as such.

    Example: foilbot request sent FOIL-2026-0001 --date 2026-11-20 --via email
    """
    from foilbot import console
    from foilbot.services.events import mark_sent

    day = common.parse_date(on, "--date")
    assert day is not None
    got = common.parse_date(received, "--received")
    done = common.write(
        lambda s: mark_sent(
            s, ident, day, common.settings(), today=clock.today(), via=via, received=got, tracking=tracking
        )
    )
    console.echo(f"{done.reference}: sent {done.day} via {via}; status {done.status}.")
    console.echo_lines(done.summary())


@app.command("send")
def send(
    refs: list[str] = typer.Argument(None, metavar="[REF]...", help="Request ids or references."),
    campaign: str = typer.Option(
        None, "--campaign", help="Every request of this campaign (sent ones skipped).", metavar="NAME"
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Write REFERENCE.eml files instead of sending."),
    out: Path = typer.Option(Path("."), "--out", help="Folder for --dry-run's .eml files.", metavar="FOLDER"),
    reconcile: str = typer.Option(
        None, "--reconcile", metavar="sent|unsent", help="Settle a send a stopped run left unfinished."
    ),
    fmt: str = common.FormatOption,
) -> None:
    """Send requests to their agencies by email (the smtp table of foilbot.toml); never sends one twice.

    Example: foilbot request send FOIL-2026-0001 --dry-run
    """
    from foilbot.files import output_folder
    from foilbot.services.sending import send_requests

    if dry_run:
        output_folder(out, "--out")
    results = send_requests(
        common.session,
        refs or [],
        common.settings(),
        campaign=campaign,
        dry_run_dir=out if dry_run else None,
        reconcile=reconcile,
    )
    mail_out.print_send_results(results, common.output_format(fmt))


@app.command("list")
def list_(
    status: str = typer.Option(
        None, "--status", help="draft, sent, acknowledged, …, closed, withdrawn.", metavar="STATUS"
    ),
    agency: str = typer.Option(None, "--agency", help="Agency id or name.", metavar="AGENCY"),
    campaign: str = typer.Option(None, "--campaign", help="Campaign name.", metavar="NAME"),
    limit: int = common.LimitOption,
    offset: int = common.OffsetOption,
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
) -> None:
    """List requests, newest first.

    Example: foilbot request list --status sent --campaign face-recognition-2026 --limit 50
    """
    from contextlib import closing

    from foilbot import console
    from foilbot.services.agencies import resolve_id
    from foilbot.services.campaigns import known
    from foilbot.services.requests import list_requests

    out = common.output_format(fmt, json_out, csv_out)
    with common.reader() as db:
        agency_id = resolve_id(db, agency) if agency else None
        query = list_requests(
            db, status=status, agency_id=agency_id, campaign=known(db, campaign), limit=limit, offset=offset
        )
        with closing(query) as found:  # printed as read; closed before the reader is
            empty = found.empty()
            if console.print_listing(out, found, found.names):
                return
            if not empty:
                console.table(None, LIST_COLUMNS, found.cells(LIST_COLUMNS), text=True)
            else:
                console.info("No requests.")


@app.command("show")
def show(
    ident: str = IdArgument,
    as_of: str = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="Deadlines as they stood on this day."
    ),
    json_out: bool = common.JsonOption,
) -> None:
    """The timeline, every deadline with its explanation, and the suggested next step.

    Example: foilbot request show FOIL-2026-0001
    """
    from foilbot import console
    from foilbot.services.request_detail import detail

    with common.session(read_only=True) as s:
        found = detail(s, ident, common.settings(), as_of=common.as_of(as_of))
    if json_out:
        console.print_object(found.as_dict())
    else:
        console.echo_lines(found.lines())
        for w in found.standing.schedule.warnings:
            console.warn(w)
        console.echo(f"\nNext step: {found.next_step}")


@app.command("log")
@may_be_empty("note")
def log(
    ident: str = IdArgument,
    event: str = typer.Argument(..., metavar="EVENT", help=", ".join(LOGGABLE)),
    on: str = typer.Option(..., "--date", metavar="YYYY-MM-DD", help="Day it happened."),
    note: str = typer.Option("", "--note", help="Free text kept with the event.", metavar="NOTE"),
    attach: list[Path] = typer.Option(
        [], "--attach", help="File to keep with the event (repeatable).", metavar="FILE"
    ),
    estimate: str = typer.Option(
        None, "--estimate", metavar="YYYY-MM-DD", help="acknowledged: approximate date given."
    ),
    until: str = typer.Option(None, "--until", metavar="YYYY-MM-DD", help="extended: the new date."),
    amount: float = typer.Option(None, "--amount", help="fee-estimate: the amount (USD).", metavar="DOLLARS"),
    exemption: list[str] = typer.Option(
        [], "--exemption", help="denied: an exemption cited (repeatable).", metavar="CITATION"
    ),
    received: str = typer.Option(
        None, "--received", metavar="YYYY-MM-DD", help="appealed: day the appeal was received."
    ),
    corrects: int = typer.Option(
        None,
        "--corrects",
        metavar="EVENT_ID",
        help="Replace that mistaken event with this one (the history keeps both).",
    ),
) -> None:
    """Record what happened; deadlines are recomputed from the whole history.

    Events may be logged late and out of order. One that makes no sense (records before the request
    was sent, an appeal with nothing to appeal, a date after today) is refused with the reason.

    Example: foilbot request log FOIL-2026-0001 acknowledged --date 2026-11-25 --estimate 2026-12-23
    """
    from foilbot import console
    from foilbot.services.attachments import attachments_dir, keep_files
    from foilbot.services.events import log_from_options

    day = common.parse_date(on, "--date")
    details = {
        "estimate": common.parse_date(estimate, "--estimate"),
        "until": common.parse_date(until, "--until"),
        "received": common.parse_date(received, "--received"),
        "amount": amount,
        "exemptions": list(exemption),
    }
    kept = keep_files(attach, attachments_dir(common.settings()))  # before the transaction: may be long
    done = common.write(
        lambda s: log_from_options(
            s,
            ident,
            event,
            day,
            details,
            common.settings(),
            today=clock.today(),
            note=note,
            files=kept,
            corrects=corrects,
        )
    )
    console.echo_lines(done.lines(corrects))


@app.command("unlog")
def unlog(
    ident: str = IdArgument,
    event_id: int = typer.Argument(..., metavar="EVENT_ID", help="The event's number (see request show)."),
) -> None:
    """Remove a mistaken event; the history keeps it, marked removed, and deadlines are recomputed.

    Example: foilbot request unlog FOIL-2026-0001 3
    """
    from foilbot import console
    from foilbot.services.events import unlog_event

    done = common.write(lambda s: unlog_event(s, ident, event_id, common.settings(), today=clock.today()))
    console.echo(f"{done.reference}: removed #{event_id} ({done.kind} on {done.day}); status {done.status}.")


@app.command("files")
def files(
    ident: str = IdArgument,
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
) -> None:
    """List a request's attachments and verify each against its SHA-256 (exit 1 if any is bad).

    Example: foilbot request files FOIL-2026-0001
    """
    from foilbot import console
    from foilbot.services.attachments import attachments, attachments_dir, check_attachments

    out = common.output_format(fmt, json_out)
    with common.session(read_only=True) as s:
        req, rows = attachments(s, ident, attachments_dir(common.settings()))
    keys = ("event_id", "filename", "sha256", "size", "path", "state")
    if not console.print_items(out, rows, keys, {"reference": req.reference}):
        if rows:
            console.table(
                None,
                ("event", "file", "size", "sha256", "state"),
                ([r["event_id"], r["filename"], r["size"], r["sha256"], r["state"]] for r in rows),
            )
        else:
            console.info(f"{req.reference} has no attachments.")
    check_attachments(req.reference, rows)


app.command("letter")(letters_out.request_letter)
app.command("letters")(letters_out.request_letters)
