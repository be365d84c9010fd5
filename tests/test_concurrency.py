"""Many people at once (issue 13): 8 real processes x 50 events, and new requests filed meanwhile, on
the suite's backend (SQLite, or PostgreSQL in CI's second run). Nothing is lost, no reference is given
twice, no user sees "database is locked" or a serialization error, and the database checks out after.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import REPO, invoke, new_request, ok

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
