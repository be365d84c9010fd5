"""Benchmark: import the whole shipped agencies.csv into a new database, and search it end to end.

Targets on the 2-core reference machine: import < 5 s; `foilbot agency list --search …` < 0.5 s.
Run: .venv/bin/python bench/bench_agencies.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from foilbot.resources import shipped_agencies_csv
from foilbot.services.agencies import import_file
from foilbot.storage import session_scope

FOILBOT = Path(sys.executable).parent / "foilbot"
QUERIES = ("lockport csd", "univ buffalo", "los angeles unified", "orleans niagara boces")


def main() -> None:
    csv_path = shipped_agencies_csv()
    rows = sum(1 for _ in csv_path.open(encoding="utf-8")) - 1
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        start = time.perf_counter()
        with session_scope(url) as s:
            result = import_file(s, csv_path)
        elapsed = time.perf_counter() - start
        print(
            f"import agencies.csv ({rows} rows, {result.added} added) into a new SQLite database: "
            f"{elapsed:.2f} s (target < 5 s)"
        )

        env = dict(os.environ, FOILBOT_DATABASE_URL=url)
        for query in QUERIES:
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                out = subprocess.run(
                    [str(FOILBOT), "agency", "list", "--search", query, "--limit", "5", "--json"],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                times.append(time.perf_counter() - t0)
            first = out.stdout.split('"name": "', 1)[1].split('"', 1)[0] if '"name"' in out.stdout else "-"
            print(
                f"foilbot agency list --search {query!r}: median {statistics.median(times):.3f} s, "
                f"best {min(times):.3f} s over 5 runs (target < 0.5 s); first hit: {first}"
            )
        t0 = time.perf_counter()
        subprocess.run([str(FOILBOT), "--help"], env=env, capture_output=True, check=True)
        print(f"foilbot --help: {time.perf_counter() - t0:.3f} s (target < 0.3 s)")


if __name__ == "__main__":
    main()
