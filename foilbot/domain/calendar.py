"""Business days per jurisdiction: weekends, legal holidays and an agency's own closure days.

New York follows N.Y. Gen. Constr. Law § 24 and the federal FOIA 5 U.S.C. § 6103, both built by rule from
laws.yaml (python-holidays' NY calendar adds Susan B. Anthony Day and Saturday->Friday shifts that § 24
does not
have). Every other state uses the python-holidays subdivision calendar, flagged unverified. Holiday sets are
computed once per (calendar, year) and cached, so recomputing 100,000 schedules stays fast.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from foilbot.domain.laws import get_law, holiday_calendar_spec

_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_ONE = timedelta(days=1)
_EMPTY: Mapping[date, str] = MappingProxyType({})


@dataclass(frozen=True)
class Holiday:
    name: str
    citation: str
    verified: (
        str  # the verification of the rule that made this day a holiday (observed days may be "partial")
    )


@lru_cache(maxsize=4096)
def fmt(d: date) -> str:
    """`Fri 2026-11-20`: weekday and ISO date, the form every trace line uses."""
    return f"{_cal.day_abbr[d.weekday()]} {d.isoformat()}"


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year, month, _cal.monthrange(year, month)[1])
    return last - timedelta(days=(last.weekday() - weekday) % 7 + 7 * (-nth - 1))


def _rule_dates(spec: dict, year: int) -> list[tuple[date, str, bool]]:
    """(date, name, observed-rule-applies) for every holiday of a rule-built calendar in `year`."""
    out = []
    for h in spec["holidays"]:
        if year < h.get("since", 0):
            continue
        if "day" in h:
            d = date(year, h["month"], h["day"])
        else:
            d = _nth_weekday(year, h["month"], _WEEKDAYS[h["weekday"]], h["nth"])
            d += timedelta(days=h.get("offset_days", 0))
        out.append((d, h["name"], h.get("observed", True)))
    return out


@lru_cache(maxsize=512)
def rule_holidays(calendar_name: str, year: int) -> Mapping[date, Holiday]:
    """The holidays of a rule-built calendar that fall in `year`, observed days included.

    Observed days can cross a year boundary (New Year's Day on Saturday 2028-01-01 is observed federally on
    Friday 2027-12-31), so the neighbouring years' holidays are generated too and filtered to `year`.
    """
    spec = holiday_calendar_spec(calendar_name)
    cite, observance = spec["citation"], spec["observance"]
    found: dict[date, list[Holiday]] = {}
    for y in (year - 1, year, year + 1):
        for d, name, observed in _rule_dates(spec, y):
            found.setdefault(d, []).append(Holiday(name, cite, spec["verified"]))
            if not observed:
                continue  # § 24: "except Flag day"
            shifted = None
            if d.weekday() == 6:  # Sunday -> Monday (§ 24 "the next day thereafter"; federal observance)
                shifted, why = d + _ONE, "Sunday holiday observed Monday"
            elif d.weekday() == 5 and observance == "saturday_to_friday_sunday_to_monday":
                shifted, why = d - _ONE, "Saturday holiday observed Friday"
            if shifted is not None:
                verified = (
                    spec["verified"] if observance == "sunday_to_monday" else spec["observance_verified"]
                )
                found.setdefault(shifted, []).append(Holiday(f"{name} (observed: {why})", cite, verified))
    return MappingProxyType(
        {
            # min() of "yes" > "partial" > "no" (alphabetical) is the least verified of the merged rules.
            d: hs[0]
            if len(hs) == 1
            else Holiday("; ".join(h.name for h in hs), cite, min(h.verified for h in hs))
            for d, hs in found.items()
            if d.year == year
        }
    )


@lru_cache(maxsize=64)
def _package_calendar(subdiv: str) -> Any:
    import holidays

    return holidays.US(subdiv=subdiv)  # expands lazily, one year at a time, as dates are looked up


@lru_cache(maxsize=2048)
def package_holidays(subdiv: str, year: int) -> Mapping[date, Holiday]:
    """The python-holidays US subdivision calendar for `year` (unverified against the state's own law).

    The neighbouring years are populated too, so an observed day that crosses the year boundary is included.
    """
    cal = _package_calendar(subdiv)
    for y in (year - 1, year, year + 1):
        _ = date(y, 1, 1) in cal  # populates year y
    cite = f"python-holidays US-{subdiv} calendar (not checked against state law)"
    return MappingProxyType({d: Holiday(str(n), cite, "no") for d, n in cal.items() if d.year == year})


class BusinessCalendar:
    """Business days of one jurisdiction, optionally with an agency's own closure days (date -> reason)."""

    def __init__(self, jurisdiction: str, closures: Mapping[date, str] = _EMPTY):
        law = get_law(jurisdiction)
        self.jurisdiction = law.jurisdiction
        self.source = law.holidays
        if self.source.calendar == "python-holidays":
            subdiv = self.source.subdiv or law.jurisdiction
            self.title = f"python-holidays US-{subdiv} (unverified)"
            self._year_fn = lambda y: package_holidays(subdiv, y)
        else:
            spec = holiday_calendar_spec(self.source.calendar)
            self.title = f"{spec['title']}, {spec['citation']}"
            name = self.source.calendar
            self._year_fn = lambda y: rule_holidays(name, y)
        self.holidays_line = f"Holidays: {self.title}."
        self.closures: Mapping[date, str] = MappingProxyType(dict(closures))
        self._years: dict[int, Mapping[date, Holiday]] = {}
        self._memo: dict[tuple[date, int], tuple[date, tuple[str, ...], tuple[Holiday, ...]]] = {}
        # periods.run_period's memo: (start, days, day_type) -> (due, lines, warnings, used_calendar);
        # the law's
        # roll-forward rule is fixed per jurisdiction, and so per calendar.
        self.period_memo: dict[tuple[date, int, str], tuple] = {}

    def holidays_in(self, year: int) -> Mapping[date, Holiday]:
        hs = self._years.get(year)
        if hs is None:
            hs = self._years[year] = self._year_fn(year)
        return hs

    def holiday(self, d: date) -> Holiday | None:
        return self.holidays_in(d.year).get(d)

    def holiday_name(self, d: date) -> str | None:
        h = self.holiday(d)
        return h.name if h else None

    def is_legal_business_day(self, d: date) -> bool:
        """Not a weekend or legal holiday (closure days ignored: § 25-a-style roll-forward looks only at
        these)."""
        return d.weekday() < 5 and d not in self.holidays_in(d.year)

    def is_business_day(self, d: date) -> bool:
        return self.is_legal_business_day(d) and d not in self.closures

    def _label(self, d: date) -> str:
        parts = []
        if d.weekday() >= 5:
            parts.append("weekend")
        h = self.holiday(d)
        if h is not None:
            note = {"yes": "", "partial": ", partially verified", "no": ", unverified"}[h.verified]
            parts.append(f"{h.name}, {h.citation}{note}")
        if d in self.closures:
            parts.append(f"agency closed: {self.closures[d]}")
        return f"{fmt(d)} ({'; '.join(parts)})"

    def add_business_days(self, start: date, n: int) -> tuple[date, tuple[str, ...]]:
        """The nth business day after `start` (start itself never counts), with a trace of every skipped
        day."""
        due, lines, _ = self.count(start, n)
        return due, lines

    def count(self, start: date, n: int) -> tuple[date, tuple[str, ...], tuple[Holiday, ...]]:
        """add_business_days plus the holidays that were skipped (to warn when one of them is unverified)."""
        key = (start, n)
        hit = self._memo.get(key)
        if hit is not None:
            return hit
        lines: list[str] = []
        counted: list[str] = []
        skipped: list[Holiday] = []
        run: list[str] = []
        d = start
        while len(counted) < n:
            d += _ONE
            if self.is_business_day(d):
                if run:
                    lines.append("Skipped " + ", ".join(run) + ".")
                    run = []
                counted.append(f"{fmt(d)} ({len(counted) + 1})")
            else:
                run.append(self._label(d))
                h = self.holiday(d)
                if h is not None and d.weekday() < 5:
                    skipped.append(h)
        if counted:
            lines.append("Business days counted: " + ", ".join(counted) + ".")
        lines.append(f"Business day {n} after {fmt(start)} is {fmt(d)}.")
        result = (d, tuple(lines), tuple(skipped))
        if len(self._memo) > 200_000:  # bound the memos of a long-lived shared calendar
            self._memo.clear()
            self.period_memo.clear()
        self._memo[key] = result
        return result

    def business_days_between(self, a: date, b: date) -> int:
        """Business days d with a < d <= b (0 when b <= a)."""
        count, d = 0, a
        while d < b:
            d += _ONE
            count += self.is_business_day(d)
        return count

    def next_legal_business_day(self, d: date) -> tuple[date, tuple[str, ...]]:
        """`d` if it is not a weekend or legal holiday, else the next day that is, with the days passed
        over."""
        passed = []
        while not self.is_legal_business_day(d):
            passed.append(self._label(d))
            d += _ONE
        return d, tuple(passed)

    def next_business_day(self, d: date) -> date:
        while not self.is_business_day(d):
            d += _ONE
        return d


@lru_cache(maxsize=128)
def _shared_calendar(jurisdiction: str) -> BusinessCalendar:
    return BusinessCalendar(jurisdiction)


def business_calendar(jurisdiction: str, closures: Mapping[date, str] = _EMPTY) -> BusinessCalendar:
    """The business calendar of a jurisdiction; without closures one shared (memoised) instance per
    jurisdiction.

    Raises:
        UsageError: unknown jurisdiction.
    """
    if not closures:
        return _shared_calendar(jurisdiction.strip().upper())
    return BusinessCalendar(jurisdiction, closures)
