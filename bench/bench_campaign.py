"""Benchmark: a campaign to every New York school district, through the real CLI (issue 12).

Prints, side by side in one run:
  - `campaign new` for every NY school district (717 in the shipped directory): target under 5 s;
    and `campaign add` of the same agencies (every one skipped as already in the campaign);
  - `render_batch`'s set-up for 7,000 jobs (the old `j not in todo` step took 14 s);
  - `campaign mailing` (labels, envelopes, mail log) for the whole campaign;
  - `campaign scorecard` for the whole campaign after filing: target under 2 s;
  - optionally (--letters) `campaign letters` for the whole campaign (target under 20 s on 2 cores).

    .venv/bin/python bench/bench_campaign.py [--letters] [--keep DIR]

Each command runs as a fresh `python -m foilbot` process on a new SQLite database in a temporary
folder (the shipped directory is loaded first and not timed).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

TOML = """
[requester]
name = "Ana Ruiz"
organization = "Western New York Education Counsel"
address = '''
100 Main Street
Buffalo, NY 14202'''
email = "aruiz@example.org"
"""


def run(folder: Path, *args: str) -> tuple[float, str]:
    """Seconds of wall time of one `foilbot` command, and its stdout (exits on failure)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "FOILBOT_DATABASE_URL": f"sqlite:///{folder / 'bench.db'}"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "foilbot", *args], cwd=folder, env=env, capture_output=True, text=True
    )
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"foilbot {' '.join(args)} failed:\n{done.stderr}")
    return took, done.stdout


def batch_setup(count: int) -> float:
    """Seconds render_batch spends before rendering, on `count` jobs whose files all exist (resume)."""
    from datetime import date

    from foilbot.domain.laws import get_law
    from foilbot.render import RenderOptions, render_batch
    from foilbot.render.context import AgencyInfo, LetterContext, RequesterInfo, RequestInfo
    from foilbot.render.jobs import LetterJob

    with tempfile.TemporaryDirectory() as tmp:
        law = get_law("NY")
        jobs = []
        for i in range(count):
            out = Path(tmp) / f"L{i:05d}.pdf"
            out.write_bytes(b"%PDF-1.7\n")
            ctx = LetterContext(
                AgencyInfo(name=f"D{i}", jurisdiction="NY"),
                RequesterInfo(name="A"),
                RequestInfo(date=date(2026, 6, 1), reference=f"FOIL-2026-{i:05d}"),
                law,
            )
            jobs.append(LetterJob("request-ny-foil", ctx, "pdf", out, False))
        start = time.perf_counter()
        result = render_batch(jobs, RenderOptions(), resume=True, workers=1)
        took = time.perf_counter() - start
        assert len(result.skipped) == count
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", action="store_true", help="also print every letter (slow)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="foilbot-bench-campaign-"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "foilbot.toml").write_text(TOML)
    run(folder, "agency", "list", "--state", "NY", "--limit", "1")  # load the directory, untimed
    what = ("--topic", "retention-periods", "--filter", "state=NY", "--filter", "kind=school_district")
    figures: list[tuple[str, float, str]] = []
    took, out = run(folder, "campaign", "new", "bench", *what)
    figures.append(("campaign new (every NY school district)", took, out.splitlines()[0]))
    took, out = run(folder, "campaign", "add", "bench", *what[2:])
    figures.append(("campaign add, the same agencies (all skipped)", took, out.splitlines()[0]))
    figures.append(("render_batch set-up, 7,000 jobs (resume)", batch_setup(7000), "was 14 s"))
    took, out = run(folder, "campaign", "mailing", "bench", "--out", "mail")
    figures.append(("campaign mailing (labels, envelopes, log)", took, ""))
    took, out = run(folder, "campaign", "sent", "bench", "--date", "2026-06-12", "--via", "mail")
    figures.append(("campaign sent (every request)", took, out.strip()))
    took, out = run(folder, "campaign", "scorecard", "bench", "--as-of", "2026-07-15", "--out", "site")
    figures.append(("campaign scorecard", took, "target < 2 s"))
    if args.letters:
        took, out = run(folder, "campaign", "letters", "bench", "--out", "letters")
        figures.append(("campaign letters (every letter, PDF)", took, out.strip()))
    width = max(len(name) for name, _, _ in figures)
    print(f"bench_campaign on {os.cpu_count()} core(s), folder {folder}")
    for name, seconds, note in figures:
        print(f"  {name:<{width}}  {seconds:7.2f} s  {note}")


if __name__ == "__main__":
    main()
