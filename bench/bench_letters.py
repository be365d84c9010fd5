"""Benchmark: one request letter per New York school district (717), each rendered to its own PDF.

Runs, side by side in one run, each in its own process and timed the same way (wall time, and CPU
time user+sys of the process and everything it waited for):

1. foilbot's batch (`render_batch`, every core: what `campaign letters` and `request letters` run);
2. optionally (--compare REV) the same batch on another revision of foilbot (a `git archive` copy);
3. a plain single-process WeasyPrint loop over the same letters' HTML (`HTML(string=...).write_pdf`,
   stylesheet inlined, nothing reused);
4. LibreOffice headless converting the same HTML files (one `soffice --convert-to pdf` for all; its
   start-up is counted; it loses the page size, the window position and the footer).

Prints per-letter wall and CPU milliseconds, the speed-ups, and the load average before and after.
Targets (issue 12, on a 2-core machine): the batch under 20 s for every letter; per letter at least
4x the plain loop's wall time, and faster than LibreOffice; each figure is printed against its target.
It also checks that every 40th letter of the batch (and the last) is byte for byte what
`render_letter` (`request letter`) makes for the same request laid out whole (no body shared).

    .venv/bin/python bench/bench_letters.py [--count 717] [--loop-count 120] [--lo-count 120]
        [--workers 2] [--compare main] [--no-libreoffice]

The loop and LibreOffice are timed on the first --loop-count / --lo-count letters (0 = all) and their
per-letter figures scaled to --count.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DERIVED = Path("/work/shared/data/ny_school_districts_nces_derived.csv")
EPOCH = "1795392000"  # 2026-11-23T00:00:00Z: reproducible PDFs


def districts(count: int) -> list[dict[str, str]]:
    """NY school districts: agencies.csv when it is there, else the derived NCES file (0 = all)."""
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
    return rows[:count] if count else rows


def jobs(rows: list[dict[str, str]], out: Path):  # noqa: ANN201 - foilbot types, imported late
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


def timed(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user+sys of the command and all it waited for) and its stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[:4])} … failed:\n{done.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def run_batch(count: int, workers: int, out: Path) -> None:
    """(In a child process) foilbot's batch over `count` letters into `out`."""
    from foilbot.render import render_batch

    out.mkdir(parents=True, exist_ok=True)
    result = render_batch(jobs(districts(count), out), workers=workers)
    print(json.dumps({"letters": len(result.written)}))


def run_loop(folder: Path) -> None:
    """(In a child process) the plain loop: each HTML file of `folder` to a PDF, nothing reused."""
    from weasyprint import HTML

    for html in sorted(folder.glob("*.html")):
        HTML(string=html.read_text(encoding="utf-8")).write_pdf(html.with_suffix(".pdf"))


def write_html(count: int, folder: Path) -> None:
    """The letters' HTML with the stylesheet inlined (as the loop and LibreOffice get it)."""
    from foilbot.render.templates import Letters

    letters = Letters()
    folder.mkdir(parents=True, exist_ok=True)
    for i, job in enumerate(jobs(districts(count), folder)):
        html = letters.render_html(job.template, job.context, inline_css=True)
        (folder / f"{i:04d}.html").write_text(html, encoding="utf-8")


def same_as_render_letter(folder: Path, count: int, every: int = 40) -> tuple[int, int]:
    """How many of the batch's letters (every `every`-th, and the last) are byte for byte what
    render_letter makes laid out whole (no body shared), out of how many checked."""
    from dataclasses import replace

    from foilbot.render import render_letter, reuse_body

    def whole(self, html, base_url, layout, refused):  # noqa: ANN001, ANN202
        return layout(html)

    reuse_body.SharedBodies.render = whole  # type: ignore[method-assign]  # this process only
    all_jobs = jobs(districts(count), folder)
    picks = [*all_jobs[::every], all_jobs[-1]]
    same = sum(
        job.out is not None and render_letter(replace(job, out=None)).content == job.out.read_bytes()
        for job in picks
    )
    return same, len(picks)


def exported(revision: str, into: Path) -> Path:
    """A copy of `revision`'s tree (git archive: no worktree, nothing checked out)."""
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(REPO), "archive", revision], capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=0, help="letters (0 = every NY school district)")
    parser.add_argument("--loop-count", type=int, default=120, help="letters for the plain loop (0 = all)")
    parser.add_argument("--lo-count", type=int, default=120, help="letters for LibreOffice (0 = all)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--compare", metavar="REV", help="also time the batch of this git revision")
    parser.add_argument("--no-libreoffice", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("WHAT", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)
    if args.child:
        what, folder = args.child
        if what == "batch":
            run_batch(args.count, args.workers, Path(folder))
        elif what == "loop":
            run_loop(Path(folder))
        else:
            write_html(args.count, Path(folder))
        return

    from pypdf import PdfReader

    count = len(districts(args.count))
    me = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--count",
        str(count),
        "--workers",
        str(args.workers),
    ]
    rows: list[tuple[str, float, float, int]] = []  # name, wall s, cpu s, letters timed
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="foilbot-bench-letters-") as tmp:
        work = Path(tmp)
        wall, cpu, out = timed([*me, "--child", "batch", str(work / "batch")])
        if json.loads(out)["letters"] != count:
            raise SystemExit("the batch did not write every letter")
        pages = sorted(len(PdfReader(p).pages) for p in (work / "batch").glob("*.pdf"))
        rows.append((f"foilbot batch ({args.workers} workers)", wall, cpu, count))
        if args.compare:
            code = exported(args.compare, work / "compare")
            env = dict(os.environ, PYTHONPATH=str(code))
            script = code / "bench" / "bench_letters_child.py"
            shutil.copy(Path(__file__), script)
            child = [sys.executable, str(script), "--count", str(count), "--workers", str(args.workers)]
            wall_c, cpu_c, _ = timed([*child, "--child", "batch", str(work / "compare-out")], env)
            rows.append((f"foilbot batch at {args.compare}", wall_c, cpu_c, count))
        loop_n = min(args.loop_count or count, count)
        subprocess.run([*me[:2], "--count", str(loop_n), "--child", "html", str(work / "loop")], check=True)
        wall_l, cpu_l, _ = timed([*me[:2], "--child", "loop", str(work / "loop")])
        rows.append(("plain WeasyPrint loop (1 process)", wall_l, cpu_l, loop_n))
        lo = shutil.which("soffice")
        if lo and not args.no_libreoffice:
            lo_n = min(args.lo_count or count, count)
            subprocess.run([*me[:2], "--count", str(lo_n), "--child", "html", str(work / "lo")], check=True)
            files = sorted(str(p) for p in (work / "lo").glob("*.html"))
            profile = f"-env:UserInstallation=file://{work / 'lo-profile'}"
            command = [lo, profile, "--headless", "--convert-to", "pdf:writer_web_pdf_Export"]
            wall_o, cpu_o, _ = timed([*command, "--outdir", str(work / "lo-out"), *files])
            if len(list((work / "lo-out").glob("*.pdf"))) != lo_n:
                raise SystemExit("LibreOffice did not write every PDF")
            rows.append(("LibreOffice headless (1 process)", wall_o, cpu_o, lo_n))
        identical = same_as_render_letter(work / "batch", count)
    after = os.getloadavg()

    print(f"letters: {count} NY school districts, {pages[0]}-{pages[-1]} pages each")
    print(
        f"load average before {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}, after {after[0]:.2f} {after[1]:.2f}"
        f" ({os.cpu_count()} cores)"
    )
    print(f"{'':36} {'total wall':>10} {'wall/letter':>12} {'CPU/letter':>11}  (scaled to {count})")
    batch_wall, batch_cpu = rows[0][1] / count, rows[0][2] / count
    for name, wall, cpu, n in rows:
        per, per_cpu = wall / n, cpu / n
        scaled = "" if n == count else f"  timed on {n}"
        figures = f"{per * count:9.1f}s {per * 1000:10.1f}ms {per_cpu * 1000:9.1f}ms"
        print(f"{name:36} {figures}  wall x{per / batch_wall:.1f}, CPU x{per_cpu / batch_cpu:.1f}{scaled}")
    print("targets (issue 12), each against this run's figure:")
    total = rows[0][1]
    print(f"  all {count} letters under 20 s: {total:.1f} s {'met' if total < 20 else 'NOT met'}")
    for name, wall, cpu, n in rows[1:]:
        if name.startswith("plain"):
            ratio = (wall / n) / batch_wall
            print(
                f"  per letter >= 4x the plain loop (wall): x{ratio:.1f} {'met' if ratio >= 4 else 'NOT met'}"
            )
            print(f"    (CPU per letter, what the load does not skew: x{(cpu / n) / batch_cpu:.1f})")
        elif name.startswith("LibreOffice"):
            ratio = (wall / n) / batch_wall
            print(f"  faster than LibreOffice (wall): x{ratio:.1f} {'met' if ratio > 1 else 'NOT met'}")
    same, checked = identical
    print(
        f"  letters byte-identical to render_letter laid out whole: {same} of {checked} checked"
        f" {'met' if same == checked else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
