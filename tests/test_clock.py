"""The clock: one source of today and now, settable, and the only reader of the wall clock."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from foilbot import clock
from foilbot.errors import ConfigError

PACKAGE = Path(__file__).parent.parent / "foilbot"


def test_fixed_day_sets_today_and_noon_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOILBOT_TODAY", "2027-01-15")
    assert clock.today() == date(2027, 1, 15)
    assert clock.now() == datetime(2027, 1, 15, 12, 0, tzinfo=timezone.utc)
    assert clock.is_fixed()


def test_unset_reads_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOILBOT_TODAY", raising=False)
    before = datetime.now(timezone.utc)
    assert before <= clock.now() <= datetime.now(timezone.utc)
    assert not clock.is_fixed()


@pytest.mark.parametrize("bad", ["20270115", "2027-W03-5", "2027-02-30", "tomorrow"])
def test_a_bad_value_is_a_config_error_naming_the_variable(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("FOILBOT_TODAY", bad)
    with pytest.raises(ConfigError, match="FOILBOT_TODAY"):
        clock.today()


def test_nothing_else_reads_the_wall_clock() -> None:
    pattern = re.compile(r"date\.today\(\)|datetime\.(now|utcnow|today)\(|time\.time\(\)")
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{n}"
        for path in PACKAGE.rglob("*.py")
        if path.name != "clock.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize("text", ["0001-01-01", "9999-12-31", "1900-01-01"])
def test_days_no_request_can_involve_are_not_dates(text: str) -> None:
    assert clock.parse_day(text) is None
    assert clock.parse_day("1966-07-04") == date(1966, 7, 4)


def test_the_cli_names_the_option_and_the_range(runner) -> None:
    from tests.conftest import invoke

    result = invoke(runner, "deadline", "NY", "--received", "1900-01-01")
    assert result.exit_code == 2
    assert "--received: '1900-01-01' is not a date" in result.stderr
