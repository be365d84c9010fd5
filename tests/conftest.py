"""Every test gets its own working folder, database and configuration: no test touches the user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from foilbot import clock

FIXTURES = Path(__file__).parent / "fixtures"
# References take the year of the day a request is created, from the one clock (FOILBOT_TODAY in the
# clock-shifted CI run): FOIL-{YEAR}-0001.
YEAR = clock.today().year
REPO = Path(__file__).parent.parent
SMTP_PASSWORD = "app-pass-Zq9-secret"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """chdir to tmp_path, a fresh SQLite file there, no config file or FOILBOT_* from outside.

    FOILBOT_TODAY is kept: CI runs the suite a second time with the clock moved past a year boundary.
    """
    import os

    for name in list(os.environ):
        if name.startswith("FOILBOT_") and name not in ("FOILBOT_TEST_POSTGRES_URL", "FOILBOT_TODAY"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("FOILBOT_DATABASE_URL", f"sqlite:///{tmp_path / 'requests.db'}")
    monkeypatch.chdir(tmp_path)
    from foilbot.cli import common

    common.reset(db=None, traceback=False)
    yield tmp_path


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
    import os
    import uuid

    base = os.environ.get("FOILBOT_TEST_POSTGRES_URL")
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
        get_engine.cache_clear()
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
