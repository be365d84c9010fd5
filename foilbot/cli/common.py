"""State shared by the commands of one invocation: the global options and the settings they imply."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import typer

from foilbot.errors import UsageError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings


@dataclass
class Invocation:
    db: str | None = None
    traceback: bool = False
    _settings: Settings | None = None


current = Invocation()


def reset(db: str | None, traceback: bool) -> None:
    global current
    current = Invocation(db=db, traceback=traceback)


def settings() -> Settings:
    """Settings for this invocation, read once."""
    from foilbot.config import load_settings

    if current._settings is None:
        current._settings = load_settings(database_url=current.db)
    return current._settings


def database_url() -> str:
    return settings().database_url


@contextmanager
def session() -> Iterator[Session]:
    """A database session at schema head; commits on success, rolls back on error."""
    from foilbot.storage import session_scope

    with session_scope(database_url()) as s:
        yield s


@contextmanager
def directory_session() -> Iterator[Session]:
    """A session whose agency directory is loaded (the shipped one, on first use)."""
    from foilbot.services.agencies import ensure_directory

    with session() as s:
        loaded = ensure_directory(s)
        if loaded is not None:
            from foilbot import console

            console.info(f"Loaded the shipped agency directory ({loaded.added} agencies) into the database.")
        yield s


def parse_date(value: str | None, option: str) -> date | None:
    """YYYY-MM-DD, or None; a bad date is a usage error naming the option."""
    if value is None:
        return None
    from foilbot.clock import parse_day

    day = parse_day(value)
    if day is None:
        raise UsageError(f"{option}: {value!r} is not a date; use YYYY-MM-DD (e.g. 2026-11-23)")
    return day


def output_format(json_out: bool, csv_out: bool = False) -> str:
    if json_out and csv_out:
        raise UsageError("--json and --csv cannot be used together")
    return "json" if json_out else "csv" if csv_out else "table"


JsonOption = typer.Option(False, "--json", help="Print JSON (a stable, documented shape).")
CsvOption = typer.Option(False, "--csv", help="Print CSV with a header row.")
