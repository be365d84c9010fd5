"""Ctrl-C ends every command the same way: `Interrupted.`, exit 130, no traceback."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import invoke

REPO = Path(__file__).resolve().parents[2]


def test_ctrl_c_while_a_connection_goes_back_to_the_pool_prints_no_library_traceback(
    runner, directory, monkeypatch: pytest.MonkeyPatch
) -> None:
    # SQLAlchemy logs an interrupted connection reset with its traceback before re-raising it; with
    # no logging set up, Python prints that log on stderr (CI's attack run met it once in 99 kills).
    from sqlalchemy.pool import base

    real = base._ConnectionFairy._reset
    calls = {"n": 0}

    def interrupted(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise KeyboardInterrupt
        return real(self, *args, **kwargs)

    monkeypatch.setattr(base._ConnectionFairy, "_reset", interrupted)
    # As at a terminal: no logging handlers (pytest's own would capture the log before stderr does).
    monkeypatch.setattr(logging.root, "handlers", [])
    result = invoke(runner, "request", "new", "--agency", "nces-3617670", "--topic", "retention-periods")
    assert calls["n"] >= 1
    assert (result.exit_code, result.stderr) == (130, "Interrupted.\n")


def test_ctrl_c_while_typer_parses_the_command_line_says_interrupted(tmp_path: Path) -> None:
    # Typer ends a Ctrl-C it catches itself with a bare exit 130; the entry point says what happened.
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(
        "import typer.core\n"
        "def interrupted(self, *args, **kwargs):\n"
        "    raise KeyboardInterrupt\n"
        "typer.core.TyperGroup.make_context = interrupted\n",
        encoding="utf-8",
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(hooks), str(REPO)])}
    done = subprocess.run(
        [sys.executable, "-m", "foilbot", "agency", "list"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stderr) == (130, "Interrupted.\n")
