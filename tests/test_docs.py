"""Docs that are generated from the code must match it."""

from __future__ import annotations

from foilbot.cli.docs import render_cli_reference
from tests.conftest import REPO


def test_cli_reference_is_current() -> None:
    committed = (REPO / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")
    assert committed == render_cli_reference(), (
        "docs/reference/cli.md is stale: run python scripts/gen_cli_docs.py"
    )


def test_every_command_has_an_example() -> None:
    import typer

    from foilbot.cli.app import app

    missing = []

    def walk(cmd, path):
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, [*path, name])
        elif "Example:" not in (cmd.help or ""):
            missing.append(" ".join(path))

    walk(typer.main.get_command(app), ["foilbot"])
    assert missing == []


def test_exit_codes_documented() -> None:
    from foilbot import errors

    text = (REPO / "docs" / "reference" / "exit-codes.md").read_text(encoding="utf-8")
    for code in (
        errors.EXIT_OK,
        errors.EXIT_ERROR,
        errors.EXIT_USAGE,
        errors.EXIT_OVERDUE,
        errors.EXIT_INTERRUPTED,
    ):
        assert f"| {code} |" in text


def test_every_setting_documented() -> None:
    from foilbot.config import SETTINGS

    text = (REPO / "docs" / "reference" / "configuration.md").read_text(encoding="utf-8")
    for key, (env, _default, _kind) in SETTINGS.items():
        assert f"`{key}`" in text and f"`{env}`" in text, key
