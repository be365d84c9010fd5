"""Each explanation trace stored once (schema 0012, services.traces): deadlines that were counted the same
way name one trace row, a write deletes the traces it stops naming and no other, and a workspace from
before upgrades to the same schedules, byte for byte.

New York: N.Y. Pub. Off. Law § 89(3)(a): acknowledge within 5 business days of receipt; Gen. Constr. Law
§ 24 holidays.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import invoke, ok

LOCKPORT = "nces-3617670"
STARPOINT = "nces-3628050"


def rows(url: str, sql: str) -> list[tuple]:
    from sqlalchemy import text

    from foilbot.storage import get_engine

    with get_engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql))]


def unnamed(url: str) -> int:
    return rows(url, "SELECT count(*) FROM trace WHERE digest NOT IN (SELECT trace FROM deadline)")[0][0]


def workspace(runner, directory: Path, url: str) -> tuple[str, ...]:
    """Two requests to Lockport received on Fri 2026-06-12 (counted alike), one to Starpoint on Mon 6/15."""
    db = ("--db", url)
    ok(invoke(runner, *db, "db", "upgrade"))
    ok(invoke(runner, *db, "agency", "import", str(directory)))
    for agency in (LOCKPORT, LOCKPORT, STARPOINT):
        ok(invoke(runner, *db, "request", "new", "--agency", agency, "--topic", "retention-periods"))
    for rid, day in (("1", "2026-06-12"), ("2", "2026-06-12"), ("3", "2026-06-15")):
        ok(invoke(runner, *db, "request", "sent", rid, "--date", day, "--received", day))
    return db


def test_deadlines_counted_alike_share_one_trace_and_a_write_deletes_only_what_it_stops_naming(
    runner, directory, isolated: Path
) -> None:
    url = f"sqlite:///{isolated / 'traces.db'}"
    db = workspace(runner, directory, url)
    shared = rows(url, "SELECT request_id, kind, trace FROM deadline WHERE request_id IN (1, 2) ORDER BY id")
    first = [(kind, trace) for rid, kind, trace in shared if rid == 1]
    assert first and first == [(kind, trace) for rid, kind, trace in shared if rid == 2]
    before = rows(url, "SELECT count(*) FROM trace")[0][0]
    assert (before, len(shared)) == (4, 4)  # requests 1 and 2 name two; request 3 two of its own
    assert rows(url, "SELECT count(DISTINCT trace), count(*) FROM deadline") == [(4, 6)]
    # Lockport acknowledges request 1 on Wed 6/17: its acknowledgment is met, its traces change. Request
    # 2 still names the old ones, so they stay.
    ok(invoke(runner, *db, "request", "log", "1", "acknowledged", "--date", "2026-06-17"))
    assert unnamed(url) == 0
    assert rows(url, "SELECT kind, trace FROM deadline WHERE request_id = 2 ORDER BY id") == first
    shown = json.loads(ok(invoke(runner, *db, "request", "show", "2", "--json")).stdout)
    ack = next(d for d in shown["deadlines"] if d["kind"] == "acknowledgment")
    # 5 business days after Fri 6/12, Juneteenth (Fri 6/19, N.Y. Gen. Constr. Law § 24) skipped
    assert ack["due"] == "2026-06-22" and any("Juneteenth" in line for line in ack["explanation"])
    # Request 2 acknowledged the same day: it is counted as request 1 now is, and nothing names the
    # traces both named before.
    ok(invoke(runner, *db, "request", "log", "2", "acknowledged", "--date", "2026-06-17"))
    assert unnamed(url) == 0
    one, two = (
        rows(url, f"SELECT kind, trace FROM deadline WHERE request_id = {rid} ORDER BY id") for rid in (1, 2)
    )
    assert one == two and not {t for _, t in first} & {t for _, t in two}
    assert not rows(
        url, "SELECT 1 FROM trace WHERE digest IN ({})".format(", ".join(f"'{t}'" for _, t in first))
    )


def _downgraded_and_back(runner, directory: Path, url: str) -> None:
    """A workspace made at head, taken down to 0011 (deadlines store their trace, as before) with a
    stored row and schedule key as 0011 kept them, and upgraded again: the first command recomputes
    every schedule from the events, and every output is the same bytes."""
    from alembic import command
    from sqlalchemy import text

    from foilbot import storage
    from foilbot.services.schedule import KEY

    db = workspace(runner, directory, url)
    ok(invoke(runner, *db, "request", "log", "3", "denied", "--date", "2026-06-18"))
    calendar = ok(invoke(runner, *db, "calendar", "--as-of", "2026-06-16")).stdout
    shown = ok(invoke(runner, *db, "request", "show", "3", "--json")).stdout
    key = rows(url, f"SELECT value FROM workspace_setting WHERE key = '{KEY}'")
    with storage.get_engine(url).begin() as conn:
        config = storage._alembic_config(url)
        config.attributes["connection"] = conn
        command.downgrade(config, "0011")
    columns = rows(url, "SELECT * FROM deadline")
    assert columns == [] and rows(url, f"SELECT count(*) FROM workspace_setting WHERE key = '{KEY}'") == [
        (0,)
    ]
    with storage.get_engine(url).begin() as conn:
        conn.execute(
            text(
                "INSERT INTO deadline (request_id, kind, due, party, citation, verified, is_open, is_current, "
                "conditional, estimated, explanation, flags) VALUES (1, 'acknowledgment', '2026-06-19', "
                "'agency', 'N.Y. Pub. Off. Law § 89(3)(a)', 'yes', TRUE, TRUE, FALSE, FALSE, "
                "'[\"as 0011 stored it\"]', '[]')"
            )
        )
        conn.execute(
            text("INSERT INTO workspace_setting (key, value) VALUES (:k, :v)"), {"k": KEY, "v": key[0][0]}
        )
    before, after = storage.upgrade(url)
    assert (before, after) == ("0011", storage.SCHEMA_HEAD)
    assert rows(url, "SELECT count(*) FROM deadline") == [(0,)]  # recomputed by the next command
    assert ok(invoke(runner, *db, "request", "show", "3", "--json")).stdout == shown
    assert ok(invoke(runner, *db, "calendar", "--as-of", "2026-06-16")).stdout == calendar
    assert unnamed(url) == 0 and rows(url, f"SELECT value FROM workspace_setting WHERE key = '{KEY}'") == key


def test_a_workspace_from_before_traces_upgrades_to_the_same_schedules(
    runner, directory, isolated: Path
) -> None:
    _downgraded_and_back(runner, directory, f"sqlite:///{isolated / 'old.db'}")


@pytest.mark.postgres
def test_a_workspace_from_before_traces_upgrades_on_postgres(runner, directory, postgres_url: str) -> None:
    _downgraded_and_back(runner, directory, postgres_url)


@pytest.mark.postgres
@pytest.mark.parametrize("copy_from", [1, 1000])  # keep's two ways: COPY (a bulk recompute), arrays
def test_a_prune_skips_the_trace_another_transaction_is_storing_and_deletes_the_rest(
    copy_from: int, runner, directory, postgres_url: str, monkeypatch
) -> None:
    """Transaction B stores trace T (found there: keep locks it) for a deadline it is about to write,
    while transaction A deletes the deadlines of requests 1 and 2 and prunes every trace they named.
    A does not wait for B: it deletes the traces nobody holds and skips T; B writes its row naming T.
    Both commit, and every trace left is named (A's delete used to wait for B, break the foreign key on
    T and keep every trace it was pruning, for good)."""
    import threading

    import psycopg

    from foilbot.services import traces

    monkeypatch.setattr(traces, "COPY_FROM", copy_from)
    workspace(runner, directory, postgres_url)
    dsn = postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)
    ((t, text),) = rows(
        postgres_url,
        "SELECT t.digest, CAST(t.lines AS TEXT) FROM trace t JOIN deadline d ON d.trace = t.digest "
        "WHERE d.request_id = 1 AND d.kind = 'acknowledgment'",
    )
    named = [
        d for (d,) in rows(postgres_url, "SELECT DISTINCT trace FROM deadline WHERE request_id IN (1, 2)")
    ]
    theirs = {d for (d,) in rows(postgres_url, "SELECT trace FROM deadline WHERE request_id = 3")}
    assert t in named and len(named) >= 2 and not theirs & set(named)
    with psycopg.connect(dsn) as a, psycopg.connect(dsn) as b:
        b.execute("SET lock_timeout = '5s'")  # had A deleted T, B's row would wait for A: fail instead
        traces.keep(b, True, {t: text})  # B: T stored (found there), for the row it writes next
        a.execute("DELETE FROM deadline WHERE request_id IN (1, 2)")
        a_pid = a.info.backend_pid
        pruning = threading.Thread(target=traces.prune, args=(a, True, named))
        pruning.start()
        # Either A's prune ends, or its backend waits on a lock (the defect): told by the server, not by
        # how long the thread took.
        end, waited = time.monotonic() + 120, False
        while pruning.is_alive() and not waited:
            assert time.monotonic() < end, "A's prune neither ended nor waited"
            waited = rows(
                postgres_url,
                f"SELECT 1 FROM pg_stat_activity WHERE pid = {a_pid} AND wait_event_type = 'Lock'",
            ) == [(1,)]
            pruning.join(0.05)
        b.execute(
            "INSERT INTO deadline (request_id, kind, due, party, citation, verified, is_open, is_current, "
            "conditional, estimated, trace, flags) VALUES (3, 'acknowledgment', '2026-06-22', 'agency', "
            "'N.Y. Pub. Off. Law § 89(3)(a)', 'yes', TRUE, FALSE, FALSE, FALSE, %s, '[]')",
            [t],
        )
        b.commit()
        pruning.join(120)
        a.commit()
    assert not waited, "A's prune waited for B"
    assert rows(postgres_url, f"SELECT request_id FROM deadline WHERE trace = '{t}'") == [(3,)]
    kept = rows(
        postgres_url,
        "SELECT digest FROM trace WHERE digest IN ({})".format(", ".join(f"'{d}'" for d in named)),
    )
    assert kept == [(t,)] and unnamed(postgres_url) == 0


class _Racing:
    """A psycopg connection whose trace deletes break the foreign key `times` times, as a delete does
    when a row naming the trace is committed between its snapshot and its lock."""

    def __init__(self, con, times: int) -> None:
        self.con, self.times, self.tried = con, times, 0

    def cursor(self):
        outer, cur = self, self.con.cursor()

        class Cursor:
            def execute(self, sql: str, params=None):
                if sql.startswith("DELETE FROM trace"):
                    outer.tried += 1
                    if outer.tried <= outer.times:
                        import psycopg

                        cur.execute("SELECT 1")
                        raise psycopg.errors.ForeignKeyViolation("a row naming it was committed")
                return cur.execute(sql, params)

        return Cursor()


@pytest.mark.postgres
@pytest.mark.parametrize("races", [1, 3])
def test_a_prune_that_loses_a_race_looks_again_and_keeps_its_own_work(
    races: int, runner, directory, postgres_url: str
) -> None:
    """A prune whose delete breaks the foreign key is undone to its savepoint and run again, on a new
    snapshot; after PRUNE_TRIES lost races it leaves the traces, and the transaction's own work (the
    deadlines it deleted) still commits."""
    import psycopg

    from foilbot.services import traces

    workspace(runner, directory, postgres_url)
    dsn = postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)
    named = [d for (d,) in rows(postgres_url, "SELECT DISTINCT trace FROM deadline WHERE request_id = 3")]
    with psycopg.connect(dsn) as a:
        a.execute("DELETE FROM deadline WHERE request_id = 3")
        racing = _Racing(a, races)
        traces.prune(racing, True, named)
        a.commit()
    assert racing.tried == min(races + 1, traces.PRUNE_TRIES)
    assert rows(postgres_url, "SELECT count(*) FROM deadline WHERE request_id = 3") == [(0,)]
    assert unnamed(postgres_url) == (len(named) if races >= traces.PRUNE_TRIES else 0)
