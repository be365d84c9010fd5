"""Holiday calendars and business-day counting, against dates worked out by hand from § 24 and § 6103."""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain.calendar import business_calendar, rule_holidays
from foilbot.errors import UsageError

D = date


# (jurisdiction, day, business day?) — N.Y. Gen. Constr. Law § 24 and 5 U.S.C. § 6103 read by hand.
@pytest.mark.parametrize(
    ("code", "day", "expected"),
    [
        ("NY", D(2026, 1, 1), False),  # New Year's Day, Thu
        ("NY", D(2026, 1, 19), False),  # MLK Day: Mondays of Jan 2026 are 5, 12, 19 -> third = 19
        ("NY", D(2026, 2, 12), False),  # Lincoln's Birthday (§ 24 only), Thu
        ("US", D(2026, 2, 12), True),  # ... not a federal holiday
        ("NY", D(2026, 2, 16), False),  # Washington's Birthday, third Monday (2, 9, 16)
        ("NY", D(2026, 5, 25), False),  # Memorial Day, last Monday of May
        ("NY", D(2026, 6, 19), False),  # Juneteenth, Fri
        ("NY", D(2026, 7, 3), True),  # Independence Day is Sat 07-04: § 24 does NOT move it to Friday
        ("US", D(2026, 7, 3), False),  # ... the federal observance does (Saturday -> Friday)
        ("NY", D(2026, 9, 7), False),  # Labor Day, first Monday of September
        ("NY", D(2026, 10, 12), False),  # Columbus Day, second Monday (5, 12)
        ("NY", D(2026, 11, 3), False),  # General Election Day: first Monday Nov 2 -> Tuesday Nov 3
        ("US", D(2026, 11, 3), True),  # ... not a federal holiday
        ("NY", D(2026, 11, 11), False),  # Veterans' Day, Wed
        ("NY", D(2026, 11, 26), False),  # Thanksgiving, fourth Thursday (5, 12, 19, 26)
        ("NY", D(2026, 11, 27), True),  # the Friday after is an ordinary business day
        ("NY", D(2026, 12, 25), False),  # Christmas, Fri
        ("NY", D(2027, 7, 5), False),  # Independence Day is Sun 2027-07-04: § 24 "the next day thereafter"
        ("NY", D(2023, 2, 13), False),  # Lincoln's Birthday Sun 2023-02-12 -> Monday (NY only)
        ("US", D(2023, 2, 13), True),
        ("NY", D(2028, 6, 12), True),  # Flag Day Sun 2028-06-11 is never moved ("except Flag day")
        ("NY", D(2027, 6, 18), True),  # Juneteenth Sat 2027-06-19: no Friday shift in NY
        ("US", D(2027, 6, 18), False),  # ... federal Friday observance
        ("NY", D(2027, 12, 24), True),  # Christmas Sat 2027-12-25: NY no shift
        ("US", D(2027, 12, 24), False),  # ... federal Friday observance
        ("NY", D(2027, 12, 31), True),  # New Year's Day Sat 2028-01-01: NY no shift
        ("US", D(2027, 12, 31), False),  # ... federal: observed Fri 2027-12-31, across the year boundary
        ("NY", D(2028, 2, 11), True),  # Lincoln's Birthday Sat 2028-02-12: no Friday shift
        ("NY", D(2028, 2, 15), True),  # Susan B. Anthony Day is not a § 24 holiday (python-holidays has it)
        ("NY", D(2029, 2, 15), True),  # ditto, Thu
        ("NY", D(2028, 11, 10), True),  # Veterans' Day Sat 2028-11-11: no Friday shift
        ("US", D(2028, 11, 10), False),
        ("NY", D(2026, 11, 21), False),  # Saturday
        ("NY", D(2026, 11, 22), False),  # Sunday
        ("MA", D(2026, 4, 20), False),  # Patriots' Day (python-holidays US-MA, unverified)
        ("DC", D(2026, 4, 16), False),  # D.C. Emancipation Day (python-holidays US-DC, unverified)
    ],
)
def test_business_days(code: str, day: date, expected: bool) -> None:
    assert business_calendar(code).is_business_day(day) is expected


def test_ny_calendar_has_exactly_the_section_24_weekday_holidays_of_2026() -> None:
    weekday = sorted(d for d in rule_holidays("ny-gcl-24", 2026) if d.weekday() < 5)
    assert weekday == [
        D(2026, 1, 1),
        D(2026, 1, 19),
        D(2026, 2, 12),
        D(2026, 2, 16),
        D(2026, 5, 25),
        D(2026, 6, 19),
        D(2026, 9, 7),
        D(2026, 10, 12),
        D(2026, 11, 3),
        D(2026, 11, 11),
        D(2026, 11, 26),
        D(2026, 12, 25),
    ]


def test_federal_calendar_matches_python_holidays_2021_2040() -> None:
    """An independent check of the rule-built § 6103 calendar (holidays.US is the reference's recommendation)."""
    import holidays

    for year in range(2021, 2041):
        mine = set(rule_holidays("us-5usc6103", year))
        theirs = {d for d in holidays.US(years=(year - 1, year, year + 1)) if d.year == year}
        assert mine == theirs, year


def test_holiday_names() -> None:
    assert business_calendar("NY").holiday_name(D(2026, 11, 3)) == "General Election Day"
    assert "observed" in (business_calendar("US").holiday_name(D(2027, 12, 31)) or "")
    assert business_calendar("NY").holiday_name(D(2026, 11, 4)) is None


# (jurisdiction, start, n, due) worked by hand; the start day never counts.
@pytest.mark.parametrize(
    ("code", "start", "n", "due"),
    [
        # Fri 11-20; BD1 Mon 23, BD2 Tue 24, BD3 Wed 25, Thu 26 Thanksgiving skipped, BD4 Fri 27, BD5 Mon 30
        ("NY", D(2026, 11, 20), 5, D(2026, 11, 30)),
        # Wed 07-01; BD1 Thu 02, BD2 Fri 03 (NY: Sat holiday not moved), BD3 Mon 06, BD4 Tue 07, BD5 Wed 08
        ("NY", D(2026, 7, 1), 5, D(2026, 7, 8)),
        # same, federal: Fri 07-03 observed skipped -> Thu 02, Mon 06, Tue 07, Wed 08, Thu 09
        ("US", D(2026, 7, 1), 5, D(2026, 7, 9)),
        # Mon 2028-02-14; Tue 15 counts (no Susan B. Anthony Day) 1, Wed 2, Thu 3, Fri 4, Mon 21 Washington's
        # Birthday skipped, Tue 22 = 5
        ("NY", D(2028, 2, 14), 5, D(2028, 2, 22)),
        # Mon 02-09; Tue 10 (1), Wed 11 (2), Thu 12 Lincoln skipped, Fri 13 (3), Mon 16 skipped, Tue 17 (4), Wed 18 (5)
        ("NY", D(2026, 2, 9), 5, D(2026, 2, 18)),
        # federal: Lincoln's Birthday counts: Tue 10, Wed 11, Thu 12, Fri 13, Mon 16 skipped, Tue 17
        ("US", D(2026, 2, 9), 5, D(2026, 2, 17)),
        # Fri 10-30; Mon 11-02 (1), Tue 11-03 Election Day skipped, Wed 04 (2), Thu 05 (3), Fri 06 (4), Mon 09 (5)
        ("NY", D(2026, 10, 30), 5, D(2026, 11, 9)),
        # Wed 2027-12-22; Thu 23 (1), Fri 24 (2, NY no shift), Mon 27 (3), Tue 28 (4), Wed 29 (5)
        ("NY", D(2027, 12, 22), 5, D(2027, 12, 29)),
        # federal: Thu 23 (1), Fri 24 observed Christmas, Mon 27 (2), Tue 28 (3), Wed 29 (4), Thu 30 (5)
        ("US", D(2027, 12, 22), 5, D(2027, 12, 30)),
        # federal 10: ... Thu 30 (5), Fri 31 observed New Year's Day 2028, Mon 01-03 (6) ... Fri 01-07 (10)
        ("US", D(2027, 12, 22), 10, D(2028, 1, 7)),
        # NY 10: 23,24,27,28,29,30,31 (7; Fri 31 is a NY business day), Mon 01-03 (8), Tue 04 (9), Wed 05 (10)
        ("NY", D(2027, 12, 22), 10, D(2028, 1, 5)),
        # Fri 2027-07-02; Sat, Sun, Mon 05 (Sunday holiday moved) skipped; Tue 06 .. Fri 09 (4), Mon 12 (5)
        ("NY", D(2027, 7, 2), 5, D(2027, 7, 12)),
        # Fri 2028-06-09; Mon 12 counts (Flag Day never moved) 1, Tue 13, Wed 14, Thu 15, Fri 16 (5)
        ("NY", D(2028, 6, 9), 5, D(2028, 6, 16)),
        # Wed 2028-11-08; Thu 09 (1), Fri 10 (2, NY), Mon 13 (3), Tue 14 (4), Wed 15 (5)
        ("NY", D(2028, 11, 8), 5, D(2028, 11, 15)),
        ("US", D(2028, 11, 8), 5, D(2028, 11, 16)),  # federal skips Fri 10 (Veterans Day observed)
        # federal 20 from Mon 2026-01-05: Jan 6-9 (4), 12-16 (9), Mon 19 MLK skipped, 20-23 (13), 26-30 (18),
        # Feb 2 (19), Feb 3 (20)
        ("US", D(2026, 1, 5), 20, D(2026, 2, 3)),
        # received on a Saturday: the count starts with Monday
        ("NY", D(2026, 11, 21), 1, D(2026, 11, 23)),
    ],
)
def test_add_business_days(code: str, start: date, n: int, due: date) -> None:
    got, trace = business_calendar(code).add_business_days(start, n)
    assert got == due
    assert trace[-1].endswith(f"is {due:%a} {due.isoformat()}.")


def test_trace_names_each_weekend_and_holiday() -> None:
    _, trace = business_calendar("NY").add_business_days(D(2026, 11, 20), 5)
    text = "\n".join(trace)
    assert "Sat 2026-11-21 (weekend)" in text and "Sun 2026-11-29 (weekend)" in text
    assert "Thu 2026-11-26 (Thanksgiving Day, N.Y. Gen. Constr. Law § 24)" in text
    assert "Mon 2026-11-23 (1)" in text and "Mon 2026-11-30 (5)" in text


def test_closures_extend_counts_for_that_agency_only() -> None:
    storm = {D(2026, 11, 24): "storm"}
    # Mon 23 (1), Tue 24 closed, Wed 25 (2), Thu 26 Thanksgiving, Fri 27 (3), Mon 30 (4), Tue 12-01 (5)
    due, trace = business_calendar("NY", storm).add_business_days(D(2026, 11, 20), 5)
    assert due == D(2026, 12, 1)
    assert any("agency closed: storm" in line for line in trace)
    assert business_calendar("NY").add_business_days(D(2026, 11, 20), 5)[0] == D(2026, 11, 30)


def test_business_days_between() -> None:
    # (Tue 12-01, Tue 12-08]: Wed 2, Thu 3, Fri 4, Mon 7, Tue 8
    assert business_calendar("US").business_days_between(D(2026, 12, 1), D(2026, 12, 8)) == 5


def test_business_days_between_counts_the_same_in_any_order_of_questions() -> None:
    """It counts from each year's running count, made when first asked about: within a year, across
    a new year, over whole years, in any order, each answer is the day-by-day count (a leap year too)."""
    from datetime import timedelta

    # (Fri 11-20, Tue 12-01]: Mon 23, Wed 25 (Tue 24 closed), Fri 27 (Thu 26 Thanksgiving), Mon 30, Tue 1
    cal = business_calendar("NY", {D(2026, 11, 24): "storm"})
    assert cal.business_days_between(D(2026, 11, 20), D(2026, 12, 1)) == 5
    assert cal.business_days_between(D(2026, 12, 1), D(2026, 11, 20)) == 0
    asked = [
        (D(2026, 11, 20), D(2027, 1, 4)),
        (D(2025, 12, 20), D(2026, 1, 5)),
        (D(2026, 11, 23), D(2026, 11, 24)),
        (D(2023, 12, 29), D(2027, 1, 4)),  # 2024 is a leap year
        (D(2024, 2, 28), D(2024, 12, 31)),
        (D(2024, 1, 1), D(2024, 1, 2)),
    ]
    for a, b in asked * 2:
        days = [a + timedelta(days=i + 1) for i in range((b - a).days)]
        assert cal.business_days_between(a, b) == sum(map(cal.is_business_day, days)), (a, b)
    assert cal.business_days_between(D(2026, 11, 23), D(2026, 11, 24)) == 0  # closed on the 24th


def test_unknown_jurisdiction() -> None:
    with pytest.raises(UsageError):
        business_calendar("XX")
