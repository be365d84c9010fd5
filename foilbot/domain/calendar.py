"""Business days per jurisdiction: weekends, legal holidays and an agency's own closure days.

Holiday calendars are data: each is built by rule from its holiday statute in laws.yaml (`holiday_calendars`:
fixed dates, nth weekdays, Easter offsets, election days, the statute's weekend-observance rule, citation and
`verified` flag per calendar and per holiday): New York follows N.Y. Gen. Constr. Law § 24, the federal FOIA
5 U.S.C. § 6103, and each state whose holiday statute was read its own. A jurisdiction whose holiday statute
was not read still uses the python-holidays subdivision calendar, flagged unverified (issue 10).

Optional holidays (Texas: Good Friday is a non-business day only where the body's officer for public
information observes it, Tex. Gov't Code § 552.0031(c)) are not assumed: a calendar built with
`observes={"Good Friday"}` skips them, and the trace says which were assumed and which were not.
Holiday sets are computed once per (calendar, year, observed optional days) and cached, so recomputing
100,000 schedules stays fast.
"""

from __future__ import annotations

import calendar as _cal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import accumulate
from types import MappingProxyType
from typing import Any

from foilbot.domain.laws import get_law, holiday_calendar_spec
from foilbot.errors import UsageError

_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_CODES = tuple(_WEEKDAYS)
_ONE = timedelta(days=1)
_EMPTY: Mapping[date, str] = MappingProxyType({})
_NONE: frozenset[str] = frozenset()
# weekend_to_monday: a Saturday or Sunday holiday is observed the following Monday (R.I. Gen. Laws § 25-1-1).
OBSERVANCES = ("none", "sunday_to_monday", "saturday_to_friday_sunday_to_monday", "weekend_to_monday")
# The key a user gives to assume a body observes the Friday before / Monday after a weekend holiday
# (Tex. Gov't Code § 552.0031(e)).
WEEKEND_OBSERVANCE = "weekend observance"


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


def easter(year: int) -> date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _rule_date(h: Mapping[str, Any], year: int) -> date | None:
    """The day a holiday rule gives in `year`, or None when the rule does not apply that year."""
    if not h.get("since", 0) <= year <= h.get("until", 9999):
        return None
    if h.get("years") == "even" and year % 2:
        return None
    if "every_4_years_from" in h and (year - h["every_4_years_from"]) % 4:
        return None
    if "easter" in h:
        return easter(year) + timedelta(days=h["easter"])
    if "day" in h:
        d = date(year, h["month"], h["day"])
        # only_on: the rule applies only when the fixed date falls on one of these weekdays (25 O.S.
        # § 82.1(A): "the Thursday and Friday before Christmas if Christmas is on a Saturday"); shift: a
        # per-weekday move of the fixed date (Utah Code § 63G-1-301(2)(c): June 19 on a Tuesday to Friday ->
        # the preceding Monday).
        code = _CODES[d.weekday()]
        if "only_on" in h and code not in h["only_on"]:
            return None
        d += timedelta(days=h.get("shift", {}).get(code, 0))
    else:
        d = _nth_weekday(year, h["month"], _WEEKDAYS[h["weekday"]], h["nth"])
    return d + timedelta(days=h.get("offset_days", 0))


def _observed(d: date, observance: str) -> tuple[date, str] | None:
    if d.weekday() == 6 and observance != "none":
        return d + _ONE, "Sunday holiday observed Monday"
    if d.weekday() == 5 and observance == "saturday_to_friday_sunday_to_monday":
        return d - _ONE, "Saturday holiday observed Friday"
    if d.weekday() == 5 and observance == "weekend_to_monday":
        return d + 2 * _ONE, "Saturday holiday observed Monday"
    return None


def optional_names(calendar_name: str) -> tuple[str, ...]:
    """The optional holidays of a rule-built calendar a body may observe (and the weekend-observance key)."""
    spec = holiday_calendar_spec(calendar_name)
    names = [h["name"] for h in spec.get("holidays", ()) if h.get("optional")]
    if spec.get("observance_optional"):
        names.append(WEEKEND_OBSERVANCE)
    return tuple(names)


def optional_holidays(jurisdiction: str) -> tuple[str, ...]:
    """The optional holidays a body of this jurisdiction may be recorded as observing (none for a
    python-holidays calendar, whose days are all assumed)."""
    law = get_law(jurisdiction)
    if law.holidays.calendar == "python-holidays":
        return ()
    return optional_names(law.holidays.calendar)


@lru_cache(maxsize=1024)
def rule_holidays(calendar_name: str, year: int, observes: frozenset[str] = _NONE) -> Mapping[date, Holiday]:
    """The holidays of a rule-built calendar that fall in `year`, observed days included.

    Optional holidays count only when their (lower-case) name is in `observes`; so do the Friday/Monday
    observed days of a calendar whose weekend observance is optional (key `weekend observance`).
    Observed days can cross a year boundary (New Year's Day on Saturday 2028-01-01 is observed federally on
    Friday 2027-12-31), so the neighbouring years' holidays are generated too and filtered to `year`.
    """
    spec = holiday_calendar_spec(calendar_name)
    cite, default_obs = spec["citation"], spec["observance"]
    obs_optional = bool(spec.get("observance_optional"))
    take_observed = not obs_optional or WEEKEND_OBSERVANCE in observes
    found: dict[date, list[Holiday]] = {}
    for y in (year - 1, year, year + 1):
        for h in spec["holidays"]:
            d = _rule_date(h, y)
            if d is None:
                continue
            name, verified = h["name"], h.get("verified", spec["verified"])
            hcite = h.get("cite", cite)
            if h.get("optional"):
                if name.lower() not in observes:
                    continue
                name = f"{name} (optional holiday, assumed observed by this body)"
            found.setdefault(d, []).append(Holiday(name, hcite, verified))
            observance = "none" if h.get("observed") is False else h.get("observance", default_obs)
            shifted = _observed(d, observance)
            if shifted is None or not take_observed:
                continue
            day, why = shifted
            if obs_optional:
                why += ", assumed observed by this body"
            ov = verified if observance == "sunday_to_monday" else spec["observance_verified"]
            obs_cite = spec.get("observance_citation", hcite)
            found.setdefault(day, []).append(
                Holiday(f"{h['name']} (observed: {why})", obs_cite, min(ov, verified))
            )
    return MappingProxyType(
        {
            # min() of "yes" > "partial" > "no" (alphabetical) is the least verified of the merged rules.
            d: hs[0]
            if len(hs) == 1
            else Holiday(
                "; ".join(h.name for h in hs),
                "; ".join(dict.fromkeys(h.citation for h in hs)),
                min(h.verified for h in hs),
            )
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


def _optional_notes(spec: Mapping[str, Any], optional: tuple[str, ...], wanted: frozenset[str]) -> list[str]:
    """The trace sentences that say which optional holidays were assumed observed and which were not."""
    if not optional and not spec.get("not_computed"):
        return []

    def show(o: str) -> str:
        return f"{o} (the Friday before or Monday after a weekend holiday)" if o == WEEKEND_OBSERVANCE else o

    assumed = [show(o) for o in optional if o.lower() in wanted]
    not_assumed = [show(o) for o in optional if o.lower() not in wanted]
    cite = spec.get("optional_citation", spec["citation"])
    out = []
    if assumed:
        out.append(f"Assumed observed by this body ({cite}): {', '.join(assumed)}.")
    if not_assumed:
        out.append(
            f"Not assumed (business days unless this body observes them, {cite}): {', '.join(not_assumed)}."
        )
    if spec.get("not_computed"):
        out.append(str(spec["not_computed"]).strip())
    return out


class BusinessCalendar:
    """Business days of one jurisdiction, optionally with an agency's own closure days (date -> reason) and
    the optional holidays it observes (names from the calendar's data, e.g. "Good Friday")."""

    def __init__(
        self,
        jurisdiction: str,
        closures: Mapping[date, str] = _EMPTY,
        observes: Iterable[str] = (),
    ):
        law = get_law(jurisdiction)
        self.jurisdiction = law.jurisdiction
        self.source = law.holidays
        wanted = frozenset(o.strip().lower() for o in observes if o.strip())
        if self.source.calendar == "python-holidays":
            subdiv = self.source.subdiv or law.jurisdiction
            self.title = f"python-holidays US-{subdiv} (unverified)"
            self._year_fn = lambda y: package_holidays(subdiv, y)
            optional: tuple[str, ...] = ()
            notes: list[str] = []
        else:
            spec = holiday_calendar_spec(self.source.calendar)
            self.title = f"{spec['title']}, {spec['citation']}"
            name = self.source.calendar
            optional = optional_names(name)
            self._year_fn = lambda y: rule_holidays(name, y, wanted)
            notes = _optional_notes(spec, optional, wanted)
        unknown = sorted(wanted - {o.lower() for o in optional})
        if unknown:
            raise UsageError(
                f"{law.jurisdiction} has no optional holiday named {', '.join(map(repr, unknown))}",
                hint=f"optional holidays: {', '.join(optional)}" if optional else "it has none",
            )
        self.observes = wanted
        self.holidays_line = " ".join([f"Holidays: {self.title}.", *notes])
        self.closures: Mapping[date, str] = MappingProxyType(dict(closures))
        self._years: dict[int, Mapping[date, Holiday]] = {}
        self._memo: dict[tuple[date, int], tuple[date, tuple[str, ...], tuple[Holiday, ...]]] = {}
        # periods.run_period's memo: (start, days, day_type) -> (due, lines, warnings, used_calendar);
        # the law's roll-forward rule is fixed per jurisdiction, and so per calendar.
        self.period_memo: dict[tuple[date, int, str], tuple] = {}
        self._running: dict[int, tuple[int, list[int]]] = {}  # each year's running count (_year)

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
        """Business days d with a < d <= b (0 when b <= a), from each year's running count, made once:
        a few look-ups however far apart (a scorecard measures every answered request)."""
        if b <= a:
            return 0
        whole = sum(self._year(y)[1][-1] for y in range(a.year, b.year)) if b.year > a.year else 0
        (b_jan1, b_run), (a_jan1, a_run) = self._year(b.year), self._year(a.year)
        return whole + b_run[b.toordinal() - b_jan1] - a_run[a.toordinal() - a_jan1]

    def _year(self, year: int) -> tuple[int, list[int]]:
        """(1 January's ordinal, running[i]: business days from 1 January through the (i + 1)th day)."""
        found = self._running.get(year)
        if found is None:
            jan1 = date(year, 1, 1)
            days = map(self.is_business_day, (jan1 + timedelta(n) for n in range(365 + _cal.isleap(year))))
            found = self._running[year] = (jan1.toordinal(), list(accumulate(days)))
        return found

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


def business_calendar(
    jurisdiction: str, closures: Mapping[date, str] = _EMPTY, observes: Iterable[str] = ()
) -> BusinessCalendar:
    """The business calendar of a jurisdiction; without closures or observed optional holidays one shared
    (memoised) instance per jurisdiction.

    Args:
        jurisdiction: USPS code or US.
        closures: the agency's own closure days (date -> reason).
        observes: optional holidays the body observes (Texas: "Good Friday", "weekend observance").

    Raises:
        UsageError: unknown jurisdiction, or an optional holiday the jurisdiction's calendar does not have.
    """
    observes = tuple(observes)
    if not closures and not observes:
        return _shared_calendar(jurisdiction.strip().upper())
    return BusinessCalendar(jurisdiction, closures, observes)
