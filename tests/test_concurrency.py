"""Many people at once (issue 13): 8 real processes x 50 events, and new requests filed meanwhile, on
the suite's backend (SQLite, or PostgreSQL in CI's second run). Nothing is lost, no reference is given
twice, no user sees "database is locked" or a serialization error, and the database checks out after.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import REPO, YEAR, count_rows, invoke, new_request, ok

WRITERS = 8
EVENTS = 50
NEW_EVERY = 10  # each writer also files a new request every 10th event: 5 each, 40 in all


@pytest.mark.slow
def test_eight_writers_lose_nothing(isolated: Path, runner, directory) -> None:
    from foilbot.cli.common import database_url
    from foilbot.storage import get_engine

    shared = [new_request(runner, "nces-3617670") for _ in range(4)]
    for rid in shared:
        ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    url = database_url()
    with get_engine(url).connect() as conn:
        deadlines_before = conn.execute(text("SELECT count(*) FROM deadline")).scalar()
    get_engine(url).dispose()

    env = {**os.environ, "PYTHONPATH": str(REPO), "FOILBOT_DATABASE_URL": url}
    writers = [
        subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "writer.py"), str(w), str(EVENTS), str(NEW_EVERY)]
            + [str(r) for r in shared],
            cwd=isolated,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(WRITERS)
    ]
    outputs = [w.communicate(timeout=600) for w in writers]
    for w, (out, err) in zip(writers, outputs, strict=True):
        assert w.returncode == 0, out + err
        assert "FAIL" not in out and "locked" not in err and "serializ" not in err.lower(), out + err

    engine = get_engine(url)
    with engine.connect() as conn:

        def one(sql: str) -> object:
            return conn.execute(text(sql)).scalar()

        if engine.dialect.name == "sqlite":
            assert one("PRAGMA integrity_check") == "ok"
            assert one("PRAGMA foreign_key_check") is None
        assert one("SELECT count(*) FROM event WHERE kind = 'note'") == WRITERS * EVENTS
        notes = {r[0] for r in conn.execute(text("SELECT note FROM event WHERE kind = 'note'"))}
        assert notes == {f"w{w}-{i}" for w in range(WRITERS) for i in range(EVENTS)}
        created = WRITERS * (EVENTS // NEW_EVERY)
        assert one("SELECT count(*) FROM request") == len(shared) + created
        assert one("SELECT count(DISTINCT reference) FROM request") == len(shared) + created
        # Notes move no deadline: every shared request still has exactly its one schedule.
        assert one("SELECT count(*) FROM deadline") == deadlines_before
        assert one("SELECT max(last) FROM referencecounter") == len(shared) + created


class _Deadlock(Exception):
    sqlstate = "40P01"  # what psycopg's DeadlockDetected carries


def _flaky(monkeypatch, failures: int) -> list[int]:
    """request new's service fails `failures` times as a deadlock victim would, then works."""
    from sqlalchemy.exc import OperationalError

    from foilbot.services import requests

    real, calls = requests.create_request, []

    def create(*args, **kwargs):
        calls.append(1)
        if len(calls) <= failures:
            real(*args, **kwargs)  # the work is done, then lost with the rollback
            raise OperationalError("INSERT INTO request ...", {}, _Deadlock("deadlock detected"))
        return real(*args, **kwargs)

    monkeypatch.setattr(requests, "create_request", create)
    return calls


def test_a_transaction_the_database_asks_to_retry_runs_again(runner, directory, monkeypatch) -> None:
    calls = _flaky(monkeypatch, 2)
    made = json.loads(ok(invoke(runner, "request", "new", "--agency", "nces-3617670", "--json")).stdout)
    assert len(calls) == 3
    assert made["reference"] == f"FOIL-{YEAR}-0001"  # the lost attempts left no trace
    assert count_rows("request") == 1 and count_rows("change") == 1


def test_a_database_that_stays_busy_says_so_without_sql(runner, directory, monkeypatch) -> None:
    calls = _flaky(monkeypatch, 99)
    result = invoke(runner, "request", "new", "--agency", "nces-3617670")
    assert result.exit_code == 1 and len(calls) == 5
    assert result.stderr.startswith(
        "Error: the database was busy with other people's changes; nothing was saved"
    )
    assert "deadlock" not in result.stderr and "INSERT" not in result.stderr
    assert count_rows("request") == 0
