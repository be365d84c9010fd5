"""State holiday calendars built from each state's holiday statute (issue 10, third batch: NJ, NM, OK, UT, WI),
against dates worked out by hand.

Every table lists the weekday holidays (observed days included) of one year: the days a business-day count
skips. Each was worked out from the statute text quoted above it, with the weekday of each fixed date looked
up in a printed calendar (2026: Jan 1 Thu; 2027: Jan 1 Fri; 2028: Jan 1 Sat, leap year; 2029: Jan 1 Mon;
2030: Jan 1 Tue) and Easter Sunday from the tables (2026 Apr 5, 2027 Mar 28, 2028 Apr 16, 2029 Apr 1,
2030 Apr 21), never from the engine or python-holidays. python-holidays appears only in the cross-check at the
end, which lists and explains every difference.
"""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain.calendar import business_calendar
from tests.domain.calendar_tables import days, weekday_holidays

D = date


# N.J.S.A. 36:1-1 (subsection a. list as summarized; b. to d. read): Jan 1, third Monday in January, Feb 12
# (Lincoln's Birthday: not a holiday for State government business, 36:1-1(d): optional), third Monday in
# February, Good Friday, last Monday in May, Juneteenth Day (the third Friday in June), Jul 4, first Monday in
# September, second Monday in October, general election day (Tuesday after the first Monday in November), Nov 11,
# fourth Thursday in November, Dec 25. (b): a Sunday holiday -> the Monday next following; 36:1-1.2: a Saturday
# holiday -> the preceding Friday.
NEW_JERSEY = {
    # Good Friday Apr 3 (Easter Apr 5); June 1 is a Monday: Fridays 5, 12, 19 -> Jun 19; Jul 4 Sat -> Fri Jul 3;
    # Nov 2 is the first Monday -> election Tue Nov 3.
    2026: days(
        2026,
        "1-1",
        "1-19",
        "2-16",
        "4-3",
        "5-25",
        "6-19",
        "7-3",
        "9-7",
        "10-12",
        "11-3",
        "11-11",
        "11-26",
        "12-25",
    ),
    # Good Friday Mar 26; June 1 Tue: Fridays 4, 11, 18 -> Jun 18; Jul 4 Sun -> Mon Jul 5; Nov 1 Mon -> election
    # Tue Nov 2; Dec 25 Sat -> Fri Dec 24; Jan 1 2028 Sat -> Fri Dec 31.
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-15",
        "3-26",
        "5-31",
        "6-18",
        "7-5",
        "9-6",
        "10-11",
        "11-2",
        "11-11",
        "11-25",
        "12-24",
        "12-31",
    ),
    # Jan 1 Sat (observed 2027-12-31); Good Friday Apr 14; June 1 Thu: Fridays 2, 9, 16 -> Jun 16; Nov 6 the
    # first Monday -> election Tue Nov 7; Nov 11 Sat -> Fri Nov 10.
    2028: days(
        2028, "1-17", "2-21", "4-14", "5-29", "6-16", "7-4", "9-4", "10-9", "11-7", "11-10", "11-23", "12-25"
    ),
    # Good Friday Mar 30; June 1 Fri: Fridays 1, 8, 15 -> Jun 15; Nov 5 the first Monday -> election Tue Nov 6;
    # Nov 11 Sun -> Mon Nov 12.
    2029: days(
        2029,
        "1-1",
        "1-15",
        "2-19",
        "3-30",
        "5-28",
        "6-15",
        "7-4",
        "9-3",
        "10-8",
        "11-6",
        "11-12",
        "11-22",
        "12-25",
    ),
    # Good Friday Apr 19; June 1 Sat: Fridays 7, 14, 21 -> Jun 21; Nov 4 the first Monday -> election Tue Nov 5.
    2030: days(
        2030,
        "1-1",
        "1-21",
        "2-18",
        "4-19",
        "5-27",
        "6-21",
        "7-4",
        "9-2",
        "10-14",
        "11-5",
        "11-11",
        "11-28",
        "12-25",
    ),
}

# NMSA 1978, § 12-5-2: A. Jan 1; B. third Monday in January; C. third Monday in February; D. last Monday in May;
# E. Jul 4; F. first Monday in September; G. Indigenous Peoples' day, second Monday in October; H. Nov 11;
# I. fourth Thursday in November; J. Dec 25. A Sunday holiday -> the following Monday; no Saturday shift.
NEW_MEXICO = {
    2026: days(2026, "1-1", "1-19", "2-16", "5-25", "9-7", "10-12", "11-11", "11-26", "12-25"),  # Jul 4 Sat
    # Jul 4 Sun -> Mon Jul 5; Dec 25 Sat: not moved.
    2027: days(2027, "1-1", "1-18", "2-15", "5-31", "7-5", "9-6", "10-11", "11-11", "11-25"),
    2028: days(2028, "1-17", "2-21", "5-29", "7-4", "9-4", "10-9", "11-23", "12-25"),  # Jan 1, Nov 11 Sat
    # Nov 11 Sun -> Mon Nov 12.
    2029: days(2029, "1-1", "1-15", "2-19", "5-28", "7-4", "9-3", "10-8", "11-12", "11-22", "12-25"),
    2030: days(2030, "1-1", "1-21", "2-18", "5-27", "7-4", "9-2", "10-14", "11-11", "11-28", "12-25"),
}

# 25 O.S. § 82.1(A): Jan 1, third Monday in January, third Monday in February, last Monday in May, Jul 4, first
# Monday in September, Nov 11, fourth Thursday in November, the day after Thanksgiving, Dec 25; "the day before
# or after Christmas if Christmas is not on a Saturday or Sunday" (named by the Governor's order: optional), "the
# Thursday and Friday before Christmas if Christmas is on a Saturday, the Monday and Tuesday after Christmas, if
# Christmas is on a Sunday"; other holidays on a Saturday -> the preceding Friday, on a Sunday -> the next Monday.
OKLAHOMA = {
    # Jul 4 Sat -> Fri Jul 3; Christmas Fri (the day before or after: optional).
    2026: days(2026, "1-1", "1-19", "2-16", "5-25", "7-3", "9-7", "11-11", "11-26", "11-27", "12-25"),
    # Jul 4 Sun -> Mon Jul 5; Christmas Sat -> Thu Dec 23 and Fri Dec 24; Jan 1 2028 Sat -> Fri Dec 31.
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-15",
        "5-31",
        "7-5",
        "9-6",
        "11-11",
        "11-25",
        "11-26",
        "12-23",
        "12-24",
        "12-31",
    ),
    # Nov 11 Sat -> Fri Nov 10; Christmas Mon.
    2028: days(2028, "1-17", "2-21", "5-29", "7-4", "9-4", "11-10", "11-23", "11-24", "12-25"),
    # Nov 11 Sun -> Mon Nov 12; Christmas Tue.
    2029: days(2029, "1-1", "1-15", "2-19", "5-28", "7-4", "9-3", "11-12", "11-22", "11-23", "12-25"),
    2030: days(2030, "1-1", "1-21", "2-18", "5-27", "7-4", "9-2", "11-11", "11-28", "11-29", "12-25"),
}

# The day before / after a weekday Christmas, when the body (the Governor's order) names it.
OKLAHOMA_CHRISTMAS = {
    2026: (D(2026, 12, 24), None),  # Christmas Fri: Thu Dec 24; Sat Dec 26 is not a weekday
    2027: (None, None),  # Christmas Sat: the Thursday and Friday rule instead
    2028: (None, D(2028, 12, 26)),  # Christmas Mon: Sun Dec 24 is not a weekday; Tue Dec 26
    2029: (D(2029, 12, 24), D(2029, 12, 26)),  # Christmas Tue: Mon Dec 24, Wed Dec 26
    2030: (D(2030, 12, 24), D(2030, 12, 26)),  # Christmas Wed: Tue Dec 24, Thu Dec 26
}

# Utah Code § 63G-1-301 (2025 text): (1)(a) Jan 1, Jul 4, Jul 24, Nov 11, Dec 25: on a Saturday -> the preceding
# Friday, on a Sunday -> the following Monday ((2)(a), (b)); (1)(b), not moved: third Monday in January, third
# Monday in February, last Monday in May, first Monday in September, second Monday in October, fourth Thursday in
# November, and June 19: "If June 19 falls on a Tuesday, Wednesday, Thursday, or Friday, the preceding Monday";
# "on Saturday or Sunday, the following Monday" ((2)(c), (d)).
UTAH = {
    # Jun 19 Fri -> Mon Jun 15; Jul 4 Sat -> Fri Jul 3; Jul 24 Fri.
    2026: days(
        2026,
        "1-1",
        "1-19",
        "2-16",
        "5-25",
        "6-15",
        "7-3",
        "7-24",
        "9-7",
        "10-12",
        "11-11",
        "11-26",
        "12-25",
    ),
    # Jun 19 Sat -> Mon Jun 21; Jul 4 Sun -> Mon Jul 5; Jul 24 Sat -> Fri Jul 23; Dec 25 Sat -> Fri Dec 24;
    # Jan 1 2028 Sat -> Fri Dec 31.
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-15",
        "5-31",
        "6-21",
        "7-5",
        "7-23",
        "9-6",
        "10-11",
        "11-11",
        "11-25",
        "12-24",
        "12-31",
    ),
    # Jun 19 Mon; Jul 24 Mon; Nov 11 Sat -> Fri Nov 10.
    2028: days(2028, "1-17", "2-21", "5-29", "6-19", "7-4", "7-24", "9-4", "10-9", "11-10", "11-23", "12-25"),
    # Jun 19 Tue -> Mon Jun 18; Nov 11 Sun -> Mon Nov 12.
    2029: days(
        2029,
        "1-1",
        "1-15",
        "2-19",
        "5-28",
        "6-18",
        "7-4",
        "7-24",
        "9-3",
        "10-8",
        "11-12",
        "11-22",
        "12-25",
    ),
    # Jun 19 Wed -> Mon Jun 17.
    2030: days(
        2030,
        "1-1",
        "1-21",
        "2-18",
        "5-27",
        "6-17",
        "7-4",
        "7-24",
        "9-2",
        "10-14",
        "11-11",
        "11-28",
        "12-25",
    ),
}

# Wis. Stat. § 230.35(4)(a): state offices close on Jan 1, the third Monday in January, the last Monday in May,
# Jul 4, the first Monday in September, the fourth Thursday in November, Dec 24, Dec 25, Dec 31, and "The day
# following if January 1, July 4, or December 25 falls on Sunday". No Saturday shift.
WISCONSIN = {
    2026: days(
        2026, "1-1", "1-19", "5-25", "9-7", "11-26", "12-24", "12-25", "12-31"
    ),  # Jul 4 Sat: not moved
    # Jul 4 Sun -> Mon Jul 5; Dec 25 Sat: not moved.
    2027: days(2027, "1-1", "1-18", "5-31", "7-5", "9-6", "11-25", "12-24", "12-31"),
    # Jan 1 Sat; Dec 24 Sun and Dec 31 Sun: not moved (only Jan 1, Jul 4, Dec 25 are).
    2028: days(2028, "1-17", "5-29", "7-4", "9-4", "11-23", "12-25"),
    2029: days(2029, "1-1", "1-15", "5-28", "7-4", "9-3", "11-22", "12-24", "12-25", "12-31"),
    2030: days(2030, "1-1", "1-21", "5-27", "7-4", "9-2", "11-28", "12-24", "12-25", "12-31"),
}

TABLES = {"NJ": NEW_JERSEY, "NM": NEW_MEXICO, "OK": OKLAHOMA, "UT": UTAH, "WI": WISCONSIN}


@pytest.mark.parametrize(("code", "year"), [(c, y) for c in TABLES for y in range(2026, 2031)])
def test_weekday_holidays_2026_2030(code: str, year: int) -> None:
    assert weekday_holidays(code, year) == TABLES[code][year]


@pytest.mark.parametrize("year", range(2026, 2031))
def test_new_jersey_lincolns_birthday_only_where_the_body_closes(year: int) -> None:
    # 36:1-1(d): State government offices are open on February 12 (Thu 2026, Fri 2027, Sat 2028 -> observed Fri
    # Feb 11 under 36:1-1.2, Mon 2029, Tue 2030).
    lincoln = {2026: D(2026, 2, 12), 2027: D(2027, 2, 12), 2028: D(2028, 2, 11), 2029: D(2029, 2, 12)}
    lincoln[2030] = D(2030, 2, 12)
    observed = weekday_holidays("NJ", year, ("Lincoln's Birthday",))
    assert observed == sorted([*NEW_JERSEY[year], lincoln[year]])


@pytest.mark.parametrize("year", range(2026, 2031))
def test_oklahoma_christmas_neighbour_named_by_the_governor(year: int) -> None:
    before, after = OKLAHOMA_CHRISTMAS[year]
    assert weekday_holidays("OK", year, ("Day before Christmas",)) == sorted(
        [*OKLAHOMA[year], *([before] if before else [])]
    )
    assert weekday_holidays("OK", year, ("Day after Christmas",)) == sorted(
        [*OKLAHOMA[year], *([after] if after else [])]
    )


def test_utah_unread_holidays_are_optional() -> None:
    # Good Friday (2026 text, Subsection (6) not read): Fri 2027-03-26; Election Day (HB 104, 2026, not read as
    # enacted): Nov 1 2027 is the first Monday -> Tue 2027-11-02.
    assert weekday_holidays("UT", 2027, ("Good Friday", "Election Day")) == sorted(
        [*UTAH[2027], D(2027, 3, 26), D(2027, 11, 2)]
    )
    # Neither is assumed: 10 business days from Mon 2027-03-22: 23 (1), 24, 25, Fri 26 (4), 29, 30, 31,
    # Apr 1, 2 (9), Mon Apr 5 (10).
    assert business_calendar("UT").add_business_days(D(2027, 3, 22), 10)[0] == D(2027, 4, 5)


def test_python_holidays_differences_are_explained() -> None:
    """A cross-check, not a source: the weekdays python-holidays adds or lacks, and why (2026-2030)."""
    import holidays

    def diff(code: str) -> tuple[list[date], list[date]]:
        theirs: set[date] = set()
        ours: set[date] = set()
        for y in range(2026, 2031):
            theirs |= {d for d in holidays.US(subdiv=code, years=y) if d.weekday() < 5 and d.year == y}
            ours |= set(TABLES[code][y])
        return sorted(theirs - ours), sorted(ours - theirs)

    # NJ: Lincoln's Birthday is not a holiday for State government business (36:1-1(d)); Juneteenth Day is the
    # third Friday in June, not June 19; general election day is modeled every year (36:1-1 does not limit it to
    # even years), python-holidays has it in even years only.
    extra, missing = diff("NJ")
    assert extra == [
        D(2026, 2, 12),
        D(2027, 2, 12),
        D(2028, 2, 11),
        D(2028, 6, 19),
        D(2029, 2, 12),
        D(2029, 6, 19),
        D(2030, 2, 12),
        D(2030, 6, 19),
    ]
    assert missing == [D(2027, 11, 2), D(2028, 6, 16), D(2029, 6, 15), D(2029, 11, 6), D(2030, 6, 21)]
    # NM: no Juneteenth and no Saturday -> Friday shift in § 12-5-2; python-holidays moves Presidents' Day to
    # the day after Thanksgiving, § 12-5-2(C) says the third Monday in February.
    extra, missing = diff("NM")
    assert [d for d in extra if (d.month, d.day) in ((6, 19), (6, 18))] == [
        D(2026, 6, 19),
        D(2027, 6, 18),
        D(2028, 6, 19),
        D(2029, 6, 19),
        D(2030, 6, 19),
    ]
    assert [d for d in extra if d.month == 11 and d.weekday() == 4 and d.day > 20] == [
        D(2026, 11, 27),
        D(2027, 11, 26),
        D(2028, 11, 24),
        D(2029, 11, 23),
        D(2030, 11, 29),
    ]
    # the Saturday holidays python-holidays moves to Friday: Jul 4 2026, Dec 25 2027, Jan 1 2028, Nov 11 2028
    assert set(extra) - {D(y, 6, 19) for y in range(2026, 2031)} - {D(2027, 6, 18)} == {
        D(2026, 11, 27),
        D(2027, 11, 26),
        D(2028, 11, 24),
        D(2029, 11, 23),
        D(2030, 11, 29),
        D(2026, 7, 3),
        D(2027, 12, 24),
        D(2027, 12, 31),
        D(2028, 11, 10),
    }
    assert missing == [D(2026, 2, 16), D(2027, 2, 15), D(2028, 2, 21), D(2029, 2, 19), D(2030, 2, 18)]
    # OK: no Juneteenth in § 82.1(A); Thu 2027-12-23 ("the Thursday and Friday before Christmas if Christmas is on
    # a Saturday") is missing from python-holidays.
    extra, missing = diff("OK")
    assert extra == [D(2026, 6, 19), D(2027, 6, 18), D(2028, 6, 19), D(2029, 6, 19), D(2030, 6, 19)]
    assert missing == [D(2027, 12, 23)]
    # UT: Juneteenth is on a Monday under (2)(c)-(d) (2028: June 19 is itself a Monday).
    extra, missing = diff("UT")
    assert extra == [D(2026, 6, 19), D(2027, 6, 18), D(2029, 6, 19), D(2030, 6, 19)]
    assert missing == [D(2026, 6, 15), D(2027, 6, 21), D(2029, 6, 18), D(2030, 6, 17)]
    # WI: python-holidays lists the § 995.20 legal holidays (Washington's Birthday, Veterans Day, Juneteenth,
    # Susan B. Anthony Day), on which § 230.35(4)(a) does not close state offices, and Saturday -> Friday shifts
    # the statute does not make (Jul 4 2026, Nov 11 2028, "Christmas Eve (observed)" 2027 and 2028).
    extra, missing = diff("WI")
    assert missing == []
    assert {D(2026, 7, 3), D(2027, 12, 23), D(2028, 12, 22), D(2028, 11, 10)} <= set(extra)
    assert {(d.month, d.day) for d in extra} <= {
        (2, 15),
        (2, 16),
        (2, 18),
        (2, 19),
        (2, 21),
        (6, 18),
        (6, 19),
        (7, 3),
        (11, 10),
        (11, 11),
        (11, 12),
        (12, 22),
        (12, 23),
    }


def test_weekday_conditions_are_well_formed() -> None:
    """`only_on` and `shift` (fixed dates only) name weekdays by their two-letter codes."""
    from foilbot.domain.laws import load_data

    codes = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
    for name, spec in load_data()["holiday_calendars"].items():
        for h in spec["holidays"]:
            if "only_on" in h or "shift" in h:
                assert "day" in h, (name, h["name"])
                assert set(h.get("only_on", ())) <= codes and set(h.get("shift", {})) <= codes, (
                    name,
                    h["name"],
                )


# ---------------------------------------------------------------- roll-forward
@pytest.mark.parametrize(
    ("code", "start", "due", "citation"),
    [
        # 25 O.S. § 82.1(C): an act due on a holiday (each Saturday and Sunday is one, § 82.1(A)) may be done on the
        # next succeeding business day: Sat 2026-11-14 + 7 = Sat 11-21 -> Mon 11-23
        ("OK", D(2026, 11, 14), D(2026, 11, 23), "25 O.S. § 82.1(C)"),
        # Fri 06-26 + 7 = Fri 07-03, Independence Day observed (Jul 4 is a Saturday) -> Mon 07-06
        ("OK", D(2026, 6, 26), D(2026, 7, 6), "25 O.S. § 82.1(C)"),
        # NMSA 1978, § 12-2A-7(F): Sun 11-22 -> Mon 11-23
        ("NM", D(2026, 11, 15), D(2026, 11, 23), "NMSA 1978, § 12-2A-7(F)"),
        # Thu 11-19 + 7 = Thanksgiving Thu 11-26 -> Fri 11-27 (no day-after-Thanksgiving holiday in § 12-5-2)
        ("NM", D(2026, 11, 19), D(2026, 11, 27), "NMSA 1978, § 12-2A-7(F)"),
        # Utah Code § 68-3-7(2): Fri 07-03 is the legal holiday for Sat Jul 4 (§ 63G-1-301(2)(a)) -> Mon 07-06
        ("UT", D(2026, 6, 26), D(2026, 7, 6), "Utah Code § 68-3-7(2)"),
        # Act of June 20, 1883, § 1 (Pennsylvania): a last day on a Saturday is omitted: Sat 11-21 -> Mon 11-23
        ("PA", D(2026, 11, 14), D(2026, 11, 23), "Act of June 20, 1883, P.L. 136, No. 122, § 1"),
    ],
)
def test_roll_forward_rules(code: str, start: date, due: date, citation: str) -> None:
    from foilbot.domain.laws import get_law
    from foilbot.domain.periods import run_period

    law = get_law(code)
    assert law.rolls_forward_rule.citation == citation
    run = run_period(business_calendar(code), law, start, 7, "calendar")
    assert run.due == due
    assert citation in "\n".join(run.lines)


def test_new_jersey_seven_business_days_around_lincolns_birthday() -> None:
    """N.J.S.A. 47:1A-5(i), 7 business days from Mon 2026-02-09. Lincoln's Birthday (Thu 02-12) is not a holiday
    for State government business (36:1-1(d)); Washington's Birthday Mon 02-16 is one for every office."""
    from foilbot.domain.deadlines import Occurrence, compute_schedule

    received = [Occurrence("sent", D(2026, 2, 9), received=D(2026, 2, 9))]
    # Tue 10 (1), Wed 11 (2), Thu 12 (3), Fri 13 (4), Mon 16 skipped, Tue 17 (5), Wed 18 (6), Thu 19 (7)
    s = compute_schedule("NJ", received, mail_days=3)
    assert s.deadlines[0].due == D(2026, 2, 19)
    assert any("Not assumed" in line and "Lincoln's Birthday" in line for line in s.deadlines[0].explanation)
    # a county office that closes on Lincoln's Birthday: Thu 12 skipped too -> Fri 20 (7)
    s = compute_schedule("NJ", received, observes=("Lincoln's Birthday",), mail_days=3)
    assert s.deadlines[0].due == D(2026, 2, 20)
