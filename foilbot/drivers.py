"""Read-only connections through the databases' own drivers (sqlite3, psycopg), without SQLAlchemy.

The hot read commands answer from these when the database is at schema head: importing SQLAlchemy
costs more than their queries (issue 14). Anything else yields None and the caller takes the session
path in storage.py, which migrates and explains what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from foilbot.storage import SCHEMA_HEAD, SQLITE_BUSY_TIMEOUT_MS


def sqlite_file(url: str) -> Path | None:
    """The file a plain `sqlite:///` URL names, read as SQLAlchemy reads it (percent-escapes decoded);
    None for anything else (PostgreSQL, a URL with query options)."""
    from urllib.parse import unquote

    prefix = "sqlite:///"
    return Path(unquote(url[len(prefix) :])) if url.startswith(prefix) and "?" not in url else None


def read_only_sqlite(path: Path) -> Any:
    """A read-only sqlite3 connection to this file: its name percent-escaped in the URI, where a `#` or
    a `?` would otherwise end it (and open another file, read-write)."""
    import sqlite3

    uri = f"{path.resolve().as_uri()}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)


@contextmanager
def sqlite_reader(url: str) -> Iterator[Any | None]:
    """A read-only standard-library connection to a SQLite database at schema head, else None.

    The hot read commands (`agency list`, `overdue`, `due`) answer from it without importing
    SQLAlchemy and SQLModel, which cost more than their queries. Anything else (PostgreSQL, a
    database not created yet, an older schema) yields None and the caller takes the normal path.
    """
    import sqlite3

    path = sqlite_file(url)
    if path is None or not path.is_file():
        yield None
        return
    con = read_only_sqlite(path)
    try:
        con.row_factory = sqlite3.Row
        # One read transaction: every query sees the same commit (a calendar reads its traces, then
        # the deadlines naming them), where the driver's default would give each SELECT its own.
        con.isolation_level = None
        con.execute("BEGIN")
        try:
            versions = con.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.Error:
            versions = []
        # Anything but exactly the head revision goes the session way, which explains what is wrong.
        yield con if [tuple(v) for v in versions] == [(SCHEMA_HEAD,)] else None
    finally:
        con.close()


@contextmanager
def postgres_reader(url: str) -> Iterator[Any | None]:
    """A read-only psycopg connection to a PostgreSQL database at schema head, else None.

    The PostgreSQL twin of `sqlite_reader`: read commands answer without importing SQLAlchemy (0.7 s of
    a 100,000-request `overdue`, issue 14). Only a `postgresql+psycopg://` URL qualifies; a failed
    connection, a missing driver or another revision yields None and the session path explains it.
    """
    with read_only_postgres(url) as con:
        if con is None:
            yield None
            return
        import psycopg

        try:
            versions = con.execute("SELECT version_num FROM alembic_version").fetchall()
        except psycopg.Error:
            versions = []
        yield con if [tuple(v) for v in versions] == [(SCHEMA_HEAD,)] else None


@contextmanager
def read_only_postgres(url: str, timeout: int | None = None) -> Iterator[Any | None]:
    """A read-only psycopg connection (one REPEATABLE READ transaction: every query sees the same
    snapshot, no locks taken), else None; `timeout` bounds the wait for a server that does not answer
    (seconds)."""
    prefix = "postgresql+psycopg://"
    if not url.startswith(prefix):
        yield None
        return
    try:
        import psycopg
    except ImportError:
        yield None
        return
    try:
        # psycopg leaves a None parameter out of the connection string.
        con = psycopg.connect("postgresql://" + url[len(prefix) :], autocommit=False, connect_timeout=timeout)
    except psycopg.Error:
        yield None
        return
    try:
        con.read_only = True
        con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ  # READ COMMITTED: one a statement
        yield con
    finally:
        con.close()


WORKSPACE_CONNECT_TIMEOUT = 3


def workspace_values(url: str, keys: tuple[str, ...]) -> dict[str, str]:
    """The database's own values of these settings (foilbot.services.shared_settings), read straight on the
    driver; {} when there is no database yet, no such table, or no driver (the session path then
    creates or migrates it, and the next command reads them)."""
    sql = "SELECT key, value FROM workspace_setting WHERE key IN ({})"
    path = sqlite_file(url)
    if path is not None:
        import sqlite3

        if not path.is_file():
            return {}
        try:
            lite = read_only_sqlite(path)
            try:
                return dict(lite.execute(sql.format(", ".join("?" for _ in keys)), keys).fetchall())
            finally:
                lite.close()
        except sqlite3.Error:
            return {}
    # Every command reads these, `config show` too, which is what a user runs when the server is down:
    # a server that does not answer costs it a few seconds, not the operating system's long wait.
    with read_only_postgres(url, timeout=WORKSPACE_CONNECT_TIMEOUT) as pg:
        if pg is None:
            return {}
        try:
            return dict(pg.execute(sql.format(", ".join("%s" for _ in keys)), keys).fetchall())
        except Exception:  # noqa: BLE001 - no such table yet: nothing stored
            return {}
