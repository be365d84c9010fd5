"""Batch rendering: both cores, all-or-nothing, resumable, progress, no temporary files left behind.

Interruption (issue 9): finished letters are kept as they finish under resume, workers die with their
parent on kill -9, stale temporary files of an earlier run are removed, progress moves per letter.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from foilbot.errors import FoilbotError, UsageError
from foilbot.render import LetterJob, render_batch
from tests.render.conftest import ny_request


def _jobs(folder: Path, n: int, bad: int | None = None) -> list[LetterJob]:
    jobs = []
    for i in range(n):
        topics = ("no-such-topic",) if i == bad else ("retention-periods",)
        ctx = ny_request(reference=f"FOIL-2026-{i + 1:04d}", topics=topics, params={})
        jobs.append(LetterJob("request-ny-foil", ctx, "pdf", folder / f"letter-{i + 1}.pdf"))
    return jobs


@pytest.mark.slow
def test_batch_on_two_workers_writes_every_letter(tmp_path: Path) -> None:
    seen: list[int] = []
    result = render_batch(_jobs(tmp_path, 10), workers=2, progress=seen.append)
    assert sorted(p.name for p in result.written) == sorted(f"letter-{i}.pdf" for i in range(1, 11))
    assert seen == [1] * 10  # letter by letter, not a chunk at the end
    reader = PdfReader(tmp_path / "letter-7.pdf")
    assert "FOIL-2026-0007" in reader.pages[0].extract_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"letter-{i}.pdf" for i in range(1, 11))


def test_all_or_nothing_writes_nothing_on_failure(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="unknown topic 'no-such-topic'"):
        render_batch(_jobs(tmp_path, 5, bad=3), workers=1)
    assert list(tmp_path.iterdir()) == []


def test_resume_keeps_finished_letters_and_skips_them(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        render_batch(_jobs(tmp_path, 12, bad=10), workers=1, resume=True)
    done = sorted(p.name for p in tmp_path.iterdir())
    assert done == sorted(f"letter-{i}.pdf" for i in range(1, 11))  # every letter before the bad one
    (tmp_path / "letter-1.pdf").write_bytes(b"kept")
    result = render_batch(_jobs(tmp_path, 12), workers=1, resume=True)
    assert len(result.skipped) == 10 and len(result.written) == 2
    assert (tmp_path / "letter-1.pdf").read_bytes() == b"kept"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_duplicate_outputs_are_refused(tmp_path: Path) -> None:
    jobs = _jobs(tmp_path, 2)
    with pytest.raises(UsageError, match="same file"):
        render_batch([jobs[0], jobs[0]])


def test_progress_moves_while_letters_are_kept(tmp_path: Path) -> None:
    on_disk: list[int] = []

    def advance(n: int) -> None:
        assert n == 1
        on_disk.append(len([p for p in tmp_path.iterdir() if p.suffix == ".pdf"]))

    render_batch(_jobs(tmp_path, 4), workers=1, resume=True, progress=advance)
    assert on_disk == [1, 2, 3, 4]


def test_interrupt_keeps_nothing_in_all_or_nothing_mode(tmp_path: Path) -> None:
    calls: list[int] = []

    def interrupt(n: int) -> None:
        calls.append(n)
        if len(calls) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        render_batch(_jobs(tmp_path, 8), workers=2, progress=interrupt)
    assert list(tmp_path.iterdir()) == []


def test_stale_temporary_files_of_an_earlier_run_are_removed(tmp_path: Path) -> None:
    stale = [".letter-1.pdf.4242.tmp", ".letter-2.pdf.k3j_x9qz.tmp"]
    for name in stale:
        (tmp_path / name).write_bytes(b"half a letter")
    (tmp_path / ".notes.txt.1.tmp").write_text("not ours")
    (tmp_path / "notes.txt").write_text("not ours")
    render_batch(_jobs(tmp_path, 2), workers=1, resume=True)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".notes.txt.1.tmp", "letter-1.pdf", "letter-2.pdf", "notes.txt"]


def test_one_batch_at_a_time_per_folder(tmp_path: Path) -> None:
    import fcntl

    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        (tmp_path / ".letter-1.pdf.abcdefgh.tmp").write_bytes(b"another run's letter in progress")
        with pytest.raises(FoilbotError, match="another foilbot batch is writing letters here"):
            render_batch(_jobs(tmp_path, 2), workers=1)
        assert (tmp_path / ".letter-1.pdf.abcdefgh.tmp").exists()  # not ours to clean
    finally:
        os.close(fd)


_KILLED_RUN = """
import sys
from pathlib import Path
from foilbot.render import render_batch
from tests.render.test_batch import _jobs

out = Path(sys.argv[1])
render_batch(_jobs(out, 40), workers=2, resume=True)
"""


def _live_in_group(pgid: int) -> list[int]:
    """Processes of a process group that are not zombies (/proc: state is field 3, pgrp field 5)."""
    live = []
    for stat_file in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat_file.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            live.append(int(stat_file.parent.name))
    return live


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_kill_9_keeps_finished_letters_and_leaves_no_workers(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, PYTHONPATH=str(root), SOURCE_DATE_EPOCH="1795392000")
    proc = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_KILLED_RUN), str(out)], env=env, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("*.pdf"))) < 3:
            assert proc.poll() is None, "the batch ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 10
        while _live_in_group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _live_in_group(proc.pid) == []  # the workers died with their parent
    finally:
        if _live_in_group(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)
    kept = sorted(out.glob("*.pdf"))
    assert len(kept) >= 3
    for pdf in kept:
        assert "FOIL-2026-" in PdfReader(pdf).pages[0].extract_text()
    result = render_batch(_jobs(out, 40), workers=2, resume=True)
    assert len(result.skipped) == len(kept) and len(result.written) == 40 - len(kept)
    assert sorted(p.name for p in out.iterdir()) == sorted(f"letter-{i}.pdf" for i in range(1, 41))


def _quick_letter(job: LetterJob, keep: bool):  # noqa: ANN202 - runs in the forked workers
    from foilbot.render import batch

    time.sleep(0.002)  # letters finish one by one, as real ones do
    assert job.out is not None
    job.out.write_bytes(b"%PDF-")
    return batch._Done((), None, job.out)


def test_the_parent_waits_on_each_letter_once_not_on_all_remaining_ones_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: `wait(FIRST_COMPLETED)` in a loop walked every unfinished letter each time one
    finished (quadratic: 9 s of the parent's CPU at 7,000 letters). Counted: futures the parent
    locked to wait on them, summed over every wait."""
    from concurrent.futures import _base

    from foilbot.render import batch

    monkeypatch.setattr(batch, "_render_one", _quick_letter)  # inherited by the forked workers
    locked: list[int] = []
    enter = _base._AcquireFutures.__enter__

    def counting(self):  # noqa: ANN001, ANN202
        locked.append(len(self.futures))
        return enter(self)

    monkeypatch.setattr(_base._AcquireFutures, "__enter__", counting)
    n = 400
    seen: list[int] = []
    result = render_batch(_jobs(tmp_path, n), workers=2, resume=True, progress=seen.append)
    assert len(result.written) == n and sum(seen) == n
    assert sum(locked) <= 3 * n, sum(locked)


@pytest.mark.slow
def test_a_batch_started_beside_other_threads_never_forks_them(tmp_path: Path, monkeypatch) -> None:
    """`request send` renders from a thread of its own while the main one sends: a fork there copies
    only the calling thread, and a lock another one holds stays held in the child (Python 3.12 warns).
    The workers are then spawned afresh, and the letters are the same."""
    import threading

    forks: list[int] = []
    real_fork = os.fork

    def fork() -> int:
        forks.append(threading.active_count())
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    alone = tmp_path / "alone"
    alone.mkdir()
    render_batch(_jobs(alone, 4), workers=2)
    assert forks and set(forks) == {1}  # one thread: forked, WeasyPrint shared

    forks.clear()
    beside = tmp_path / "beside"
    beside.mkdir()
    done: dict[str, object] = {}
    worker = threading.Thread(target=lambda: done.update(result=render_batch(_jobs(beside, 4), workers=2)))
    worker.start()
    worker.join(timeout=300)
    assert "result" in done, "the batch did not finish"
    assert forks == []  # nothing forked while two threads ran
    for i in range(1, 5):  # the same letters (their bytes differ only by the time they were made)
        first, second = (
            [p.extract_text() for p in PdfReader(f / f"letter-{i}.pdf").pages] for f in (alone, beside)
        )
        assert first == second and len(first) == 2
