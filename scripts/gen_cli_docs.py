"""Regenerate docs/reference/cli.md from the commands (run after changing any command or option)."""

from pathlib import Path

from foilbot.cli.docs import render_cli_reference
from foilbot.files import write_atomic

target = Path(__file__).resolve().parent.parent / "docs" / "reference" / "cli.md"
target.parent.mkdir(parents=True, exist_ok=True)
write_atomic(target, render_cli_reference())
print(f"wrote {target}")
