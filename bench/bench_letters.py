"""Benchmark: 700 request letters, one per New York school district, each rendered to its own PDF.

Runs, side by side: (1) foilbot's batch service (every core, warm WeasyPrint per worker, shared font
subsets) and (2) a plain loop calling WeasyPrint once per letter. Prints both times and the ratio.
Targets (issue 4, on a 2-core machine): batch under 30 s, and at least 3x the plain loop.

    .venv/bin/python bench/bench_letters.py [--count 700] [--loop-count N] [--out DIR]

The plain loop renders the same HTML with `HTML(string=...).write_pdf()` and the same stylesheet; it
is timed on --loop-count letters (default: all of them) and scaled to --count when smaller.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DERIVED = Path("/work/shared/data/ny_school_districts_nces_derived.csv")


def districts(count: int) -> list[dict[str, str]]:
    """NY school districts: agencies.csv when it is there, else the derived NCES file."""
    shipped = REPO / "agencies.csv"
    rows: list[dict[str, str]] = []
    if shipped.is_file():
        with shipped.open(encoding="utf-8") as fh:
            rows = [
                r for r in csv.DictReader(fh) if r["jurisdiction"] == "NY" and r["kind"] == "school_district"
            ]
    if not rows:
        with DERIVED.open(encoding="utf-8") as fh:
            rows = [
                {
                    "id": f"nces-{r['nces_leaid']}",
                    "name": r["name"],
                    "jurisdiction": "NY",
                    "public": "true",
                    "address": r["street"],
                    "city": r["city"],
                    "state": r["state"],
                    "zip": r["zip"],
                    "kind": "school_district",
                }
                for r in csv.DictReader(fh)
                if r["lea_type"] in ("regular", "regular_nyc_component")
            ]
    if len(rows) < count:
        raise SystemExit(f"only {len(rows)} districts available, asked for {count}")
    return rows[:count]


def jobs(rows: list[dict[str, str]], out: Path):
    from foilbot.domain.laws import get_law
    from foilbot.render import LetterJob
    from foilbot.render.context import LetterContext, RequesterInfo, RequestInfo
    from foilbot.services.letters import agency_info

    law = get_law("NY")
    requester = RequesterInfo(
        name="Jane Q. Advocate",
        organization="Example Civil Liberties Union",
        address_lines=("125 Broad Street", "New York, NY 10004"),
        email="jadvocate@example.org",
        phone="(212) 555-0100",
    )
    result = []
    for i, row in enumerate(rows, 1):
        request = RequestInfo(
            date=date(2026, 11, 23),
            reference=f"FOIL-2026-{i:04d}",
            subject="the District's facial recognition camera system",
            topics=("retention-periods",),
            params={"start": "2019-01-01"},
        )
        ctx = LetterContext(agency_info({**row, "public": True}), requester, request, law)
        result.append(LetterJob("request-ny-foil", ctx, "pdf", out / f"{row['id']}.pdf"))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=700)
    parser.add_argument("--loop-count", type=int, default=0, help="letters for the plain loop (0 = all)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795392000")

    from foilbot.render import render_batch
    from foilbot.render.templates import Letters

    rows = districts(args.count)
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        (out / "batch").mkdir(parents=True, exist_ok=True)
        (out / "loop").mkdir(parents=True, exist_ok=True)
        batch_jobs = jobs(rows, out / "batch")

        t0 = time.perf_counter()
        result = render_batch(batch_jobs, workers=args.workers)
        batch_s = time.perf_counter() - t0

        # The plain loop: the same letters' HTML, WeasyPrint called once per letter, nothing reused.
        from weasyprint import HTML

        letters = Letters()
        css = letters.stylesheet().read_text(encoding="utf-8")
        n_loop = args.loop_count or len(batch_jobs)
        htmls = [
            letters.render_html(j.template, j.context).replace("</head>", f"<style>{css}</style></head>")
            for j in batch_jobs[:n_loop]
        ]
        t0 = time.perf_counter()
        for i, html in enumerate(htmls):
            HTML(string=html).write_pdf(out / "loop" / f"{i}.pdf")
        loop_s = (time.perf_counter() - t0) * len(batch_jobs) / n_loop

        from pypdf import PdfReader

        pages = [len(PdfReader(p).pages) for p in result.written]
        print(f"letters:            {len(result.written)} PDFs, {min(pages)}-{max(pages)} pages each")
        print(f"batch service:      {batch_s:6.1f} s  ({args.workers} workers)")
        scaled = "" if n_loop == len(batch_jobs) else f"  (timed on {n_loop}, scaled)"
        print(f"plain WeasyPrint:   {loop_s:6.1f} s{scaled}")
        print(f"speed-up:           {loop_s / batch_s:6.1f}x   (targets: batch < 30 s, speed-up >= 3x)")


if __name__ == "__main__":
    main()
