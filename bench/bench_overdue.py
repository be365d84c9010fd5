"""Benchmark: `foilbot overdue` on 100,000 requests with 500,000 events, and `foilbot --help`.

Targets on the 2-core reference machine: overdue < 1 s end to end; --help < 0.3 s with no
WeasyPrint, Jinja or report code imported.

The database is built with bulk inserts, but every request's deadlines come from the real engine and
are stored in the same form `request log` stores them (services.schedule.deadline_rows), with the
workspace marked as computed for the default settings, as `foilbot` itself would leave it.
On PostgreSQL (issue 13), the same database is built in a throwaway database on the server the URL
names, timed, and dropped:
Run: .venv/bin/python bench/bench_overdue.py [--requests N] [--postgres postgresql+psycopg://u:p@host/db]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import insert

from foilbot.config import load_settings
from foilbot.models import Campaign, Deadline, Event, Request, WorkspaceSetting
from foilbot.services import traces
from foilbot.services.agencies import import_file
from foilbot.services.agency_days import AgencyDays
from foilbot.services.schedule import KEY, compute, deadline_rows, request_fields, schedule_key
from foilbot.storage import session_scope

FOILBOT = Path(sys.executable).parent / "foilbot"
MIX = [("NY", 0.6), ("US", 0.15), ("CA", 0.05), ("IL", 0.05), ("PA", 0.05), ("MI", 0.05), ("TX", 0.05)]
AGENCY_FOR = {"US": "us-department-of-education"}


def history(rng: random.Random, sent: date, silent: float = 0.15) -> list[tuple[str, date, dict]]:
    """A plausible history of about five events: filing, notes, an answer or silence, sometimes an appeal.

    `silent`: the share of agencies that never answer (0.15 by default; 0.6 makes most requests overdue).
    """
    events = [("sent", sent, {"via": rng.choice(["email", "mail", "portal"]), "received": sent.isoformat()})]
    day = sent
    for _ in range(rng.choice([2, 3, 3, 4])):
        day += timedelta(days=rng.randint(1, 6))
        events.append(("note", day, {}))
    # Outcomes: 15 % silence, 10 % acknowledged and then silent, 40 % records, 20 % denied (half of
    # them appealed, half of those decided), 15 % closed or withdrawn by the requester.
    outcome = rng.random()
    if silent != 0.15:  # the other outcomes keep their proportions in what is left
        outcome = (
            outcome * 0.15 / silent if outcome < silent else 0.15 + (outcome - silent) * 0.85 / (1 - silent)
        )
    if outcome < 0.15:
        pass
    elif outcome < 0.25:
        events.append(("acknowledged", sent + timedelta(days=rng.randint(2, 7)), {}))
    elif outcome < 0.65:
        day += timedelta(days=rng.randint(5, 30))
        events.append(("records", day, {}))
    elif outcome < 0.85:
        day += timedelta(days=rng.randint(5, 30))
        events.append(("denied", day, {"exemptions": ["§ 87(2)(b)"]}))
        if rng.random() < 0.5:
            day += timedelta(days=rng.randint(3, 20))
            events.append(("appealed", day, {"received": day.isoformat()}))
            if rng.random() < 0.5:
                day += timedelta(days=rng.randint(5, 15))
                events.append((rng.choice(["appeal-granted", "appeal-denied"]), day, {}))
    else:
        day += timedelta(days=rng.randint(10, 60))
        events.append((rng.choice(["closed", "withdrawn"]), day, {}))
    return sorted(events, key=lambda e: e[1])


def build(url: str, n: int, seed: int = 7, silent: float = 0.15) -> tuple[int, int]:
    rng = random.Random(seed)
    now = datetime(2026, 11, 1, tzinfo=timezone.utc)
    settings = load_settings(database_url=url)
    with session_scope(url) as s:
        import_file(s, Path(__file__).resolve().parent.parent / "agencies.csv")
        s.add(WorkspaceSetting(key=KEY, value=schedule_key(settings)))
        s.add_all(Campaign(name=f"c{k}", created_at=now) for k in range(20))  # request.campaign names them
        from sqlalchemy import select

        from foilbot.models import Agency

        pools = {
            j: [a for (a,) in s.execute(select(Agency.id).where(Agency.jurisdiction == j).limit(400))]
            for j, _ in MIX
        }
    codes = [j for j, _ in MIX]
    weights = [w for _, w in MIX]
    n_events = 0
    batch = 5000
    for start in range(0, n, batch):
        reqs, evs, dls, made = [], [], [], {}
        for i in range(start, min(start + batch, n)):
            rid = i + 1
            code = rng.choices(codes, weights)[0]
            sent = date(2026, 1, 5) + timedelta(days=rng.randint(0, 300))
            hist = history(rng, sent, silent)
            events = [_Event(j, k, d, x) for j, (k, d, x) in enumerate(hist)]
            standing = compute(code, events, AgencyDays(), settings)
            reqs.append(
                {
                    "id": rid,
                    "reference": f"BENCH-{rid:06d}",
                    "agency_id": rng.choice(pools[code]),
                    "jurisdiction": code,
                    "template": "",
                    "subject": "",
                    "topics": [],
                    "params": {},
                    "campaign": f"c{rid % 20}",
                    "created_at": now,
                    "updated_at": now,
                    **request_fields(events, standing),
                }
            )
            for k, d, x in hist:
                evs.append({"request_id": rid, "kind": k, "day": d, "note": "", "data": x, "created_at": now})
            for row in deadline_rows(rid, standing):  # each trace stored once, as recompute stores it
                key, made[key] = traces.keyed(row.pop("explanation"))
                dls.append({**row, "trace": key})
        n_events += len(evs)
        with session_scope(url) as s:
            s.execute(insert(Request), reqs)
            s.execute(insert(Event), evs)
            traces.keep(*traces.driver(s), made)
            if dls:
                s.execute(insert(Deadline), dls)
    return n, n_events


@dataclass(frozen=True)
class _Event:
    id: int
    kind: str
    day: date
    data: dict


def timed(cmd: list[str], env: dict[str, str], runs: int = 5) -> tuple[float, float, str]:
    """(median wall s, best wall s, the last run's stdout); also prints the median CPU time (user+sys)
    of the command and the load average, since a shared machine's wall times are noisy."""
    import resource

    times, cpus, out = [], [], ""
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False).stdout
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"  (CPU user+sys: median {statistics.median(cpus):.3f} s; load average {load})")
    return statistics.median(times), min(times), out


@contextmanager
def database(postgres: str | None) -> Iterator[str]:
    """A throwaway database: a SQLite file in a temporary folder, or a new database on the server."""
    if postgres is None:
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from foilbot.storage import get_engine

    name = f"foilbot_bench_{os.getpid()}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(postgres).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        get_engine(url).dispose()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--postgres", metavar="URL", help="Run on a throwaway database on this server.")
    args = parser.parse_args()
    with database(args.postgres) as url:
        t0 = time.perf_counter()
        n, n_events = build(url, args.requests)
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(
            f"{backend}: built {n:,} requests with {n_events:,} events (and their stored deadlines) "
            f"in {time.perf_counter() - t0:.1f} s"
        )
        env = dict(os.environ, FOILBOT_DATABASE_URL=url)
        from sqlalchemy import text

        from foilbot.storage import get_engine

        if args.postgres:  # as autovacuum does soon after a bulk load: statistics, and the visibility map
            # that lets an index answer alone (without it every row is fetched from the table too)
            with get_engine(url).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        with get_engine(url).connect() as conn:
            last = conn.execute(text("SELECT max(last_event_on) FROM request")).scalar()
            later = conn.execute(
                text("SELECT count(*) FROM request WHERE last_event_on > :d"), {"d": date(2026, 11, 1)}
            ).scalar()
        get_engine(url).dispose()
        # After every event: the stored rows answer alone (the everyday case, as of today).
        day = (date.fromisoformat(str(last)[:10]) + timedelta(days=1)).isoformat()
        med, best, out = timed([str(FOILBOT), "overdue", "--as-of", day, "--json"], env)
        print(
            f"foilbot overdue --as-of {day} --json: {len(json.loads(out)['items']):,} overdue; "
            f"median {med:.3f} s, best {best:.3f} s over 5 runs (target < 1 s)"
        )
        med, best, _ = timed([str(FOILBOT), "overdue", "--as-of", day, "--campaign", "c3"], env)
        print(f"foilbot overdue --as-of {day} --campaign c3 (table): median {med:.3f} s, best {best:.3f} s")
        # A past day: requests with events after it are recomputed as they stood then.
        med, best, out = timed([str(FOILBOT), "overdue", "--as-of", "2026-11-01", "--json"], env, runs=3)
        print(
            f"foilbot overdue --as-of 2026-11-01 --json ({later:,} requests read as they stood): "
            f"{len(json.loads(out)['items']):,} overdue; median {med:.3f} s, best {best:.3f} s over 3 runs"
        )
        if args.postgres:
            return
        med, best, _ = timed([str(FOILBOT), "--help"], env)
        print(f"foilbot --help: median {med:.3f} s, best {best:.3f} s (target < 0.3 s)")
        probe = (
            "import sys\nfrom foilbot.cli.app import app\n"
            "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = ('weasyprint', 'jinja2', 'pypdf', 'icalendar')\n"
            "own = ('foilbot.services.report', 'foilbot.render.pdf', 'foilbot.render.templates')\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in own))"
        )
        loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True).stdout.strip()
        print(f"heavy modules imported by --help: {loaded.splitlines()[-1]}")


if __name__ == "__main__":
    main()
