"""Many people at once (issue 13): 8 real processes x 50 events, and new requests filed meanwhile, on
the suite's backend (SQLite, or PostgreSQL in CI's second run). Nothing is lost, no reference is given
twice, no user sees "database is locked" or a serialization error, and the database checks out after.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.conftest import REPO, YEAR, count_rows, invoke, new_request, ok

NOW = datetime(2026, 6, 12, 9, tzinfo=timezone.utc)
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
    made = json.loads(
        ok(invoke(runner, "request", "new", "--agency", "nces-3617670", "-t", "funding", "--json")).stdout
    )
    assert len(calls) == 3
    assert made["reference"] == f"FOIL-{YEAR}-0001"  # the lost attempts left no trace
    assert count_rows("request") == 1 and count_rows("change") == 1


def test_a_database_that_stays_busy_says_so_without_sql(runner, directory, monkeypatch) -> None:
    calls = _flaky(monkeypatch, 99)
    result = invoke(runner, "request", "new", "--agency", "nces-3617670", "-t", "funding")
    assert result.exit_code == 1 and len(calls) == 5
    assert result.stderr.startswith(
        "Error: the database was busy with other people's changes; nothing was saved"
    )
    assert "deadlock" not in result.stderr and "INSERT" not in result.stderr
    assert count_rows("request") == 0


# --- commands run at the same moment by several people (real processes, the suite's backend) --------


def _together(isolated: Path, commands: list[list[str]], timeout: int = 600) -> list[tuple[int, str, str]]:
    """Start every `foilbot …` command at once (real processes, this checkout, the test's database and
    foilbot.toml) and wait for all; (exit code, stdout, stderr) each, in order."""
    from foilbot.cli.common import database_url

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env |= {"PYTHONPATH": str(REPO), "FOILBOT_DATABASE_URL": database_url()}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "foilbot", *argv],
            cwd=isolated,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for argv in commands
    ]
    done = [(p, *p.communicate(timeout=timeout)) for p in procs]
    return [(p.returncode, out, err) for p, out, err in done]


def _no_database_words(err: str) -> None:
    low = err.lower()
    assert "locked" not in low and "serializ" not in low and "deadlock" not in low, err
    assert "unexpected" not in low and "duplicate key" not in low and "unique" not in low, err


SENDERS = ("nces-3617670", "nces-3628050", "nces-3620850", "nces-3605850")


@pytest.mark.slow
def test_two_sends_of_one_campaign_at_once_send_each_message_once(
    isolated: Path, runner, smtp, directory
) -> None:
    """Two `request send --campaign` started together: each request is claimed by one run (its row
    held while the `sending` row is written); the other skips it. Before, both passed the "not sent
    yet" check while composing, and the agency got the letter twice."""
    from tests.conftest import sql_rows

    for i, agency in enumerate(SENDERS):
        ok(invoke(runner, "agency", "set", agency, "--email", f"records{i}@example.org"))
        new_request(runner, agency, "--campaign", "cameras")
    runs = _together(isolated, [["request", "send", "--campaign", "cameras"]] * 2)
    for code, out, err in runs:
        # A run that meets a message the other is handing over says so (UNCERTAIN, exit 1), sends nothing.
        lines = [line for line in out.splitlines() if line.startswith("FOIL-")]
        assert all(": sent to " in x or ": skipped: already" in x or ": UNCERTAIN: " in x for x in lines), out
        assert code == (1 if any(": UNCERTAIN: " in x for x in lines) else 0), out + err
        _no_database_words(err)
    recipients = sorted(str(m["To"]) for m in smtp.handler.messages)
    assert recipients == [f"records{i}@example.org" for i in range(len(SENDERS))]
    assert sql_rows("SELECT state, count(*) FROM outbound_message GROUP BY state") == [("sent", len(SENDERS))]
    assert sql_rows("SELECT count(*), count(DISTINCT request_id) FROM event WHERE kind = 'sent'") == [
        (len(SENDERS), len(SENDERS))
    ]
    claimed = [line for _, out, _ in runs for line in out.splitlines() if ": sent to " in line]
    assert len(claimed) == len(SENDERS)


@pytest.mark.slow
def test_campaigns_created_and_grown_at_once_give_each_agency_one_request(isolated: Path, directory) -> None:
    """Three `campaign new cams` and three `campaign add cams` at once, over the same New York
    agencies: one campaign, one request per agency, every reference once. Before, on PostgreSQL, each
    process saw the agencies "not yet in the campaign" and filed its own requests (or failed on the
    campaign's name taken meanwhile). One `new` makes the campaign; the others are told it exists
    (issue 9: `campaign new` on a name taken is refused, `campaign add` grows it)."""
    from tests.conftest import sql_rows

    new = ["campaign", "new", "cams", "--topic", "retention-periods", "--filter", "county=Niagara"]
    add = ["campaign", "add", "cams", "--filter", "state=NY", "--filter", "kind=school_district"]
    runs = _together(isolated, [new, new, new, add, add, add])
    made = [code for code, _, _ in runs[:3] if code == 0]
    assert len(made) == 1, runs[:3]
    for code, out, err in runs[:3]:
        assert code == 0 or "campaign 'cams' already exists" in err, out + err
        _no_database_words(err)
    for code, out, err in runs[3:]:
        # An add that ran before any `new` finds no campaign yet, and says so; any other succeeds.
        assert code == 0 or "no campaign 'cams'" in err.lower() or "no such campaign" in err.lower(), (
            out + err
        )
        _no_database_words(err)
    [(requests, agencies, references)] = sql_rows(
        "SELECT count(*), count(DISTINCT agency_id), count(DISTINCT reference) FROM request WHERE campaign = 'cams'"
    )
    assert requests == agencies == references
    # Niagara County's public agencies with a postal address (the fixture directory): Lockport,
    # Starpoint, Niagara-Wheatfield, Orleans-Niagara BOCES, Niagara Charter, Niagara County CC.
    assert requests >= 6
    assert sql_rows("SELECT count(*) FROM campaign") == [(1,)]
    assert sql_rows("SELECT max(last) FROM referencecounter") == [(requests,)]


def _agency_csv(path: Path, rows: list[tuple[str, str]], notes: str) -> Path:
    lines = ["id,name,kind,jurisdiction,state,notes"] + [
        f"{agency_id},{name},state_agency,NY,NY,{notes}" for agency_id, name in rows
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_agency_imports_at_once_are_each_all_or_nothing(isolated: Path, directory) -> None:
    """Four `agency import` at once over the same new ids, and one file with a bad row: each good
    import is whole (every shared row carries one file's notes, never a mix), the bad one changes
    nothing, and nobody sees "database is locked" or a duplicate key."""
    from tests.conftest import sql_rows

    shared = [(f"ny-test-agency-{i}", f"Test Agency {i}") for i in range(40)]
    files = [_agency_csv(isolated / f"import-{k}.csv", shared, f"from file {k}") for k in range(4)]
    bad = _agency_csv(isolated / "bad.csv", [("ny-only-in-bad", "Only In Bad"), ("", "No Id")], "bad")
    runs = _together(isolated, [["agency", "import", str(f)] for f in [*files, bad]])
    for code, out, err in runs[:4]:
        assert code == 0, out + err
        _no_database_words(err)
    code, out, err = runs[4]
    assert code == 1 and "nothing was imported" in err, out + err
    _no_database_words(err)
    rows = sql_rows("SELECT id, notes FROM agency WHERE id LIKE 'ny-test-agency-%' OR id = 'ny-only-in-bad'")
    assert len(rows) == len(shared)
    assert len({notes for _, notes in rows}) == 1  # the last import, whole


def test_the_retry_is_a_unit_of_work_not_a_command_run_again(isolated: Path) -> None:
    """storage.transaction runs the work again in a new transaction when the database asks (SQLite
    busy, 40001, 40P01), rolls each failed attempt back, and leaves Typer alone (the command was once
    re-run through Typer's private `ctx._protected_args`)."""
    from sqlalchemy.exc import OperationalError

    from foilbot.cli.common import database_url
    from foilbot.errors import BusyError
    from foilbot.models import Campaign
    from foilbot.storage import TRANSACTION_ATTEMPTS, transaction

    class Serialization(Exception):
        sqlstate = "40001"

    attempts: list[int] = []

    def work(s) -> str:
        attempts.append(1)
        s.add(
            Campaign(name=f"c{len(attempts)}", template="t", subject="", topics=[], params={}, created_at=NOW)
        )
        s.flush()
        if len(attempts) < 3:
            raise OperationalError("UPDATE ...", {}, Serialization("could not serialize access"))
        return "done"

    pauses: list[float] = []
    assert transaction(database_url(), work, pause=pauses.append) == "done"
    assert len(attempts) == 3 and len(pauses) == 2 and pauses[1] > 0
    assert count_rows("campaign") == 1  # only the attempt that committed

    def busy(s) -> None:
        raise OperationalError("INSERT ...", {}, Exception("database is locked"))

    with pytest.raises(BusyError, match="nothing was saved"):
        transaction(database_url(), busy, pause=pauses.append)
    assert len(pauses) == 2 + TRANSACTION_ATTEMPTS - 1
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "foilbot").rglob("*.py"))
    assert "_protected_args" not in source
