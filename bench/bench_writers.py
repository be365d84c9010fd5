"""Benchmark: 8 concurrent writers (real processes), each logging 50 events and filing 5 new requests
through the real CLI, on SQLite and on PostgreSQL (issue 13); throughput and a check that nothing was
lost.

Prints, per backend, events/s end to end (8 Python start-ups included) and once the writers are running,
the CPU they used and the load average, then the checks: PRAGMA integrity_check and foreign_key_check
on SQLite; on both, every note there exactly once, one reference per request, the counter in step.
Exits 1 when a check fails. Each writer is tests/writer.py (the same worker the concurrency test
runs). The PostgreSQL run uses a throwaway database on the server the URL names, dropped after.
Run: .venv/bin/python bench/bench_writers.py [--writers 8] [--events 50] [--new-every 10] [--postgres URL]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from sqlalchemy import text

REPO = Path(__file__).resolve().parent.parent
FILED = date(2026, 6, 12)
sys.path.insert(0, str(REPO / "bench"))
from bench_overdue import database  # noqa: E402


def run(url: str, writers: int, events: int, new_every: int, files_dir: Path) -> tuple[str, list[str]]:
    """One run: (the figures, as one line; the checks that failed, empty when the database is whole)."""
    from foilbot.config import load_settings
    from foilbot.services.agencies import import_file
    from foilbot.services.events import mark_sent
    from foilbot.services.requests import create_request
    from foilbot.storage import get_engine, session_scope

    settings = load_settings(database_url=url)
    shared = []
    with session_scope(url) as s:
        import_file(s, REPO / "tests" / "fixtures" / "agencies.csv")
        for _ in range(4):
            rid = create_request(s, "nces-3617670", topics=["retention-periods"], actor="bench").id
            mark_sent(s, rid, FILED, settings, today=FILED, via="email", received=FILED)
            shared.append(str(rid))
    get_engine(url).dispose()
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "FOILBOT_DATABASE_URL": url,
        "FOILBOT_FILES_DIR": str(files_dir),
        "FOILBOT_TODAY": "2026-11-30",
    }
    cpu0 = os.times()
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "writer.py"), str(w), str(events), str(new_every), *shared],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for w in range(writers)
    ]
    outs = [p.communicate()[0] for p in procs]
    wall = time.perf_counter() - t0
    cpu1 = os.times()
    cpu = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    # Each writer's own loop time (after its imports): the steady rate, start-up left out.
    loops = [float(line.split()[1]) for o in outs for line in o.splitlines() if line.startswith("DONE")]
    failed = sum(p.returncode != 0 for p in procs) + sum(o.count("FAIL") for o in outs)
    filed = writers * len(range(0, events, new_every)) if new_every else 0
    logged, expected = writers * events, {f"w{w}-{i}" for w in range(writers) for i in range(events)}
    problems = [f"{failed} failed command(s)"] if failed else []
    with get_engine(url).connect() as conn:

        def one(sql: str) -> object:
            return conn.execute(text(sql)).scalar()

        if conn.dialect.name == "sqlite":
            if (verdict := one("PRAGMA integrity_check")) != "ok":
                problems.append(f"integrity_check: {verdict}")
            if (bad := one("PRAGMA foreign_key_check")) is not None:
                problems.append(f"foreign_key_check: {bad}")
        notes = [r[0] for r in conn.execute(text("SELECT note FROM event WHERE kind = 'note'"))]
        if len(notes) != logged or set(notes) != expected:
            problems.append(f"notes: {len(notes)} rows, {len(set(notes) & expected)} of {logged} expected")
        refs, rows = conn.execute(text("SELECT count(DISTINCT reference), count(*) FROM request")).one()
        if not refs == rows == len(shared) + filed:
            problems.append(
                f"requests: {rows} rows, {refs} distinct references, {len(shared) + filed} expected"
            )
        if one("SELECT max(last) FROM referencecounter") != len(shared) + filed:
            problems.append("referencecounter does not match the requests filed")
    get_engine(url).dispose()
    steady = max(loops) if len(loops) == writers else float("nan")
    line = (
        f"{writers} writers x {events} events (+{filed} new requests): {logged / wall:.1f} events/s "
        f"end to end ({logged} events, {logged + filed} commands in {wall:.1f} s wall, {cpu:.1f} s CPU "
        f"user+sys, 8 process start-ups included); {logged / steady:.1f} events/s once started "
        f"(slowest writer's loop {steady:.1f} s); load average {_load()}"
    )
    return line, problems


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--new-every", type=int, default=10, help="A new request every N events (0: none).")
    parser.add_argument("--postgres", metavar="URL", help="Also run on a throwaway database on this server.")
    args = parser.parse_args()
    servers = [None, args.postgres] if args.postgres else [None]
    failed = False
    for server in servers:
        with database(server) as url, tempfile.TemporaryDirectory() as files:
            name = "PostgreSQL" if server else "SQLite"
            line, problems = run(url, args.writers, args.events, args.new_every, Path(files))
            print(f"{name}: {line}", flush=True)
            print(f"{name}: checks {'; '.join(problems) or 'ok (integrity, notes, references)'}", flush=True)
            failed = failed or bool(problems)
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
