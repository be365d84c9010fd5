"""`foilbot request …`: create, file, log and review requests."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from foilbot import clock
from foilbot.cli import common

app = typer.Typer(
    help="Create requests, record what happened, and review their deadlines.", no_args_is_help=True
)

EVENT_HELP = (
    "acknowledged, extended, tolled, resumed, fee-estimate, partial, records, no-records, denied, "
    "appealed, appeal-granted, appeal-denied, litigation, withdrawn, closed, note"
)
LIST_COLUMNS = ("id", "reference", "agency", "status", "sent_on", "campaign")


def _today() -> date:
    return clock.today()


def _root() -> Path:
    from foilbot.services.events import files_dir

    return files_dir(common.database_url())


@app.command("new")
def new(
    agency: str = typer.Option(..., "--agency", "-a", help="Agency id or name."),
    topic: list[str] = typer.Option([], "--topic", "-t", help="Topic block, repeatable, in order."),
    template: str = typer.Option(
        "", "--template", help="Letter template (default: the law's request letter)."
    ),
    subject: str = typer.Option("", "--subject", help="What the records are about."),
    param: list[str] = typer.Option(
        [], "--param", "-p", metavar="KEY=VALUE", help="Topic parameter, repeatable."
    ),
    law: str = typer.Option(
        None, "--law", metavar="XX", help="Jurisdiction whose law applies (default: the agency's)."
    ),
    campaign: str = typer.Option(None, "--campaign", help="Campaign name, to group requests."),
    json_out: bool = common.JsonOption,
) -> None:
    """Create a draft request with a readable reference (FOIL-2026-0001).

    Example: foilbot request new --agency nces-3617670 --topic retention-periods --topic camera-locations
    """
    from foilbot import console
    from foilbot.services.letters import parse_params
    from foilbot.services.requests import create_request

    with common.directory_session() as s:
        created = create_request(
            s,
            agency,
            topics=topic,
            template=template,
            subject=subject,
            params=parse_params(param),
            law=law,
            campaign=campaign,
        )
    if not created.public:
        console.warn(
            f"{created.agency} is marked as not subject to the public-records law; "
            "its letter will need --force"
        )
    if json_out:
        console.print_json(created.as_dict())
    else:
        console.echo(f"Created {created.reference} (id {created.id}) to {created.agency}: draft.")


@app.command("sent")
def sent(
    ident: str = typer.Argument(..., metavar="ID", help="Request id or reference."),
    on: str = typer.Option(..., "--date", metavar="YYYY-MM-DD", help="Day the request was sent."),
    via: str = typer.Option("email", "--via", help="email, mail, portal, fax or hand."),
    received: str = typer.Option(
        None, "--received", metavar="YYYY-MM-DD", help="Day the agency received it."
    ),
    tracking: str = typer.Option(None, "--tracking", help="Mail tracking number or portal confirmation."),
) -> None:
    """Record that the request was filed; without --received, receipt is estimated and shown as such.

    Example: foilbot request sent FOIL-2026-0001 --date 2026-11-20 --via email
    """
    from foilbot import console
    from foilbot.services.events import mark_sent

    day = common.parse_date(on, "--date")
    assert day is not None
    with common.session() as s:
        done = mark_sent(
            s,
            ident,
            day,
            today=_today(),
            via=via,
            received=common.parse_date(received, "--received"),
            tracking=tracking,
            mail_days=common.settings().mail_days,
        )
    console.echo(f"{done.reference}: sent {done.day} via {via}; status {done.status}.")
    _print_current(ident)


def _print_current(ident: str) -> None:
    from foilbot import console
    from foilbot.services.requests import get_request, schedule_for

    with common.session() as s:
        req = get_request(s, ident)
        schedule = schedule_for(s, req, mail_days=common.settings().mail_days)
    if schedule.received is not None:
        est = " (estimated)" if schedule.received_estimated else ""
        console.echo(f"Received {schedule.received}{est}.")
    for d in schedule.deadlines:
        if d.met is None and not d.conditional:
            console.echo(f"{d.kind.replace('_', ' ')} due {d.due} ({d.citation}; verified: {d.verified})")


@app.command("list")
def list_(
    status: str = typer.Option(None, "--status", help="draft, sent, acknowledged, …, closed, withdrawn."),
    agency: str = typer.Option(None, "--agency", help="Agency id or name."),
    campaign: str = typer.Option(None, "--campaign", help="Campaign name."),
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
) -> None:
    """List requests, newest first.

    Example: foilbot request list --status sent --campaign face-recognition-2026
    """
    from sqlmodel import col, select

    from foilbot import console
    from foilbot.models import Agency, Request
    from foilbot.services.agencies import resolve
    from foilbot.services.requests import view

    fmt = common.output_format(json_out, csv_out)
    with common.session() as s:
        stmt = select(Request, Agency).join(Agency, col(Agency.id) == col(Request.agency_id))
        if status:
            stmt = stmt.where(col(Request.status) == status)
        if agency:
            stmt = stmt.where(col(Request.agency_id) == resolve(s, agency).id)
        if campaign:
            stmt = stmt.where(col(Request.campaign) == campaign)
        rows = [view(r, a).as_dict() for r, a in s.execute(stmt.order_by(Request.id.desc()))]  # type: ignore[union-attr]
    if fmt == "json":
        console.print_json(rows)
    elif fmt == "csv":
        cols = list(rows[0]) if rows else list(LIST_COLUMNS)
        console.print_csv(
            cols, ([r[c] if not isinstance(r[c], (list, dict)) else str(r[c]) for c in cols] for r in rows)
        )
    elif rows:
        console.table(None, LIST_COLUMNS, ([r[c] for c in LIST_COLUMNS] for r in rows))
    else:
        console.info("No requests.")


@app.command("show")
def show(
    ident: str = typer.Argument(..., metavar="ID", help="Request id or reference."),
    as_of: str = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Judge lateness as of this day."),
    json_out: bool = common.JsonOption,
) -> None:
    """The timeline, every deadline with its explanation, and the suggested next step.

    Example: foilbot request show FOIL-2026-0001
    """
    from foilbot import console
    from foilbot.models import Agency
    from foilbot.services.events import timeline
    from foilbot.services.overdue import suggest
    from foilbot.services.requests import get_request, schedule_for, view

    day = common.parse_date(as_of, "--as-of") or _today()
    with common.session() as s:
        req = get_request(s, ident)
        info = view(req, s.get_one(Agency, req.agency_id)).as_dict()
        events = timeline(s, req)
        schedule = schedule_for(s, req, mail_days=common.settings().mail_days)
    step = suggest(schedule, info["status"], day, info["reference"])
    deadlines = [
        {
            "kind": d.kind,
            "due": d.due,
            "party": d.party,
            "citation": d.citation,
            "verified": d.verified,
            "met": d.met,
            "estimated": d.estimated,
            "conditional": d.conditional,
            "flags": list(d.flags),
            "explanation": list(d.explanation),
        }
        for d in schedule.deadlines
    ]
    if json_out:
        console.print_json(
            {
                **info,
                "law": schedule.law.name,
                "events": events,
                "deadlines": deadlines,
                "warnings": list(schedule.warnings),
                "next_step": step,
            }
        )
        return
    console.fields(
        [
            ("reference", info["reference"]),
            ("agency", f"{info['agency']} ({info['agency_id']})"),
            ("law", f"{schedule.law.name} ({schedule.law.jurisdiction})"),
            ("status", info["status"]),
            ("topics", ", ".join(info["topics"])),
            ("sent", f"{info['sent_on']} via {info['via']}" if info["sent_on"] else "not yet"),
            (
                "received",
                f"{schedule.received}{' (estimated)' if schedule.received_estimated else ''}"
                if schedule.received
                else "-",
            ),
        ]
    )
    console.echo("\nTimeline:")
    for e in events:
        fix = f", replaced by #{e['replaced_by']}" if e["replaced_by"] else ""
        gone = f"  [removed {e['removed_at']:%Y-%m-%d}{fix}]" if e["removed_at"] else ""
        extra = ", ".join(f"{k}={v}" for k, v in (e["data"] or {}).items())
        files = "".join(
            f"\n      file: {a['filename']} (sha256 {a['sha256'][:12]}…)" for a in e["attachments"]
        )
        console.echo(
            f"  #{e['id']} {e['date']} {e['kind']}{' (' + extra + ')' if extra else ''}"
            f"{' — ' + e['note'] if e['note'] else ''}{gone}{files}"
        )
    console.echo("\nDeadlines:")
    for d in schedule.deadlines:
        state = f"met {d.met}" if d.met else ("if no response" if d.conditional else "open")
        console.echo(f"  {d.kind.replace('_', ' ')}: due {d.due} ({state}; verified: {d.verified})")
        for line in d.explanation:
            console.echo(f"      {line}")
    for w in schedule.warnings:
        console.warn(w)
    console.echo(f"\nNext step: {step}")


@app.command("log")
def log(
    ident: str = typer.Argument(..., metavar="ID", help="Request id or reference."),
    event: str = typer.Argument(..., metavar="EVENT", help=EVENT_HELP),
    on: str = typer.Option(..., "--date", metavar="YYYY-MM-DD", help="Day it happened."),
    note: str = typer.Option("", "--note", help="Free text kept with the event."),
    attach: list[Path] = typer.Option([], "--attach", help="File to keep with the event (repeatable)."),
    estimate: str = typer.Option(
        None, "--estimate", metavar="YYYY-MM-DD", help="acknowledged: approximate date given."
    ),
    until: str = typer.Option(None, "--until", metavar="YYYY-MM-DD", help="extended: the new date."),
    amount: float = typer.Option(None, "--amount", help="fee-estimate: the amount (USD)."),
    exemption: list[str] = typer.Option([], "--exemption", help="denied: an exemption cited (repeatable)."),
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
    from foilbot.errors import UsageError
    from foilbot.services.events import log_event

    day = common.parse_date(on, "--date")
    assert day is not None
    if event == "sent" and corrects is None:
        raise UsageError("use `foilbot request sent ID --date DATE` to record filing")
    if event == "fee-estimate" and amount is None:
        raise UsageError("fee-estimate needs --amount N")
    data = {
        "estimate": common.parse_date(estimate, "--estimate"),
        "until": common.parse_date(until, "--until"),
        "amount": amount,
        "exemptions": list(exemption),
        "received": common.parse_date(received, "--received"),
    }
    with common.session() as s:
        done = log_event(
            s,
            ident,
            event,
            day,
            today=_today(),
            note=note,
            data=data,
            attach=attach,
            root=_root(),
            mail_days=common.settings().mail_days,
            corrects=corrects,
        )
    fixed = f" (replacing #{corrects})" if corrects is not None else ""
    console.echo(
        f"{done.reference}: logged #{done.event_id} {done.kind} on {done.day}{fixed}; status {done.status}."
    )
    for a in done.attachments:
        console.echo(f"  kept {a['filename']} (sha256 {a['sha256']})")


@app.command("unlog")
def unlog(
    ident: str = typer.Argument(..., metavar="ID", help="Request id or reference."),
    event_id: int = typer.Argument(..., metavar="EVENT_ID", help="The event's number (see request show)."),
) -> None:
    """Remove a mistaken event; the history keeps it, marked removed, and deadlines are recomputed.

    Example: foilbot request unlog FOIL-2026-0001 3
    """
    from foilbot import console
    from foilbot.services.events import unlog_event

    with common.session() as s:
        done = unlog_event(s, ident, event_id, today=_today(), mail_days=common.settings().mail_days)
    console.echo(f"{done.reference}: removed #{event_id} ({done.kind} on {done.day}); status {done.status}.")


@app.command("files")
def files(
    ident: str = typer.Argument(..., metavar="ID", help="Request id or reference."),
    json_out: bool = common.JsonOption,
) -> None:
    """List a request's attachments and verify each against its SHA-256 (exit 1 if any is bad).

    Example: foilbot request files FOIL-2026-0001
    """
    from foilbot import console
    from foilbot.errors import FoilbotError
    from foilbot.services.events import attachments

    with common.session() as s:
        req, rows = attachments(s, ident, _root())
    if json_out:
        console.print_json(rows)
    elif rows:
        console.table(
            None,
            ("event", "file", "size", "sha256", "state"),
            ((r["event_id"], r["filename"], r["size"], r["sha256"], r["state"]) for r in rows),
        )
    else:
        console.info(f"{req.reference} has no attachments.")
    bad = [r for r in rows if r["state"] != "ok"]
    if bad:
        raise FoilbotError(
            f"{len(bad)} attachment(s) of {req.reference} missing or damaged: "
            + ", ".join(f"{r['filename']} ({r['state']})" for r in bad)
        )


@app.command("letter")
def letter(
    ident: str = typer.Argument(..., metavar="ID", help="Request id or reference."),
    out: Path = typer.Option(None, "--out", "-o", help="Write a PDF (.pdf), text (.txt) or HTML (.html)."),
    text: bool = typer.Option(False, "--text", help="Print the letter as plain text (for an email body)."),
    html: bool = typer.Option(False, "--html", help="Print the letter as HTML (a preview)."),
    force: bool = typer.Option(False, "--force", help="Write to an agency marked not subject to the law."),
) -> None:
    """The request letter of a saved request.

    Example: foilbot request letter FOIL-2026-0001 --out FOIL-2026-0001.pdf
    """
    from foilbot.cli.letters_out import render

    render(ident, "request", out=out, text=text, html=html, force=force)


@app.command("letters")
def letters(
    out_dir: Path = typer.Option(..., "--out-dir", help="Folder for the PDFs (REFERENCE.pdf each)."),
    campaign: str = typer.Option(None, "--campaign", help="Only this campaign's requests."),
    status: str = typer.Option(
        "draft", "--status", help="Only requests with this status ('all' for every one)."
    ),
    resume: bool = typer.Option(False, "--resume", help="Keep letters already written; write the rest."),
    force: bool = typer.Option(False, "--force", help="Include agencies marked not subject to the law."),
) -> None:
    """Print the request letters of many saved requests at once, on every core.

    All or nothing: every letter is written under a temporary name and renamed only when all have
    succeeded. With --resume, finished letters are kept and an interrupted run can start again.

    Example: foilbot request letters --campaign cameras-2026 --out-dir letters/
    """
    from sqlmodel import col, select

    from foilbot import console
    from foilbot import render as service
    from foilbot.models import Request
    from foilbot.render.templates import user_templates_dir
    from foilbot.services.request_letters import prepare

    settings = common.settings()
    out_dir.mkdir(parents=True, exist_ok=True)
    with common.session() as s:
        stmt = select(col(Request.id))
        if campaign:
            stmt = stmt.where(Request.campaign == campaign)
        if status != "all":
            stmt = stmt.where(col(Request.status) == status)
        jobs = [
            prepare(
                s,
                rid,
                "request",
                on=_today(),
                requester=settings.requester,
                fee_limit=settings.fee_limit,
                out=out_dir / f"{ref}.pdf",
                force=force,
            ).job
            for rid, ref in s.execute(stmt.add_columns(col(Request.reference)).order_by(col(Request.id)))
        ]
    if not jobs:
        console.info("No matching requests.")
        return
    with console.progress("Letters", len(jobs)) as advance:
        result = service.render_batch(
            jobs,
            service.RenderOptions(user_dir=user_templates_dir(settings.templates_dir)),
            resume=resume,
            progress=advance,
        )
    for warning in sorted(set(result.warnings)):
        console.warn(warning)
    kept = f"; {len(result.skipped)} already there" if result.skipped else ""
    console.echo(f"Wrote {len(result.written)} letter(s) to {out_dir}{kept}.")
