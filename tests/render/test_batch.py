"""Batch rendering: both cores, all-or-nothing, resumable, progress, no temporary files left behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from foilbot.errors import UsageError
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
    assert sum(seen) == 10
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
    assert done == sorted(f"letter-{i}.pdf" for i in range(1, 9))  # the first chunk of 8 finished
    (tmp_path / "letter-1.pdf").write_bytes(b"kept")
    result = render_batch(_jobs(tmp_path, 12), workers=1, resume=True)
    assert len(result.skipped) == 8 and len(result.written) == 4
    assert (tmp_path / "letter-1.pdf").read_bytes() == b"kept"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_duplicate_outputs_are_refused(tmp_path: Path) -> None:
    jobs = _jobs(tmp_path, 2)
    with pytest.raises(UsageError, match="same file"):
        render_batch([jobs[0], jobs[0]])
