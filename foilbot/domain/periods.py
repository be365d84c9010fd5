"""Running one statutory period from a start date, with pauses and roll-forward, and the trace of how.

The day the period starts from is never counted. A business-day period ends on the Nth business day after it.
A calendar-day period ending on a weekend or holiday runs to the next business day only where the law says so
(New York: Gen. Constr. Law § 25-a); where the reference is silent the date is not moved and the trace
says so.
A pause (tolling) stops the clock: business days d with paused_from < d <= resumed are not counted, and the
clock resumes with the days that were left.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from foilbot.domain.calendar import BusinessCalendar, fmt
from foilbot.domain.laws import Law

VERIFIED_WORDS = {"yes": "verified", "partial": "partially verified", "no": "NOT verified"}


@dataclass(frozen=True)
class Pause:
    start: date  # the day the clock stopped (counted, if it is a business day, as a day used)
    end: date | None  # the day the requester answered; None = still paused
    reason: str = "waiting on the requester"


@dataclass
class Run:
    """The outcome of one period: due date (None while paused), trace lines and what the trace rests on."""

    due: date | None
    lines: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)  # warnings about unverified holidays / roll-forward
    pauses_applied: int = 0
    used_calendar: bool = False  # business days were counted or a weekend/holiday end was checked
    # A calendar-day count's last day before any roll-forward moved it (an extension of the period adds to
    # this day, not to the day it was moved to: Cal. Gov. Code § 7922.535(b) caps the 10 days plus 14).
    counted_to: date | None = None


def _holiday_warnings(cal: BusinessCalendar, skipped: Sequence) -> list[str]:
    out = []
    for h in skipped:
        if h.verified != "yes":
            out.append(f"{h.name} was treated as a holiday ({h.citation}; {VERIFIED_WORDS[h.verified]}).")
    return out


def run_business(cal: BusinessCalendar, start: date, n: int, pauses: Sequence[Pause] = ()) -> Run:
    """The Nth business day after `start`, moved by the pauses that begin on or before the running due
    date."""
    run = Run(due=None, used_calendar=True)
    cursor, remaining = start, n
    for p in sorted(pauses, key=lambda p: p.start):
        if p.start < cursor:
            continue
        due_now = cal.count(cursor, remaining)[0] if remaining else cursor
        if p.start > due_now:
            run.lines.append(f"Pause from {fmt(p.start)} began after the due date {fmt(due_now)}: no effect.")
            continue
        used = cal.business_days_between(cursor, p.start)
        if used:
            _, seg, skipped = cal.count(cursor, used)
            run.lines.extend(seg)
            run.unverified.extend(_holiday_warnings(cal, skipped))
        remaining -= used
        run.pauses_applied += 1
        if p.end is None:
            run.lines.append(
                f"Clock paused on {fmt(p.start)} ({p.reason}) and not resumed: {remaining} of {n} "
                f"business days "
                "are left and start again when the requester answers."
            )
            return run
        stopped = cal.business_days_between(p.start, p.end)
        run.lines.append(
            f"Clock paused {fmt(p.start)} to {fmt(p.end)} ({p.reason}): {stopped} business day(s) not "
            f"counted; "
            f"{remaining} of {n} business days left when it resumes."
        )
        cursor = p.end
    if remaining == 0:
        run.due = cal.next_business_day(cursor)
        run.lines.append(f"No business days left: due when the clock resumes, {fmt(run.due)}.")
        return run
    due, seg, skipped = cal.count(cursor, remaining)
    run.lines.extend(seg)
    run.unverified.extend(_holiday_warnings(cal, skipped))
    run.due = due
    return run


def run_calendar(cal: BusinessCalendar, law: Law, start: date, n: int, pauses: Sequence[Pause] = ()) -> Run:
    """`n` calendar days after `start` (plus paused days), rolled forward where the law says so."""
    run = Run(due=None)
    end = start + timedelta(days=n)
    run.lines.append(
        f"Counting {n} calendar days: day 1 is {fmt(start + timedelta(days=1))}, day {n} is {fmt(end)}."
    )
    for p in sorted(pauses, key=lambda p: p.start):
        if p.start < start:
            continue
        if p.start > end:
            run.lines.append(f"Pause from {fmt(p.start)} began after the due date {fmt(end)}: no effect.")
            continue
        run.pauses_applied += 1
        if p.end is None:
            left = (end - p.start).days
            run.lines.append(
                f"Clock paused on {fmt(p.start)} ({p.reason}) and not resumed: {left} of {n} days are left."
            )
            return run
        stopped = (p.end - p.start).days
        end += timedelta(days=stopped)
        run.lines.append(
            f"Clock paused {fmt(p.start)} to {fmt(p.end)} ({p.reason}): {stopped} calendar day(s) added; "
            f"the period now ends {fmt(end)}."
        )
    run.counted_to = end
    rolled, passed = cal.next_legal_business_day(end)
    if rolled == end:
        run.due = end
        return run
    run.used_calendar = True
    if law.rolls_forward:
        rule = law.rolls_forward_rule
        what = (
            rule.text
            or "a period ending on a Saturday, Sunday or public holiday runs to the next business day"
        )
        on = law.rolls_forward_on
        if on == "sunday":
            moves, rolled = end.weekday() == 6, end + timedelta(days=1)
        elif on == "sunday_and_holidays":
            moves, rolled = (
                end.weekday() == 6 or cal.holiday(end) is not None,
                _next_not_sunday_or_holiday(cal, end),
            )
        else:
            moves = on == "weekend_and_holidays" or end.weekday() == 6 or cal.holiday(end) is not None
        if not moves:
            run.lines.append(
                f"{fmt(end)} is not a business day ({'; '.join(passed)}), but under {rule.citation} "
                f"{what}; {fmt(end)} is not such a day, so the date is not moved."
            )
            run.due = end
            return run
        run.lines.append(
            f"{fmt(end)} is not a business day ({'; '.join(passed)}); under {rule.citation} {what}: "
            f"{fmt(rolled)}."
        )
        if law.holidays.verified != "yes":
            run.unverified.append(f"Roll-forward used the {cal.title} holiday calendar.")
        if rule.verified != "yes":
            run.unverified.append(
                f"The roll-forward rule {rule.citation} is {VERIFIED_WORDS[rule.verified]}: "
                f"{fmt(end)} was moved to {fmt(rolled)}."
            )
        run.due = rolled
        return run
    if law.rolls_forward_known:
        run.lines.append(f"{fmt(end)} is not a business day; {law.short_name} does not move it.")
    else:
        run.lines.append(
            f"{fmt(end)} is not a business day ({'; '.join(passed)}); the reference does not say whether "
            f"this "
            f"period runs to the next business day, so the date is not moved (the next business day is "
            f"{fmt(rolled)})."
        )
        run.unverified.append(
            f"Whether a {law.short_name} period ending on a weekend or holiday runs to the next business "
            f"day is "
            f"not in the reference: {fmt(end)} was kept, the next business day is {fmt(rolled)}."
        )
    run.due = end
    return run


def run_period(
    cal: BusinessCalendar, law: Law, start: date, days: int, day_type: str, pauses: Sequence[Pause] = ()
) -> Run:
    """Run one period; without pauses the result is memoised on the calendar (it depends on nothing else)."""
    if pauses:
        return (
            run_business(cal, start, days, pauses)
            if day_type == "business"
            else run_calendar(cal, law, start, days, pauses)
        )
    key = (start, days, day_type)
    hit = cal.period_memo.get(key)
    if hit is None:
        run = (
            run_business(cal, start, days) if day_type == "business" else run_calendar(cal, law, start, days)
        )
        hit = cal.period_memo[key] = (
            run.due,
            tuple(run.lines),
            tuple(run.unverified),
            run.used_calendar,
            run.counted_to,
        )
    return Run(hit[0], list(hit[1]), list(hit[2]), 0, hit[3], hit[4])


def _next_not_sunday_or_holiday(cal: BusinessCalendar, day: date) -> date:
    """The next day after `day` that is neither a Sunday nor a legal holiday; a Saturday counts (Ohio Rev.
    Code § 1.14: "the next succeeding day that is not Sunday or a legal holiday")."""
    nxt = day + timedelta(days=1)
    while nxt.weekday() == 6 or cal.holiday(nxt) is not None:
        nxt += timedelta(days=1)
    return nxt
