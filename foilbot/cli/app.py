"""The root `foilbot` app: global options and the one error boundary.

Command modules import only Typer at load time; each command imports its services when it runs, so
`foilbot --help` never loads SQLAlchemy, Jinja or WeasyPrint.
"""

from __future__ import annotations

import sys
from typing import Any

import typer

from foilbot import __version__
from foilbot.cli import (
    agency,
    base,
    calendar,
    campaign,
    common,
    config_cmd,
    db,
    deadline,
    inbox,
    letter,
    letters_out,
    overdue,
    report,
    request,
    template,
)
from foilbot.errors import EXIT_ERROR, EXIT_INTERRUPTED, FoilbotError, ValidationError


class Interrupted(typer.Exit):
    """Exit 130 with `Interrupted.` already written: the entry point writes it for a Ctrl-C that Typer
    caught itself (while parsing the command line or closing the context), which Typer ends silently."""


class FoilbotGroup(base.Group):
    """Turns FoilbotError into `Error: …` / `Hint: …` on stderr and its exit code, without a traceback.

    A transaction the database asks to run again is retried where it runs (storage.transaction),
    never by running the command again.
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except BaseException as exc:
            return self._failed(exc)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # The root's own options are read before invoke (`--db ""` is refused there: cli.base).
        try:
            return super().parse_args(ctx, args)
        except FoilbotError as exc:
            _report(exc)
            raise typer.Exit(exc.exit_code) from None

    def _failed(self, exc: BaseException) -> Any:
        try:
            raise exc
        except FoilbotError as exc:
            _report(exc)
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            # The reader went away (`foilbot … | head`): stop quietly, as Unix tools do.
            import os

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(EXIT_ERROR) from None
        except KeyboardInterrupt:
            sys.stderr.write("Interrupted.\n")
            raise Interrupted(EXIT_INTERRUPTED) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # usage errors: Typer prints them (exit 2)
        except Exception as exc:
            if common.current.traceback:
                raise
            known = _database_failure(exc)
            if known is not None:
                _report(known)
                raise typer.Exit(known.exit_code) from None
            # A database error's text holds the SQL and its parameters (personal data): only its cause.
            cause = getattr(exc, "orig", None) or exc
            first = (str(cause).strip().splitlines() or [""])[0]
            sys.stderr.write(f"Error: unexpected {type(exc).__name__}: {first}\n")
            sys.stderr.write("Hint: run again with --traceback and report the issue.\n")
            raise typer.Exit(EXIT_ERROR) from None


def _database_failure(exc: Exception) -> FoilbotError | None:
    """A database error no service translated (a damaged file met on a read path, a connection lost
    mid-command) as the one line `db_errors.database_error` gives: the database and the driver's first
    line with a hint, never the SQL text or its parameters."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    sqlite3 = sys.modules.get("sqlite3")
    psycopg = sys.modules.get("psycopg")  # the fast read path on PostgreSQL (drivers.py)
    if not (
        (sa_exc is not None and isinstance(exc, sa_exc.DBAPIError))
        or (sqlite3 is not None and isinstance(exc, sqlite3.Error))
        or (psycopg is not None and isinstance(exc, psycopg.Error))
    ):
        return None
    from foilbot.db_errors import database_error

    try:
        url = common.database_url()
    except FoilbotError:
        url = "(the database)"
    return database_error(exc, url)


def _report(exc: FoilbotError) -> None:
    from foilbot.console import safe  # messages quote data (names, file rows): never obey its controls

    if isinstance(exc, ValidationError):
        for problem in exc.problems:
            sys.stderr.write(safe(problem) + "\n")
    sys.stderr.write(f"Error: {safe(exc.message)}\n")
    if exc.hint:
        sys.stderr.write(f"Hint: {safe(exc.hint)}\n")


app = base.App(
    cls=FoilbotGroup,
    name="foilbot",
    help="Public-records requests: agencies, letters, statutory deadlines and overdue replies.\n\n"
    "Example: foilbot agency list --search 'lockport csd'",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"foilbot {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    db_url: str = typer.Option(
        None, "--db", metavar="URL", help="Database URL (default ./requests.db; also FOILBOT_DATABASE_URL)."
    ),
    traceback: bool = typer.Option(
        False, "--traceback", help="Show the Python traceback of unexpected errors."
    ),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Print the version."
    ),
) -> None:
    """Public-records requests: agencies, letters, statutory deadlines and overdue replies."""
    common.reset(db=db_url, traceback=traceback)


app.add_typer(agency.app, name="agency")
app.add_typer(request.app, name="request")
app.add_typer(inbox.app, name="inbox")
app.command("overdue")(overdue.overdue)
app.command("due")(overdue.due)
app.command("followup")(letters_out.followup)
app.command("appeal")(letters_out.appeal)
app.command("deadline")(deadline.deadline)
app.command("letter")(letter.letter)
app.command("calendar")(calendar.calendar)
app.add_typer(campaign.app, name="campaign")
app.add_typer(report.app, name="report")
app.add_typer(template.app, name="template")
app.add_typer(db.app, name="db")
app.add_typer(config_cmd.app, name="config")
app.command("init")(db.init)
