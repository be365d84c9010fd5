"""Database engine and sessions from a URL: a SQLite file by default, PostgreSQL for teams.

The schema is created and upgraded only by Alembic (foilbot/migrations). Opening a database checks its
revision with one cheap query and upgrades it on first use; Alembic itself is imported only then.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.config import mask_url
from foilbot.errors import ConfigError, FoilbotError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

# The newest migration in foilbot/migrations/versions; a test keeps it equal to Alembic's head.
SCHEMA_HEAD = "0003"
MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL (None for other databases or in-memory)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


@contextmanager
def sqlite_reader(url: str) -> Iterator[Any | None]:
    """A read-only standard-library connection to a SQLite database at schema head, else None.

    The hot read commands (`agency list`, `overdue`, `due`) answer from it without importing
    SQLAlchemy and SQLModel, which cost more than their queries. Anything else (PostgreSQL, a
    database not created yet, an older schema) yields None and the caller takes the normal path.
    """
    import sqlite3

    prefix = "sqlite:///"
    path = Path(url[len(prefix) :]) if url.startswith(prefix) and "?" not in url else None
    if path is None or not path.is_file():
        yield None
        return
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        con.row_factory = sqlite3.Row
        try:
            version = con.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.Error:
            version = None
        yield con if version is not None and version[0] == SCHEMA_HEAD else None
    finally:
        con.close()


def _sqlite_begin(conn: Any) -> None:
    # Take the write lock when the transaction starts, not at its first write: a deferred
    # transaction that reads and then writes fails at once ("database is locked") when another
    # process wrote in between, instead of waiting out the busy timeout.
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def _on_sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # WAL lets readers work while another process writes; the busy timeout makes writers queue
    # instead of failing with "database is locked"; SQLite leaves foreign keys off unless asked.
    dbapi_conn.isolation_level = None  # SQLAlchemy issues BEGIN itself (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
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
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        if url.startswith("sqlite"):
            path = sqlite_path(url)
            if path is not None and not path.parent.exists():
                raise ConfigError(
                    f"database folder does not exist: {path.parent}",
                    hint="Create it, or pass another --db URL.",
                )
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
            event.listen(engine, "connect", _on_sqlite_connect)
            event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except NoSuchModuleError:
        raise ConfigError(
            f"no database driver for {mask_url(url)}",
            hint="For PostgreSQL: pip install 'foilbot[postgres]' and use postgresql+psycopg://...",
        ) from None
    except ArgumentError as exc:
        raise ConfigError(f"bad database URL {mask_url(url)}: {exc}") from None
    except ImportError as exc:
        raise ConfigError(
            f"database driver missing for {mask_url(url)}: {exc.name}", hint="pip install 'foilbot[postgres]'"
        ) from None
    return engine


def current_revision(engine: Engine) -> str | None:
    from sqlalchemy import inspect, text

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["database_url"] = url
    return cfg


def upgrade(url: str, revision: str = "head") -> tuple[str | None, str]:
    """Run the migrations up to `revision`; returns (before, after)."""
    from alembic import command

    engine = get_engine(url)
    before = _checked_revision(engine, url)
    with engine.begin() as conn:
        cfg = _alembic_config(url)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    return before, current_revision(engine) or ""


def _checked_revision(engine: Engine, url: str) -> str | None:
    from sqlalchemy.exc import OperationalError

    try:
        rev = current_revision(engine)
    except OperationalError as exc:
        raise FoilbotError(
            f"cannot open database {mask_url(url)}: {exc.orig}", hint="Check --db / FOILBOT_DATABASE_URL."
        ) from None
    if rev is not None and rev > SCHEMA_HEAD:
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
def session_scope(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on any error: nothing half-written."""
    from sqlmodel import Session

    engine = ensure_schema(url)
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
