"""Helpers the hand-worked holiday tables share (tests/domain/test_state_calendars*.py)."""

from __future__ import annotations

from datetime import date

from foilbot.domain.calendar import business_calendar


def days(year: int, *month_days: str) -> list[date]:
    """`days(2026, "1-1", "7-3")`: the dates of one year, written as month-day."""
    return [date(year, *map(int, md.split("-"))) for md in month_days]


def weekday_holidays(code: str, year: int, observes: tuple[str, ...] = ()) -> list[date]:
    """The holidays of `code`'s calendar that fall on a weekday in `year`: the days a business count skips."""
    cal = business_calendar(code, observes=observes)
    return sorted(d for d in cal.holidays_in(year) if d.weekday() < 5)
