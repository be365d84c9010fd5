"""State holiday calendars built from the holiday statute (issue 10, fourth batch, law-d: Ohio), against dates
worked out by hand, and Ohio's roll-forward, which may land on a Saturday.

Each table lists the weekday holidays (observed days included) of one year. Worked out from the statute text
quoted above it, with the weekday of each fixed date looked up in a printed calendar (2026: Jan 1 Thu; 2027: Jan 1
Fri; 2028: Jan 1 Sat, leap year; 2029: Jan 1 Mon; 2030: Jan 1 Tue), never from the engine or python-holidays.
python-holidays appears only in the cross-check, which lists and explains every difference.
"""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain.calendar import business_calendar
from foilbot.domain.laws import get_law
from foilbot.domain.periods import run_period
from tests.domain.calendar_tables import days

D = date


# Ohio Rev. Code § 1.14 (A)-(K): Jan 1; third Monday in January; third Monday in February; Memorial Day (the last
# Monday in May, 5 U.S.C. § 6103); Jun 19 (Juneteenth day, current list as reprinted); Jul 4; first Monday in
# September; second Monday in October; Nov 11; fourth Thursday in November; Dec 25. "If any day designated in this
# section as a legal holiday falls on Sunday, the next succeeding day is a legal holiday"; no Saturday rule.
OHIO = {
    # Jul 4 is a Saturday: not moved, so no weekday holiday for it. Feb 1 Sun -> Mondays 2, 9, 16; May 31 Sun ->
    # May 25; Sep 1 Tue -> Sep 7; Oct 1 Thu -> Oct 12; Nov 1 Sun -> Thursdays 5, 12, 19, 26.
    2026: days(2026, "1-1", "1-19", "2-16", "5-25", "6-19", "9-7", "10-12", "11-11", "11-26", "12-25"),
    # Jun 19 and Dec 25 are Saturdays (not moved); Jul 4 Sun -> Mon Jul 5. Jan Mondays 4, 11, 18; Feb 1 Mon -> 15;
    # May 31 is a Monday; Sep 1 Wed -> 6; Oct 1 Fri -> 11; Nov 1 Mon -> Thursdays 4, 11, 18, 25.
    2027: days(2027, "1-1", "1-18", "2-15", "5-31", "7-5", "9-6", "10-11", "11-11", "11-25"),
    # Jan 1 and Nov 11 are Saturdays (not moved). Jan Mondays 3, 10, 17; Feb 1 Tue -> 21; May 31 Wed -> 29;
    # Sep 1 Fri -> 4; Oct 1 Sun -> 9; Nov 1 Wed -> Thursdays 2, 9, 16, 23.
    2028: days(2028, "1-17", "2-21", "5-29", "6-19", "7-4", "9-4", "10-9", "11-23", "12-25"),
    # Nov 11 Sun -> Mon Nov 12. Jan Mondays 1, 8, 15; Feb 1 Thu -> 19; May 31 Thu -> 28; Sep 1 Sat -> 3;
    # Oct 1 Mon -> 8; Nov 1 Thu -> Thursdays 1, 8, 15, 22.
    2029: days(2029, "1-1", "1-15", "2-19", "5-28", "6-19", "7-4", "9-3", "10-8", "11-12", "11-22", "12-25"),
    # Jan Mondays 7, 14, 21; Feb 1 Fri -> 18; May 31 Fri -> 27; Sep 1 Sun -> 2; Oct 1 Tue -> 14; Nov 11 is a
    # Monday; Nov 1 Fri -> Thursdays 7, 14, 21, 28.
    2030: days(2030, "1-1", "1-21", "2-18", "5-27", "6-19", "7-4", "9-2", "10-14", "11-11", "11-28", "12-25"),
}


@pytest.mark.parametrize("year", sorted(OHIO))
def test_ohio_weekday_holidays_2026_2030(year: int) -> None:
    cal = business_calendar("OH")
    assert sorted(d for d in cal.holidays_in(year) if d.weekday() < 5) == OHIO[year]


def test_ohio_calendar_is_the_statute_one() -> None:
    law = get_law("OH")
    assert law.holidays.calendar == "oh-rc-1-14" and law.holidays.verified == "partial"
    assert law.rolls_forward and law.rolls_forward_on == "sunday_and_holidays"
    assert law.rolls_forward_rule.citation == "Ohio Rev. Code § 1.14"


def test_ohio_python_holidays_differences_are_explained() -> None:
    """A cross-check, not a source: python-holidays moves Saturday holidays to Friday; § 1.14 does not."""
    import holidays

    theirs: set[date] = set()
    ours: set[date] = set()
    for y in range(2026, 2031):
        theirs |= {d for d in holidays.US(subdiv="OH", years=y) if d.weekday() < 5 and d.year == y}
        ours |= set(OHIO[y])
    # Jul 4 2026, Jun 19 2027, Dec 25 2027, Jan 1 2028 (observed Fri Dec 31 2027) and Nov 11 2028 fall on a Saturday
    assert sorted(theirs - ours) == [
        D(2026, 7, 3),
        D(2027, 6, 18),
        D(2027, 12, 24),
        D(2027, 12, 31),
        D(2028, 11, 10),
    ]
    assert sorted(ours - theirs) == []


@pytest.mark.parametrize(
    ("last_day", "due"),
    [
        # Fri 2026-12-25 Christmas -> Sat 12-26: "the next succeeding day that is not Sunday or a legal holiday"
        (D(2026, 12, 25), D(2026, 12, 26)),
        # Thu 2026-11-26 Thanksgiving -> Fri 11-27 (§ 1.14 has no day after Thanksgiving)
        (D(2026, 11, 26), D(2026, 11, 27)),
        # Sat 2026-07-04, a legal holiday on a Saturday -> Sun 07-05 is a Sunday -> Mon 07-06
        (D(2026, 7, 4), D(2026, 7, 6)),
        # Sun 2027-07-04 -> Mon 07-05 is the legal holiday ("the next succeeding day is a legal holiday") -> Tue 07-06
        (D(2027, 7, 4), D(2027, 7, 6)),
        # an ordinary Saturday is neither a Sunday nor a legal holiday: not moved
        (D(2026, 6, 20), D(2026, 6, 20)),
        # an ordinary Sunday -> Mon 06-22
        (D(2026, 6, 21), D(2026, 6, 22)),
    ],
)
def test_ohio_roll_forward_may_land_on_a_saturday(last_day: date, due: date) -> None:
    law = get_law("OH")
    run = run_period(business_calendar("OH"), law, D.fromordinal(last_day.toordinal() - 10), 10, "calendar")
    assert run.due == due
    assert "Ohio Rev. Code § 1.14" in "\n".join(run.lines)


def test_other_roll_forward_modes_still_skip_saturdays() -> None:
    """ORS 187.010(3) ("holidays") moves a Christmas Friday to the next business day, Monday, not Saturday."""
    law = get_law("OR")
    assert law.rolls_forward_on == "holidays"
    # Tue 2026-12-15 + 10 calendar days = Fri 12-25 Christmas -> Mon 12-28
    assert run_period(business_calendar("OR"), law, D(2026, 12, 15), 10, "calendar").due == D(2026, 12, 28)
