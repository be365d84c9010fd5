"""scripts/demo.sh, what `make demo` runs on a fresh machine, through the installed `foilbot` entry point.

It must work on any date: with the real clock, and with the clock past a year boundary (issue 8).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import REPO

FOILBOT = Path(sys.executable).parent / "foilbot"


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


@pytest.mark.slow
@pytest.mark.parametrize("today", [None, "2027-01-15"], ids=["real-clock", "clock-2027-01-15"])
def test_demo_runs_end_to_end_on_any_date(tmp_path: Path, today: str | None) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOILBOT_")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "xdg-config")
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg-data")
    env["DEMO_DIR"] = str(tmp_path / "demo")
    if today is not None:
        env["FOILBOT_TODAY"] = today
    result = subprocess.run(
        ["sh", str(REPO / "scripts" / "demo.sh"), str(FOILBOT)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "Error" not in result.stderr
    assert "Created" not in result.stdout  # the reference comes from --json, not from a message
    assert "$ foilbot request letter FOIL-2026-0001 --out FOIL-2026-0001.pdf" in result.stdout
    assert "1 overdue" in result.stdout
    demo = tmp_path / "demo"
    assert sorted(p.name for p in demo.glob("*.pdf")) == ["FOIL-2026-0001-appeal.pdf", "FOIL-2026-0001.pdf"]
    assert not (tmp_path / "requests.db").exists()  # the demo keeps to its folder
    assert (demo / "requests.db").is_file()

    request = demo / "FOIL-2026-0001.pdf"
    assert len(PdfReader(request).pages) == 3
    text = _text(request)
    assert "June 12, 2026" in text.splitlines()
    assert "Reference: FOIL-2026-0001" in text

    appeal = demo / "FOIL-2026-0001-appeal.pdf"
    assert len(PdfReader(appeal).pages) == 2
    text = _text(appeal)
    assert "August 3, 2026" in text.splitlines()
    assert "acknowledged the request and said that it would grant or deny it by July 31, 2026" in " ".join(
        text.split()
    )
