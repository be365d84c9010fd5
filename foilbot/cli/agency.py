"""`foilbot agency …`: the agency directory."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from foilbot.cli import common
from foilbot.cli.base import App, may_be_empty

app = App(help="Search, show, import and export the agency directory.", no_args_is_help=True)

LIST_COLUMNS = ("id", "name", "kind", "city", "state", "county")


@app.command("list")
@may_be_empty("search")
def list_(
    search: str = typer.Option(
        "",
        "--search",
        "-s",
        help="Words of the name, any order; CSD, UFSD, Univ… understood.",
        metavar="WORDS",
    ),
    state: str = typer.Option(None, "--state", metavar="XX", help="USPS state code."),
    kind: str = typer.Option(
        None, "--kind", help="school_district, boces, charter_school, college, …", metavar="KIND"
    ),
    county: str = typer.Option(
        None, "--county", help="County name (New York districts, colleges).", metavar="COUNTY"
    ),
    limit: int = typer.Option(
        50, "--limit", min=0, max=1_000_000, help="At most this many rows (0: no limit).", metavar="N"
    ),
    missing: str = typer.Option(
        None, "--missing", metavar="COLUMN", help="Only agencies with this column empty (email, phone, …)."
    ),
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
) -> None:
    """List agencies, best match first.

    Example: foilbot agency list --search "lockport csd" --state NY
    """
    from foilbot import console
    from foilbot.services import agencies

    out = common.output_format(fmt, json_out, csv_out)
    with common.reader(directory=True, schedules=False) as db:
        rows = agencies.search(
            db, search, state=state, kind=kind, county=county, limit=limit or None, missing=missing
        )
    if console.print_items(out, rows, agencies.AGENCY_COLUMNS):
        return
    if not rows:
        console.info("No agency matches.")
    else:
        console.table(None, LIST_COLUMNS, ([r[c] for c in LIST_COLUMNS] for r in rows))


@app.command("show")
def show(
    agency: str = typer.Argument(..., help="Agency id (nces-3617670) or name.", metavar="AGENCY"),
    json_out: bool = common.JsonOption,
) -> None:
    """Show every field of one agency.

    Example: foilbot agency show nces-3617670
    """
    from foilbot import console
    from foilbot.services import agencies

    with common.directory_session() as s:
        row = agencies.as_dict(agencies.resolve(s, agency))
    if json_out:
        console.print_object(row)
    else:
        console.fields(row.items())


@app.command("set")
@may_be_empty("email", "officer", "portal", "phone", "address", "website", "notes")
def set_(
    agency: str = typer.Argument(..., help="Agency id (nces-3617670) or name.", metavar="AGENCY"),
    email: str = typer.Option(
        None, "--email", help="Where requests go by email (one address).", metavar="ADDRESS"
    ),
    officer: str = typer.Option(
        None, "--records-officer", help="The records access officer's name.", metavar="NAME"
    ),
    portal: str = typer.Option(
        None, "--portal", help="The agency's records portal (http(s) URL).", metavar="URL"
    ),
    phone: str = typer.Option(None, "--phone", help="Telephone number.", metavar="NUMBER"),
    address: str = typer.Option(None, "--address", help="Street address.", metavar="LINES"),
    website: str = typer.Option(None, "--website", help="Web site (http(s) URL).", metavar="URL"),
    notes: str = typer.Option(
        None, "--notes", help="Anything worth knowing about this agency.", metavar="NOTES"
    ),
) -> None:
    """Edit one agency's contacts; your values survive `foilbot init` and directory refreshes.

    Example: foilbot agency set nces-3617670 --email foil@lockportschools.org --records-officer "J. Doe"
    """
    from foilbot import console
    from foilbot.services import agencies

    given = {"email": email, "records_officer": officer, "portal_url": portal, "phone": phone}
    given |= {"address": address, "website": website, "notes": notes}
    changes = {k: v for k, v in given.items() if v is not None}
    row = common.write(lambda s: agencies.set_fields(s, agency, changes), directory=True)
    changed = ", ".join(f"{k}={row[k]!r}" for k, v in given.items() if v is not None)
    console.echo(f"{row['id']}: set {changed} (kept through init and directory refreshes).")


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="CSV file (UTF-8, with or without BOM).", metavar="FILE"),
    dry_run: bool = typer.Option(False, "--dry-run", help="Check and count, write nothing."),
    map_: list[str] = typer.Option([], "--map", metavar="COLUMN=HEADER", help="Read COLUMN from HEADER."),
) -> None:
    """Add or update agencies from a CSV, by id; nothing is written if any row is bad.

    A file with only some columns (id and email, say) updates just those and never blanks the others;
    what it changes is kept through `foilbot init` and directory refreshes.

    Example: foilbot agency import my-districts.csv --map name=District --map id=Code
    """
    from foilbot import console
    from foilbot.services import agencies

    mapping = agencies.parse_mapping(map_)
    actor = common.settings().user
    result = common.write(
        lambda s: agencies.import_file(s, file, mapping=mapping, dry_run=dry_run, actor=actor), directory=True
    )
    prefix = "Dry run, nothing written: would add" if dry_run else "Added"
    console.echo(f"{prefix} {result.added}, updated {result.updated}, unchanged {result.unchanged} ({file}).")
    if result.unread:
        console.warn(f"{file}: columns not read: {'; '.join(result.unread)}")


@app.command("export")
def export(
    file: Path = typer.Argument(None, help="Where to write the CSV (default: stdout).", metavar="FILE"),
) -> None:
    """Write the whole directory as CSV, in the format `agency import` reads.

    Example: foilbot agency export agencies-backup.csv
    """
    import io

    from foilbot import console
    from foilbot.files import write_atomic
    from foilbot.services import agencies

    with common.directory_session() as s:
        if file is None:
            agencies.export(s, sys.stdout)
            return
        buffer = io.StringIO()
        n = agencies.export(s, buffer)
    write_atomic(file, buffer.getvalue())
    console.info(f"Wrote {n} agencies to {file}.")


closure_app = App(
    help="Days an agency was closed (they extend its business-day counts).", no_args_is_help=True
)
app.add_typer(closure_app, name="closure")


@closure_app.command("add")
@may_be_empty("reason")
def closure_add(
    agency: str = typer.Argument(..., help="Agency id or name.", metavar="AGENCY"),
    on: str = typer.Option(..., "--date", metavar="YYYY-MM-DD", help="The day the agency was closed."),
    reason: str = typer.Option(
        "agency closed", "--reason", help="Why (shown in deadline explanations).", metavar="REASON"
    ),
) -> None:
    """Record a closure day (a snow day); that agency's deadlines are recomputed.

    Example: foilbot agency closure add nces-3617670 --date 2026-12-02 --reason "snow day"
    """
    from foilbot import console
    from foilbot.services.requests import add_closure

    day = common.parse_date(on, "--date")
    assert day is not None
    agency_id, n = common.write(
        lambda s: add_closure(s, agency, day, reason, common.settings()), directory=True
    )
    console.echo(f"{agency_id}: closed {day} ({reason}); {n} request(s) recomputed.")


@closure_app.command("list")
def closure_list(
    agency: str = typer.Argument(..., help="Agency id or name.", metavar="AGENCY"),
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
) -> None:
    """List an agency's recorded closure days and the optional holidays it observes.

    Example: foilbot agency closure list nces-3617670
    """
    from foilbot import console
    from foilbot.services.observances import observances
    from foilbot.services.requests import closures

    out = common.output_format(fmt, json_out, csv_out)
    with common.directory_session() as s:
        agency_id, days = closures(s, agency)
        _, code, observed = observances(s, agency_id)
    rows = [{"day": day, "reason": reason} for day, reason in days]
    kept = [{"holiday": h, "recorded_for": whose} for h, whose in observed]
    if console.print_items(out, rows, ("day", "reason"), {"agency_id": agency_id, "observes": kept}):
        return
    console.echo_lines(f"{r['day']}  {r['reason']}" for r in rows)
    if not rows:
        console.info(f"{agency_id} has no recorded closure days.")
    for h, whose in observed:
        console.echo(
            f"Observes {h} (recorded for {'this agency' if whose == 'agency' else f'every {code} body'})."
        )


@closure_app.command("observe")
def closure_observe(
    holiday: str = typer.Argument(..., metavar="HOLIDAY", help='An optional holiday, e.g. "Good Friday".'),
    agency: str = typer.Option(None, "--agency", metavar="ID", help="The agency that observes it."),
    jurisdiction: str = typer.Option(
        None, "--jurisdiction", metavar="XX", help="Every body of this jurisdiction observes it (a default)."
    ),
    remove: bool = typer.Option(False, "--remove", help="Take a recorded observance back."),
) -> None:
    """Record that an agency observes an optional holiday; its deadlines are recomputed.

    Some holidays are non-business days only where the body observes them (Texas: Good Friday,
    Tex. Gov't Code § 552.0031(c)); foilbot never assumes them until told.

    Example: foilbot agency closure observe "Good Friday" --agency nces-4823640
    """
    from foilbot import console
    from foilbot.services.observances import observe

    with common.directory_session() as s:
        done = observe(
            s, common.settings(), holiday, agency_text=agency, jurisdiction=jurisdiction, remove=remove
        )
    verb = "no longer observes" if remove else "observes"
    console.echo(f"{done.whom} {verb} {done.holiday}; {done.recomputed} request(s) recomputed.")
