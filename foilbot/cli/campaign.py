"""`foilbot campaign …`: the same request to many agencies, printed and filed together (issue 12)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from foilbot import clock
from foilbot.cli import common
from foilbot.cli.base import App, may_be_empty
from foilbot.domain.vocabulary import VIAS

if TYPE_CHECKING:
    from foilbot.services.campaigns import CampaignResult, Spec

app = App(help="One request to many agencies: create, print, file, follow.", no_args_is_help=True)

NameArgument = typer.Argument(..., metavar="NAME", help="Campaign name, e.g. cameras-2026.")
AgenciesOption = typer.Option(
    None, "--agencies", metavar="FILE.csv", help="Agencies by the `id` column of a CSV (agency list --csv)."
)
FilterOption = typer.Option(
    [], "--filter", metavar="KEY=VALUE", help="Directory filter: state, kind or county; repeatable."
)
PrivateOption = typer.Option(
    False, "--include-private", help="Also ask agencies marked not subject to the law."
)
DryRunOption = typer.Option(False, "--dry-run", help="Show what would be created; create nothing.")
LIST_COLUMNS = ("name", "requests", "drafts", "created_at", "closed_on")


def _choose(
    name: str,
    spec: Spec | None,
    agencies: Path | None,
    filters: list[str],
    include_private: bool,
    dry_run: bool,
) -> None:
    from foilbot import console
    from foilbot.keyvalue import parse_pairs
    from foilbot.services.campaigns import create

    pairs = parse_pairs(filters, "--filter", example="--filter state=NY --filter kind=school_district")
    result = common.write(
        lambda s: create(
            s,
            name,
            common.settings(),
            spec=spec,
            agencies_file=agencies,
            filters=pairs,
            include_private=include_private,
            dry_run=dry_run,
        ),
        directory=True,
    )
    console.echo_lines(_summary(result))


def _summary(result: CampaignResult) -> list[str]:
    refs = [c.reference for c in result.created]
    verb = "Would create" if result.dry_run else "Created"
    span = f" ({refs[0]} … {refs[-1]})" if refs and refs[0] else ""
    lines = [f"{verb} {len(result.created)} request(s){span} in campaign {result.name}."]
    if result.dry_run:
        lines += [f"  {c.agency_id}  {c.agency}" for c in result.created]
    if result.skipped:
        lines.append(f"Skipped {len(result.skipped)} agency(ies):")
        lines += [f"  {s.agency_id}  {s.agency}: {s.reason}" for s in result.skipped]
    return lines


@app.command("new")
@may_be_empty("subject")
def new(
    name: str = NameArgument,
    topic: list[str] = typer.Option(
        [], "--topic", "-t", help="Topic block, repeatable, in order.", metavar="TOPIC"
    ),
    template: str = typer.Option(
        "", "--template", help="Letter template (default: each law's).", metavar="TEMPLATE"
    ),
    subject: str = typer.Option("", "--subject", help="What the records are about.", metavar="SUBJECT"),
    param: list[str] = typer.Option([], "--param", "-p", metavar="KEY=VALUE", help="Topic parameter."),
    law: str = typer.Option(
        None, "--law", metavar="XX", help="Law for every request (default: each agency's)."
    ),
    agencies: Path = AgenciesOption,
    filters: list[str] = FilterOption,
    include_private: bool = PrivateOption,
    dry_run: bool = DryRunOption,
) -> None:
    """Create one draft request per agency, in one transaction; lists the agencies it skipped.

    Example: foilbot campaign new cams --topic retention-periods --filter state=NY --filter county=Niagara
    """
    from foilbot.keyvalue import parse_pairs
    from foilbot.services.campaigns import Spec

    params = parse_pairs(param, "--param", example="--param vendor='SN Technologies'")
    spec = Spec(tuple(topic), template, subject, params, law)
    _choose(name, spec, agencies, filters, include_private, dry_run)


@app.command("add")
def add(
    name: str = NameArgument,
    agencies: Path = AgenciesOption,
    filters: list[str] = FilterOption,
    include_private: bool = PrivateOption,
    dry_run: bool = DryRunOption,
) -> None:
    """Add agencies to a campaign: the same request, agencies already in it skipped.

    Example: foilbot campaign add cameras-2026 --filter state=NY --filter county=Erie
    """
    _choose(name, None, agencies, filters, include_private, dry_run)


@app.command("list")
def list_(fmt: str = common.FormatOption) -> None:
    """Campaigns, with their number of requests and drafts.

    Example: foilbot campaign list --format json
    """
    from foilbot import console
    from foilbot.services.campaign_ops import list_campaigns

    out = common.output_format(fmt)
    with common.reader(schedules=False) as db:
        rows = list_campaigns(db)
    if console.print_items(out, rows, list(rows[0]) if rows else ["name", "topics", *LIST_COLUMNS[1:]]):
        return
    if rows:
        console.table(None, LIST_COLUMNS, ([r[c] for c in LIST_COLUMNS] for r in rows))
    else:
        console.info("No campaigns.")


@app.command("show")
def show(name: str = NameArgument, fmt: str = common.FormatOption) -> None:
    """A campaign's requests in campaign order: status, filing, article number, current deadline.

    Example: foilbot campaign show cameras-2026 --format csv
    """
    from foilbot import console
    from foilbot.services.campaign_ops import SHOW_COLUMNS, show

    out = common.output_format(fmt)
    with common.reader() as db:
        meta, rows = show(db, name)
    if console.print_items(out, rows, SHOW_COLUMNS, meta):
        return
    console.table(
        f"Campaign {name}: {', '.join(meta['topics'])}",
        SHOW_COLUMNS,
        ([r[c] for c in SHOW_COLUMNS] for r in rows),
    )


@app.command("sent")
def sent(
    name: str = NameArgument,
    on: str = typer.Option(..., "--date", metavar="YYYY-MM-DD", help="Day the requests were sent."),
    via: str = typer.Option("mail", "--via", help=", ".join(VIAS) + ".", metavar="METHOD"),
    only: list[str] = typer.Option([], "--only", metavar="REF", help="Only this request; repeatable."),
    tracking_from: Path = typer.Option(
        None, "--tracking-from", metavar="FILE.csv", help="Article numbers: reference,article_number."
    ),
) -> None:
    """Record that the campaign's drafts were filed; requests already recorded as sent are left alone.

    Example: foilbot campaign sent cameras-2026 --date 2026-11-23 --via mail
    """
    from foilbot import console
    from foilbot.services.campaign_ops import mark_sent

    day = common.parse_date(on, "--date")
    assert day is not None
    done = common.write(
        lambda s: mark_sent(
            s,
            name,
            common.settings(),
            day=day,
            via=via,
            today=clock.today(),
            only=only,
            tracking_from=tracking_from,
        )
    )
    already = f"; {len(done.already)} already recorded as sent" if done.already else ""
    console.echo(f"Recorded {len(done.recorded)} request(s) of {name} as sent {day} via {via}{already}.")
    if done.passed_over:
        console.info(f"Not drafts any more (withdrawn), not recorded: {', '.join(done.passed_over)}.")


@app.command("letters")
def letters(
    name: str = NameArgument,
    out: Path = typer.Option(
        ..., "--out", "-o", help="Folder for the PDFs (REFERENCE.pdf each).", metavar="FOLDER"
    ),
    one_pdf: Path = typer.Option(
        None, "--one-pdf", metavar="FILE.pdf", help="Also every letter in one PDF, each on a new sheet."
    ),
) -> None:
    """Print every request letter of the campaign, on every core; letters already written are kept,
    so an interrupted run finishes the rest.

    Example: foilbot campaign letters cameras-2026 --out letters/
    """
    from foilbot import console, render
    from foilbot.files import output_folder
    from foilbot.render.templates import user_templates_dir
    from foilbot.services.campaign_ops import letter_jobs

    settings = common.settings()
    output_folder(out, "--out")  # a file, a device or /proc there: an error naming --out
    with common.session(read_only=True) as s:
        jobs, passed = letter_jobs(s, name, settings, on=clock.today(), out_dir=out)
    if passed:
        console.info(f"Not by post, not printed: {', '.join(passed)}.")
    options = render.RenderOptions(user_dir=user_templates_dir(settings.templates_dir))
    with console.progress("Letters", len(jobs)) as advance:
        result = render.render_batch(jobs, options, resume=True, progress=advance)
    for warning in sorted(set(result.warnings)):
        console.warn(warning)
    kept = f"; {len(result.skipped)} already there" if result.skipped else ""
    console.echo(f"Wrote {len(result.written)} letter(s) to {out}{kept}.")
    if one_pdf is not None:
        from foilbot.services.campaign_mail import write_combined

        console.echo(
            f"Wrote {write_combined([j.out for j in jobs if j.out], one_pdf)} (print on both sides)."
        )


@app.command("send")
def send(
    name: str = NameArgument,
    dry_run: bool = typer.Option(False, "--dry-run", help="Write REFERENCE.eml files instead of sending."),
    out: Path = typer.Option(Path("."), "--out", metavar="DIR", help="Folder for --dry-run's .eml files."),
    reconcile: str = typer.Option(
        None, "--reconcile", metavar="sent|unsent", help="Settle sends a stopped run left unfinished."
    ),
    fmt: str = common.FormatOption,
) -> None:
    """Email every request of the campaign (the smtp table of foilbot.toml), as `request send
    --campaign` does: letters rendered first on every core, sent at smtp.rate, never one twice; a
    refusal marks that request failed and the batch goes on.

    Example: foilbot campaign send cameras-2026 --dry-run --out outbox/
    """
    from foilbot.cli import mail_out
    from foilbot.services.sending import send_requests

    results = send_requests(
        common.session,
        [],
        common.settings(),
        campaign=name,
        dry_run_dir=out if dry_run else None,
        reconcile=reconcile,
    )
    mail_out.print_send_results(results, common.output_format(fmt))


@app.command("mailing")
def mailing(
    name: str = NameArgument,
    out: Path = typer.Option(
        ..., "--out", "-o", help="Folder for the labels, envelopes and mail log.", metavar="FOLDER"
    ),
) -> None:
    """Address labels (30 a sheet, Avery 5160), #10 envelopes and a mail log (PDF and CSV), in
    campaign order; an address that does not fit is an error naming the agency.

    Example: foilbot campaign mailing cameras-2026 --out mail/
    """
    from foilbot import console
    from foilbot.files import output_folder
    from foilbot.services.campaign_mail import write_kit

    output_folder(out, "--out")  # a file, a device or /proc there: an error naming --out
    with common.session(read_only=True) as s:
        kit = write_kit(s, name, common.settings(), out)
    for path in (kit.labels, kit.envelopes, kit.log_pdf, kit.log_csv):
        console.echo(f"Wrote {path}")
    console.info(f"{kit.count} addressee(s), in campaign order.")
    if kit.passed_over:
        console.info(f"Not by post, left out: {', '.join(kit.passed_over)}.")


@app.command("scorecard")
def scorecard(
    name: str = NameArgument,
    as_of: str = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="As things stood on this day (default: today)."
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Folder for NAME-scorecard.html, .csv and .json.", metavar="FOLDER"
    ),
) -> None:
    """A scorecard to publish: one self-contained page, plus CSV and JSON; the same --as-of gives
    the same files whenever it is run.

    Example: foilbot campaign scorecard cameras-2026 --as-of 2026-12-31 --out site/
    """
    from foilbot import console
    from foilbot.files import output_folder
    from foilbot.services import campaign_page
    from foilbot.services.campaign_score import scorecard as service

    day = common.as_of(as_of)
    output_folder(out, "--out")  # a file, a device or /proc there: an error naming --out
    with common.session(read_only=True) as s:
        card = service(s, name, day, common.settings())
    done = campaign_page.write(card, out)
    for path in (done.html, done.csv, done.json):
        console.echo(f"Wrote {path}")
    on_time, overdue = card.summary["answered on time"], card.summary["overdue"]
    console.info(f"As of {day}: {card.summary['sent']} sent, {on_time} answered on time, {overdue} overdue.")


@app.command("close")
def close(name: str = NameArgument) -> None:
    """Close a campaign: it takes no more agencies (its requests are followed as before).

    Example: foilbot campaign close cameras-2026
    """
    from foilbot import console
    from foilbot.services.campaign_ops import close as service

    day = common.write(lambda s: service(s, name, clock.today()))
    console.echo(f"Closed campaign {name} on {day}.")
