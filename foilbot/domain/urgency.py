"""How urgent a deadline is: the days left to act on it, and the order `overdue` lists them in (issue 9).

An agency deadline that has passed leaves the requester one thing with a closing date: the appeal of
the constructive denial (N.Y. Pub. Off. Law § 89(4)(a): 30 days). Until the deadline passes, the days
left are the days to it; after, the days to the close of that appeal window; once the window has
closed too, or where the law gives none (federal FOIA: 5 U.S.C. § 552(a)(6)(C)(i), the requester may
go to court), nothing is left to count down and the most overdue comes first.
"""

from __future__ import annotations

from datetime import date


def closes_on(due: date, appeal_by: date | None, as_of: date) -> date | None:
    """The last day to act on a deadline as of `as_of`: `due` until it passes, then the close of the
    appeal window (`appeal_by`), else None (closed, or no window)."""
    if as_of <= due:
        return due
    if appeal_by is not None and as_of <= appeal_by:
        return appeal_by
    return None


def days_left(due: date, appeal_by: date | None, as_of: date) -> int | None:
    """Calendar days from `as_of` to `closes_on` (0: it closes today); None when nothing is open."""
    last = closes_on(due, appeal_by, as_of)
    return None if last is None else (last - as_of).days


def urgency(left: int | None, days_overdue: int) -> tuple[int, int]:
    """A sort key from `days_left` and the days overdue, most urgent first: the window closing today,
    then the nearest closing window, then the deadlines with no window left, the most overdue first."""
    return (1, -days_overdue) if left is None else (0, left)
