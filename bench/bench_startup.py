"""Benchmark: start-up of the commands people run most, end to end, this checkout against another.

Each command runs in a fresh process (as a user's shell runs it) on a small workspace: the shipped
directory and a few hundred requests. `--compare REV` also runs them on a git revision (checked out in
a temporary worktree and imported first on PYTHONPATH), so a change's cost shows side by side.
Targets (issue 14): `--help` < 0.3 s, `deadline` < 0.25 s; `overdue` and `agency list` no slower.

Run: .venv/bin/python bench/bench_startup.py [--compare 3354afd] [--runs 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMANDS = [
    ("--help", ["--help"]),
    ("agency list --search", ["agency", "list", "--search", "lockport csd"]),
    ("overdue --json", ["overdue", "--as-of", "2026-12-31", "--json"]),
    ("due --json", ["due", "--as-of", "2026-12-01", "--json"]),
    ("deadline NY", ["deadline", "NY", "--received", "2026-11-20"]),
]


def workspace(folder: Path, code: Path) -> dict[str, str]:
    """A requests.db with the shipped directory and 300 filed requests, made by `code`'s own CLI."""
    env = dict(os.environ, PYTHONPATH=str(code), FOILBOT_DATABASE_URL=f"sqlite:///{folder / 'requests.db'}")
    env["FOILBOT_TODAY"] = "2026-12-31"
    script = (
        "import sys\nfrom foilbot.cli.app import app\n"
        "def run(*a):\n"
        "    try:\n        app(list(a), standalone_mode=False)\n    except SystemExit:\n        pass\n"
        "for i in range(300):\n"
        "    run('request', 'new', '--agency', 'nces-3617670', '--topic', 'retention-periods')\n"
        "    run('request', 'sent', str(i + 1), '--date', '2026-06-12', '--received', '2026-06-12')\n"
    )
    subprocess.run([sys.executable, "-c", script], env=env, cwd=folder, check=True, capture_output=True)
    return env


def timed(args: list[str], env: dict[str, str], folder: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "foilbot", *args], env=env, cwd=folder, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def measure(code: Path, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        env = workspace(Path(tmp), code)
        return {label: timed(args, env, Path(tmp), runs) for label, args in COMMANDS}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--compare", metavar="REV", help="Also measure this git revision.")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    results = {"this checkout": measure(REPO, args.runs)}
    if args.compare:
        with tempfile.TemporaryDirectory() as tmp:
            tree = Path(tmp) / "tree"
            subprocess.run(
                ["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(tree), args.compare],
                check=True,
            )
            try:
                results[args.compare] = measure(tree, args.runs)
            finally:
                subprocess.run(
                    ["git", "-C", str(REPO), "worktree", "remove", "--force", str(tree)], check=True
                )
    names = list(results)
    print(f"median of {args.runs} runs, seconds, end to end (a fresh process each)")
    print(f"{'command':<24}" + "".join(f"{n:>16}" for n in names))
    for label, _ in COMMANDS:
        print(f"{label:<24}" + "".join(f"{results[n][label]:>16.3f}" for n in names))


if __name__ == "__main__":
    main()
