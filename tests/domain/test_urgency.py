"""Days left to act, and the order of urgency `overdue` lists deadlines in (issue 9)."""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain.urgency import closes_on, days_left, urgency

D = date


@pytest.mark.parametrize(
    ("due", "appeal_by", "as_of", "left"),
    [
        # Not yet due: the days to the due date (3/10 to 3/17 is 7 days); due today is 0.
        (D(2026, 3, 17), None, D(2026, 3, 10), 7),
        (D(2026, 3, 17), D(2026, 4, 17), D(2026, 3, 17), 0),
        # Past due with a constructive-denial window (N.Y. Pub. Off. Law § 89(4)(a)): the days to its
        # close, 3/18 to 4/17 is 13 + 17 = 30; on its last day 0; the day after, nothing left.
        (D(2026, 3, 17), D(2026, 4, 17), D(2026, 3, 18), 30),
        (D(2026, 3, 17), D(2026, 4, 17), D(2026, 4, 17), 0),
        (D(2026, 3, 17), D(2026, 4, 17), D(2026, 4, 18), None),
        # Past due, no window to count down (federal FOIA: 5 U.S.C. § 552(a)(6)(C)(i)).
        (D(2026, 3, 12), None, D(2026, 3, 13), None),
        # Across a year boundary: 12/31 to 1/2 is 2 days.
        (D(2026, 12, 1), D(2027, 1, 2), D(2026, 12, 31), 2),
    ],
)
def test_days_left(due, appeal_by, as_of, left) -> None:
    assert days_left(due, appeal_by, as_of) == left
    assert (closes_on(due, appeal_by, as_of) is None) == (left is None)


def test_the_window_closing_today_comes_first_then_the_nearest_then_the_most_overdue() -> None:
    as_of = D(2026, 3, 23)
    rows = {
        "closed, 70 late": (D(2026, 1, 12), D(2026, 2, 13)),
        "no window, 20 late": (D(2026, 3, 3), None),
        "closes in 10": (D(2026, 3, 2), D(2026, 4, 2)),
        "closes today": (D(2026, 2, 18), D(2026, 3, 23)),
        "closes in 3": (D(2026, 2, 23), D(2026, 3, 26)),
    }

    def key(name: str) -> tuple[int, int]:
        due, appeal_by = rows[name]
        return urgency(days_left(due, appeal_by, as_of), max(0, (as_of - due).days))

    ordered = sorted(rows, key=key)
    assert ordered == ["closes today", "closes in 3", "closes in 10", "closed, 70 late", "no window, 20 late"]
