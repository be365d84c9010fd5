"""The Python API: the documented example runs as written, and `import foilbot` stays light."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date

from tests.conftest import REPO


def test_the_documented_example_runs(isolated, capsys) -> None:
    text = (REPO / "docs" / "reference" / "python-api.md").read_text(encoding="utf-8")
    [code] = re.findall(r"```python\n(.*?)```", text, re.S)
    exec(compile(code, "python-api.md", "exec"), {})  # its asserts are the test
    out = capsys.readouterr().out
    assert "N.Y. Pub. Off. Law § 89(3)(a)" in out
    assert "Skipped Thu 2026-11-26 (Thanksgiving Day" in out
    assert "appeal by" in out


def test_import_foilbot_loads_no_heavy_module() -> None:
    probe = (
        "import sys, foilbot\n"
        "heavy = ('weasyprint', 'jinja2', 'sqlalchemy', 'sqlmodel', 'rich', 'typer')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))\n"
        "foilbot.schedule\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'weasyprint', 'jinja2'}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["[]", "[]"]


def test_overrides_are_checked_like_a_file(isolated) -> None:
    import pytest

    import foilbot
    from foilbot.errors import ConfigError

    with pytest.raises(ConfigError, match="unknown setting 'deadlines.mail_day'"):
        _ = foilbot.Tracker(overrides={"deadlines.mail_day": 5}).settings
    with pytest.raises(ConfigError, match="expected a whole number"):
        _ = foilbot.Tracker(overrides={"deadlines.mail_days": "ten"}).settings


def test_schedule_counts_an_observed_optional_holiday() -> None:
    """Tex. Gov't Code § 552.0031(c): Good Friday 2026-04-03 counts only for a body that observes it (the
    working is in tests/cli/test_observances.py: received Mon 2026-03-30, 10 business days)."""
    import foilbot

    def due(**kw) -> date:
        found = foilbot.schedule("TX", received=date(2026, 3, 30), **kw)
        return next(d.due for d in found.deadlines if d.kind == "determination")

    assert due() == date(2026, 4, 13)
    assert due(observes=["Good Friday"]) == date(2026, 4, 14)
