"""Every command that writes into a folder refuses one it cannot use with one line naming the option:
a file, a device or a place under /proc (issue 9: `campaign scorecard --out /dev/null` was
"unexpected FileExistsError")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import invoke, ok

COMMANDS = [
    (["campaign", "scorecard", "cams", "--out"], "--out"),
    (["campaign", "mailing", "cams", "--out"], "--out"),
    (["campaign", "letters", "cams", "--out"], "--out"),
    (["request", "send", "--campaign", "cams", "--dry-run", "--out"], "--out"),
    (["request", "letters", "--out-dir"], "--out-dir"),
]


@pytest.mark.parametrize(("command", "option"), COMMANDS)
@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/dev/null", "/dev/null: is a file, not a folder"),
        ("afile", "afile: is a file, not a folder"),
        ("/proc/foilbot-test", "/proc/foilbot-test: cannot create the folder"),
    ],
)
def test_a_folder_option_that_is_no_folder(
    isolated: Path, runner, directory, command: list[str], option: str, target: str, message: str
) -> None:
    ok(
        invoke(
            runner,
            "campaign",
            "new",
            "cams",
            "--topic",
            "retention-periods",
            "--filter",
            "county=Erie County",
        )
    )
    (isolated / "afile").write_text("keep me")
    result = invoke(runner, *command, target)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(f"Error: {option} {message}")
    assert (isolated / "afile").read_text() == "keep me"
    assert Path("/dev/null").is_char_device()
