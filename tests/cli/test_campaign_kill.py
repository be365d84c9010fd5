"""Kill -9 in the middle of `campaign letters`, run it again: finished letters kept, none twice (issue 12)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.cli.test_campaign import TOML
from tests.conftest import REPO, invoke, ok


@pytest.mark.slow
def test_killed_campaign_letters_finish_on_the_next_run(isolated: Path, runner, directory) -> None:
    (isolated / "foilbot.toml").write_text(TOML)
    ok(invoke(runner, "campaign", "new", "cams", "--topic", "retention-periods", "--filter", "state=NY"))
    refs = [
        i["reference"]
        for i in json.loads(ok(invoke(runner, "campaign", "show", "cams", "-f", "json")).stdout)["items"]
    ]
    assert len(refs) == 9  # every New York agency of the fixture but the private college
    out = isolated / "letters"
    command = [sys.executable, "-m", "foilbot", "campaign", "letters", "cams", "--out", str(out)]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        command,
        env=env,
        cwd=isolated,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("*.pdf"))) < 2:
            assert proc.poll() is None, "the batch ended before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    kept = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    assert len(kept) >= 2
    again = subprocess.run(command, env=env, cwd=isolated, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    assert "already there" in again.stdout or len(kept) == 9
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{r}.pdf" for r in refs)  # no temporary files
    assert {n: (out / n).stat().st_mtime_ns for n in kept} == kept  # finished letters untouched
    after = json.loads(ok(invoke(runner, "campaign", "show", "cams", "-f", "json")).stdout)["items"]
    assert [i["reference"] for i in after] == refs  # no request twice
