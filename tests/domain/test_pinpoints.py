"""Pinpoint citations read in statute text (issue 10)."""

from __future__ import annotations

from datetime import date

from foilbot.domain.deadlines import Occurrence, compute_schedule
from foilbot.domain.laws import get_law


def test_louisiana_three_days_exclude_weekends_and_holidays() -> None:
    # La. R.S. 44:33(B)(1): "within three days, exclusive of Saturdays, Sundays, and legal public holidays".
    # Received Thu 2026-06-04: Fri 06-05 (1), Mon 06-08 (2), Tue 06-09 (3).
    s = compute_schedule("LA", [Occurrence("sent", date(2026, 6, 4), received=date(2026, 6, 4))], mail_days=3)
    first = s.deadlines[0]
    assert (first.due, first.citation) == (date(2026, 6, 9), "La. R.S. 44:33(B)(1)")
    # The rule is read; the date stays partial while Louisiana's holidays come from python-holidays.
    rule = get_law("LA").response
    assert rule is not None and rule.verified == "yes" and first.verified == "partial"


def test_pinpoints_in_the_data() -> None:
    us, dc = get_law("US"), get_law("DC")
    assert us.appeal_filing is not None
    assert us.appeal_filing.citation.startswith("5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)")
    assert dc.extension is not None and dc.extension.citation.startswith("D.C. Code § 2-532(d)")
