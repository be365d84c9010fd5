"""Regenerate docs/reference/cli.md from the commands (run after changing any command or option)."""

from pathlib import Path

from foilbot.cli.docs import render_cli_reference

target = Path(__file__).resolve().parent.parent / "docs" / "reference" / "cli.md"
target.parent.mkdir(parents=True, exist_ok=True)
target.write_text(render_cli_reference(), encoding="utf-8")
print(f"wrote {target}")
