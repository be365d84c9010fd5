"""Properties of business-day counting that must hold for any date (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from foilbot.domain.calendar import business_calendar
from foilbot.domain.deadlines import Occurrence, compute_schedule

DATES = st.dates(min_value=date(2021, 1, 1), max_value=date(2035, 12, 31))
CODES = st.sampled_from(["NY", "US", "IL", "MA", "DC", "TX"])
DAYS = st.integers(min_value=1, max_value=30)


@settings(max_examples=300, deadline=None)
@given(code=CODES, start=DATES, n=DAYS)
def test_business_deadline_never_on_weekend_or_holiday(code: str, start: date, n: int) -> None:
    cal = business_calendar(code)
    due, _ = cal.add_business_days(start, n)
    assert due.weekday() < 5
    assert cal.holiday(due) is None
    assert due > start


@settings(max_examples=300, deadline=None)
@given(code=CODES, a=DATES, b=DATES, n=DAYS)
def test_later_receipt_never_moves_the_deadline_earlier(code: str, a: date, b: date, n: int) -> None:
    early, late = min(a, b), max(a, b)
    cal = business_calendar(code)
    assert cal.add_business_days(early, n)[0] <= cal.add_business_days(late, n)[0]


@settings(max_examples=200, deadline=None)
@given(
    code=st.sampled_from(["NY", "US", "IL"]),
    received=DATES,
    offset=st.integers(0, 40),
    length=st.integers(0, 40),
)
def test_later_receipt_never_moves_the_schedule_earlier(
    code: str, received: date, offset: int, length: int
) -> None:
    from datetime import timedelta

    later = received + timedelta(days=offset)
    first = (
        compute_schedule(code, [Occurrence("sent", received, received=received)], mail_days=3)
        .deadlines[0]
        .due
    )
    second = compute_schedule(code, [Occurrence("sent", later, received=later)], mail_days=3).deadlines[0].due
    assert first <= second


@settings(max_examples=300, deadline=None)
@given(
    code=st.sampled_from(["NY", "US"]),
    received=DATES,
    pause_at=st.integers(0, 19),
    pause_len=st.integers(0, 30),
)
def test_pause_of_n_business_days_moves_the_deadline_by_n(
    code: str, received: date, pause_at: int, pause_len: int
) -> None:
    from datetime import timedelta

    n = 20 if code == "US" else 5
    pause_at %= n  # the pause starts strictly before the due date
    cal = business_calendar(code)
    start = received + timedelta(days=pause_at)
    end = start + timedelta(days=pause_len)
    paused = cal.business_days_between(start, end)
    kind = "determination" if code == "US" else "acknowledgment"
    hist = [
        Occurrence("sent", received, received=received),
        Occurrence("tolled", start),
        Occurrence("resumed", end),
    ]
    plain_due, _ = cal.add_business_days(received, n)
    if start >= plain_due:
        return
    got = next(d for d in compute_schedule(code, hist, mail_days=3).deadlines if d.kind == kind).due
    assert got == cal.add_business_days(received, n + paused)[0]
