"""The one source of "today" and "now": the wall clock, or a day fixed for tests and reproducible runs.

`FOILBOT_TODAY=YYYY-MM-DD` fixes the date (and "now" at noon UTC that day), so that a published overdue
list or a scorecard can be produced again, and the test suite can run as if it were another year.
Nothing else in foilbot reads the wall clock.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timezone

from foilbot.errors import ConfigError

ENV = "FOILBOT_TODAY"


_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


# The days a records request can involve: from the federal FOIA (signed 4 July 1966) to a far future.
# Year 1 or 9999 is a typo, and would overflow the calendars.
EARLIEST, LATEST = date(1966, 7, 4), date(2199, 12, 31)


def parse_day(raw: str) -> date | None:
    """A calendar day written YYYY-MM-DD between EARLIEST and LATEST, else None (no week dates, no
    20261010: people misread them)."""
    text = raw.strip()
    if not _DAY.fullmatch(text):
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if EARLIEST <= day <= LATEST else None


def _fixed() -> date | None:
    raw = os.environ.get(ENV, "").strip()
    if not raw:
        return None
    day = parse_day(raw)
    if day is None:
        raise ConfigError(f"{ENV}: {raw!r} is not a date; use YYYY-MM-DD (e.g. 2027-01-15), or unset it")
    return day


def today() -> date:
    """The day every "as of today" judgment uses (the local calendar day, unless fixed)."""
    return _fixed() or date.today()


def now() -> datetime:
    """An aware UTC timestamp for records (created, logged, removed); noon UTC on a fixed day."""
    fixed = _fixed()
    if fixed is not None:
        return datetime.combine(fixed, time(12, 0), tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def is_fixed() -> bool:
    return _fixed() is not None


def instant() -> datetime:
    """The real time (aware UTC), even when FOILBOT_TODAY fixes the day: a send lease (issue 13)
    measures how long ago a run was last heard from, which a fixed "now" cannot tell."""
    return datetime.now(timezone.utc)
