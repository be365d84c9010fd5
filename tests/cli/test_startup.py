"""`foilbot deadline` starts without pydantic (issue 14: Typer builds a pydantic adapter for every
parameter of the command that runs, given or not; importing pydantic was 60 ms of a 0.25 s run), and
the values commands receive are the ones Typer's own coercion gives."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import invoke, ok


@pytest.mark.parametrize(
    "args",
    [
        ("deadline", "NY", "--received", "2026-11-02"),
        ("deadline", "NY", "--received", "2026-11-02", "--paused", "2026-11-03:2026-11-05", "--json"),
        ("deadline", "US", "--sent", "2026-11-02", "--via", "mail", "--denied", "2026-11-20"),
    ],
    ids=" ".join,
)
def test_deadline_does_not_import_pydantic(args) -> None:
    probe = (
        "import sys\nfrom foilbot.cli.app import app\n"
        f"try:\n    app({list(args)!r})\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"


def test_values_are_coerced_as_typer_does(runner) -> None:
    """Text and lists of text pass as they are; numbers, ranges and paths still go through Typer."""
    import json

    # A repeated text option reaches the engine as a list: the pause moves the dates.
    plain = json.loads(ok(invoke(runner, "deadline", "NY", "--received", "2026-11-02", "--json")).stdout)
    paused = json.loads(
        ok(
            invoke(
                runner,
                "deadline",
                "NY",
                "--received",
                "2026-11-02",
                "--paused",
                "2026-11-03:2026-11-05",
                "--json",
            )
        ).stdout
    )
    assert plain != paused
    bad = invoke(runner, "due", "--within", "-1")
    assert bad.exit_code == 2 and "greater than or equal to 0" in bad.output
    words = invoke(runner, "due", "--within", "soon")
    assert words.exit_code == 2
    # Digits past the option's range still get Typer's message, not a count taken as is.
    high = invoke(runner, "due", "--within", "3661")
    assert high.exit_code == 2 and "less than or equal to 3660" in high.output
    assert json.loads(ok(invoke(runner, "due", "--within", "0030", "--json")).stdout)["within"] == 30
