"""State holiday calendars built from each state's holiday statute (KY, LA, MI, MN, NC, NH), against dates
worked out by hand.

Every table lists the weekday holidays (observed days included) of one year: the days a business-day count
skips. Each was worked out from the statute text quoted above it, with the weekday of each fixed date looked
up in a printed calendar (2026: Jan 1 Thu; 2027: Jan 1 Fri; 2028: Jan 1 Sat, leap year; 2029: Jan 1 Mon;
2030: Jan 1 Tue) and Easter Sunday from the tables (2026 Apr 5, 2027 Mar 28, 2028 Apr 16, 2029 Apr 1,
2030 Apr 21), never from the engine or python-holidays. The floating days used throughout:

    third Monday in January   2026-01-19  2027-01-18  2028-01-17  2029-01-15  2030-01-21
    third Monday in February  2026-02-16  2027-02-15  2028-02-21  2029-02-19  2030-02-18
    last Monday in May        2026-05-25  2027-05-31  2028-05-29  2029-05-28  2030-05-27
    first Monday in September 2026-09-07  2027-09-06  2028-09-04  2029-09-03  2030-09-02
    second Monday in October  2026-10-12  2027-10-11  2028-10-09  2029-10-08  2030-10-14
    Tuesday after the first Monday in November (election day, even years): 2026-11-03, 2028-11-07, 2030-11-05
    fourth Thursday in November 2026-11-26  2027-11-25  2028-11-23  2029-11-22  2030-11-28

Weekdays of the fixed dates (printed calendar):

    2026: Jan 1 Thu, Jan 8 Thu, Jan 19 Mon, Feb 12 Thu, Mar 25 Wed, Apr 12 Sun, May 10 Sun, May 20 Wed,
          Jun 19 Fri, Jul 4 Sat, Aug 30 Sun, Nov 1 Sun, Nov 11 Wed, Dec 25 Fri
    2027: Jan 1 Fri, Jan 8 Fri, Jan 19 Tue, Feb 12 Fri, Mar 25 Thu, Apr 12 Mon, May 10 Mon, May 20 Thu,
          Jun 19 Sat, Jul 4 Sun, Aug 30 Mon, Nov 1 Mon, Nov 11 Thu, Dec 25 Sat
    2028: Jan 1 Sat, Jan 8 Sat, Jan 19 Wed, Feb 12 Sat, Mar 25 Sat, Apr 12 Wed, May 10 Wed, May 20 Sat,
          Jun 19 Mon, Jul 4 Tue, Aug 30 Wed, Nov 1 Wed, Nov 11 Sat, Dec 25 Mon
    2029: Jan 1 Mon, Jan 8 Mon, Jan 19 Fri, Feb 12 Mon, Mar 25 Sun, Apr 12 Thu, May 10 Thu, May 20 Sun,
          Jun 19 Tue, Jul 4 Wed, Aug 30 Thu, Nov 1 Thu, Nov 11 Sun, Dec 25 Tue
    2030: Jan 1 Tue, Jan 8 Tue, Jan 19 Sat, Feb 12 Tue, Mar 25 Mon, Apr 12 Fri, May 10 Fri, May 20 Mon,
          Jun 19 Wed, Jul 4 Thu, Aug 30 Fri, Nov 1 Fri, Nov 11 Mon, Dec 25 Wed
"""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain.calendar import business_calendar
from foilbot.domain.deadlines import Occurrence, compute_schedule
from foilbot.domain.laws import get_law
from foilbot.domain.periods import run_period
from tests.domain.calendar_tables import days, weekday_holidays

D = date


# KRS 18A.190(1): state offices closed on Jan 1 (plus an extra day the Governor designates), the third Monday in
# January, Good Friday (one-half day), the last Monday in May, Jul 4, the first Monday in September, Nov 11,
# Presidential election day (KRS 2.190: the Tuesday after the first Monday in November in Presidential election
# years: 2028), the fourth Thursday in November (plus an extra day), Dec 25 (plus an extra day). (2): a Saturday
# holiday is observed the preceding Friday, a Sunday one the following Monday. The Governor's extra days and the
# half-day Good Friday are not counted here, nor the days only in KRS 2.110(1) (Jan 19, Jan 30, Feb 12, the third
# Monday in February, Jun 3, the second Monday in October), on which public offices "may be closed".
KENTUCKY = {
    2026: days(2026, "1-1", "1-19", "5-25", "7-3", "9-7", "11-11", "11-26", "12-25"),  # Jul 4 Sat -> Fri 7-3
    # Jul 4 Sun -> Mon 7-5; Dec 25 Sat -> Fri 12-24; Jan 1 2028 Sat -> Fri 2027-12-31
    2027: days(2027, "1-1", "1-18", "5-31", "7-5", "9-6", "11-11", "11-25", "12-24", "12-31"),
    # Jan 1 Sat (observed 2027-12-31); election day Tue 11-7; Nov 11 Sat -> Fri 11-10
    2028: days(2028, "1-17", "5-29", "7-4", "9-4", "11-7", "11-10", "11-23", "12-25"),
    2029: days(2029, "1-1", "1-15", "5-28", "7-4", "9-3", "11-12", "11-22", "12-25"),  # Nov 11 Sun -> Mon
    2030: days(2030, "1-1", "1-21", "5-27", "7-4", "9-2", "11-11", "11-28", "12-25"),
}

# La. R.S. 1:55(A)(1): Jan 1; Jan 8 (Battle of New Orleans); third Monday in January; third Monday in February;
# the day of Mardi Gras (Easter - 47: 2026-02-17, 2027-02-09, 2028-02-29, 2029-02-13, 2030-03-05); Good Friday
# (2026-04-03, 2027-03-26, 2028-04-14, 2029-03-30, 2030-04-19); last Monday in May; Jul 4; Aug 30 (Huey P. Long
# Day); first Monday in September; second Monday in October; Nov 1 (All Saints' Day); Nov 11; fourth Thursday in
# November; Dec 25. Only Jan 1, Jul 4 and Dec 25 move off a weekend (Sat -> Fri, Sun -> Mon; R.S. 1:55(B) as
# quoted by clerks of court); the others stay on the weekend.
LOUISIANA = {
    # Jul 4 Sat -> Fri 7-3; Aug 30 and Nov 1 on Sundays: not moved
    2026: days(
        2026,
        "1-1",
        "1-8",
        "1-19",
        "2-16",
        "2-17",
        "4-3",
        "5-25",
        "7-3",
        "9-7",
        "10-12",
        "11-11",
        "11-26",
        "12-25",
    ),
    # Jul 4 Sun -> Mon 7-5; Dec 25 Sat -> Fri 12-24; Jan 1 2028 Sat -> Fri 12-31
    2027: days(
        2027,
        "1-1",
        "1-8",
        "1-18",
        "2-9",
        "2-15",
        "3-26",
        "5-31",
        "7-5",
        "8-30",
        "9-6",
        "10-11",
        "11-1",
        "11-11",
        "11-25",
        "12-24",
        "12-31",
    ),
    # Jan 1 and Jan 8 Sat; Nov 11 Sat: not moved (only Jan 1, Jul 4, Dec 25 are)
    2028: days(
        2028, "1-17", "2-21", "2-29", "4-14", "5-29", "7-4", "8-30", "9-4", "10-9", "11-1", "11-23", "12-25"
    ),
    # Nov 11 Sun: not moved
    2029: days(
        2029,
        "1-1",
        "1-8",
        "1-15",
        "2-13",
        "2-19",
        "3-30",
        "5-28",
        "7-4",
        "8-30",
        "9-3",
        "10-8",
        "11-1",
        "11-22",
        "12-25",
    ),
    2030: days(
        2030,
        "1-1",
        "1-8",
        "1-21",
        "2-18",
        "3-5",
        "4-19",
        "5-27",
        "7-4",
        "8-30",
        "9-2",
        "10-14",
        "11-1",
        "11-11",
        "11-28",
        "12-25",
    ),
}

# MCL 435.101(1): Jan 1; third Monday of January; Feb 12 (Lincoln's Birthday); third Monday of February; last Monday
# of May; Jun 19; Jul 4; first Monday of September; second Monday of October; Nov 11; fourth Thursday of November;
# Dec 25. No weekend rule in the section as read: a holiday on a Saturday or Sunday is not moved.
MICHIGAN = {
    2026: days(
        2026, "1-1", "1-19", "2-12", "2-16", "5-25", "6-19", "9-7", "10-12", "11-11", "11-26", "12-25"
    ),  # Jul 4 Sat
    # Jun 19 Sat, Jul 4 Sun, Dec 25 Sat
    2027: days(2027, "1-1", "1-18", "2-12", "2-15", "5-31", "9-6", "10-11", "11-11", "11-25"),
    # Jan 1, Feb 12, Nov 11 Sat
    2028: days(2028, "1-17", "2-21", "5-29", "6-19", "7-4", "9-4", "10-9", "11-23", "12-25"),
    # Nov 11 Sun
    2029: days(2029, "1-1", "1-15", "2-12", "2-19", "5-28", "6-19", "7-4", "9-3", "10-8", "11-22", "12-25"),
    2030: days(
        2030, "1-1", "1-21", "2-12", "2-18", "5-27", "6-19", "7-4", "9-2", "10-14", "11-11", "11-28", "12-25"
    ),
}

# Minn. Stat. § 645.44, subd. 5: Jan 1; third Monday in January; third Monday in February; last Monday in May;
# Jun 19; Jul 4; first Monday in September; Indigenous Peoples Day (second Monday in October); Nov 11; fourth
# Thursday in November; Dec 25. When Jan 1, Jun 19, Jul 4, Nov 11 or Dec 25 falls on Sunday the following day is a
# holiday, on Saturday the preceding day. For the executive branch the Friday after Thanksgiving is a holiday and
# Indigenous Peoples Day is not; other branches and political subdivisions choose: both only where observed.
MINNESOTA = {
    2026: days(
        2026, "1-1", "1-19", "2-16", "5-25", "6-19", "7-3", "9-7", "11-11", "11-26", "12-25"
    ),  # Jul 4 Sat
    # Jun 19 Sat -> Fri 6-18; Jul 4 Sun -> Mon 7-5; Dec 25 Sat -> Fri 12-24; Jan 1 2028 Sat -> Fri 12-31
    2027: days(2027, "1-1", "1-18", "2-15", "5-31", "6-18", "7-5", "9-6", "11-11", "11-25", "12-24", "12-31"),
    2028: days(
        2028, "1-17", "2-21", "5-29", "6-19", "7-4", "9-4", "11-10", "11-23", "12-25"
    ),  # Nov 11 Sat -> Fri
    2029: days(
        2029, "1-1", "1-15", "2-19", "5-28", "6-19", "7-4", "9-3", "11-12", "11-22", "12-25"
    ),  # Nov 11 Sun
    2030: days(2030, "1-1", "1-21", "2-18", "5-27", "6-19", "7-4", "9-2", "11-11", "11-28", "12-25"),
}
# Friday after Thanksgiving and Indigenous Peoples Day (second Monday in October), where the body observes them.
MINNESOTA_OPTIONAL = {
    2026: days(2026, "10-12", "11-27"),
    2027: days(2027, "10-11", "11-26"),
    2028: days(2028, "10-9", "11-24"),
    2029: days(2029, "10-8", "11-23"),
    2030: days(2030, "10-14", "11-29"),
}

# N.C. Gen. Stat. § 103-4(a): Jan 1; third Monday in January; Jan 19 (Robert E. Lee's Birthday); third Monday in
# February; Mar 25 (Greek Independence Day); Apr 12 (Halifax Resolves); May 10 (Confederate Memorial Day); May 20
# (Mecklenburg Declaration); last Monday in May; Good Friday; Jul 4; first Monday in September; second Monday in
# October; Yom Kippur (not computed); Nov 11; the Tuesday after the first Monday in November in general election
# (even) years; fourth Thursday in November; Dec 25. (b): "Whenever any public holiday shall fall upon Sunday, the
# Monday following shall be a public holiday"; a Saturday holiday is not moved.
NORTH_CAROLINA = {
    # Jan 19 is also MLK Day; Apr 12 Sun -> Mon 4-13; May 10 Sun -> Mon 5-11; Jul 4 Sat: not moved
    2026: days(
        2026,
        "1-1",
        "1-19",
        "2-16",
        "3-25",
        "4-3",
        "4-13",
        "5-11",
        "5-20",
        "5-25",
        "9-7",
        "10-12",
        "11-3",
        "11-11",
        "11-26",
        "12-25",
    ),
    # Jul 4 Sun -> Mon 7-5; Dec 25 Sat: not moved
    2027: days(
        2027,
        "1-1",
        "1-18",
        "1-19",
        "2-15",
        "3-25",
        "3-26",
        "4-12",
        "5-10",
        "5-20",
        "5-31",
        "7-5",
        "9-6",
        "10-11",
        "11-11",
        "11-25",
    ),
    # Jan 1, Mar 25, May 20, Nov 11 Sat: not moved
    2028: days(
        2028,
        "1-17",
        "1-19",
        "2-21",
        "4-12",
        "4-14",
        "5-10",
        "5-29",
        "7-4",
        "9-4",
        "10-9",
        "11-7",
        "11-23",
        "12-25",
    ),
    # Mar 25 Sun -> Mon 3-26; May 20 Sun -> Mon 5-21; Nov 11 Sun -> Mon 11-12
    2029: days(
        2029,
        "1-1",
        "1-15",
        "1-19",
        "2-19",
        "3-26",
        "3-30",
        "4-12",
        "5-10",
        "5-21",
        "5-28",
        "7-4",
        "9-3",
        "10-8",
        "11-12",
        "11-22",
        "12-25",
    ),
    # Jan 19 Sat: not moved
    2030: days(
        2030,
        "1-1",
        "1-21",
        "2-18",
        "3-25",
        "4-12",
        "4-19",
        "5-10",
        "5-20",
        "5-27",
        "7-4",
        "9-2",
        "10-14",
        "11-5",
        "11-11",
        "11-28",
        "12-25",
    ),
}

# RSA 288:1: Jan 1; third Monday in January (Civil Rights Day); third Monday in February; last Monday in May; Jul
# 4; first Monday in September; second Monday in October; the biennial election day (even years); Nov 11;
# Thanksgiving Day (the fourth Thursday); Christmas Day. A Saturday holiday is observed Friday, a Sunday one Monday
# (state employees, Per 1302.01). The day after Thanksgiving (state schedule, not RSA 288:1) only where observed.
NEW_HAMPSHIRE = {
    2026: days(2026, "1-1", "1-19", "2-16", "5-25", "7-3", "9-7", "10-12", "11-3", "11-11", "11-26", "12-25"),
    # Jul 4 Sun -> Mon 7-5; Dec 25 Sat -> Fri 12-24; Jan 1 2028 Sat -> Fri 12-31
    2027: days(
        2027, "1-1", "1-18", "2-15", "5-31", "7-5", "9-6", "10-11", "11-11", "11-25", "12-24", "12-31"
    ),
    # election Tue 11-7; Nov 11 Sat -> Fri 11-10
    2028: days(2028, "1-17", "2-21", "5-29", "7-4", "9-4", "10-9", "11-7", "11-10", "11-23", "12-25"),
    2029: days(
        2029, "1-1", "1-15", "2-19", "5-28", "7-4", "9-3", "10-8", "11-12", "11-22", "12-25"
    ),  # Nov 11 Sun
    2030: days(2030, "1-1", "1-21", "2-18", "5-27", "7-4", "9-2", "10-14", "11-5", "11-11", "11-28", "12-25"),
}

# KRS 2.110(1)-only days on weekdays (Jan 19, Jan 30, Feb 12, third Monday in February, Jun 3, second Monday in
# October), from the printed calendar: 2026 Jan 30 Fri, Jun 3 Wed; 2027 Jan 30 Sat, Jun 3 Thu; 2028 Jan 30 Sun,
# Jun 3 Sat; 2029 Jan 30 Tue, Jun 3 Sun; 2030 Jan 30 Wed, Jun 3 Mon.
KRS_2_110 = {
    2026: days(2026, "1-19", "1-30", "2-12", "2-16", "6-3", "10-12"),
    2027: days(2027, "1-19", "2-12", "2-15", "6-3", "10-11"),
    2028: days(2028, "1-19", "2-21", "10-9"),
    2029: days(2029, "1-19", "1-30", "2-12", "2-19", "10-8"),
    2030: days(2030, "1-30", "2-12", "2-18", "6-3", "10-14"),
}

TABLES = {
    "KY": KENTUCKY,
    "LA": LOUISIANA,
    "MI": MICHIGAN,
    "MN": MINNESOTA,
    "NC": NORTH_CAROLINA,
    "NH": NEW_HAMPSHIRE,
}
GOOD_FRIDAY = {2026: D(2026, 4, 3), 2027: D(2027, 3, 26), 2028: D(2028, 4, 14), 2029: D(2029, 3, 30)}
GOOD_FRIDAY[2030] = D(2030, 4, 19)
THANKSGIVING_FRIDAY = {
    y: D(y, 11, d) for y, d in ((2026, 27), (2027, 26), (2028, 24), (2029, 23), (2030, 29))
}


@pytest.mark.parametrize(("code", "year"), [(c, y) for c in TABLES for y in range(2026, 2031)])
def test_weekday_holidays_2026_2030(code: str, year: int) -> None:
    assert weekday_holidays(code, year) == TABLES[code][year]


@pytest.mark.parametrize("code", sorted(TABLES))
def test_the_calendar_comes_from_the_statute(code: str) -> None:
    law = get_law(code)
    assert law.holidays.calendar != "python-holidays" and law.holidays.verified in ("yes", "partial")


@pytest.mark.parametrize("year", range(2026, 2031))
def test_minnesota_optional_days_only_where_observed(year: int) -> None:
    observes = ("Friday after Thanksgiving", "Indigenous Peoples Day")
    assert weekday_holidays("MN", year, observes) == sorted([*MINNESOTA[year], *MINNESOTA_OPTIONAL[year]])
    executive = weekday_holidays("MN", year, ("Friday after Thanksgiving",))
    assert executive == sorted([*MINNESOTA[year], THANKSGIVING_FRIDAY[year]])


@pytest.mark.parametrize("year", range(2026, 2031))
def test_optional_days_of_kentucky_new_hampshire_louisiana(year: int) -> None:
    # KRS 18A.190(1)(c): Good Friday is a half day: a business day unless the body closes for it.
    assert weekday_holidays("KY", year, ("Good Friday (half day)",)) == sorted(
        [*KENTUCKY[year], GOOD_FRIDAY[year]]
    )
    # KRS 2.110(1), where the body closes: Jan 19 (2026: also MLK Day), Jan 30, Feb 12, third Monday in February,
    # Jun 3, second Monday in October; on a weekend they are not moved.
    optional = (
        "Robert E. Lee Day",
        "Franklin D. Roosevelt Day",
        "Lincoln's Birthday",
        "Washington's Birthday",
    )
    optional += ("Confederate Memorial Day and Jefferson Davis Day", "Columbus Day")
    assert weekday_holidays("KY", year, optional) == sorted({*KENTUCKY[year], *KRS_2_110[year]})
    # NH: the day after Thanksgiving is on the state employees' schedule, not in RSA 288:1.
    got = weekday_holidays("NH", year, ("Day after Thanksgiving",))
    assert got == sorted([*NEW_HAMPSHIRE[year], THANKSGIVING_FRIDAY[year]])
    # LA: General Election Day (even years: 11-3, 11-7, 11-5) from R.S. 1:55(B)(1)(a), not a (A)(1) legal holiday.
    election = {2026: [D(2026, 11, 3)], 2028: [D(2028, 11, 7)], 2030: [D(2030, 11, 5)]}.get(year, [])
    assert weekday_holidays("LA", year, ("General Election Day",)) == sorted([*LOUISIANA[year], *election])


# ---------------------------------------------------------------- business-day counts that moved
def test_michigan_lincolns_birthday_and_washingtons_birthday_in_one_week() -> None:
    """MCL 15.235(2): 5 business days after receipt; MCL 435.101(1)(c), (d)."""
    s = compute_schedule("MI", [Occurrence("sent", D(2027, 2, 8), received=D(2027, 2, 8))], mail_days=3)
    # Mon 02-08: Tue 9 (1), Wed 10 (2), Thu 11 (3), Fri 12 Lincoln's Birthday, Mon 15 Washington's Birthday,
    # Tue 16 (4), Wed 17 (5)
    assert s.deadlines[0].due == D(2027, 2, 17)
    assert any("Lincoln's Birthday, MCL 435.101(1)" in line for line in s.deadlines[0].explanation)


def test_louisiana_mardi_gras_is_not_a_business_day() -> None:
    """R.S. 44:33(B)(1): three days exclusive of Saturdays, Sundays and legal public holidays (R.S. 1:55(A)(1))."""
    s = compute_schedule("LA", [Occurrence("sent", D(2027, 2, 8), received=D(2027, 2, 8))], mail_days=3)
    # Mon 02-08: Tue 9 Mardi Gras, Wed 10 (1), Thu 11 (2), Fri 12 (3)
    assert s.deadlines[0].due == D(2027, 2, 12)


def test_kentucky_presidential_election_day_and_veterans_day_observed() -> None:
    """KRS 61.880(1): 5 days excepting Saturdays, Sundays and legal holidays; KRS 2.190; KRS 18A.190(2)."""
    s = compute_schedule("KY", [Occurrence("sent", D(2028, 11, 6), received=D(2028, 11, 6))], mail_days=3)
    # Mon 11-06: Tue 7 election day, Wed 8 (1), Thu 9 (2), Fri 10 Veterans Day (Sat 11-11 observed), Mon 13 (3),
    # Tue 14 (4), Wed 15 (5)
    assert s.deadlines[0].due == D(2028, 11, 15)


# ---------------------------------------------------------------- roll-forward
@pytest.mark.parametrize(
    ("code", "start", "due"),
    [
        # MCL 8.6: Fri 2027-02-05 + 7 = Fri 02-12 Lincoln's Birthday; Mon 02-15 Washington's Birthday -> Tue 02-16
        ("MI", D(2027, 2, 5), D(2027, 2, 16)),
        # a Saturday last day (Sat 2026-11-21) -> Mon 11-23
        ("MI", D(2026, 11, 14), D(2026, 11, 23)),
        # Minn. Stat. § 645.15: Fri 2026-06-26 + 7 = Fri 07-03 (Independence Day observed) -> Mon 07-06
        ("MN", D(2026, 6, 26), D(2026, 7, 6)),
        ("MN", D(2026, 11, 15), D(2026, 11, 23)),  # Sun 11-22 -> Mon 11-23
        # N.C. Gen. Stat. § 103-5(a): Wed 2026-03-18 + 7 = Wed 03-25 Greek Independence Day -> Thu 03-26
        ("NC", D(2026, 3, 18), D(2026, 3, 26)),
        # KRS 446.030(1)(a): Tue 2028-10-31 + 7 = Tue 11-07 Presidential election day -> Wed 11-08
        ("KY", D(2028, 10, 31), D(2028, 11, 8)),
        # Louisiana and New Hampshire: no general rule read: Sun 2026-11-22 is kept (the trace says so)
        ("LA", D(2026, 11, 15), D(2026, 11, 22)),
        ("NH", D(2026, 11, 15), D(2026, 11, 22)),
    ],
)
def test_roll_forward_rules(code: str, start: date, due: date) -> None:
    law = get_law(code)
    run = run_period(business_calendar(code), law, start, 7, "calendar")
    assert run.due == due
    text = "\n".join(run.lines)
    if law.rolls_forward_rule.citation:
        assert law.rolls_forward_rule.citation in text
    else:
        assert "does not say whether" in text


# ---------------------------------------------------------------- python-holidays, a cross-check only
# Weekday days python-holidays (US, subdiv) skips in 2026-2030 that the statute calendars do not, by name (without
# "(observed)"), and why; and the days only the statute calendars skip.
THEIRS_ONLY = {
    "KY": {
        "Washington's Birthday": "KRS 2.110(1): public offices may close: optional",
        "Good Friday": "a half day (KRS 18A.190(1)(c)): optional",
        "Juneteenth National Independence Day": "KRS 2.147 makes June 19 a day of observance, not a closure day",
        "New Year's Eve": "at most the Governor's extra day (KRS 18A.190(2)): a closure day",
    },
    "LA": {
        "Juneteenth National Independence Day": "Act 128 of 2021: the third Saturday in June; weekday by proclamation",
        "Election Day": "R.S. 1:55(B)(1)(a), not an (A)(1) legal holiday: optional",
        "Veterans Day": "only Jan 1, Jul 4 and Dec 25 move off a weekend (R.S. 1:55(B) as quoted)",
    },
    "MI": {
        "Independence Day": "no weekend observance in MCL 435.101",
        "Juneteenth National Independence Day": "ditto (Sat 2027-06-19 not moved)",
        "Veterans Day": "ditto",
        "Christmas Day": "ditto",
        "New Year's Day": "ditto",
        "Election Day": "not in MCL 435.101(1)",
        "Day After Thanksgiving": "not in MCL 435.101(1)",
        "Christmas Eve": "not in MCL 435.101(1)",
        "New Year's Eve": "not in MCL 435.101(1)",
    },
    "MN": {},
    "NC": {
        "Juneteenth National Independence Day": "not in N.C. Gen. Stat. § 103-4",
        "Independence Day": "§ 103-4(b) moves only a Sunday holiday",
        "Veterans Day": "ditto",
        "New Year's Day": "ditto",
        "Christmas Day": "ditto",
        "Day After Thanksgiving": "State Human Resources schedule (G.S. 126-4), not § 103-4: a closure day",
        "Christmas Eve": "ditto",
        "Day After Christmas": "ditto",
    },
    "NH": {
        "Juneteenth National Independence Day": "RSA 4:13-aa day of observance (press), not in RSA 288:1",
        "Day After Thanksgiving": "state employees' schedule, not RSA 288:1: optional",
    },
}
OURS_ONLY = {
    "KY": days(2028, "11-7"),  # Presidential election day, KRS 2.190
    # Battle of New Orleans, Huey P. Long Day, Columbus Day, All Saints' Day (R.S. 1:55(A)(1))
    "LA": [
        *days(2026, "1-8", "10-12"),
        *days(2027, "1-8", "8-30", "10-11", "11-1"),
        *days(2028, "8-30", "10-9", "11-1"),
        *days(2029, "1-8", "8-30", "10-8", "11-1"),
        *days(2030, "1-8", "8-30", "10-14", "11-1"),
    ],
    # Lincoln's Birthday (435.101(1)(c)) and Columbus Day ((1)(i))
    "MI": [
        *days(2026, "2-12", "10-12"),
        *days(2027, "2-12", "10-11"),
        *days(2028, "10-9"),
        *days(2029, "2-12", "10-8"),
        *days(2030, "2-12", "10-14"),
    ],
    "MN": [],
    # § 103-4's own days (Robert E. Lee, Greek Independence, Halifax, Confederate Memorial, Mecklenburg, Columbus
    # Day, election day) and their Sunday -> Monday days
    "NC": [
        *days(2026, "3-25", "4-13", "5-11", "5-20", "10-12", "11-3"),
        *days(2027, "1-19", "3-25", "4-12", "5-10", "5-20", "10-11"),
        *days(2028, "1-19", "4-12", "5-10", "10-9", "11-7"),
        *days(2029, "1-19", "3-26", "4-12", "5-10", "5-21", "10-8"),
        *days(2030, "3-25", "4-12", "5-10", "5-20", "10-14", "11-5"),
    ],
    # Columbus Day (RSA 288:1)
    "NH": [*days(2026, "10-12"), *days(2027, "10-11"), *days(2028, "10-9"), *days(2029, "10-8")]
    + days(2030, "10-14"),
}


@pytest.mark.parametrize("code", sorted(TABLES))
def test_python_holidays_differences_are_explained(code: str) -> None:
    import holidays

    theirs: dict[date, str] = {}
    for year in range(2026, 2031):
        theirs.update((d, n) for d, n in holidays.US(subdiv=code, years=year).items() if d.weekday() < 5)
    ours = {d for year in range(2026, 2031) for d in TABLES[code][year]}
    names = {
        part.replace(" (observed)", "").strip()
        for d in theirs
        if d not in ours and 2026 <= d.year <= 2030
        for part in theirs[d].split(";")
    }
    assert names == set(THEIRS_ONLY[code])
    assert sorted(d for d in ours if d not in theirs) == OURS_ONLY[code]
