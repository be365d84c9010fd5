"""Benchmark (issue 14, issue 13): the read commands on a big workspace, each beside a plain SQL run.

For each size (10,000, 100,000, … requests with about five events each, built as bench_overdue.py
builds them) and each share of overdue requests, every command runs end to end in a fresh process:
`overdue`, `due`, `request list`, `report agencies`, `calendar`, as JSON (target < 1 s) and as a
table (target < 1.5 s); `request list` also as ndjson and csv, whose peak memory must not grow with
the workspace. Beside each: the same query run by the database's own client (sqlite3 -json, or
psql), and the ratio (target <= 3x). Wall time is the median of --runs runs; CPU time (user+sys) and
peak RSS are the command's own (/usr/bin/time), and the load average is printed with each size, since a
shared machine's wall times are noisy. A last table puts each command's figures at every size side by
side, so growth is visible.

Beside them, a full recompute of the workspace's schedules (target < 2 s, both cores), `foilbot
deadline` (target < 0.25 s) and `foilbot --help` (0.3 s). The default sizes are 10,000 and 100,000
requests; add 1,000,000 with --requests (building it takes about 8 minutes on the 2-core machine and
3 GiB of disk), or build it once (bench_overdue.build) and measure it with --database as often as needed.

Run: .venv/bin/python bench/bench_reads.py [--requests 10000 100000 1000000] [--silent 0.15 0.6]
     [--postgres postgresql+psycopg://u:p@host/db] [--database URL ...] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_overdue import build, database  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
DELIVERED = "(r.last_event_on IS NULL OR r.last_event_on <= {day})"
OVERDUE_SQL = (
    "SELECT r.id, r.reference, r.agency_id, a.name, r.jurisdiction, r.status, d.kind, d.due, d.party, "
    "d.citation, d.verified, d.appeal_by, d.conditional, d.estimated FROM deadline d "
    "JOIN request r ON r.id = d.request_id JOIN agency a ON a.id = r.agency_id "
    "WHERE d.is_current = {yes} AND d.party = 'agency' AND d.due < {day} AND " + DELIVERED + " "
    "ORDER BY a.name, d.due, r.reference"
)
DUE_SQL = (
    "SELECT r.id, r.reference, a.name, d.kind, d.due, d.party, d.citation FROM deadline d "
    "JOIN request r ON r.id = d.request_id JOIN agency a ON a.id = r.agency_id "
    "WHERE d.is_open = {yes} AND d.due >= {day} AND d.due <= {end} AND " + DELIVERED + " ORDER BY d.due"
)
LIST_SQL = (
    "SELECT r.id, r.reference, r.agency_id, a.name AS agency, r.jurisdiction, r.status, r.template, "
    "r.subject, r.topics, r.params, r.campaign, r.sent_on, r.received_on, r.received_estimated, r.via, "
    "r.created_at, a.public, r.created_by FROM request r JOIN agency a ON a.id = r.agency_id "
    "ORDER BY r.id DESC"
)


def report_sql(postgres: bool) -> str:
    """The queries `foilbot report agencies` runs on the whole workspace (services.report_reads), for the
    plain-SQL run."""
    from foilbot.services.report_reads import SENT, counts_sql, days_sql, overdue_sql

    queries = [counts_sql(SENT, whole_sqlite=not postgres), days_sql(SENT), overdue_sql(SENT)]
    return "; ".join(queries).replace(":yes", "{yes}").replace(":as_of", "{day}")


def calendar_sql(postgres: bool) -> str:
    """The queries `foilbot calendar` runs (services.calendar_sql: the traces the open deadlines name,
    then the deadlines), for the plain-SQL run."""
    from foilbot.services.calendar_sql import stored_sql, traces_sql

    queries = [traces_sql(), stored_sql(postgres=postgres)]
    return "; ".join(queries).replace(":yes", "{yes}").replace(":as_of", "{day}")


def commands(day: str, postgres: bool = False) -> list[tuple[str, list[str], float, str | None]]:
    """(label, foilbot arguments, target seconds, the plain SQL it compares with)."""
    return [
        ("overdue --json", ["overdue", "--as-of", day, "--json"], 1.0, OVERDUE_SQL),
        ("overdue (table)", ["overdue", "--as-of", day], 1.5, OVERDUE_SQL),
        ("due --within 30 --json", ["due", "--as-of", day, "--within", "30", "--json"], 1.0, DUE_SQL),
        ("due --within 30 (table)", ["due", "--as-of", day, "--within", "30"], 1.5, DUE_SQL),
        ("request list --json", ["request", "list", "--json"], 1.0, LIST_SQL),
        ("request list (table)", ["request", "list"], 1.5, LIST_SQL),
        ("request list --format ndjson", ["request", "list", "--format", "ndjson"], 1.0, LIST_SQL),
        ("request list --csv", ["request", "list", "--csv"], 1.0, LIST_SQL),
        ("request list --limit 50", ["request", "list", "--limit", "50"], 1.0, None),
        (
            "report agencies --format json",
            ["report", "agencies", "--as-of", day, "--format", "json"],
            1.0,
            report_sql(postgres),
        ),
        ("report agencies (table)", ["report", "agencies", "--as-of", day], 1.5, report_sql(postgres)),
        ("calendar (.ics)", ["calendar", "--as-of", day], 1.0, calendar_sql(postgres)),
    ]


# A full recompute (services.recompute.recompute_all, as a changed setting or law data triggers it), in a
# process of its own, rolled back: its CPU time counts the second process it forks. A recompute writes
# only the schedules that change; on a built workspace none does, so a second line gives every
# deadline the engine computes one more line of trace (patched in that process, which the forked one
# inherits), as new law data that changes every date's explanation would: every deadline row and trace
# is replaced, and the old traces are deleted.
RECOMPUTE = (
    "import os\nfrom foilbot.config import load_settings\n"
    "from foilbot.storage import session_scope\nfrom foilbot.services.recompute import recompute_all\n"
    "{before}url = os.environ['FOILBOT_DATABASE_URL']\nwith session_scope(url) as s:\n"
    "    recompute_all(s, load_settings(database_url=url))\n    s.rollback()\n"
)
CHANGED = (
    "from foilbot.services import recompute_rows\nreal = recompute_rows.deadline_values\n"
    "recompute_rows.deadline_values = lambda standing: [(*v[:11], (*v[11], 'changed'), v[12]) "
    "for v in real(standing)]\n"
)
# Targets beside the read commands (issue 14): a full recompute < 2 s, `foilbot deadline` < 0.25 s,
# `--help` < 0.3 s.
OTHERS = [
    ("full recompute (both cores)", ["-c", RECOMPUTE.format(before="")], 2.0),
    (
        "recompute, every row replaced",
        ["-c", RECOMPUTE.format(before=CHANGED)],
        2.0,
    ),
    ("deadline NY --received", ["-m", "foilbot", "deadline", "NY", "--received", "2026-11-02"], 0.25),
    ("--help", ["-m", "foilbot", "--help"], 0.3),
]


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall s, user+sys CPU s, peak RSS MiB) of one process, output discarded.

    Measured by /usr/bin/time, a small process of its own: a child forked from this one would count
    this benchmark's memory in its peak RSS.
    """
    with tempfile.NamedTemporaryFile("r") as report:
        timed = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name, *cmd]
        done = subprocess.run(timed, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
        if done.returncode not in (0, 3):
            raise SystemExit(f"{' '.join(cmd)} exited {done.returncode}")
        wall, user, system, rss = report.read().split()[-4:]
    return float(wall), float(user) + float(system), int(rss) / 1024


def measured(cmd: list[str], env: dict[str, str], runs: int) -> tuple[float, float, float]:
    results = [run(cmd, env) for _ in range(runs)]
    return (
        statistics.median(r[0] for r in results),
        statistics.median(r[1] for r in results),
        max(r[2] for r in results),
    )


def plain(sql: str, url: str, postgres: bool) -> list[str]:
    """The database's own client running `sql`, its rows written out (JSON for sqlite3)."""
    if postgres:
        from sqlalchemy.engine import make_url

        u = make_url(url)
        conninfo = f"postgresql://{u.username}:{u.password}@{u.host}:{u.port or 5432}/{u.database}"
        return ["psql", conninfo, "-At", "-c", sql]
    return ["sqlite3", "-json", url.removeprefix("sqlite:///"), sql]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--silent", type=float, nargs="+", default=[0.15, 0.6], help="Shares of silent agencies."
    )
    parser.add_argument("--postgres", metavar="URL", help="Run on a throwaway database on this server.")
    parser.add_argument(
        "--database",
        metavar="URL",
        nargs="+",
        help="Measure these workspaces as they are instead of building any (one built by bench_overdue.build "
        "and kept: a 1,000,000-request build takes long). Their schedules must be current.",
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    postgres = bool(args.postgres) or any(u.startswith("postgresql") for u in args.database or [])
    client = "psql" if postgres else "sqlite3"
    if shutil.which(client) is None:
        raise SystemExit(f"{client} is needed for the plain-SQL comparison")
    growth: dict[str, dict[str, float]] = {}
    if args.database:
        for url in args.database:
            measure(url, "", args.runs, growth)
    for n in [] if args.database else args.requests:
        for silent in args.silent:
            with database(args.postgres) as url:
                t0 = time.perf_counter()
                _, n_events = build(url, n, silent=silent)
                measure(url, f" (built in {time.perf_counter() - t0:.0f} s)", args.runs, growth)
    _growth(growth)


def measure(url: str, built: str, runs: int, growth: dict[str, dict[str, float]]) -> None:
    """Every command on one workspace, each beside the plain SQL it compares with; the wall times also
    go into `growth` (command -> workspace -> seconds) for the summary."""
    postgres = url.startswith("postgresql")
    backend, client = ("PostgreSQL", "psql") if postgres else ("SQLite", "sqlite3")
    env = dict(os.environ, FOILBOT_DATABASE_URL=url, PYTHONPATH=str(REPO))
    n, n_events, last, overdue = _facts(url, postgres)
    day = (last + timedelta(days=1)).isoformat()
    size = f"{n / 1e6:g}M" if n >= 1_000_000 else f"{n / 1000:g}k"
    column = f"{size}, {overdue / max(n, 1):.0%}"
    print(
        f"\n{backend}: {n:,} requests, {n_events:,} events, {overdue / max(n, 1):.0%} overdue on {day}"
        f"{built}; load average {_load()}"
    )
    # The first run recomputes nothing (the build stores current schedules) but warms caches.
    run([sys.executable, "-m", "foilbot", "overdue", "--as-of", day, "--json"], env)
    yes = "true" if postgres else "1"
    print(f"{'command':<32}{'target':>7}{'wall':>8}{'cpu':>8}{'RSS MiB':>9}{client:>9}{'ratio':>7}  verdict")
    end = (date.fromisoformat(day) + timedelta(days=30)).isoformat()
    for label, argv, target, sql in commands(day, postgres):
        wall, cpu, rss = measured([sys.executable, "-m", "foilbot", *argv], env, runs)
        base = ratio = None
        if sql is not None:
            text = sql.format(yes=yes, day=f"'{day}'", end=f"'{end}'")
            base = measured(plain(text, url, postgres), env, runs)[0]
            ratio = wall / max(base, 0.01)  # /usr/bin/time counts hundredths
        verdict = "OK" if wall < target else "over target"
        if ratio is not None and ratio > 3:
            verdict += f", > 3x {client}"
        print(
            f"{label:<32}{target:>6.2f}s{wall:>7.2f}s{cpu:>7.2f}s{rss:>9.0f}"
            f"{f'{base:.2f}s' if base is not None else '-':>9}"
            f"{f'{ratio:.1f}x' if ratio is not None else '-':>7}  {verdict}"
        )
        growth.setdefault(label, {})[column] = wall
        growth.setdefault(f"  peak RSS MiB, {label}", {})[column] = rss
    for label, argv, target in OTHERS:
        wall, cpu, rss = measured([sys.executable, *argv], env, runs)
        verdict = "OK" if wall < target else "over target"
        figures = f"{target:>6.2f}s{wall:>7.2f}s{cpu:>7.2f}s{rss:>9.0f}"
        print(f"{label:<32}{figures}{'-':>9}{'-':>7}  {verdict}")
        growth.setdefault(label, {})[column] = wall
    print(f"load average after: {_load()}")


def _growth(growth: dict[str, dict[str, float]]) -> None:
    """Each command's wall time (and the listings' peak memory) across the workspaces, side by side."""
    columns = list(dict.fromkeys(c for by in growth.values() for c in by))
    if len(columns) < 2:
        return
    print("\nGrowth (wall s; peak RSS MiB on the indented lines), workspaces by size and share overdue:")
    print(f"{'command':<44}" + "".join(f"{c:>13}" for c in columns))
    for label, by in growth.items():
        if label.startswith("  peak RSS") and not any(w in label for w in ("ndjson", "csv", "json")):
            continue
        memory = label.startswith("  ")
        cells = "".join(
            f"{'-':>13}" if c not in by else f"{by[c]:>13.0f}" if memory else f"{by[c]:>12.2f}s"
            for c in columns
        )
        print(f"{label[:44]:<44}{cells}")


def _facts(url: str, postgres: bool) -> tuple[int, int, date, int]:
    """Requests, events, the last event day, and how many requests are overdue the day after it."""
    from sqlalchemy import text

    from foilbot.storage import get_engine

    if postgres:  # as autovacuum does soon after a bulk load: statistics, and the visibility map
        # that lets an index answer alone (without it every row is fetched from the table too)
        with get_engine(url).connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    with get_engine(url).connect() as conn:
        last = date.fromisoformat(
            str(conn.execute(text("SELECT max(last_event_on) FROM request")).scalar())[:10]
        )
        overdue = conn.execute(
            text(
                "SELECT count(DISTINCT request_id) FROM deadline "
                "WHERE is_current = :yes AND party = 'agency' AND due < :day"
            ),
            {"yes": True, "day": last + timedelta(days=1)},
        ).scalar()
        n = int(conn.execute(text("SELECT count(*) FROM request")).scalar() or 0)
        n_events = int(conn.execute(text("SELECT count(*) FROM event")).scalar() or 0)
    get_engine(url).dispose()
    return n, n_events, last, int(overdue or 0)


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
