"""Help that reads like a person wrote it (issue 9): `foilbot request log [OPTIONS] ID EVENT`, values
named by what to type (`--date YYYY-MM-DD`, `--out FILE`), flags with nothing after them; never the
parser's own words (`{ID}`, `<str>`, `<bool>`, `<list[Path]>`, Click's TEXT/INTEGER/PATH)."""

from __future__ import annotations

import re

import pytest
import typer

from foilbot.cli.app import app
from tests.conftest import invoke

RAW = re.compile(r"<[a-zA-Z_\[\]|, .]+>|[{}]|\b(TEXT|INTEGER|FLOAT|BOOLEAN|PATH|FILENAME|DIRECTORY)\b")


def _commands() -> list[tuple[list[str], object]]:
    found = []

    def walk(cmd, path: list[str]) -> None:
        found.append((path, cmd))
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


COMMANDS = _commands()


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "foilbot")
def test_help_has_no_raw_parser_words(runner, path: list[str]) -> None:
    result = invoke(runner, *path, "--help")
    assert result.exit_code == 0, result.stderr
    raw = sorted({m.group(0) for m in RAW.finditer(result.stdout)})
    assert raw == [], f"foilbot {' '.join(path)} --help shows {raw}:\n{result.stdout}"


def test_every_value_is_named_by_its_command() -> None:
    """Each argument and option that takes a value says what to type (metavar=...); flags take none."""
    unnamed = [
        f"foilbot {' '.join(path)}: {param.name}"
        for path, cmd in COMMANDS
        for param in cmd.params
        if param.metavar is None and not getattr(param, "is_flag", False)
    ]
    assert unnamed == []


def test_usage_and_flags_read_plainly(runner) -> None:
    result = invoke(runner, "request", "log", "--help")
    assert "Usage: foilbot request log [OPTIONS] ID EVENT" in result.stdout
    assert re.search(r"--date\s+YYYY-MM-DD", result.stdout)
    assert re.search(r"--attach\s+FILE", result.stdout)
    # A flag: its name, then straight to what it does.
    overdue = invoke(runner, "overdue", "--help").stdout
    assert re.search(r"--check\s+Exit 3 when anything is overdue", overdue)
    assert (
        "Usage: foilbot db upgrade [OPTIONS] [REVISION]" in invoke(runner, "db", "upgrade", "--help").stdout
    )


def test_prose_paragraphs_wrap_where_the_terminal_does(runner) -> None:
    """A docstring's line breaks were kept: "(records\\n before the request\\n was sent" read as broken."""
    out = invoke(runner, "request", "log", "--help").stdout
    flat = " ".join(line.strip(" │") for line in out.splitlines())
    assert "(records before the request was sent," in re.sub(r"\s+", " ", flat)
    assert not any(
        line.strip() == "was sent, an appeal with nothing to appeal, a date after"
        for line in out.splitlines()
    )


def test_no_help_text_is_taken_for_rich_markup() -> None:
    """Rich reads `[smtp]` in a help text as a style tag and prints nothing: "by email ( settings)"."""
    markup = re.compile(r"(?<!\\)\[/?[a-z][a-z0-9 ._-]*\]")
    taken = [
        f"foilbot {' '.join(path)}: {m.group(0)}"
        for path, cmd in COMMANDS
        for text in (cmd.help or "", *(getattr(p, "help", None) or "" for p in cmd.params))
        for m in markup.finditer(text)
    ]
    assert taken == []
