"""Benchmark: 8 concurrent writers (real processes), each logging 50 events and filing 5 new requests
through the real CLI, on SQLite and on PostgreSQL (issue 13); throughput and a check that nothing was
lost.

Each writer is tests/writer.py (the same worker the concurrency test runs). The PostgreSQL run uses a
throwaway database on the server the URL names, dropped after.
Run: .venv/bin/python bench/bench_writers.py [--writers 8] [--events 50] [--postgres URL]
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


def run(url: str, writers: int, events: int, files_dir: Path) -> str:
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
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, str(REPO / "tests" / "writer.py"), str(w), str(events), "10", *shared],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for w in range(writers)
    ]
    outs = [p.communicate()[0] for p in procs]
    wall = time.perf_counter() - t0
    failed = sum(p.returncode != 0 for p in procs) + sum(o.count("FAIL") for o in outs)
    commands = writers * (events + events // 10)
    with get_engine(url).connect() as conn:
        notes = conn.execute(text("SELECT count(*) FROM event WHERE kind = 'note'")).scalar()
        refs = conn.execute(text("SELECT count(DISTINCT reference), count(*) FROM request")).one()
    get_engine(url).dispose()
    return (
        f"{writers} writers x {events} events (+{events // 10} new requests each): {commands} commands in "
        f"{wall:.1f} s = {commands / wall:.1f} commands/s; notes {notes}/{writers * events}, "
        f"references {refs[0]} distinct of {refs[1]}, failures {failed}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--postgres", metavar="URL", help="Also run on a throwaway database on this server.")
    args = parser.parse_args()
    servers = [None, args.postgres] if args.postgres else [None]
    for server in servers:
        with database(server) as url, tempfile.TemporaryDirectory() as files:
            name = "PostgreSQL" if server else "SQLite"
            print(f"{name}: {run(url, args.writers, args.events, Path(files))}", flush=True)


if __name__ == "__main__":
    main()
