"""Issue 10, fourth batch (law-d): Washington's review counted from the denial, what silence means in Louisiana,
Tennessee and Virginia, Maryland's ten-working-day notice and consent extension, South Carolina's periods in
words. Every date is worked out by hand from the statute (the working is in the comment beside it)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from foilbot.domain.deadlines import Occurrence, Schedule, compute_schedule
from foilbot.domain.laws import get_law

D = date
O = Occurrence  # noqa: E741


def sent(on: date) -> Occurrence:
    return O("sent", on, received=on)


def only(s: Schedule, kind: str, *, conditional: bool = False):
    found = [d for d in s.deadlines if d.kind == kind and d.conditional is conditional]
    assert len(found) == 1, [(d.kind, d.conditional) for d in s.deadlines]
    return found[0]


def text(s: Schedule, kind: str) -> str:
    return "\n".join(only(s, kind).explanation)


# ---------------------------------------------------------------- Washington, RCW 42.56.520
# The review "shall be deemed completed at the end of the second business day following the denial of
# inspection": two business days from the denial, whenever the appeal was received. Holidays of RCW 1.16.050(1).
@pytest.mark.parametrize(
    ("denied", "appeal_received", "expected"),
    [
        # Denied Fri 2026-05-22: Sat 23, Sun 24, Mon 25 Memorial Day skipped; Tue 26 (1), Wed 27 (2). Counted from
        # the appeal's receipt on Tue 05-26 it would be Thu 05-28 (the old, wrong answer).
        (D(2026, 5, 22), D(2026, 5, 26), D(2026, 5, 27)),
        # Denied Wed 2026-11-25: Thu 26 Thanksgiving, Fri 27 Native American Heritage Day, Sat 28, Sun 29 skipped;
        # Mon 30 (1), Tue 12-01 (2). From the appeal's receipt on Mon 11-30 it would be Wed 12-02.
        (D(2026, 11, 25), D(2026, 11, 30), D(2026, 12, 1)),
        # Denied Thu 2027-07-01, appealed the same day: Fri 02 (1), Sat 3, Sun 4, Mon 5 (Independence Day observed,
        # July 4 on a Sunday) skipped, Tue 06 (2).
        (D(2027, 7, 1), D(2027, 7, 1), D(2027, 7, 6)),
    ],
)
def test_washington_review_is_deemed_completed_two_business_days_after_the_denial(
    denied: date, appeal_received: date, expected: date
) -> None:
    s = compute_schedule(
        "WA",
        [
            sent(denied - timedelta(days=7)),
            O("denied", denied),
            O("appealed", denied, received=appeal_received),
        ],
        mail_days=3,
    )
    review = only(s, "appeal_determination")
    assert review.due == expected
    assert review.citation == "RCW 42.56.520"
    lines = "\n".join(review.explanation)
    assert "counts the review from the denial, not from the receipt of the appeal" in lines
    assert "deemed completed" in lines


def test_washington_review_without_a_recorded_denial_is_not_computed() -> None:
    s = compute_schedule("WA", [sent(D(2026, 4, 13)), O("appealed", D(2026, 4, 20))], mail_days=3)
    assert not [d for d in s.deadlines if d.kind == "appeal_determination"]
    assert any("runs from the denial, and no denial is recorded" in w for w in s.warnings)


def test_washington_review_met_by_the_decision() -> None:
    s = compute_schedule(
        "WA",
        [
            sent(D(2026, 4, 13)),
            O("denied", D(2026, 4, 16)),
            O("appealed", D(2026, 4, 17)),
            O("appeal-denied", D(2026, 4, 20)),
        ],
        mail_days=3,
    )
    # Thu 04-16: Fri 17 (1), Mon 20 (2)
    review = only(s, "appeal_determination")
    assert (review.due, review.met) == (D(2026, 4, 20), D(2026, 4, 20))


# ---------------------------------------------------------------- silence
@pytest.mark.parametrize(
    ("received", "determination", "silence"),
    [
        # R.S. 44:33(B)(1) three days and R.S. 44:35(A) five days, both "exclusive of Saturdays, Sundays, and legal
        # public holidays" (R.S. 1:55(A)(1)). Thu 2027-02-04: Fri 5 (1), Mon 8 (2), Tue 9 Mardi Gras skipped,
        # Wed 10 (3) = the determination; Thu 11 (4), Fri 12 (5) = silence is a denial.
        (D(2027, 2, 4), D(2027, 2, 10), D(2027, 2, 12)),
        # Tue 2026-03-31: Wed 4/1 (1), Thu 4/2 (2), Fri 4/3 Good Friday skipped, Mon 4/6 (3); Tue 4/7 (4), Wed 4/8 (5).
        (D(2026, 3, 31), D(2026, 4, 6), D(2026, 4, 8)),
    ],
)
def test_louisiana_silence_is_a_denial_after_five_days_from_the_request(
    received: date, determination: date, silence: date
) -> None:
    law = get_law("LA")
    assert law.silence == "denial" and law.silence_rule.citation == "La. R.S. 44:35(A)"
    assert law.silence_period is not None and (law.silence_period.days, law.silence_period.day_type) == (
        5,
        "business",
    )
    s = compute_schedule("LA", [sent(received)], mail_days=3)
    d = only(s, "determination")
    assert d.due == determination
    lines = "\n".join(d.explanation)
    assert "What silence means is not in the reference" not in lines
    day = f"{silence:%a} {silence.isoformat()}"
    assert f"with no written determination by the end of {day}, 5 business days after the request" in lines
    assert "The remedy is in court (La. R.S. 44:35(A))" in lines
    # no administrative appeal: no conditional appeal window follows
    assert not [x for x in s.deadlines if x.conditional]


def test_louisiana_silence_line_goes_once_the_agency_answers() -> None:
    s = compute_schedule("LA", [sent(D(2026, 3, 31)), O("records", D(2026, 4, 2))], mail_days=3)
    assert "Silence period" not in text(s, "determination")


@pytest.mark.parametrize(
    ("code", "received", "due", "cite", "court"),
    [
        # Tenn. Code Ann. § 10-7-503(a)(2)(B): seven business days. Mon 2026-04-13: 14-17 (4), 20, 21, 22 (7).
        (
            "TN",
            D(2026, 4, 13),
            D(2026, 4, 22),
            "Tenn. Code Ann. § 10-7-503(a)(3)",
            "The remedy is in court (Tenn. Code Ann. § 10-7-505(a), (b))",
        ),
        # Va. Code § 2.2-3704(B): five working days. Mon 2026-04-13: 14-17 (4), Mon 20 (5).
        (
            "VA",
            D(2026, 4, 13),
            D(2026, 4, 20),
            "Va. Code § 2.2-3704(E)",
            "The remedy is in court (Va. Code § 2.2-3713(A))",
        ),
    ],
)
def test_silence_is_a_denial_with_the_remedy_in_court(
    code: str, received: date, due: date, cite: str, court: str
) -> None:
    law = get_law(code)
    assert (law.silence, law.silence_rule.citation, law.silence_rule.verified) == ("denial", cite, "partial")
    assert law.appeal_filing is None and law.appeal_route.hearer == "court"
    s = compute_schedule(code, [sent(received)], mail_days=3)
    lines = text(s, "determination")
    assert only(s, "determination").due == due
    assert (
        f"If the agency stays silent past the due date the request may be treated as denied ({cite})."
        in lines
    )
    assert court in lines
    assert not [x for x in s.deadlines if x.conditional]


def test_no_jurisdiction_asked_about_keeps_an_unknown_silence() -> None:
    for code in ("LA", "TN", "VA"):
        assert get_law(code).silence != "unknown"


# ---------------------------------------------------------------- Maryland, Gen. Prov. § 4-203
def test_maryland_ten_working_day_notice_and_thirty_day_limit() -> None:
    # Received Mon 2026-04-13. § 4-203(b)(2): 10 working days: 14-17 (4), 20-24 (9), Mon 27 (10).
    # § 4-203(a)(1), (b)(1): 30 days: day 1 Tue 04-14, day 30 Wed 05-13.
    s = compute_schedule("MD", [sent(D(2026, 4, 13))], mail_days=3)
    notice = only(s, "delay_notice")
    assert notice.due == D(2026, 4, 27)
    assert notice.citation == "Md. Code, Gen. Prov. § 4-203(b)(2)" and notice.verified != "no"
    assert "a range of fees and the reason for the delay" in "\n".join(notice.explanation)
    assert only(s, "determination").due == D(2026, 5, 13)
    # the checkpoint comes first: it is the current deadline until it passes
    assert s.current is not None and s.current.kind == "delay_notice"


def test_maryland_notice_met_by_an_acknowledgment_with_the_time_needed() -> None:
    s = compute_schedule("MD", [sent(D(2026, 4, 13)), O("acknowledged", D(2026, 4, 22))], mail_days=3)
    assert only(s, "delay_notice").met == D(2026, 4, 22)


def test_maryland_consent_extension_adds_up_to_thirty_days() -> None:
    # § 4-203(d) (read as COMAR 15.01.04.07(D) repeats it): with consent, up to 30 more days after the 30-day limit
    # Wed 05-13: May 14 is day 1, May 31 day 18, Jun 12 day 30.
    s = compute_schedule("MD", [sent(D(2026, 4, 13)), O("extended", D(2026, 5, 1))], mail_days=3)
    ext = only(s, "extended_determination")
    assert ext.due == D(2026, 6, 12)
    assert ext.citation == "Md. Code, Gen. Prov. § 4-203(d)" and ext.verified == "partial"
    # an agency date beyond the 30 days is flagged and capped
    s = compute_schedule(
        "MD", [sent(D(2026, 4, 13)), O("extended", D(2026, 5, 1), until=D(2026, 7, 1))], mail_days=3
    )
    ext = only(s, "extended_determination")
    assert ext.due == D(2026, 6, 12) and ext.flags


def test_maryland_deemed_denial_still_counts_from_the_thirty_days() -> None:
    # the checkpoint is emitted first, so the response period stays the last agency deadline
    s = compute_schedule("MD", [sent(D(2026, 4, 13))], mail_days=3)
    agency = [d for d in s.deadlines if d.party == "agency"]
    assert agency[-1].kind == "determination"


# ---------------------------------------------------------------- South Carolina, § 30-4-30(C)-(D)
def test_south_carolina_periods_in_words() -> None:
    law = get_law("SC")
    # the computed period stays the 10 business days; the rest is stated where the user sees it
    assert (law.response.days, law.response.day_type) == (10, "business")
    assert "20 for records more than 24 months old" in law.response_text
    assert "30 calendar days of the determination" in law.response_text
    assert "(35 for records more than 24 months old)" in law.response_text
    assert law.extension is None and law.extension_rule.verified == "partial"
    assert "20 business days" in law.extension_rule.text
    # received Mon 2026-06-01: 06-02..06-05 (4), 06-08..06-12 (9), Mon 06-15 (10); no S.C. § 53-5-10 holiday then
    s = compute_schedule("SC", [sent(D(2026, 6, 1))], mail_days=3)
    assert only(s, "determination").due == D(2026, 6, 15)


def test_maryland_acknowledgment_is_not_a_grant_or_denial() -> None:
    """Md. Code, Gen. Prov. § 4-203(a)(1): grant or deny within 30 days of receipt. Received Mon 2026-06-01:
    day 30 is Wed 2026-07-01. An acknowledgment on 06-05 meets only the (b)(2) delay-notice checkpoint."""
    from datetime import date

    from foilbot.domain.deadlines import Occurrence, compute_schedule

    s = compute_schedule(
        "MD",
        [
            Occurrence("sent", date(2026, 6, 1), received=date(2026, 6, 1), via="email"),
            Occurrence("acknowledged", date(2026, 6, 5)),
        ],
        mail_days=3,
    )
    by_kind = {d.kind: d for d in s.deadlines}
    assert by_kind["determination"].due == date(2026, 7, 1)
    assert by_kind["determination"].met is None
    assert by_kind["delay_notice"].met == date(2026, 6, 5)
