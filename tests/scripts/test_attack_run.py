"""The attack run (issue 9) in its quick form, through the real entry point: nothing unexpected, nothing lost.

scripts/attack_run.py drives `python -m foilbot` in subprocesses with bad inputs, kills, concurrent
writers and hostile data; the lead re-runs the whole of it on the final code.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_quick_attack_run_finds_nothing_unexpected_and_loses_nothing() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "attack_run.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    table = done.stdout
    assert "total" in table, done.stderr[-2000:]
    total = next(line for line in table.splitlines() if line.startswith("total")).split()
    tried, unexpected, lost = int(total[1]), int(total[4]), int(total[5])
    assert tried >= 80
    assert (unexpected, lost) == (0, 0), table
    assert done.returncode == 0, table
