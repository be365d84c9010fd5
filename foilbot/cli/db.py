"""`foilbot init` and `foilbot db …`: create, migrate, check, back up, export and import the database,
and list who changed what."""

from __future__ import annotations

from pathlib import Path

import typer

from foilbot.cli import common
from foilbot.cli.base import App

app = App(
    help="Database schema and migrations, the change log, checks, backups, export and import.",
    no_args_is_help=True,
)


@app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target revision.", metavar="REVISION")) -> None:
    """Apply the schema migrations (also done automatically on first use); never drops data.

    Example: foilbot --db postgresql+psycopg://foil@localhost/foil db upgrade
    """
    from foilbot import console, storage
    from foilbot.config import mask_url

    url = common.database_url()
    before, after = storage.upgrade(url, revision)
    if before == after:
        console.echo(f"{mask_url(url)}: schema already at {after}.")
    else:
        console.echo(f"{mask_url(url)}: schema upgraded from {before or 'empty'} to {after}.")


@app.command("log")
def log(
    since: str = typer.Option(None, "--since", metavar="YYYY-MM-DD", help="Changes from that day (UTC) on."),
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
) -> None:
    """List who changed what across the workspace, oldest first: requests filed, events logged or
    removed, letters drafted, agencies imported, closures added.

    Example: foilbot db log --since 2026-11-01
    """
    from datetime import datetime, time

    from foilbot import console
    from foilbot.services.audit import LOG_KEYS, changes

    chosen = common.output_format(fmt, json_out, csv_out)
    day = common.parse_date(since, "--since")
    with common.reader(schedules=False) as db:
        found = changes(db, since=datetime.combine(day, time()) if day else None)
    if not console.print_items(chosen, found, LOG_KEYS):
        for c in found:
            console.echo(
                f"{c['at']:%Y-%m-%d %H:%M}  {c['actor']}  {c['action']} {c['subject']}  {c['detail']}"
            )


@app.command("status")
def status() -> None:
    """Show the database URL (password masked) and its schema revision.

    Example: foilbot db status
    """
    from foilbot import console, storage
    from foilbot.config import mask_url

    url = common.database_url()
    rev = storage.current_revision(storage.get_engine(url))
    console.echo(f"{mask_url(url)}: schema {rev or 'not created'} (this foilbot: {storage.SCHEMA_HEAD})")


def init() -> None:
    """Create the database and import the shipped agency directory.

    Example: foilbot init
    """
    from foilbot import console
    from foilbot.config import mask_url
    from foilbot.resources import shipped_agencies_csv
    from foilbot.services.agencies import import_file

    result = common.write(lambda s: import_file(s, shipped_agencies_csv(), shipped=True))
    console.echo(
        f"{mask_url(common.database_url())}: ready. Shipped directory: added {result.added}, "
        f"updated {result.updated}, unchanged {result.unchanged}."
    )


@app.command("export")
def export(file: Path = typer.Argument(..., help="The file to write (a zip).", metavar="FILE")) -> None:
    """Write the whole workspace to one file: every table's rows and every attachment, hashes checked.

    Import it into an empty SQLite or PostgreSQL database with `foilbot db import FILE`.

    Example: foilbot db export workspace.zip
    """
    from foilbot import console, storage
    from foilbot.services.workspace import export_workspace

    with common.session(read_only=True) as s:  # one snapshot of every table while others keep writing
        moved = export_workspace(s, file, common.settings().files_dir, storage.SCHEMA_HEAD)
    console.echo(moved.line("Exported to"))


@app.command("import")
def import_(
    file: Path = typer.Argument(..., help="A file written by foilbot db export.", metavar="FILE"),
) -> None:
    """Load a `db export` file into an empty database, all or nothing; attachments are verified.

    Example: foilbot --db postgresql+psycopg://foil@db.example/foil db import workspace.zip
    """
    from foilbot import console, storage
    from foilbot.services.workspace import import_workspace

    moved = common.write(
        lambda s: import_workspace(s, file, common.settings().files_dir, storage.SCHEMA_HEAD)
    )
    console.echo(moved.line("Imported from"))


@app.command("backup")
def backup(file: Path = typer.Argument(..., help="The SQLite file to write.", metavar="FILE")) -> None:
    """Copy a SQLite database consistently while others keep writing (the sqlite3 backup API).

    For PostgreSQL it prints the pg_dump command to use instead. Attachments live in their own folder
    (named in the output); copy it too.

    Example: foilbot db backup backups/requests-2026-11-30.db
    """
    from foilbot import console
    from foilbot.services.maintenance import backup as copy

    done = copy(common.database_url(), file, common.settings().files_dir)
    console.echo(f"Backed up to {done.path} ({done.size} bytes). Attachments: copy {done.files_dir} too.")


@app.command("check")
def check(
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
) -> None:
    """Verify the database (integrity, references), its schema revision and every attachment's hash.

    Exits 1 when anything is wrong, after listing every check.

    Example: foilbot db check
    """
    from foilbot import console
    from foilbot.errors import FoilbotError
    from foilbot.services.maintenance import CHECK_KEYS
    from foilbot.services.maintenance import check as run

    found = run(common.database_url(), common.settings().files_dir)
    if not console.print_items(common.output_format(fmt, json_out, csv_out), found, CHECK_KEYS):
        for c in found:
            console.echo(f"{c['state']:8} {c['check']}: {c['detail']}")
    bad = [c for c in found if c["state"] != "ok"]
    if bad:
        raise FoilbotError(
            f"{len(bad)} check(s) failed: " + ", ".join(f"{c['check']} ({c['state']})" for c in bad)
        )
