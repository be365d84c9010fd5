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


def test_tracker_letter_refuses_what_the_cli_refuses(runner, directory, tmp_path, monkeypatch) -> None:
    """`Tracker.letter(…, "x.docx")` wrote a PDF under that name; it shares `--out`'s check now."""
    import pytest

    monkeypatch.setenv("FOILBOT_REQUESTER_NAME", "Jane Q. Advocate")
    monkeypatch.setenv("FOILBOT_REQUESTER_ADDRESS", "125 Broad Street\nNew York, NY 10004")

    import foilbot
    from foilbot.errors import UsageError
    from tests.conftest import new_request

    rid = new_request(runner, "nces-3617670")
    tracker = foilbot.Tracker()
    for name in ("letter.docx", "letter.xyz", "letter.PDF.bak"):
        with pytest.raises(UsageError, match=r"foilbot writes \.pdf, \.txt or \.html files, not \."):
            tracker.letter(rid, tmp_path / name)
        assert not (tmp_path / name).exists()
    assert tracker.letter(rid, tmp_path / "letter.TXT").read_text(encoding="utf-8").strip()


def test_fee_categories_are_vocabulary() -> None:
    from foilbot.domain import vocabulary
    from foilbot.services import letters

    assert vocabulary.FEE_CATEGORIES == ("news-media", "educational", "scientific", "other", "commercial")
    assert "FEE_CATEGORIES =" not in (REPO / "foilbot" / "services" / "letters.py").read_text(
        encoding="utf-8"
    )
    assert letters.FEE_CATEGORIES is vocabulary.FEE_CATEGORIES


def test_schedule_counts_an_observed_optional_holiday() -> None:
    """Tex. Gov't Code § 552.0031(c): Good Friday 2026-04-03 counts only for a body that observes it (the
    working is in tests/cli/test_observances.py: received Mon 2026-03-30, 10 business days)."""
    import foilbot

    def due(**kw) -> date:
        found = foilbot.schedule("TX", received=date(2026, 3, 30), **kw)
        return next(d.due for d in found.deadlines if d.kind == "determination")

    assert due() == date(2026, 4, 13)
    assert due(observes=["Good Friday"]) == date(2026, 4, 14)
