"""Database engine and sessions from a URL: a SQLite file by default, PostgreSQL for teams.

The schema is created and upgraded only by Alembic (foilbot/migrations). Opening a database checks its
revision with one cheap query and upgrades it on first use; Alembic itself is imported only then.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from foilbot.config import mask_url
from foilbot.db_errors import database_error
from foilbot.errors import BusyError, ConfigError, FoilbotError, UsageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

# The newest migration in foilbot/migrations/versions; a test keeps it equal to Alembic's head.
SCHEMA_HEAD = "0012"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
T = TypeVar("T")


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL (None for other databases or in-memory)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


# A server-side cursor (a session's stream_results) is planned for its first tenth of rows by default:
# 66,000 overdue rows by agency took an incremental sort through an index, 1.1-1.3 s against 0.62 s for
# the plain query's plan (issue 14). foilbot reads every row it declares.
_CURSOR_PLANS = "SET cursor_tuple_fraction = 1"

READ_ONLY = {"foilbot_read_only": True}  # execution option: a transaction that only reads


def _sqlite_begin(conn: Any) -> None:
    # A writer takes the write lock when its transaction starts, not at its first write: a deferred
    # transaction that reads and then writes fails at once ("database is locked") when another
    # process wrote in between, instead of waiting out the busy timeout. A reader takes no lock
    # (WAL): it never waits behind a writer.
    read_only = conn.get_execution_options().get("foilbot_read_only", False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
    # See unwritten(): only a transaction holding the write lock can vouch that nobody else writes.
    conn.info[_CHANGES_AT_BEGIN] = None if read_only else conn.connection.driver_connection.total_changes


_CHANGES_AT_BEGIN = "foilbot_changes_at_begin"


def unwritten(session: Any) -> bool:
    """Whether the transaction has written nothing yet, so another connection reads what it reads
    (services.recompute_cores). SQLite: no row changed since BEGIN IMMEDIATE, whose lock keeps other
    writers out (WAL: others read the last commit). PostgreSQL: no transaction id assigned yet."""
    from sqlalchemy import text

    conn = session.connection()
    if conn.dialect.name == "postgresql":
        return conn.execute(text("SELECT txid_current_if_assigned() IS NULL")).scalar() is True
    if conn.dialect.name != "sqlite":
        return False
    begun = conn.info.get(_CHANGES_AT_BEGIN)
    return begun is not None and conn.connection.driver_connection.total_changes == begun


def _on_postgres_connect(dbapi_conn: Any, _record: Any) -> None:
    autocommit = dbapi_conn.autocommit
    dbapi_conn.autocommit = True  # a setting of the connection, not of a transaction
    try:
        dbapi_conn.cursor().execute(_CURSOR_PLANS)
    finally:
        dbapi_conn.autocommit = autocommit


_FOREIGN_TABLES = (
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite~_%' ESCAPE '~' "
    "AND NOT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'alembic_version') LIMIT 1"
)


def _on_sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers work while another process writes; the busy timeout makes writers queue
    # instead of failing with "database is locked"; SQLite leaves foreign keys off unless asked.
    dbapi_conn.isolation_level = None  # SQLAlchemy issues BEGIN itself (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    if not cur.execute(_FOREIGN_TABLES).fetchone():  # another program's file is left as it is (see
        cur.execute("PRAGMA journal_mode=WAL")  # current_revision, which refuses it)
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    """One engine per URL per process.

    Raises:
        ConfigError: the URL is malformed or its driver is not installed.
    """
    import logging

    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    # The pool logs an error it then raises (a Ctrl-C during a connection reset, with its traceback);
    # with no logging set up Python prints that log on stderr. Callers report the raised error
    # themselves (database_error); an application that sets up logging still receives the records.
    sa_log = logging.getLogger("sqlalchemy")
    if not sa_log.handlers:
        sa_log.addHandler(logging.NullHandler())
    try:
        if url.startswith("sqlite"):
            path = sqlite_path(url)
            if path is not None and not path.parent.exists():
                raise ConfigError(
                    f"database folder does not exist: {path.parent}",
                    hint="Create it, or pass another --db URL.",
                )
            if path is not None and path.exists() and not path.is_file():  # /dev/null, a folder, a FIFO
                raise ConfigError(
                    f"database {path} is not a regular file",
                    hint="Name a SQLite file (it is created if missing), e.g. --db sqlite:///requests.db.",
                )
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _on_sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(url, pool_pre_ping=True)
            if url.startswith("postgresql"):
                event.listen(engine, "connect", _on_postgres_connect)
    except NoSuchModuleError:
        raise ConfigError(
            f"no database driver for {mask_url(url)}",
            hint="For PostgreSQL: pip install 'foilbot[postgres]' and use postgresql+psycopg://...",
        ) from None
    except (ArgumentError, ValueError) as exc:  # ValueError: a port that is not a number
        raise ConfigError(f"bad database URL {mask_url(url)}: {exc}") from None
    except ImportError as exc:
        raise ConfigError(
            f"database driver missing for {mask_url(url)}: {exc.name}", hint="pip install 'foilbot[postgres]'"
        ) from None
    return engine


def revisions() -> tuple[str, ...]:
    """The schema revisions this foilbot knows, oldest first (the migration files' numbers)."""
    return tuple(sorted(p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*_*.py")))


def current_revision(engine: Engine) -> str | None:
    """The database's schema revision; None for an empty database.

    Raises:
        FoilbotError: foilbot's tables without a revision, or several revisions recorded; the database
            cannot be reached or read (a refused connection, a damaged file).
    """
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import DBAPIError

    url = str(engine.url)
    try:
        with engine.execution_options(**READ_ONLY).connect() as conn:
            tables = set(inspect(conn).get_table_names())
            has_rows = "alembic_version" in tables
            versions: Any = conn.execute(text("SELECT version_num FROM alembic_version")) if has_rows else []
            found = [v for (v,) in versions]
    except DBAPIError as exc:
        raise database_error(exc, url) from None
    if not found and tables & {"agency", "request", "event"}:
        # An empty or missing alembic_version beside foilbot's tables: migrating would create them again.
        raise FoilbotError(
            f"database {mask_url(url)} has foilbot's tables but no schema revision",
            hint="It was not made by foilbot, or was damaged: restore a backup, or use another --db.",
        )
    others = sorted(tables - {"alembic_version"})
    if not found and others:  # another program's database: foilbot would add its tables to it
        named = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
        raise FoilbotError(
            f"database {mask_url(url)} holds tables that are not foilbot's ({named}) and no foilbot schema",
            hint="foilbot makes its tables in an empty database (a new file; `createdb` on PostgreSQL).",
        )
    if len(found) > 1:
        raise FoilbotError(
            f"database {mask_url(str(engine.url))} records {len(found)} schema revisions "
            f"({', '.join(found)}); a foilbot database has one",
            hint="It was changed by hand or damaged: restore a backup.",
        )
    return found[0] if found else None


def _alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["database_url"] = url
    return cfg


def upgrade(url: str, revision: str = "head") -> tuple[str | None, str]:
    """Run the migrations up to `revision`; returns (before, after).

    Raises:
        UsageError: an unknown revision, or one older than the database's (no downgrades: issue 9,
            `db upgrade 0001` did nothing and said nothing).
    """
    from alembic import command
    from sqlalchemy.exc import DBAPIError

    if revision != "head" and revision not in revisions():
        raise UsageError(
            f"unknown schema revision {revision!r}; "
            f"use head ({SCHEMA_HEAD}) or one of {', '.join(revisions())}",
            hint="See the database's revision with: foilbot db status",
        )
    engine = get_engine(url)
    before = _checked_revision(engine, url)
    if revision != "head" and before is not None and revision < before:
        raise UsageError(
            f"database {mask_url(url)} is at schema {before}; "
            f"{revision} is older and foilbot never downgrades",
            hint=f"Upgrade to the head revision ({SCHEMA_HEAD}) with `foilbot db upgrade`, "
            "or restore a backup made before the upgrade.",
        )
    from foilbot.locks import serialize

    try:
        with engine.begin() as conn:
            serialize(conn, "migrate")  # another process migrating the same database goes first
            cfg = _alembic_config(url)
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except DBAPIError as exc:
        if _sqlstate(exc) != "42501":  # insufficient_privilege
            # The tables do not match the recorded revision (a table there already, or missing): the
            # migration's transaction is rolled back and the database left as it was.
            failed = database_error(exc, url)
            raise FoilbotError(
                f"database {mask_url(url)}: upgrading schema {before or 'nothing'} to {SCHEMA_HEAD} "
                f"failed, nothing was changed: {failed.message.split(': ', 1)[-1]}",
                hint=failed.hint,
            ) from None
        raise FoilbotError(
            f"database {mask_url(url)} is at schema {before or 'nothing'} and this foilbot needs "
            f"{SCHEMA_HEAD}, but this database role may not change the schema",
            hint="Ask the owner to run `foilbot db upgrade` with the owner role (docs/how-to/team.md).",
        ) from None
    return before, current_revision(engine) or ""


def _sqlstate(exc: Any) -> str | None:
    """The SQLSTATE of a database error (PostgreSQL), else None."""
    return getattr(getattr(exc, "orig", None), "sqlstate", None)


def _checked_revision(engine: Engine, url: str) -> str | None:
    from sqlalchemy.exc import DBAPIError

    try:
        rev = current_revision(engine)
    except DBAPIError as exc:
        raise database_error(exc, url) from None
    newer = rev is not None and rev.isdigit() and rev > SCHEMA_HEAD
    if rev is not None and rev not in revisions() and not newer:
        raise FoilbotError(
            f"database {mask_url(url)} has schema revision {rev!r}, which no foilbot release made",
            hint="It was changed by hand or damaged: restore a backup.",
        )
    if newer:
        raise FoilbotError(
            f"database {mask_url(url)} has schema {rev}, newer than this foilbot knows ({SCHEMA_HEAD})",
            hint="Upgrade foilbot; it never downgrades a database on its own.",
        )
    return rev


def ensure_schema(url: str) -> Engine:
    """The engine for `url`, with the schema at head (migrating on first use)."""
    engine = get_engine(url)
    if _checked_revision(engine, url) != SCHEMA_HEAD:
        upgrade(url)
    return engine


@contextmanager
def session_scope(url: str, *, read_only: bool = False, recomputes: bool = False) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error: nothing half-written.

    Args:
        read_only: the session only reads, from one snapshot; on SQLite it never waits for a writer.
        recomputes: it may recompute every stored schedule (recompute.ensure_current), which takes
            locks.SCHEDULES alone; other write sessions share it from their start.
    """
    from sqlalchemy.exc import DBAPIError
    from sqlmodel import Session

    from foilbot.locks import SCHEDULES, serialize

    engine = ensure_schema(url)
    # PostgreSQL's default, READ COMMITTED, would give each statement a snapshot of its own.
    snapshot = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    bind = engine.execution_options(**READ_ONLY, **snapshot) if read_only else engine
    with Session(bind, expire_on_commit=False) as session:
        try:
            if not (read_only or recomputes):
                serialize(session, SCHEDULES, shared=True)
            yield session
            session.commit()
        except DBAPIError as exc:
            session.rollback()
            if retryable(exc):
                raise BusyError(
                    "the database was busy with other people's changes; nothing was saved",
                    hint="Run the command again.",
                ) from None
            raise database_error(exc, url) from None
        except BaseException:
            session.rollback()
            raise


# SQLSTATEs with which PostgreSQL asks for the transaction to be run again.
RETRY_SQLSTATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected


def retryable(exc: Any) -> bool:
    """True when the database says the same transaction may succeed if run again (issue 13)."""
    if _sqlstate(exc) in RETRY_SQLSTATES:
        return True
    return "database is locked" in str(getattr(exc, "orig", ""))  # SQLite, past the busy timeout


# A unit of work the database asks to run again runs again, up to this many times in all, after a
# short random pause that doubles each time: users never see a deadlock or a serialization failure.
TRANSACTION_ATTEMPTS = 5


def transaction(
    url: str,
    work: Callable[[Session], T],
    *,
    attempts: int = TRANSACTION_ATTEMPTS,
    pause: Callable[[float], None] | None = None,
) -> T:
    """Run `work(session)` in one transaction (session_scope), and again, whole, in a new one when the
    database asks for it (issue 13): SQLite still busy past its timeout, PostgreSQL's serialization
    failure (40001) or deadlock (40P01). Each failed attempt was rolled back, so nothing is done twice.

    `work` must be a unit of database work: anything it does outside the database (a file written, a
    message sent) may happen once per attempt, so keep such steps out of it or make them idempotent.

    Raises:
        BusyError: the database was still asking after `attempts` runs; nothing was saved.
    """
    import random
    import time

    wait = pause or time.sleep
    for attempt in range(1, attempts + 1):
        try:
            with session_scope(url) as session:
                return work(session)
        except BusyError:
            if attempt == attempts:
                raise
            wait(random.uniform(0.01, 0.05) * 2**attempt)
    raise AssertionError("unreachable")  # pragma: no cover
