"""State shared by the commands of one invocation: the global options, the settings they imply, and
the one place that opens the database (a session, or a reader on the fastest driver that can answer).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, TypeVar

import typer

from foilbot.errors import UsageError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.queries import Reader


@dataclass
class Invocation:
    db: str | None = None
    traceback: bool = False
    _settings: Settings | None = None
    _schedules_checked: bool = False


current = Invocation()
T = TypeVar("T")


def reset(db: str | None, traceback: bool) -> None:
    global current
    current = Invocation(db=db, traceback=traceback)


def settings() -> Settings:
    """Settings for this invocation, read once and handed to every service: the file's and the
    environment's, with the database's own workspace settings in place (foilbot.services.shared_settings)."""
    from foilbot.config import load_settings

    if current._settings is None:
        from foilbot.drivers import workspace_values
        from foilbot.services import shared_settings

        mine = load_settings(database_url=current.db)
        current._settings, overridden = shared_settings.apply(
            mine, workspace_values(mine.database_url, shared_settings.KEYS)
        )
        if overridden:
            from foilbot import console

            for line in overridden:
                console.warn(line)
    return current._settings


def refresh_settings() -> Settings:
    """Read the settings again after a workspace setting changed, and bring the stored schedules in
    line with them now (the command that changed it says how many were recomputed)."""
    current._settings = None
    current._schedules_checked = False
    _check_schedules(database_url())
    return settings()


# An in-memory SQLite database (`sqlite://`, `sqlite:///:memory:`, `?mode=memory`) ends with the
# command: `init` said "ready" and `request new` "Created" while nothing was kept (issue 9).
_MEMORY = re.compile(r"sqlite(\+\w+)?://(/(:memory:)?)?(\?.*)?|sqlite.*[?&]mode=memory\b.*")


def database_url() -> str:
    """The database URL for this invocation; an in-memory SQLite database is refused (a command line
    run keeps nothing in one)."""
    url = settings().database_url
    if _MEMORY.fullmatch(url.strip()):
        raise UsageError(
            f"database {url!r} is in memory: it ends with the command, so nothing would be kept",
            hint="Name a file, e.g. --db sqlite:///requests.db (or a PostgreSQL URL).",
        )
    return url


def _check_schedules(url: str) -> None:
    """Recompute stored schedules computed with another engine, law data or deadlines.* setting
    (in a transaction of its own, so it holds whatever the command then does)."""
    if current._schedules_checked:
        return
    from foilbot.services.recompute import ensure_current
    from foilbot.services.schedule import is_current
    from foilbot.storage import session_scope

    with session_scope(url, read_only=True) as s:
        current._schedules_checked = is_current(s, settings())
    if current._schedules_checked:
        return
    # A workspace setting changed since settings() was read: ensure_current raises (shared_settings.Changed)
    # rather than recompute with the old value. Not retried here: the command may hold the old settings.
    with session_scope(url, recomputes=True) as s:
        count = ensure_current(s, settings())
    current._schedules_checked = True
    if count:
        from foilbot import console

        console.info(f"Recomputed the deadlines of {count} request(s) for the current settings and law data.")


@contextmanager
def session(*, read_only: bool = False) -> Iterator[Session]:
    """A database session at schema head with current schedules; commits on success, rolls back on error.

    Args:
        read_only: the command only reads (`show`, `calendar`, `report`): it never waits for a writer.
    """
    from foilbot.storage import session_scope

    url = database_url()
    _check_schedules(url)
    with session_scope(url, read_only=read_only) as s:
        if not read_only:
            _hold_settings(s)
        yield s


def write(work: Callable[[Session], T], *, directory: bool = False) -> T:
    """Run a command's database work in one transaction, run again whole when the database asks
    (storage.transaction: a deadlock, a serialization failure, SQLite busy past its timeout).

    Args:
        work: the service call, given the session; it must do only database work (see
            storage.transaction), and the command prints its result after.
        directory: the work reads the agency directory, so an empty one is loaded first.
    """
    from foilbot.storage import transaction

    url = database_url()
    _check_schedules(url)

    def unit(s: Session) -> T:
        _hold_settings(s)
        if directory:
            _load_directory(s)
        return work(s)

    return transaction(url, unit)


def _hold_settings(s: Session) -> None:
    """A write stores what this invocation's settings compute: they must still be the workspace's."""
    from foilbot.services import shared_settings

    shared_settings.hold(s, settings())


def _load_directory(s: Session) -> None:
    from foilbot.services.agencies import ensure_directory

    loaded = ensure_directory(s)
    if loaded is not None:
        from foilbot import console

        console.info(f"Loaded the shipped agency directory ({loaded.added} agencies) into the database.")


@contextmanager
def directory_session() -> Iterator[Session]:
    """A session whose agency directory is loaded (the shipped one, on first use)."""
    with session() as s:
        _load_directory(s)
        yield s


@contextmanager
def reader(*, directory: bool = False, schedules: bool = True) -> Iterator[Reader]:
    """The read side: straight on the driver when the database can answer as is (fast start-up: no
    SQLAlchemy import), else a session.

    Args:
        directory: the command reads the agency directory, so an empty one is loaded first.
        schedules: the command reads stored schedules, so they must be current for the settings.
    """
    from foilbot.queries import Reader, fast_reader

    key = None
    if schedules:
        from foilbot.domain.revision import schedule_key

        key = schedule_key(settings().mail_days)
    with fast_reader(database_url(), key) as fast:
        if fast is not None and (not directory or fast.rows("SELECT 1 FROM agency LIMIT 1")):
            yield fast
            return
    if directory:
        with directory_session() as s:
            yield Reader(s)
        return
    with session(read_only=True) as s:
        yield Reader(s)


def parse_date(value: str | None, option: str) -> date | None:
    """YYYY-MM-DD, or None; a bad date is a usage error naming the option."""
    if value is None:
        return None
    from foilbot.clock import parse_day

    day = parse_day(value)
    if day is None:
        raise UsageError(
            f"{option}: {value!r} is not a date; use YYYY-MM-DD (e.g. 2026-11-23), from 1966 to 2199"
        )
    return day


def as_of(value: str | None) -> date:
    """--as-of, or today from the one clock."""
    from foilbot import clock

    return parse_date(value, "--as-of") or clock.today()


FORMATS = ("table", "json", "csv", "ndjson")


def output_format(fmt: str | None, json_out: bool = False, csv_out: bool = False) -> str:
    """--format, with --json and --csv as its shorthands."""
    chosen = [f for f, on in (("json", json_out), ("csv", csv_out)) if on]
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
        chosen.append(fmt)
    if len(set(chosen)) > 1:
        raise UsageError(f"choose one output format, not {' and '.join(sorted(set(chosen)))}")
    return chosen[0] if chosen else "table"


FormatOption = typer.Option(
    None, "--format", "-f", metavar="FORMAT", help="table, json, csv or ndjson (one JSON object a line)."
)
JsonOption = typer.Option(False, "--json", help="Print JSON (a stable, documented shape; --format json).")
CsvOption = typer.Option(False, "--csv", help="Print CSV with a header row (--format csv).")
# Bounded where every database and itertools.islice take the number (SQLite and PostgreSQL stop at
# 2**63 - 1, with an error that named no option): no workspace holds more rows.
ROWS_MAX = 2**31 - 1
LimitOption = typer.Option(
    None, "--limit", min=0, max=ROWS_MAX, metavar="N", help="Show at most this many rows."
)
OffsetOption = typer.Option(
    None,
    "--offset",
    min=0,
    max=ROWS_MAX,
    metavar="N",
    help="Skip this many rows first (with --limit: a page).",
)
