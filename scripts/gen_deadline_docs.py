"""Regenerate docs/reference/deadlines.md from foilbot/data/laws.yaml (run after editing the law data)."""

from pathlib import Path

from foilbot.domain.laws_doc import render_deadlines_md
from foilbot.files import write_atomic

target = Path(__file__).resolve().parent.parent / "docs" / "reference" / "deadlines.md"
target.parent.mkdir(parents=True, exist_ok=True)
write_atomic(target, render_deadlines_md())
print(f"wrote {target}")
