"""State holiday calendars built from each state's holiday statute, against dates worked out by hand.

Every table lists the weekday holidays (observed days included) of one year: the days a business-day count
skips. Each was worked out from the statute text cited above it, with the weekday of each fixed date looked
up in a printed calendar (2026: Jan 1 Thu; 2027: Jan 1 Fri; 2028: Jan 1 Sat, leap year; 2029: Jan 1 Mon;
2030: Jan 1 Tue) and Easter Sunday from the tables (2026 Apr 5, 2027 Mar 28, 2028 Apr 16, 2029 Apr 1,
2030 Apr 21), never from the engine or python-holidays.
"""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain.calendar import business_calendar, easter
from foilbot.domain.deadlines import Occurrence, compute_schedule
from foilbot.domain.laws import get_law
from foilbot.domain.periods import run_period
from foilbot.errors import UsageError
from tests.domain.calendar_tables import days, weekday_holidays

D = date


# RSMo § 9.010: Jan 1, third Monday of January, Feb 12 (Lincoln Day), third Monday in February, May 8 (Truman
# Day), last Monday in May, July 4, first Monday in September, second Monday in October, Nov 11, fourth
# Thursday in November, Dec 25; Juneteenth (2022 amendment); "when any of such holidays falls upon Sunday, the
# Monday next following shall be considered the holiday" (no Saturday -> Friday).
MISSOURI = {
    # Jul 4 is a Saturday: not moved.
    2026: days(
        2026, "1-1", "1-19", "2-12", "2-16", "5-8", "5-25", "6-19", "9-7", "10-12", "11-11", "11-26", "12-25"
    ),
    # May 8, Jun 19, Dec 25 on Saturdays: not moved; Jul 4 Sunday -> Mon Jul 5.
    2027: days(2027, "1-1", "1-18", "2-12", "2-15", "5-31", "7-5", "9-6", "10-11", "11-11", "11-25"),
    # Jan 1, Feb 12, Nov 11 on Saturdays: not moved.
    2028: days(2028, "1-17", "2-21", "5-8", "5-29", "6-19", "7-4", "9-4", "10-9", "11-23", "12-25"),
    # Nov 11 Sunday -> Mon Nov 12.
    2029: days(
        2029,
        "1-1",
        "1-15",
        "2-12",
        "2-19",
        "5-8",
        "5-28",
        "6-19",
        "7-4",
        "9-3",
        "10-8",
        "11-12",
        "11-22",
        "12-25",
    ),
    2030: days(
        2030,
        "1-1",
        "1-21",
        "2-12",
        "2-18",
        "5-8",
        "5-27",
        "6-19",
        "7-4",
        "9-2",
        "10-14",
        "11-11",
        "11-28",
        "12-25",
    ),
}

# Tex. Gov't Code § 552.0031(a): not a business day: Saturday, Sunday, a national holiday (§ 662.003(a): Jan 1,
# third Monday in January, third Monday in February, last Monday in May, Jul 4, first Monday in September,
# Nov 11, fourth Thursday in November, Dec 25) or a state holiday (§ 662.003(b): Jan 19, Mar 2, Apr 21, Jun 19,
# Aug 27, the Friday after Thanksgiving, Dec 24, Dec 26). No weekend shift unless the body observes one
# (§ 552.0031(e)); optional holidays (Good Friday) only if observed (§ 552.0031(c)).
TEXAS = {
    # Jan 19 is also MLK Day; Jul 4 and Dec 26 on Saturdays: no Friday.
    2026: days(
        2026,
        "1-1",
        "1-19",
        "2-16",
        "3-2",
        "4-21",
        "5-25",
        "6-19",
        "8-27",
        "9-7",
        "11-11",
        "11-26",
        "11-27",
        "12-24",
        "12-25",
    ),
    # Jun 19 Sat, Jul 4 Sun, Dec 25 Sat, Dec 26 Sun: no Friday/Monday; Thu Dec 23 is a business day.
    2027: days(
        2027,
        "1-1",
        "1-18",
        "1-19",
        "2-15",
        "3-2",
        "4-21",
        "5-31",
        "8-27",
        "9-6",
        "11-11",
        "11-25",
        "11-26",
        "12-24",
    ),
    # Jan 1 Sat, Aug 27 Sun, Nov 11 Sat, Dec 24 Sun.
    2028: days(
        2028,
        "1-17",
        "1-19",
        "2-21",
        "3-2",
        "4-21",
        "5-29",
        "6-19",
        "7-4",
        "9-4",
        "11-23",
        "11-24",
        "12-25",
        "12-26",
    ),
    # Apr 21 Sat, Nov 11 Sun.
    2029: days(
        2029,
        "1-1",
        "1-15",
        "1-19",
        "2-19",
        "3-2",
        "5-28",
        "6-19",
        "7-4",
        "8-27",
        "9-3",
        "11-22",
        "11-23",
        "12-24",
        "12-25",
        "12-26",
    ),
    # Jan 19 Sat, Mar 2 Sat, Apr 21 Sun.
    2030: days(
        2030,
        "1-1",
        "1-21",
        "2-18",
        "5-27",
        "6-19",
        "7-4",
        "8-27",
        "9-2",
        "11-11",
        "11-28",
        "11-29",
        "12-24",
        "12-25",
        "12-26",
    ),
}
# § 552.0031(e), where the body observes a weekend holiday on the Friday before / Monday after it.
TEXAS_WEEKEND_OBSERVED = {
    2026: days(2026, "7-3"),  # Jul 4 Sat -> Fri; Dec 26 Sat -> Fri Dec 25, already a holiday
    2027: days(2027, "6-18", "7-5", "12-27", "12-31"),  # Jun 19 Sat, Jul 4 Sun, Dec 26 Sun, Jan 1 2028 Sat
    2028: days(2028, "8-28", "11-10"),  # Aug 27 Sun, Nov 11 Sat (Dec 24 Sun -> Dec 25, already one)
    2029: days(2029, "4-20", "11-12"),  # Apr 21 Sat, Nov 11 Sun
    2030: days(2030, "1-18", "3-1", "4-22"),  # Jan 19 Sat, Mar 2 Sat, Apr 21 Sun
}
GOOD_FRIDAY = {
    2026: D(2026, 4, 3),
    2027: D(2027, 3, 26),
    2028: D(2028, 4, 14),
    2029: D(2029, 3, 30),
    2030: D(2030, 4, 19),
}

# Md. Code, Gen. Prov. § 1-111(a): Jan 1; MLK Day (the day Congress designates: third Monday in January); Feb 12;
# third Monday in February; Mar 25 (Maryland Day); Good Friday; Memorial Day (Congress: last Monday in May);
# Jun 19; Jul 4; first Monday in September; Sep 12 (Defenders' Day); Columbus Day (Congress: second Monday in
# October); Nov 11; fourth Thursday in November and the Friday after (American Indian Heritage Day); Dec 25;
# each statewide general election day (even years). § 1-111(b): a Sunday holiday is observed the next Monday;
# a Saturday one is not moved.
MARYLAND = {
    # Jul 4, Sep 12 on Saturdays; general election Tue Nov 3.
    2026: days(
        2026,
        "1-1",
        "1-19",
        "2-12",
        "2-16",
        "3-25",
        "4-3",
        "5-25",
        "6-19",
        "9-7",
        "10-12",
        "11-3",
        "11-11",
        "11-26",
        "11-27",
        "12-25",
    ),
    # Jun 19 Sat, Dec 25 Sat: not moved; Jul 4 Sun -> Jul 5, Sep 12 Sun -> Sep 13; no election (odd year).
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-12",
        "2-15",
        "3-25",
        "3-26",
        "5-31",
        "7-5",
        "9-6",
        "9-13",
        "10-11",
        "11-11",
        "11-25",
        "11-26",
    ),
    # Jan 1, Feb 12, Mar 25, Nov 11 on Saturdays; election Tue Nov 7.
    2028: days(
        2028,
        "1-17",
        "2-21",
        "4-14",
        "5-29",
        "6-19",
        "7-4",
        "9-4",
        "9-12",
        "10-9",
        "11-7",
        "11-23",
        "11-24",
        "12-25",
    ),
    # Mar 25 Sun -> Mon Mar 26; Nov 11 Sun -> Mon Nov 12.
    2029: days(
        2029,
        "1-1",
        "1-15",
        "2-12",
        "2-19",
        "3-26",
        "3-30",
        "5-28",
        "6-19",
        "7-4",
        "9-3",
        "9-12",
        "10-8",
        "11-12",
        "11-22",
        "11-23",
        "12-25",
    ),
    # Election Tue Nov 5.
    2030: days(
        2030,
        "1-1",
        "1-21",
        "2-12",
        "2-18",
        "3-25",
        "4-19",
        "5-27",
        "6-19",
        "7-4",
        "9-2",
        "9-12",
        "10-14",
        "11-5",
        "11-11",
        "11-28",
        "11-29",
        "12-25",
    ),
}

# ORS 187.010(1): Jan 1, third Monday in January, third Monday in February, last Monday in May, Jun 19, Jul 4,
# first Monday in September, Nov 11, fourth Thursday in November, Dec 25. (2): a Sunday holiday -> the
# succeeding Monday; a Saturday holiday -> the preceding Friday.
OREGON = {
    2026: days(
        2026, "1-1", "1-19", "2-16", "5-25", "6-19", "7-3", "9-7", "11-11", "11-26", "12-25"
    ),  # Jul 4 Sat
    # Jun 19 Sat -> Jun 18; Jul 4 Sun -> Jul 5; Dec 25 Sat -> Dec 24; Jan 1 2028 Sat -> Fri Dec 31 2027.
    2027: days(2027, "1-1", "1-18", "2-15", "5-31", "6-18", "7-5", "9-6", "11-11", "11-25", "12-24", "12-31"),
    2028: days(2028, "1-17", "2-21", "5-29", "6-19", "7-4", "9-4", "11-10", "11-23", "12-25"),  # Nov 11 Sat
    2029: days(
        2029, "1-1", "1-15", "2-19", "5-28", "6-19", "7-4", "9-3", "11-12", "11-22", "12-25"
    ),  # Nov 11 Sun
    2030: days(2030, "1-1", "1-21", "2-18", "5-27", "6-19", "7-4", "9-2", "11-11", "11-28", "12-25"),
}

# RCW 1.16.050(1): the Oregon list above plus the Friday after the fourth Thursday in November (Native American
# Heritage Day); observed Saturday -> Friday, Sunday -> Monday (courts' manual citing RCW 1.16.050 and GR 2).
WASHINGTON = {
    2026: sorted([*OREGON[2026], D(2026, 11, 27)]),
    2027: sorted([*OREGON[2027], D(2027, 11, 26)]),
    2028: sorted([*OREGON[2028], D(2028, 11, 24)]),
    2029: sorted([*OREGON[2029], D(2029, 11, 23)]),
    2030: sorted([*OREGON[2030], D(2030, 11, 29)]),
}

# Fla. Stat. § 683.01(1): Jan 1, Jan 15, Jan 19, Feb 12, Feb 15, third Monday in February, fourth Thursday in
# March, Good Friday, Apr 2, Apr 26, last Monday in May, Jun 3, Jun 14, Jul 4, first Monday in September, second
# Monday in October, Nov 11, General Election Day (even years), fourth Thursday in November, Dec 25. (2): a
# holiday on a Sunday -> "the Monday next following" (no Saturday shift).
FLORIDA = {
    # Feb 15 Sun -> Mon Feb 16 (also Washington's Birthday); Apr 26 Sun -> Apr 27; Jun 14 Sun -> Jun 15.
    2026: days(
        2026,
        "1-1",
        "1-15",
        "1-19",
        "2-12",
        "2-16",
        "3-26",
        "4-2",
        "4-3",
        "4-27",
        "5-25",
        "6-3",
        "6-15",
        "9-7",
        "10-12",
        "11-3",
        "11-11",
        "11-26",
        "12-25",
    ),
    # Feb 15 is Washington's Birthday too; Jul 4 Sun -> Jul 5; Dec 25 Sat not moved.
    2027: days(
        2027,
        "1-1",
        "1-15",
        "1-19",
        "2-12",
        "2-15",
        "3-25",
        "3-26",
        "4-2",
        "4-26",
        "5-31",
        "6-3",
        "6-14",
        "7-5",
        "9-6",
        "10-11",
        "11-11",
        "11-25",
    ),
    # Jan 1, Jan 15, Feb 12, Jun 3, Nov 11 on Saturdays; Apr 2 Sun -> Apr 3; election Nov 7.
    2028: days(
        2028,
        "1-19",
        "2-15",
        "2-21",
        "3-23",
        "4-3",
        "4-14",
        "4-26",
        "5-29",
        "6-14",
        "7-4",
        "9-4",
        "10-9",
        "11-7",
        "11-23",
        "12-25",
    ),
    # Jun 3 Sun -> Jun 4; Nov 11 Sun -> Nov 12.
    2029: days(
        2029,
        "1-1",
        "1-15",
        "1-19",
        "2-12",
        "2-15",
        "2-19",
        "3-22",
        "3-30",
        "4-2",
        "4-26",
        "5-28",
        "6-4",
        "6-14",
        "7-4",
        "9-3",
        "10-8",
        "11-12",
        "11-22",
        "12-25",
    ),
    # Jan 19 Sat; election Nov 5.
    2030: days(
        2030,
        "1-1",
        "1-15",
        "2-12",
        "2-15",
        "2-18",
        "3-28",
        "4-2",
        "4-19",
        "4-26",
        "5-27",
        "6-3",
        "6-14",
        "7-4",
        "9-2",
        "10-14",
        "11-5",
        "11-11",
        "11-28",
        "12-25",
    ),
}

# Conn. Gen. Stat. § 1-4: Jan 1, the first Monday on or after Jan 15, Feb 12 (Lincoln Day), third Monday in
# February, last Monday in May, Jun 19, Jul 4, first Monday in September, second Monday in October, Nov 11, a
# day of thanksgiving (fourth Thursday in November), Dec 25; a day not set on a Monday moves Sunday -> Monday,
# Saturday -> Friday.
CONNECTICUT = {
    2026: days(
        2026, "1-1", "1-19", "2-12", "2-16", "5-25", "6-19", "7-3", "9-7", "10-12", "11-11", "11-26", "12-25"
    ),
    # Jun 19 Sat -> Jun 18; Jul 4 Sun -> Jul 5; Dec 25 Sat -> Dec 24; Jan 1 2028 Sat -> Fri Dec 31 2027
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-12",
        "2-15",
        "5-31",
        "6-18",
        "7-5",
        "9-6",
        "10-11",
        "11-11",
        "11-25",
        "12-24",
        "12-31",
    ),
    # Feb 12 Sat -> Feb 11; Nov 11 Sat -> Nov 10
    2028: days(2028, "1-17", "2-11", "2-21", "5-29", "6-19", "7-4", "9-4", "10-9", "11-10", "11-23", "12-25"),
    2029: days(
        2029, "1-1", "1-15", "2-12", "2-19", "5-28", "6-19", "7-4", "9-3", "10-8", "11-12", "11-22", "12-25"
    ),
    2030: days(
        2030, "1-1", "1-21", "2-12", "2-18", "5-27", "6-19", "7-4", "9-2", "10-14", "11-11", "11-28", "12-25"
    ),
}

# Mass. Gen. Laws ch. 4, § 7, cl. 18: Jan 1, Jun 19, Jul 4, Nov 11, Christmas "or the day following when any of
# said days occurs on Sunday"; third Monday in January, February and April (Patriots' Day), last Monday in May,
# first Monday in September, second Monday in October, Thanksgiving Day. No Saturday shift.
MASSACHUSETTS = {
    2026: days(
        2026, "1-1", "1-19", "2-16", "4-20", "5-25", "6-19", "9-7", "10-12", "11-11", "11-26", "12-25"
    ),
    # Jun 19 and Dec 25 on Saturdays: not moved; Jul 4 Sun -> Jul 5
    2027: days(2027, "1-1", "1-18", "2-15", "4-19", "5-31", "7-5", "9-6", "10-11", "11-11", "11-25"),
    2028: days(2028, "1-17", "2-21", "4-17", "5-29", "6-19", "7-4", "9-4", "10-9", "11-23", "12-25"),
    2029: days(
        2029, "1-1", "1-15", "2-19", "4-16", "5-28", "6-19", "7-4", "9-3", "10-8", "11-12", "11-22", "12-25"
    ),
    2030: days(
        2030, "1-1", "1-21", "2-18", "4-15", "5-27", "6-19", "7-4", "9-2", "10-14", "11-11", "11-28", "12-25"
    ),
}
# ch. 136, § 12: a Suffolk County office also closes on Mar 17 and Jun 17, or the day following when either is a
# Sunday (2029: Mar 17 Sat, not moved; Jun 17 Sun -> Mon Jun 18; 2030: Mar 17 Sun -> Mon Mar 18).
SUFFOLK = {
    2026: days(2026, "3-17", "6-17"),
    2027: days(2027, "3-17", "6-17"),
    2028: days(2028, "3-17"),  # Jun 17 is a Saturday
    2029: days(2029, "6-18"),
    2030: days(2030, "3-18", "6-17"),
}

# Va. Code § 2.2-3300: Jan 1, third Monday in January, third Monday in February, last Monday in May, Jun 19,
# Jul 4, first Monday in September, second Monday in October, Election Day (Tuesday after the first Monday in
# November), Nov 11, fourth Thursday in November and the Friday after, Dec 25; Saturday -> Friday,
# Sunday -> Monday.
VIRGINIA = {
    2026: days(
        2026,
        "1-1",
        "1-19",
        "2-16",
        "5-25",
        "6-19",
        "7-3",
        "9-7",
        "10-12",
        "11-3",
        "11-11",
        "11-26",
        "11-27",
        "12-25",
    ),
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-15",
        "5-31",
        "6-18",
        "7-5",
        "9-6",
        "10-11",
        "11-2",
        "11-11",
        "11-25",
        "11-26",
        "12-24",
        "12-31",
    ),
    2028: days(
        2028, "1-17", "2-21", "5-29", "6-19", "7-4", "9-4", "10-9", "11-7", "11-10", "11-23", "11-24", "12-25"
    ),
    2029: days(
        2029,
        "1-1",
        "1-15",
        "2-19",
        "5-28",
        "6-19",
        "7-4",
        "9-3",
        "10-8",
        "11-6",
        "11-12",
        "11-22",
        "11-23",
        "12-25",
    ),
    2030: days(
        2030,
        "1-1",
        "1-21",
        "2-18",
        "5-27",
        "6-19",
        "7-4",
        "9-2",
        "10-14",
        "11-5",
        "11-11",
        "11-28",
        "11-29",
        "12-25",
    ),
}

# D.C. Code § 1-612.02(a): Jan 1, third Monday in January, third Monday in February, Apr 16 (D.C. Emancipation
# Day), last Monday in May, Jun 19, Jul 4, first Monday in September, second Monday in October, Nov 11, fourth
# Thursday in November, Dec 25; (b)(1) Saturday -> Friday, Sunday -> Monday; (c) Inauguration Day, Jan 20 of every
# 4th year from 1981 (Sat 2029-01-20: not moved to Friday, § 28-2701).
DISTRICT_OF_COLUMBIA = {
    2026: days(
        2026, "1-1", "1-19", "2-16", "4-16", "5-25", "6-19", "7-3", "9-7", "10-12", "11-11", "11-26", "12-25"
    ),
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-15",
        "4-16",
        "5-31",
        "6-18",
        "7-5",
        "9-6",
        "10-11",
        "11-11",
        "11-25",
        "12-24",
        "12-31",
    ),
    # Apr 16 Sun -> Mon Apr 17; Nov 11 Sat -> Nov 10
    2028: days(2028, "1-17", "2-21", "4-17", "5-29", "6-19", "7-4", "9-4", "10-9", "11-10", "11-23", "12-25"),
    2029: days(
        2029, "1-1", "1-15", "2-19", "4-16", "5-28", "6-19", "7-4", "9-3", "10-8", "11-12", "11-22", "12-25"
    ),
    2030: days(
        2030, "1-1", "1-21", "2-18", "4-16", "5-27", "6-19", "7-4", "9-2", "10-14", "11-11", "11-28", "12-25"
    ),
}

# Colo. Rev. Stat. § 24-11-101(1): Jan 1, third Monday in January, third Monday in February, last Monday in May,
# Jun 19, Jul 4, first Monday in September, first Monday in October (Frances Xavier Cabrini Day), Nov 11, fourth
# Thursday in November, Dec 25; (2) a Sunday holiday -> the Monday following (no Saturday shift).
COLORADO = {
    2026: days(
        2026, "1-1", "1-19", "2-16", "5-25", "6-19", "9-7", "10-5", "11-11", "11-26", "12-25"
    ),  # Jul 4 Sat
    2027: days(
        2027, "1-1", "1-18", "2-15", "5-31", "7-5", "9-6", "10-4", "11-11", "11-25"
    ),  # Jun 19, Dec 25 Sat
    2028: days(
        2028, "1-17", "2-21", "5-29", "6-19", "7-4", "9-4", "10-2", "11-23", "12-25"
    ),  # Jan 1, Nov 11 Sat
    2029: days(2029, "1-1", "1-15", "2-19", "5-28", "6-19", "7-4", "9-3", "10-1", "11-12", "11-22", "12-25"),
    2030: days(2030, "1-1", "1-21", "2-18", "5-27", "6-19", "7-4", "9-2", "10-7", "11-11", "11-28", "12-25"),
}

# Neb. Rev. Stat. § 25-2221: Jan 1, third Monday in January, third Monday in February, last Friday in April (Arbor
# Day), last Monday in May, Jun 19, Jul 4, first Monday in September, second Monday in October, Nov 11, fourth
# Thursday in November and the day after, Dec 25; Sunday -> Monday, Saturday -> Friday.
NEBRASKA = {
    2026: days(
        2026,
        "1-1",
        "1-19",
        "2-16",
        "4-24",
        "5-25",
        "6-19",
        "7-3",
        "9-7",
        "10-12",
        "11-11",
        "11-26",
        "11-27",
        "12-25",
    ),
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-15",
        "4-30",
        "5-31",
        "6-18",
        "7-5",
        "9-6",
        "10-11",
        "11-11",
        "11-25",
        "11-26",
        "12-24",
        "12-31",
    ),
    2028: days(
        2028, "1-17", "2-21", "4-28", "5-29", "6-19", "7-4", "9-4", "10-9", "11-10", "11-23", "11-24", "12-25"
    ),
    2029: days(
        2029,
        "1-1",
        "1-15",
        "2-19",
        "4-27",
        "5-28",
        "6-19",
        "7-4",
        "9-3",
        "10-8",
        "11-12",
        "11-22",
        "11-23",
        "12-25",
    ),
    2030: days(
        2030,
        "1-1",
        "1-21",
        "2-18",
        "4-26",
        "5-27",
        "6-19",
        "7-4",
        "9-2",
        "10-14",
        "11-11",
        "11-28",
        "11-29",
        "12-25",
    ),
}

# R.I. Gen. Laws § 25-1-1: Jan 1, Jul 4, Nov 11, Dec 25 on a Saturday or Sunday -> the following Monday; third
# Monday in January and February, May 4 (Sunday -> Monday), last Monday in May, second Monday in August (Victory
# Day), first Monday in September, second Monday in October, Election Day (even years), Thanksgiving (appointed).
RHODE_ISLAND = {
    # Jul 4 Sat -> Mon Jul 6
    2026: days(
        2026,
        "1-1",
        "1-19",
        "2-16",
        "5-4",
        "5-25",
        "7-6",
        "8-10",
        "9-7",
        "10-12",
        "11-3",
        "11-11",
        "11-26",
        "12-25",
    ),
    # Jul 4 Sun -> Jul 5; Dec 25 Sat -> Mon Dec 27
    2027: days(
        2027, "1-1", "1-18", "2-15", "5-4", "5-31", "7-5", "8-9", "9-6", "10-11", "11-11", "11-25", "12-27"
    ),
    # Jan 1 Sat -> Mon Jan 3; Nov 11 Sat -> Mon Nov 13
    2028: days(
        2028,
        "1-3",
        "1-17",
        "2-21",
        "5-4",
        "5-29",
        "7-4",
        "8-14",
        "9-4",
        "10-9",
        "11-7",
        "11-13",
        "11-23",
        "12-25",
    ),
    2029: days(
        2029, "1-1", "1-15", "2-19", "5-4", "5-28", "7-4", "8-13", "9-3", "10-8", "11-12", "11-22", "12-25"
    ),
    # May 4 is a Saturday: not moved
    2030: days(
        2030, "1-1", "1-21", "2-18", "5-27", "7-4", "8-12", "9-2", "10-14", "11-5", "11-11", "11-28", "12-25"
    ),
}

# W. Va. Code § 2-2-1(a): Jan 1, third Monday in January, third Monday in February, last Monday in May, Jun 20
# (West Virginia Day), Jul 4, first Monday in September, second Monday in October, Nov 11, fourth Thursday in
# November and the day after (Lincoln's Day), Dec 25, general election day (even years); (b) Sunday -> Monday,
# Saturday -> Friday (not for election days).
WEST_VIRGINIA = {
    # Jun 20 and Jul 4 on Saturdays -> Fri Jun 19, Fri Jul 3
    2026: days(
        2026,
        "1-1",
        "1-19",
        "2-16",
        "5-25",
        "6-19",
        "7-3",
        "9-7",
        "10-12",
        "11-3",
        "11-11",
        "11-26",
        "11-27",
        "12-25",
    ),
    # Jun 20 and Jul 4 on Sundays -> Mon Jun 21, Mon Jul 5; Dec 25 Sat -> Dec 24; Jan 1 2028 Sat -> Dec 31
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-15",
        "5-31",
        "6-21",
        "7-5",
        "9-6",
        "10-11",
        "11-11",
        "11-25",
        "11-26",
        "12-24",
        "12-31",
    ),
    2028: days(
        2028, "1-17", "2-21", "5-29", "6-20", "7-4", "9-4", "10-9", "11-7", "11-10", "11-23", "11-24", "12-25"
    ),
    2029: days(
        2029, "1-1", "1-15", "2-19", "5-28", "6-20", "7-4", "9-3", "10-8", "11-12", "11-22", "11-23", "12-25"
    ),
    2030: days(
        2030,
        "1-1",
        "1-21",
        "2-18",
        "5-27",
        "6-20",
        "7-4",
        "9-2",
        "10-14",
        "11-5",
        "11-11",
        "11-28",
        "11-29",
        "12-25",
    ),
}

# S.D. Codified Laws § 1-5-1: the Oregon weekday list above plus the second Monday in October (Native Americans'
# Day); only Jan 1, Jun 19, Jul 4, Nov 11 and Dec 25 move (Saturday -> Friday, Sunday -> Monday).
SOUTH_DAKOTA = {
    2026: sorted([*OREGON[2026], D(2026, 10, 12)]),
    2027: sorted([*OREGON[2027], D(2027, 10, 11)]),
    2028: sorted([*OREGON[2028], D(2028, 10, 9)]),
    2029: sorted([*OREGON[2029], D(2029, 10, 8)]),
    2030: sorted([*OREGON[2030], D(2030, 10, 14)]),
}

# Wyo. Stat. § 8-4-101: Jan 1, third Monday in January, third Monday in February, last Monday in May, Jul 4, first
# Monday in September, Nov 11, fourth Thursday in November, Dec 25; Jan 1, Jul 4, Nov 11, Dec 25 on a Sunday ->
# Monday; no Saturday shift.
WYOMING = {
    2026: days(2026, "1-1", "1-19", "2-16", "5-25", "9-7", "11-11", "11-26", "12-25"),  # Jul 4 Sat
    2027: days(2027, "1-1", "1-18", "2-15", "5-31", "7-5", "9-6", "11-11", "11-25"),  # Dec 25 Sat
    2028: days(2028, "1-17", "2-21", "5-29", "7-4", "9-4", "11-23", "12-25"),  # Jan 1, Nov 11 Sat
    2029: days(2029, "1-1", "1-15", "2-19", "5-28", "7-4", "9-3", "11-12", "11-22", "12-25"),
    2030: days(2030, "1-1", "1-21", "2-18", "5-27", "7-4", "9-2", "11-11", "11-28", "12-25"),
}

# 4 M.R.S. § 1051 and 5 M.R.S. § 59: Jan 1, third Monday in January, February and April (Patriot's Day), last
# Monday in May, Jun 19, Jul 4, first Monday in September, second Monday in October, Nov 11, Thanksgiving,
# Dec 25; Sunday -> Monday only. Worked out day by day, these are the same dates as the Massachusetts table.
MAINE = MASSACHUSETTS

# Tenn. Code Ann. § 15-1-101: Jan 1, third Monday in January, third Monday in February, Good Friday, last Monday
# in May, Jun 19, Jul 4, first Monday in September, second Monday in October, Nov 11, fourth Thursday in
# November, Dec 25, election days (the November general election of even years modeled); Saturday -> Friday,
# Sunday -> Monday.
TENNESSEE = {
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
        "11-11",
        "11-25",
        "12-24",
        "12-31",
    ),
    2028: days(
        2028, "1-17", "2-21", "4-14", "5-29", "6-19", "7-4", "9-4", "10-9", "11-7", "11-10", "11-23", "12-25"
    ),
    2029: days(
        2029, "1-1", "1-15", "2-19", "3-30", "5-28", "6-19", "7-4", "9-3", "10-8", "11-12", "11-22", "12-25"
    ),
    2030: days(
        2030,
        "1-1",
        "1-21",
        "2-18",
        "4-19",
        "5-27",
        "6-19",
        "7-4",
        "9-2",
        "10-14",
        "11-5",
        "11-11",
        "11-28",
        "12-25",
    ),
}

# N.D. Cent. Code § 1-03-01: Jan 1, third Monday in January, third Monday in February, Good Friday, last Monday in
# May, Jul 4, first Monday in September, Nov 11, fourth Thursday in November, Dec 25; only Jan 1, Jul 4, Nov 11
# and Dec 25 move (§ 1-03-02 Sunday -> Monday, § 1-03-02.1 Saturday -> Friday).
NORTH_DAKOTA = {
    2026: days(2026, "1-1", "1-19", "2-16", "4-3", "5-25", "7-3", "9-7", "11-11", "11-26", "12-25"),
    2027: days(2027, "1-1", "1-18", "2-15", "3-26", "5-31", "7-5", "9-6", "11-11", "11-25", "12-24", "12-31"),
    2028: days(2028, "1-17", "2-21", "4-14", "5-29", "7-4", "9-4", "11-10", "11-23", "12-25"),
    2029: days(2029, "1-1", "1-15", "2-19", "3-30", "5-28", "7-4", "9-3", "11-12", "11-22", "12-25"),
    2030: days(2030, "1-1", "1-21", "2-18", "4-19", "5-27", "7-4", "9-2", "11-11", "11-28", "12-25"),
}

# 1 V.S.A. § 371: Jan 1, third Monday in January, third Monday in February, first Tuesday in March (Town Meeting
# Day), last Monday in May, Jul 4, Aug 16 (Bennington Battle Day), first Monday in September, second Monday in
# October, Nov 11, fourth Thursday in November, Dec 25; (b) Saturday -> Friday, Sunday -> Monday.
VERMONT = {
    # Aug 16 Sun -> Mon Aug 17; Jul 4 Sat -> Fri Jul 3
    2026: days(
        2026, "1-1", "1-19", "2-16", "3-3", "5-25", "7-3", "8-17", "9-7", "10-12", "11-11", "11-26", "12-25"
    ),
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-15",
        "3-2",
        "5-31",
        "7-5",
        "8-16",
        "9-6",
        "10-11",
        "11-11",
        "11-25",
        "12-24",
        "12-31",
    ),
    2028: days(2028, "1-17", "2-21", "3-7", "5-29", "7-4", "8-16", "9-4", "10-9", "11-10", "11-23", "12-25"),
    2029: days(
        2029, "1-1", "1-15", "2-19", "3-6", "5-28", "7-4", "8-16", "9-3", "10-8", "11-12", "11-22", "12-25"
    ),
    2030: days(
        2030, "1-1", "1-21", "2-18", "3-5", "5-27", "7-4", "8-16", "9-2", "10-14", "11-11", "11-28", "12-25"
    ),
}

# NRS 236.015: Jan 1, third Monday in January, third Monday in February, last Monday in May, Jul 4, first Monday
# in September, last Friday in October (Nevada Day), Nov 11, fourth Thursday in November and the Friday after
# (Family Day), Dec 25; only Jan 1, Jul 4, Nov 11, Dec 25 move (Saturday -> Friday, Sunday -> Monday).
NEVADA = {
    2026: days(
        2026, "1-1", "1-19", "2-16", "5-25", "7-3", "9-7", "10-30", "11-11", "11-26", "11-27", "12-25"
    ),
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-15",
        "5-31",
        "7-5",
        "9-6",
        "10-29",
        "11-11",
        "11-25",
        "11-26",
        "12-24",
        "12-31",
    ),
    2028: days(2028, "1-17", "2-21", "5-29", "7-4", "9-4", "10-27", "11-10", "11-23", "11-24", "12-25"),
    2029: days(
        2029, "1-1", "1-15", "2-19", "5-28", "7-4", "9-3", "10-26", "11-12", "11-22", "11-23", "12-25"
    ),
    2030: days(
        2030, "1-1", "1-21", "2-18", "5-27", "7-4", "9-2", "10-25", "11-11", "11-28", "11-29", "12-25"
    ),
}

# AS 44.12.010(a): Jan 1, third Monday in January, third Monday in February, last Monday in March (Seward's Day),
# last Monday in May, Jul 4, first Monday in September, Oct 18 (Alaska Day), Nov 11, fourth Thursday in November,
# Dec 25; AS 44.12.020: a Sunday holiday also makes the following Monday a holiday; no Saturday rule read.
ALASKA = {
    # Jul 4 Sat: not moved; Alaska Day Sun Oct 18 -> Mon Oct 19
    2026: days(2026, "1-1", "1-19", "2-16", "3-30", "5-25", "9-7", "10-19", "11-11", "11-26", "12-25"),
    2027: days(
        2027, "1-1", "1-18", "2-15", "3-29", "5-31", "7-5", "9-6", "10-18", "11-11", "11-25"
    ),  # Dec 25 Sat
    2028: days(2028, "1-17", "2-21", "3-27", "5-29", "7-4", "9-4", "10-18", "11-23", "12-25"),  # Nov 11 Sat
    2029: days(2029, "1-1", "1-15", "2-19", "3-26", "5-28", "7-4", "9-3", "10-18", "11-12", "11-22", "12-25"),
    2030: days(2030, "1-1", "1-21", "2-18", "3-25", "5-27", "7-4", "9-2", "10-18", "11-11", "11-28", "12-25"),
}

# 1 Del. C. § 501: Jan 1, third Monday in January, Good Friday, last Monday in May, Jul 4, first Monday in
# September, Nov 11, fourth Thursday in November and the Friday after, Dec 25, general election day (even years);
# no Washington's Birthday or Columbus Day; Saturday -> Friday, Sunday -> Monday.
DELAWARE = {
    2026: days(2026, "1-1", "1-19", "4-3", "5-25", "7-3", "9-7", "11-3", "11-11", "11-26", "11-27", "12-25"),
    2027: days(
        2027, "1-1", "1-18", "3-26", "5-31", "7-5", "9-6", "11-11", "11-25", "11-26", "12-24", "12-31"
    ),
    2028: days(2028, "1-17", "4-14", "5-29", "7-4", "9-4", "11-7", "11-10", "11-23", "11-24", "12-25"),
    2029: days(2029, "1-1", "1-15", "3-30", "5-28", "7-4", "9-3", "11-12", "11-22", "11-23", "12-25"),
    2030: days(2030, "1-1", "1-21", "4-19", "5-27", "7-4", "9-2", "11-5", "11-11", "11-28", "11-29", "12-25"),
}

# Ark. Code Ann. § 1-5-101: Jan 1, third Monday in January, third Monday in February, last Monday in May, Jul 4,
# first Monday in September, Nov 11, fourth Thursday in November, Dec 24, Dec 25; Saturday -> Friday,
# Sunday -> Monday.
ARKANSAS = {
    2026: days(2026, "1-1", "1-19", "2-16", "5-25", "7-3", "9-7", "11-11", "11-26", "12-24", "12-25"),
    # Dec 25 Sat -> Fri Dec 24 (already Christmas Eve); Jan 1 2028 Sat -> Fri Dec 31
    2027: days(2027, "1-1", "1-18", "2-15", "5-31", "7-5", "9-6", "11-11", "11-25", "12-24", "12-31"),
    # Dec 24 Sun -> Mon Dec 25 (already Christmas)
    2028: days(2028, "1-17", "2-21", "5-29", "7-4", "9-4", "11-10", "11-23", "12-25"),
    2029: days(2029, "1-1", "1-15", "2-19", "5-28", "7-4", "9-3", "11-12", "11-22", "12-24", "12-25"),
    2030: days(2030, "1-1", "1-21", "2-18", "5-27", "7-4", "9-2", "11-11", "11-28", "12-24", "12-25"),
}

# Idaho Code § 73-108: Jan 1, third Monday in January, third Monday in February, last Monday in May, Jul 4, first
# Monday in September, second Monday in October, Nov 11, fourth Thursday in November, Dec 25; Saturday -> Friday,
# Sunday -> Monday.
IDAHO = {
    2026: days(2026, "1-1", "1-19", "2-16", "5-25", "7-3", "9-7", "10-12", "11-11", "11-26", "12-25"),
    2027: days(
        2027, "1-1", "1-18", "2-15", "5-31", "7-5", "9-6", "10-11", "11-11", "11-25", "12-24", "12-31"
    ),
    2028: days(2028, "1-17", "2-21", "5-29", "7-4", "9-4", "10-9", "11-10", "11-23", "12-25"),
    2029: days(2029, "1-1", "1-15", "2-19", "5-28", "7-4", "9-3", "10-8", "11-12", "11-22", "12-25"),
    2030: days(2030, "1-1", "1-21", "2-18", "5-27", "7-4", "9-2", "10-14", "11-11", "11-28", "12-25"),
}

# Mont. Code Ann. § 1-1-216: the Idaho list above (same days and weekend rule) plus the state general election day
# (Tuesday after the first Monday of November, even years).
MONTANA = {
    2026: sorted([*IDAHO[2026], D(2026, 11, 3)]),
    2027: IDAHO[2027],
    2028: sorted([*IDAHO[2028], D(2028, 11, 7)]),
    2029: IDAHO[2029],
    2030: sorted([*IDAHO[2030], D(2030, 11, 5)]),
}

# S.C. Code Ann. § 53-5-10: Jan 1, third Monday in January, third Monday in February, May 10, last Monday in May,
# Jul 4, first Monday in September, Nov 11, Thanksgiving and the day after, Dec 24, 25, 26; Saturday -> Friday,
# Sunday -> Monday (S.C. Code Regs. 19-708.03(B)).
SOUTH_CAROLINA = {
    # May 10 Sun -> Mon May 11; Jul 4 Sat -> Fri Jul 3; Dec 26 Sat -> Fri Dec 25 (already Christmas)
    2026: days(
        2026, "1-1", "1-19", "2-16", "5-11", "5-25", "7-3", "9-7", "11-11", "11-26", "11-27", "12-24", "12-25"
    ),
    # Dec 25 Sat -> Fri Dec 24; Dec 26 Sun -> Mon Dec 27; Jan 1 2028 Sat -> Fri Dec 31
    2027: days(
        2027,
        "1-1",
        "1-18",
        "2-15",
        "5-10",
        "5-31",
        "7-5",
        "9-6",
        "11-11",
        "11-25",
        "11-26",
        "12-24",
        "12-27",
        "12-31",
    ),
    # Nov 11 Sat -> Fri Nov 10; Dec 24 Sun -> Mon Dec 25 (already Christmas)
    2028: days(
        2028, "1-17", "2-21", "5-10", "5-29", "7-4", "9-4", "11-10", "11-23", "11-24", "12-25", "12-26"
    ),
    2029: days(
        2029,
        "1-1",
        "1-15",
        "2-19",
        "5-10",
        "5-28",
        "7-4",
        "9-3",
        "11-12",
        "11-22",
        "11-23",
        "12-24",
        "12-25",
        "12-26",
    ),
    2030: days(
        2030,
        "1-1",
        "1-21",
        "2-18",
        "5-10",
        "5-27",
        "7-4",
        "9-2",
        "11-11",
        "11-28",
        "11-29",
        "12-24",
        "12-25",
        "12-26",
    ),
}

# Miss. Code Ann. § 3-3-7(1): Jan 1, third Monday in January, third Monday in February, last Monday in April,
# last Monday in May, Jul 4, first Monday in September, Nov 11, Thanksgiving (fourth Thursday), Dec 25; a Sunday
# holiday -> the next day; no Saturday shift.
MISSISSIPPI = {
    2026: days(2026, "1-1", "1-19", "2-16", "4-27", "5-25", "9-7", "11-11", "11-26", "12-25"),  # Jul 4 Sat
    2027: days(2027, "1-1", "1-18", "2-15", "4-26", "5-31", "7-5", "9-6", "11-11", "11-25"),  # Dec 25 Sat
    2028: days(2028, "1-17", "2-21", "4-24", "5-29", "7-4", "9-4", "11-23", "12-25"),  # Jan 1, Nov 11 Sat
    2029: days(2029, "1-1", "1-15", "2-19", "4-30", "5-28", "7-4", "9-3", "11-12", "11-22", "12-25"),
    2030: days(2030, "1-1", "1-21", "2-18", "4-29", "5-27", "7-4", "9-2", "11-11", "11-28", "12-25"),
}

TABLES = {
    "MO": MISSOURI,
    "TX": TEXAS,
    "MD": MARYLAND,
    "OR": OREGON,
    "WA": WASHINGTON,
    "FL": FLORIDA,
    "CT": CONNECTICUT,
    "MA": MASSACHUSETTS,
    "VA": VIRGINIA,
    "DC": DISTRICT_OF_COLUMBIA,
    "CO": COLORADO,
    "NE": NEBRASKA,
    "RI": RHODE_ISLAND,
    "WV": WEST_VIRGINIA,
    "SD": SOUTH_DAKOTA,
    "WY": WYOMING,
    "ME": MAINE,
    "TN": TENNESSEE,
    "ND": NORTH_DAKOTA,
    "VT": VERMONT,
    "NV": NEVADA,
    "AK": ALASKA,
    "DE": DELAWARE,
    "AR": ARKANSAS,
    "ID": IDAHO,
    "MT": MONTANA,
    "SC": SOUTH_CAROLINA,
    "MS": MISSISSIPPI,
}


@pytest.mark.parametrize(("code", "year"), [(c, y) for c in TABLES for y in range(2026, 2031)])
def test_weekday_holidays_2026_2030(code: str, year: int) -> None:
    assert weekday_holidays(code, year) == TABLES[code][year]


@pytest.mark.parametrize("year", range(2026, 2031))
def test_texas_optional_holidays_only_where_observed(year: int) -> None:
    assert weekday_holidays("TX", year, ("Good Friday",)) == sorted([*TEXAS[year], GOOD_FRIDAY[year]])
    observed = weekday_holidays("TX", year, ("weekend observance",))
    assert observed == sorted({*TEXAS[year], *TEXAS_WEEKEND_OBSERVED[year]})


@pytest.mark.parametrize("year", range(2026, 2031))
def test_suffolk_county_offices_close_on_evacuation_and_bunker_hill_day(year: int) -> None:
    observes = ("Evacuation Day (Suffolk County)", "Bunker Hill Day (Suffolk County)")
    assert weekday_holidays("MA", year, observes) == sorted([*MASSACHUSETTS[year], *SUFFOLK[year]])


@pytest.mark.parametrize("year", range(2026, 2031))
def test_unread_holidays_are_optional_never_assumed(year: int) -> None:
    """Good Friday (CT) and Juneteenth (RI) are not in the statute text read: counted only if observed."""
    assert weekday_holidays("CT", year, ("Good Friday",)) == sorted([*CONNECTICUT[year], GOOD_FRIDAY[year]])
    juneteenth = D(year, 6, 19)  # Fri 2026, Sat 2027 (no shift: none is known), Mon 2028, Tue 2029, Wed 2030
    extra = [juneteenth] if juneteenth.weekday() < 5 else []
    assert weekday_holidays("RI", year, ("Juneteenth",)) == sorted([*RHODE_ISLAND[year], *extra])


def test_kansas_business_days_skip_the_holidays_congress_designates() -> None:
    """K.S.A. 45-217 (per the reference): not a business day: Saturday, Sunday, a holiday designated by Congress,
    the legislature or governor, or the political subdivision. K.S.A. 35-107(a) lists only § 6103(a) days."""
    ks = business_calendar("KS")
    assert not ks.is_business_day(D(2027, 12, 24))  # Christmas Sat 2027-12-25, federally observed Friday
    assert not ks.is_business_day(D(2026, 10, 12))  # Columbus Day, in § 35-107(a) and § 6103(a)
    assert not ks.is_business_day(D(2026, 6, 19))  # Juneteenth: designated by Congress only
    assert ks.is_business_day(
        D(2026, 11, 27)
    )  # the day after Thanksgiving: only if the governor designates it
    # 3 business days (K.S.A. 45-218(d)) from Tue 2026-11-24: Wed 25 (1), Thu 26 Thanksgiving, Fri 27 (2), Mon 30 (3)
    assert ks.add_business_days(D(2026, 11, 24), 3)[0] == D(2026, 11, 30)


def test_alaska_unread_holidays_are_optional() -> None:
    # Juneteenth Fri 2026-06-19 and Indigenous Peoples' Day Mon 2026-10-12 (second Monday: Oct 5, 12)
    observes = ("Juneteenth", "Indigenous Peoples' Day")
    assert weekday_holidays("AK", 2026, observes) == sorted([*ALASKA[2026], D(2026, 6, 19), D(2026, 10, 12)])


def test_dc_inauguration_day_every_fourth_year() -> None:
    cal = business_calendar("DC")
    assert not cal.is_business_day(D(2025, 1, 20))  # Mon: Inauguration Day and MLK Day
    assert not cal.is_business_day(D(2033, 1, 20))  # Thu
    assert cal.is_business_day(D(2032, 1, 20)) and cal.is_business_day(
        D(2029, 1, 19)
    )  # not a year; no Friday


def test_easter() -> None:
    assert [easter(y) for y in range(2026, 2031)] == [
        D(2026, 4, 5),
        D(2027, 3, 28),
        D(2028, 4, 16),
        D(2029, 4, 1),
        D(2030, 4, 21),
    ]


# ---------------------------------------------------------------- regressions named in issue 10
def test_missouri_lincoln_day_moves_a_february_deadline() -> None:
    """RSMo § 610.023.3, 3 business days; § 9.010 makes Thu 2026-02-12 a holiday (python-holidays did not)."""
    s = compute_schedule("MO", [Occurrence("sent", D(2026, 2, 9), received=D(2026, 2, 9))], mail_days=3)
    # Mon 02-09: Tue 10 (1), Wed 11 (2), Thu 12 Lincoln Day skipped, Fri 13 (3)
    assert s.deadlines[0].due == D(2026, 2, 13)
    assert any("Lincoln Day, RSMo § 9.010" in line for line in s.deadlines[0].explanation)


def test_texas_christmas_eve_2027() -> None:
    """Thu 2027-12-23 is a business day (python-holidays made it "Christmas Eve (observed)"); Fri 12-24 is a
    state holiday in its own right (§ 662.003(b)(7)), not an observed Christmas."""
    cal = business_calendar("TX")
    assert cal.is_business_day(D(2027, 12, 23))
    h = cal.holiday(D(2027, 12, 24))
    assert h is not None and h.citation == "Tex. Gov't Code § 662.003(b)(7)" and "observed" not in h.name
    # Christmas Sat 12-25 and Dec 26 Sun: Mon 12-27 and New Year's Day Sat 2028-01-01 -> Fri 12-31 are
    # business days unless the body observes them (§ 552.0031(e)).
    assert cal.is_business_day(D(2027, 12, 27)) and cal.is_business_day(D(2027, 12, 31))
    # 10 business days from Mon 12-20: Tue 21 (1), Wed 22 (2), Thu 23 (3), Fri 24 skipped, Mon 27 (4),
    # Tue 28 (5), Wed 29 (6), Thu 30 (7), Fri 31 (8), Mon 2028-01-03 (9), Tue 01-04 (10)
    assert cal.add_business_days(D(2027, 12, 20), 10)[0] == D(2028, 1, 4)
    # observing the weekend holidays: 24, 27 and 31 skipped: 21, 22, 23, 28, 29, 30, Jan 3, 4, 5, 6 (10)
    observed = business_calendar("TX", observes=("weekend observance",))
    assert observed.add_business_days(D(2027, 12, 20), 10)[0] == D(2028, 1, 6)


def test_texas_optional_holidays_are_not_skipped_unless_observed() -> None:
    received = [Occurrence("sent", D(2026, 3, 30), received=D(2026, 3, 30))]
    # § 552.301(b): 10 business days from Mon 03-30: Tue 31 (1; Cesar Chavez Day is not a § 662.003(c) optional
    # holiday), Wed 04-01 (2), Thu 02 (3), Fri 03 Good Friday (4), Mon 06 (5) ... Mon 13 (10)
    s = compute_schedule("TX", received, mail_days=3)
    assert s.deadlines[0].due == D(2026, 4, 13)
    text = "\n".join(s.deadlines[0].explanation)
    assert "Not assumed (business days unless this body observes them" in text and "Good Friday" in text
    # the body's officer for public information observes Good Friday: Fri 04-03 skipped -> Tue 04-14
    s = compute_schedule("TX", received, observes=("Good Friday",), mail_days=3)
    assert s.deadlines[0].due == D(2026, 4, 14)
    text = "\n".join(s.deadlines[0].explanation)
    assert "Assumed observed by this body" in text and "Fri 2026-04-03 (Good Friday (optional holiday" in text


def test_unknown_optional_holiday_is_an_error() -> None:
    with pytest.raises(UsageError):
        business_calendar("TX", observes=("Cesar Chavez Day",))
    with pytest.raises(UsageError):
        business_calendar("NY", observes=("Good Friday",))


# ---------------------------------------------------------------- roll-forward
@pytest.mark.parametrize(
    ("code", "start", "due"),
    [
        # ORS 187.010(3): Fri 2026-06-26 + 7 = Fri 07-03, Independence Day observed (187.010(2)) -> Mon 07-06
        ("OR", D(2026, 6, 26), D(2026, 7, 6)),
        # Sun 2026-11-15 + 7 = Sun 11-22: each Sunday is a legal holiday (187.010(1)(a)) -> Mon 11-23
        ("OR", D(2026, 11, 15), D(2026, 11, 23)),
        # Sat 2026-11-14 + 7 = Sat 11-21: a Saturday is not a legal holiday: not moved
        ("OR", D(2026, 11, 14), D(2026, 11, 21)),
        # RSMo § 1.040: a last day on Sunday 11-22 is excluded -> Mon 11-23; Saturday 11-21 is kept
        ("MO", D(2026, 11, 15), D(2026, 11, 23)),
        ("MO", D(2026, 11, 14), D(2026, 11, 21)),
        # Va. Code § 1-210(E): a Saturday or Sunday last day -> the next business day, Mon 11-23
        ("VA", D(2026, 11, 14), D(2026, 11, 23)),
        ("VA", D(2026, 11, 15), D(2026, 11, 23)),
        # Idaho Code § 73-110: a Sunday is a holiday (§ 73-108): Sun 11-22 -> Mon 11-23; a Saturday is not moved
        ("ID", D(2026, 11, 15), D(2026, 11, 23)),
        ("ID", D(2026, 11, 14), D(2026, 11, 21)),
        # Maryland: no general rule read: Sun 11-22 kept (and the trace says so)
        ("MD", D(2026, 11, 15), D(2026, 11, 22)),
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


def test_python_holidays_differences_for_texas_2027_are_the_faults_in_the_issue() -> None:
    """A cross-check, not a source: python-holidays US-TX 2027 skips exactly these extra weekdays."""
    import holidays

    theirs = {d for d in holidays.US(subdiv="TX", years=2027) if d.weekday() < 5}
    extra = sorted(theirs - set(TEXAS[2027]))
    assert extra == [
        D(2027, 3, 26),  # Good Friday: optional, § 552.0031(c)
        D(2027, 3, 31),  # Cesar Chavez Day: not a § 662.003(c) optional holiday
        D(2027, 6, 18),  # Juneteenth observed: only if the body observes it, § 552.0031(e)
        D(2027, 7, 5),  # Independence Day observed: ditto
        D(2027, 12, 23),  # "Christmas Eve (observed)": no statute
        D(2027, 12, 31),  # New Year's Day 2028 observed: § 552.0031(e)
    ]
    assert set(TEXAS[2027]) <= theirs
