"""The read side both drivers share: SQL text with named parameters, rows read by column name.

`Reader` wraps either a standard-library sqlite3 connection (the fast path: no SQLAlchemy import,
so the commands people run most start quickly) or a SQLAlchemy session (PostgreSQL, a database not
created yet, or one whose stored schedules must first be recomputed). Which one is used is decided
in one place, `foilbot.cli.common.reader`; the queries and the code that reads their rows are the same.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any

Row = Mapping[str, Any]


class Reader:
    """Runs one SQL text on either driver; rows come back as mappings by column name."""

    def __init__(self, db: Any, *, postgres: bool = False) -> None:
        """Args:
        db: a SQLAlchemy session, a sqlite3 connection, or (postgres=True) a psycopg connection.
        """
        self.db = db
        self.sqlalchemy = hasattr(db, "get_bind")
        self.native_dates = postgres or (self.sqlalchemy and db.get_bind().dialect.name != "sqlite")
        self.psycopg = postgres and not self.sqlalchemy
        self._streaming = False

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        self._idle()
        if self.sqlalchemy:
            from sqlalchemy import text

            return list(self.db.execute(text(sql), dict(params or {})).mappings())
        if self.psycopg:
            from psycopg.rows import dict_row

            with self.db.cursor(row_factory=dict_row) as cur:
                return cur.execute(pyformat(sql), dict(params or {})).fetchall()
        return self.db.execute(sql, dict(params or {})).fetchall()

    def tuples(
        self, sql: str, params: Mapping[str, Any] | None = None
    ) -> Generator[Sequence[Any], None, None]:
        """The rows one at a time as the driver hands them over, as its tuples in the SELECT's column
        order (no dict a row: for the loops that read hundreds of thousands of rows; a listing that
        prints as it reads holds one row). No other query may run on this Reader until they are read
        (on psycopg it would wait for the stream forever: an error says so instead)."""
        self._idle()
        if self.sqlalchemy:
            from sqlalchemy import text

            options = {"stream_results": True} if self.native_dates else {}
            result = self.db.execute(text(sql), dict(params or {}), execution_options=options)
        elif self.psycopg:
            # The server's own plan, sent in chunks as it runs (libpq 17 and later; row by row before):
            # a server-side cursor is planned for its first rows and never in parallel: 66,000 overdue
            # rows took 0.83-0.93 s through one against 0.51 s streamed (issue 14). Memory: one chunk.
            result = self.db.cursor().stream(pyformat(sql), dict(params or {}), size=_chunk())
        else:
            result = self.db.cursor()
            result.row_factory = None  # plain tuples: faster than sqlite3.Row
            result.execute(sql, dict(params or {}))
        try:
            self._streaming = self.psycopg
            for row in result:  # noqa: UP028 - `yield from` would close the cursor itself (see below)
                yield row
        finally:
            self._streaming = False
            try:
                result.close()
            except Exception as exc:  # noqa: BLE001 - re-raised unless it is the case below
                # Rows left unread when the command stopped (`foilbot calendar | head`, Ctrl-C): the
                # generator is collected after its sqlite3 connection closed, and so its cursor.
                if not _closed_sqlite(exc):
                    raise
            if self.psycopg and self.db.info.transaction_status == _IN_ERROR:
                # Rows left unread: psycopg cancelled the query, which aborts a read-only transaction
                # that has nothing else to lose; the next query starts another.
                self.db.rollback()

    def _idle(self) -> None:
        if self._streaming:
            raise RuntimeError("a query on a Reader whose rows from tuples() are still being read")

    def page(self, limit: int | None, offset: int | None) -> str:
        """` LIMIT n OFFSET m` for --limit/--offset; "" for neither (SQLite needs a LIMIT to offset)."""
        sql = f" LIMIT {int(limit)}" if limit is not None else ""
        if offset:
            sql = (sql or ("" if self.native_dates else " LIMIT -1")) + f" OFFSET {int(offset)}"
        return sql

    def binary(self, column: str) -> str:
        """`column` compared by code point, as Python compares text (PostgreSQL's collation may not)."""
        return f'{column} COLLATE "C"' if self.native_dates else column

    def day(self, value: date) -> Any:
        """A date as a parameter: ISO text where SQLite stores ISO text, a date for PostgreSQL."""
        return value if self.native_dates else value.isoformat()

    def flag(self, value: bool) -> Any:
        return value if self.native_dates else int(value)


def _closed_sqlite(exc: Exception) -> bool:
    import sqlite3

    return isinstance(exc, sqlite3.ProgrammingError)


_IN_ERROR = 3  # libpq's PQTRANS_INERROR (psycopg.pq.TransactionStatus.INERROR), without importing psycopg


@lru_cache(maxsize=1)
def _chunk() -> int:
    """Rows a chunk of a psycopg stream: 2000 where libpq can send chunks (17 and later), else 1."""
    import psycopg

    return 2000 if psycopg.pq.version() >= 170000 else 1


_PLACES = re.compile(r"'(?:[^']|'')*'|(?<![:\w]):([A-Za-z_]\w*)|%")


@lru_cache(maxsize=256)
def pyformat(sql: str) -> str:
    """SQL with `:name` parameters (SQLAlchemy's and sqlite3's style) in psycopg's `%(name)s` style;
    quoted text, `::` casts and a literal % stay what they were."""

    def place(m: re.Match[str]) -> str:
        if m.group(0) == "%":
            return "%%"
        return f"%({m.group(1)})s" if m.group(1) else m.group(0)

    return _PLACES.sub(place, sql)


def as_date(value: Any) -> date | None:
    """A date column's value (SQLite returns ISO text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> datetime | None:
    """A timestamp column's value, in UTC with its offset on either backend: SQLite returns naive text
    (`2026-11-30 12:00:00.000000`, stored in UTC), PostgreSQL an aware value in the session's time
    zone. (`request list` printed one without an offset where `request show` gave `+00:00`.)"""
    if value is None:
        return None
    stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return stamp.replace(tzinfo=timezone.utc) if stamp.tzinfo is None else stamp.astimezone(timezone.utc)


def as_json(value: Any) -> Any:
    """A JSON column's value (SQLite returns its text; PostgreSQL's driver decodes it)."""
    return json.loads(value) if isinstance(value, (str, bytes)) else value


class Memo:
    """A decoder that remembers its last few thousand answers (the values are only read, never changed)."""

    def __init__(self, decode: Callable[[Any], Any], size: int = 4096) -> None:
        self.decode, self.size, self.seen = decode, size, {}  # type: ignore[var-annotated]

    def __call__(self, raw: Any) -> Any:
        try:
            return self.seen[raw]
        except KeyError:
            if len(self.seen) >= self.size:
                self.seen.clear()
            found = self.seen[raw] = self.decode(raw)
            return found
        except TypeError:  # PostgreSQL's driver already decoded a JSON column: a dict or a list
            return self.decode(raw)


# A request whose stored columns and deadline rows are as they stood on :as_of: nothing dated after it
# has happened to it (schedule.later_requests picks the others, to be computed as they stood).
UNCHANGED_SINCE = "(r.last_event_on IS NULL OR r.last_event_on <= :as_of)"


def where_clause(conditions: list[str]) -> str:
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


@contextmanager
def fast_reader(url: str, schedule_key: str | None) -> Iterator[Reader | None]:
    """A read-only Reader straight on the driver (sqlite3 for a SQLite file, psycopg for PostgreSQL) on
    a database at schema head whose stored schedules were computed with `schedule_key`; else None (the
    caller takes the session path, which migrates and recomputes).
    """
    from foilbot.drivers import postgres_reader, sqlite_reader

    postgres = url.startswith("postgresql")
    with (postgres_reader if postgres else sqlite_reader)(url) as con:
        if con is None:
            yield None
            return
        reader = Reader(con, postgres=postgres)
        if schedule_key is not None:
            try:
                found = reader.rows("SELECT value FROM workspace_setting WHERE key = 'schedule_key'")
            except Exception:  # noqa: BLE001 - no such table yet, whichever driver: the session path says
                found = []
            if not found or found[0]["value"] != schedule_key:
                yield None
                return
        yield reader
