"""Each explanation trace stored once (schema 0012, services.traces): deadlines that were counted the same
way name one trace row, a write deletes the traces it stops naming and no other, and a workspace from
before upgrades to the same schedules, byte for byte.

New York: N.Y. Pub. Off. Law § 89(3)(a): acknowledge within 5 business days of receipt; Gen. Constr. Law
§ 24 holidays.
"""

from __future__ import annotations

import json
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
def test_a_trace_pruned_while_another_transaction_stores_it_is_kept(
    runner, directory, postgres_url: str
) -> None:
    """Transaction B stores trace T for a deadline it is about to write, while transaction A deletes the
    last rows naming T and prunes it. A's delete waits for B (keep's no-op update locks T), B writes its
    row and commits, A's delete then breaks the foreign key and is undone to its savepoint: both commit,
    and T stays, named by B's row."""
    import threading
    import time

    import psycopg

    from foilbot.services import traces

    workspace(runner, directory, postgres_url)
    dsn = postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)
    ((t, text),) = rows(
        postgres_url,
        "SELECT t.digest, CAST(t.lines AS TEXT) FROM trace t JOIN deadline d ON d.trace = t.digest "
        "WHERE d.request_id = 1 AND d.kind = 'acknowledgment'",
    )
    with psycopg.connect(dsn) as a, psycopg.connect(dsn) as b:
        traces.keep(b, True, {t: text})  # B: T stored (found there), for the row it writes next
        a.execute("DELETE FROM deadline WHERE trace = %s", [t])  # A: the rows of requests 1 and 2
        a_pid = a.info.backend_pid
        failed: list[BaseException] = []

        def prune() -> None:
            try:
                traces.prune(a, True, [t])
                a.commit()
            except BaseException as exc:  # reported below
                failed.append(exc)

        pruning = threading.Thread(target=prune)
        pruning.start()
        waiting = "SELECT count(*) FROM pg_stat_activity WHERE pid = %s AND wait_event_type = 'Lock'"
        with psycopg.connect(dsn, autocommit=True) as watch:
            for _ in range(100):
                if not pruning.is_alive() or watch.execute(waiting, [a_pid]).fetchone() == (1,):
                    break
                time.sleep(0.05)
            assert pruning.is_alive(), "A's prune did not wait for B"
        b.execute(
            "INSERT INTO deadline (request_id, kind, due, party, citation, verified, is_open, is_current, "
            "conditional, estimated, trace, flags) VALUES (3, 'acknowledgment', '2026-06-22', 'agency', "
            "'N.Y. Pub. Off. Law § 89(3)(a)', 'yes', TRUE, FALSE, FALSE, FALSE, %s, '[]')",
            [t],
        )
        b.commit()
        pruning.join(10)
        assert not failed
    assert rows(postgres_url, f"SELECT request_id FROM deadline WHERE trace = '{t}'") == [(3,)]
    assert rows(postgres_url, f"SELECT count(*) FROM trace WHERE digest = '{t}'") == [(1,)]
