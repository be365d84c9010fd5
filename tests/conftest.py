"""Every test gets its own working folder, database and configuration: no test touches the user's."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from foilbot import clock

FIXTURES = Path(__file__).parent / "fixtures"
# References take the year of the day a request is created, from the one clock (FOILBOT_TODAY in the
# clock-shifted CI run): FOIL-{YEAR}-0001.
YEAR = clock.today().year
REPO = Path(__file__).parent.parent
# The suite's database: "sqlite" (a file in tmp_path per test) or "postgres" (one throwaway database
# per run on the server FOILBOT_TEST_POSTGRES_URL names, emptied before each test, dropped after).
# .ci/run runs the whole suite once with each.
BACKEND = os.environ.get("FOILBOT_TEST_BACKEND", "sqlite")


def _admin_engine(base: str):
    from sqlalchemy import create_engine

    return create_engine(base, isolation_level="AUTOCOMMIT")


def _database_url(base: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(base).set(database=name).render_as_string(hide_password=False)


def _drop_database(base: str, url: str, name: str) -> None:
    from sqlalchemy import text

    from foilbot.storage import get_engine

    get_engine(url).dispose()  # pooled connections close before the database goes
    admin = _admin_engine(base)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def backend_database() -> Iterator[str | None]:
    """On the postgres backend: one throwaway database for the run, migrated to head, dropped after."""
    if BACKEND == "sqlite":
        yield None
        return
    if BACKEND != "postgres":
        raise pytest.UsageError(f"FOILBOT_TEST_BACKEND={BACKEND!r}: use sqlite or postgres")
    base = os.environ.get("FOILBOT_TEST_POSTGRES_URL")
    if not base:
        raise pytest.UsageError("FOILBOT_TEST_BACKEND=postgres needs FOILBOT_TEST_POSTGRES_URL")
    from sqlalchemy import text

    from foilbot import storage

    name = f"foilbot_run_{uuid.uuid4().hex[:10]}"
    admin = _admin_engine(base)
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
        # A throwaway database need not wait for the disk at every commit (its data dies with the run).
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    admin.dispose()
    url = _database_url(base, name)
    try:
        storage.upgrade(url)
        yield url
    finally:
        _drop_database(base, url, name)


def _empty(url: str) -> None:
    """Every table of the run's database emptied and its ids restarted: a fresh workspace per test."""
    from sqlalchemy import text

    from foilbot.storage import get_engine

    engine = get_engine(url)
    with engine.begin() as conn:
        names = conn.execute(
            text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ).scalars()
        tables = ", ".join(f'"{n}"' for n in names)
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


SMTP_PASSWORD = "app-pass-Zq9-secret"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend_database: str | None) -> Iterator[Path]:
    """chdir to tmp_path, a fresh database (a SQLite file there, or a throwaway PostgreSQL database),
    no config file or FOILBOT_* from outside.

    FOILBOT_TODAY is kept: CI runs the suite a second time with the clock moved past a year boundary.
    """
    keep = ("FOILBOT_TEST_POSTGRES_URL", "FOILBOT_TODAY", "FOILBOT_TEST_BACKEND")
    for name in list(os.environ):
        if name.startswith("FOILBOT_") and name not in keep:
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.chdir(tmp_path)
    from foilbot.cli import common

    common.reset(db=None, traceback=False)
    if backend_database is None:
        monkeypatch.setenv("FOILBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'requests.db'}")
        yield tmp_path
        return
    _empty(backend_database)
    monkeypatch.setenv("FOILBOT_DATABASE_URL", backend_database)
    yield tmp_path
    from foilbot.storage import get_engine

    get_engine(backend_database).dispose()  # no connection of this test lingers into the next


@pytest.fixture
def sqlite_only() -> None:
    """For tests about the SQLite file itself (WAL, PRAGMAs, the sqlite3 fast path)."""
    if BACKEND != "sqlite":
        pytest.skip("about the SQLite file itself; this run's backend is " + BACKEND)


@pytest.fixture
def agencies_csv() -> Path:
    """A small directory of real agencies (rows copied from the shipped agencies.csv)."""
    return FIXTURES / "agencies.csv"


@pytest.fixture
def directory(agencies_csv: Path) -> Path:
    """The database with the small fixture directory loaded (so the shipped 25k rows are not)."""
    from foilbot.cli.common import database_url
    from foilbot.services.agencies import import_file
    from foilbot.storage import session_scope

    with session_scope(database_url()) as s:
        import_file(s, agencies_csv, shipped=True)
    return agencies_csv


@pytest.fixture
def runner():
    from typer.testing import CliRunner

    return CliRunner()


def invoke(runner, *args: str, input: str | None = None):
    """Run the real root app; returns the Click result (exit_code, stdout, stderr)."""
    from foilbot.cli.app import app

    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh database on the real PostgreSQL server named by FOILBOT_TEST_POSTGRES_URL (CI starts it)."""
    base = os.environ.get("FOILBOT_TEST_POSTGRES_URL")
    if not base and os.environ.get("CI"):
        pytest.fail("CI must run the PostgreSQL tests: FOILBOT_TEST_POSTGRES_URL is not set")
    if not base:
        pytest.skip("FOILBOT_TEST_POSTGRES_URL is not set (.ci/run starts PostgreSQL and sets it)")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"foilbot_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        from foilbot.storage import get_engine

        get_engine(url).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def ok(result):
    """The result of a command that must succeed (stderr shown when it did not)."""
    assert result.exit_code == 0, result.stderr
    return result


def new_request(runner, agency: str, *extra: str, topic: str = "retention-periods") -> int:
    """Create a draft through `foilbot request new --json`; returns its id."""
    import json

    out = ok(invoke(runner, "request", "new", "--agency", agency, "--topic", topic, "--json", *extra))
    return json.loads(out.stdout)["id"]


def current_settings():
    """The settings a command would use now (the autouse fixture points them at tmp_path)."""
    from foilbot.config import load_settings

    return load_settings()


def items(result) -> list:
    """The items of a listing command's `--json` output, after checking its versioned envelope."""
    import json

    data = json.loads(ok(result).stdout)
    assert data["version"] == 1 and isinstance(data["items"], list), data
    return data["items"]


def sql_rows(sql: str, params: dict | None = None) -> list[tuple]:
    """Rows of a query on the test's database, on either backend (named :parameters)."""
    from sqlalchemy import text

    from foilbot.storage import get_engine

    with get_engine(current_settings().database_url).connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params or {})]


def stored_name(agency_id: str, name: str) -> None:
    """An agency name as an older foilbot, or another program, stored it: past today's input checks
    (control characters are refused at import), so the output paths' own guards are still tested."""
    from sqlalchemy import text

    from foilbot.storage import get_engine

    with get_engine(current_settings().database_url).begin() as conn:
        conn.execute(text("UPDATE agency SET name = :n WHERE id = :i"), {"n": name, "i": agency_id})


def count_rows(table: str) -> int:
    """Rows in a table of the test's database, on either backend."""
    from sqlalchemy import text

    from foilbot.storage import get_engine

    with get_engine(current_settings().database_url).connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)


@pytest.fixture
def smtp(isolated: Path, monkeypatch: pytest.MonkeyPatch):
    """A loopback server that wants a login, and a foilbot.toml pointing at it (no waiting between retries)."""
    from tests.smtp_server import Server

    with Server(password=SMTP_PASSWORD) as server:
        (isolated / "foilbot.toml").write_text(
            '[requester]\nname = "Pat Requester"\nemail = "pat@example.org"\n'
            f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "none"\n'
            'user = "pat@example.org"\nrate = 0\nbackoff = 0\nretries = 2\n',
            encoding="utf-8",
        )
        monkeypatch.setenv("FOILBOT_SMTP_PASSWORD", SMTP_PASSWORD)
        yield server


@pytest.fixture
def requests_with_email(runner, directory) -> tuple[int, int]:
    """Lockport and Starpoint with addresses, and one draft to each in campaign `cameras`."""
    LOCKPORT, STARPOINT = "nces-3617670", "nces-3628050"
    ok(invoke(runner, "agency", "set", LOCKPORT, "--email", "foil@lockport.example.org"))
    ok(invoke(runner, "agency", "set", STARPOINT, "--email", "records@starpoint.example.org"))
    a = new_request(runner, LOCKPORT, "--campaign", "cameras", "--subject", "bus cameras")
    b = new_request(runner, STARPOINT, "--campaign", "cameras", "--subject", "bus cameras")
    return a, b


@pytest.fixture
def imap(isolated: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """A private dovecot on loopback (tests/imap_server.py) and [imap] settings pointing at it; the
    password only in FOILBOT_IMAP_PASSWORD. Skips when dovecot is not installed, except in CI."""
    from tests.imap_server import PASSWORD, USER, Dovecot, dovecot_binary

    if dovecot_binary() is None:
        if os.environ.get("CI"):
            pytest.fail(
                "CI must run the IMAP tests: dovecot is not installed (.ci/run installs dovecot-imapd)"
            )
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd; .ci/run does)")
    server = Dovecot(tmp_path_factory.mktemp("dovecot"))
    server.start()
    try:
        config = isolated / "foilbot.toml"
        text = config.read_text(encoding="utf-8") if config.exists() else ""
        if "[requester]" not in text:
            text += '[requester]\nname = "Pat Requester"\nemail = "pat@example.org"\n'
        text += f'[imap]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "none"\nuser = "{USER}"\n'
        config.write_text(text, encoding="utf-8")
        monkeypatch.setenv("FOILBOT_IMAP_PASSWORD", PASSWORD)
        yield server
    finally:
        server.stop()
