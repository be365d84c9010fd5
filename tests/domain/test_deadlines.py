"""Deadline chains against dates worked out by hand from the statutes (never from the engine)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from foilbot.domain.deadlines import Occurrence, Schedule, compute_schedule
from foilbot.domain.receipt import estimate_receipt
from foilbot.errors import UsageError

D = date
O = Occurrence  # noqa: E741


def sent(on: date, received: date | None = None, via: str | None = None) -> Occurrence:
    return O("sent", on, received=received, via=via)


def due(s: Schedule, kind: str, *, conditional: bool = False) -> date:
    found = [d for d in s.deadlines if d.kind == kind and d.conditional is conditional]
    assert len(found) == 1, [(d.kind, d.conditional) for d in s.deadlines]
    return found[0].due


def kinds(s: Schedule) -> list[str]:
    return [d.kind + ("?" if d.conditional else "") for d in s.deadlines]


# ---------------------------------------------------------------- New York
def test_ny_acknowledgment_and_constructive_denial() -> None:
    s = compute_schedule("NY", [sent(D(2026, 11, 20), D(2026, 11, 20))], mail_days=3)
    # Fri 11-20: Mon 23 (1), Tue 24 (2), Wed 25 (3), Thu 26 Thanksgiving, Fri 27 (4), Mon 30 (5)
    assert due(s, "acknowledgment") == D(2026, 11, 30)
    # silence = denial: deemed denied Tue 12-01 (day after); + 30 days = Thu 12-31, a business day
    assert due(s, "appeal_filing", conditional=True) == D(2026, 12, 31)
    assert kinds(s) == ["acknowledgment", "appeal_filing?"]
    assert s.current is not None and s.current.kind == "acknowledgment"
    assert s.warnings == ()  # everything used is verified
    assert any("§ 89(4)(a)" in line for line in s.current.explanation)


@pytest.mark.parametrize(
    ("estimate", "expected", "flagged"),
    [
        # no approximate date: 20 BD after Wed 11-25: Fri 27 (1), Nov 30-Dec 4 (2-6), Dec 7-11 (7-11),
        # Dec 14-18 (12-16), Mon 21 (17), Tue 22 (18), Wed 23 (19), Thu 24 (20)
        (None, D(2026, 12, 24), False),
        (D(2026, 12, 15), D(2026, 12, 15), False),  # within 20 BD: due on the date given
        (D(2026, 12, 24), D(2026, 12, 24), False),  # exactly 20 BD: not flagged
        (D(2026, 12, 28), D(2026, 12, 28), True),  # past Thu 12-24: flagged (written reason, date certain)
    ],
)
def test_ny_determination_after_acknowledgment(estimate: date | None, expected: date, flagged: bool) -> None:
    s = compute_schedule(
        "NY",
        [sent(D(2026, 11, 20), D(2026, 11, 20)), O("acknowledged", D(2026, 11, 25), until=estimate)],
        mail_days=3,
    )
    det = next(d for d in s.deadlines if d.kind == "determination")
    assert det.due == expected
    assert bool(det.flags) is flagged
    ack = next(d for d in s.deadlines if d.kind == "acknowledgment")
    assert ack.met == D(2026, 11, 25)
    # A date past the 20th business day leaves that day as a § 89(3)(a) checkpoint, which governs first.
    checkpoint = [d for d in s.deadlines if d.kind == "reasons_date_certain"]
    assert [d.due for d in checkpoint] == ([D(2026, 12, 24)] if flagged else [])
    assert s.current is (checkpoint[0] if flagged else det)


def test_ny_conditional_appeal_after_missed_determination_rolls_forward() -> None:
    s = compute_schedule(
        "NY", [sent(D(2026, 11, 20), D(2026, 11, 20)), O("acknowledged", D(2026, 11, 25))], mail_days=3
    )
    # determination due Thu 12-24; deemed denied Fri 12-25; +30 = Sun 2027-01-24 -> § 25-a Mon 01-25
    assert due(s, "appeal_filing", conditional=True) == D(2027, 1, 25)


@pytest.mark.parametrize(
    ("denied", "expected"),
    [
        (D(2026, 12, 14), D(2027, 1, 13)),  # +30 = Wed 2027-01-13
        (D(2026, 11, 25), D(2026, 12, 28)),  # +30 = Fri 12-25 Christmas; Sat, Sun -> Mon 12-28 (§ 25-a)
        (D(2026, 12, 3), D(2027, 1, 4)),  # +30 = Sat 2027-01-02 -> Mon 01-04
        (D(2027, 6, 5), D(2027, 7, 6)),  # +30 = Mon 07-05 (Sunday holiday moved, § 24) -> Tue 07-06
    ],
)
def test_ny_appeal_window_30_days_rolled_under_25a(denied: date, expected: date) -> None:
    s = compute_schedule("NY", [sent(D(2026, 11, 20), D(2026, 11, 20)), O("denied", denied)], mail_days=3)
    assert due(s, "appeal_filing") == expected
    filing = next(d for d in s.deadlines if d.kind == "appeal_filing")
    assert filing.party == "requester" and not filing.conditional


@pytest.mark.parametrize(
    ("appeal_received", "expected"),
    [
        # Mon 01-25: Jan 26-29 (4), Feb 1-5 (9), Mon Feb 8 (10)
        (D(2027, 1, 25), D(2027, 2, 8)),
        # Fri 02-05: Mon 8 .. Thu 11 (4), Fri 12 Lincoln's Birthday, Mon 15 Washington's Birthday,
        # Tue 16 .. Fri 19 (8), Mon 22 (9), Tue 23 (10)
        (D(2027, 2, 5), D(2027, 2, 23)),
    ],
)
def test_ny_appeal_determination_10_business_days(appeal_received: date, expected: date) -> None:
    s = compute_schedule(
        "NY",
        [
            sent(D(2026, 11, 20), D(2026, 11, 20)),
            O("denied", D(2027, 1, 20)),
            O("appealed", D(2027, 1, 22), received=appeal_received),
        ],
        mail_days=3,
    )
    assert due(s, "appeal_determination") == expected
    assert s.current is not None and s.current.kind == "appeal_determination"
    assert next(d for d in s.deadlines if d.kind == "appeal_filing").met == D(2027, 1, 22)


def test_ny_date_certain_extension() -> None:
    s = compute_schedule(
        "NY",
        [
            sent(D(2026, 11, 20), D(2026, 11, 20)),
            O("acknowledged", D(2026, 11, 25)),
            O("extended", D(2026, 12, 20), until=D(2027, 2, 1)),
        ],
        mail_days=3,
    )
    assert due(s, "extended_determination") == D(2027, 2, 1)
    assert next(d for d in s.deadlines if d.kind == "determination").met == D(2026, 12, 20)


def test_ny_appeal_before_denial_is_an_error() -> None:
    with pytest.raises(UsageError):
        compute_schedule(
            "NY",
            [
                sent(D(2026, 11, 20), D(2026, 11, 20)),
                O("denied", D(2026, 12, 1)),
                O("appealed", D(2026, 11, 30), received=D(2026, 11, 30)),
            ],
            mail_days=3,
        )


# ---------------------------------------------------------------- federal
def test_federal_determination_and_extension() -> None:
    s = compute_schedule("US", [sent(D(2026, 11, 20), D(2026, 11, 20))], mail_days=3)
    # Fri 11-20: Nov 23-25 (3), Thu 26 Thanksgiving, Fri 27 (4), Nov 30-Dec 4 (9), Dec 7-11 (14),
    # Dec 14-18 (19), Mon Dec 21 (20)
    assert due(s, "determination") == D(2026, 12, 21)
    assert kinds(s) == ["determination"]  # silence is exhaustion, not denial: no appeal window
    assert any("exhausted" in line for line in s.deadlines[0].explanation)
    s = compute_schedule(
        "US", [sent(D(2026, 11, 20), D(2026, 11, 20)), O("extended", D(2026, 12, 10))], mail_days=3
    )
    # + up to 10 WD after Mon 12-21: Dec 22, 23, 24 (3), Fri 25 Christmas, 28-31 (7), Fri Jan 1, Jan 4, 5, 6 (10)
    assert due(s, "extended_determination") == D(2027, 1, 6)
    assert s.current is not None and s.current.kind == "extended_determination"


@pytest.mark.parametrize(
    ("until", "expected", "flagged"),
    [(D(2026, 12, 30), D(2026, 12, 30), False), (D(2027, 1, 20), D(2027, 1, 6), True)],
)
def test_federal_extension_capped_at_10_working_days(until: date, expected: date, flagged: bool) -> None:
    s = compute_schedule(
        "US",
        [sent(D(2026, 11, 20), D(2026, 11, 20)), O("extended", D(2026, 12, 10), until=until)],
        mail_days=3,
    )
    ext = next(d for d in s.deadlines if d.kind == "extended_determination")
    assert (ext.due, bool(ext.flags)) == (expected, flagged)


def test_federal_tolling_resumes_with_the_days_left() -> None:
    hist = [sent(D(2026, 11, 20), D(2026, 11, 20)), O("tolled", D(2026, 12, 1)), O("resumed", D(2026, 12, 8))]
    s = compute_schedule("US", hist, mail_days=3)
    # used before the pause: Nov 23, 24, 25, 27, 30, Dec 1 = 6; paused Dec 2, 3, 4, 7, 8 (5 WD);
    # 14 left from Tue 12-08: Dec 9-11 (3), 14-18 (8), 21-24 (12), Fri 25 Christmas, Mon 28 (13), Tue 29 (14)
    assert due(s, "determination") == D(2026, 12, 29)
    assert any("paused" in line for line in s.deadlines[0].explanation)


def test_federal_pause_not_resumed_stops_the_clock() -> None:
    s = compute_schedule(
        "US", [sent(D(2026, 11, 20), D(2026, 11, 20)), O("tolled", D(2026, 12, 1))], mail_days=3
    )
    assert s.deadlines == () and s.current is None
    assert s.paused_since == D(2026, 12, 1)


def test_federal_second_tolling_is_warned() -> None:
    hist = [
        sent(D(2026, 11, 20), D(2026, 11, 20)),
        O("tolled", D(2026, 11, 24)),
        O("resumed", D(2026, 11, 25)),
        O("tolled", D(2026, 11, 30)),
        O("resumed", D(2026, 12, 1)),
    ]
    s = compute_schedule("US", hist, mail_days=3)
    assert any("only once" in w for w in s.warnings)


def test_federal_appeal_window_and_decision() -> None:
    hist = [
        sent(D(2026, 11, 20), D(2026, 11, 20)),
        O("denied", D(2026, 12, 1)),
        O("appealed", D(2027, 1, 2), received=D(2027, 1, 4)),
    ]
    s = compute_schedule("US", hist, mail_days=3)
    # +90 days after Tue 12-01: Dec 31 (30), Jan 31 (61), Feb 28 (89), Mon 2027-03-01 (90)
    assert due(s, "appeal_filing") == D(2027, 3, 1)
    # 20 WD after Mon 01-04: Jan 5-8 (4), 11-15 (9), Mon 18 MLK, 19-22 (13), 25-29 (18), Feb 1 (19), Feb 2 (20)
    assert due(s, "appeal_determination") == D(2027, 2, 2)
    assert next(d for d in s.deadlines if d.kind == "determination").met == D(2026, 12, 1)


def test_federal_appeal_window_ending_on_a_weekend_is_not_moved_and_warned() -> None:
    s = compute_schedule(
        "US", [sent(D(2026, 11, 20), D(2026, 11, 20)), O("denied", D(2026, 11, 23))], mail_days=3
    )
    # Mon 11-23 + 90: Nov 30 (7), Dec 31 (38), Jan 31 (69), Sun Feb 21 (90); reference silent on roll-forward
    assert due(s, "appeal_filing") == D(2027, 2, 21)
    assert any("next business day" in w for w in s.warnings)


def test_federal_expedite_decision_10_calendar_days() -> None:
    s = compute_schedule(
        "US", [sent(D(2026, 11, 20), D(2026, 11, 20)), O("expedite-requested", D(2026, 11, 20))], mail_days=3
    )
    assert due(s, "expedite_decision") == D(2026, 11, 30)  # Fri 11-20 + 10 = Mon 11-30


def test_federal_mail_receipt_across_the_year_boundary() -> None:
    s = compute_schedule("US", [sent(D(2027, 12, 20), via="mail")], mail_days=3)
    # mailed Mon 12-20: Tue 21, Wed 22, Thu 23 -> estimated receipt Thu 12-23
    assert s.received == D(2027, 12, 23) and s.received_estimated
    # Fri 24 observed, Dec 27-30 (4), Fri 31 observed New Year's 2028, Jan 3-7 (9), 10-14 (14), Mon 17 MLK,
    # 18-21 (18), Mon 24 (19), Tue 25 (20)
    assert due(s, "determination") == D(2028, 1, 25)
    assert s.deadlines[0].estimated
    assert any("estimated" in w for w in s.warnings)


# ---------------------------------------------------------------- receipt
@pytest.mark.parametrize(
    ("code", "sent_on", "via", "mail_days", "expected"),
    [
        ("NY", D(2026, 11, 20), "email", 3, D(2026, 11, 20)),  # business day: same day
        ("NY", D(2026, 11, 21), "portal", 3, D(2026, 11, 21)),  # Saturday: received that day (RECEIPT_RULE)
        ("NY", D(2026, 11, 25), "hand", 3, D(2026, 11, 25)),
        ("NY", D(2026, 11, 26), "fax", 3, D(2026, 11, 26)),  # Thanksgiving: received that day
        ("NY", D(2026, 11, 24), "mail", 3, D(2026, 11, 30)),  # Wed 25, Fri 27, Mon 30
        ("NY", D(2026, 11, 24), "mail", 5, D(2026, 12, 2)),  # ... Tue 12-01, Wed 12-02
        ("MI", D(2026, 4, 13), "email", 3, D(2026, 4, 14)),  # MCL 15.235: 1 business day after transmission
        ("TX", D(2026, 4, 13), "mail", 5, D(2026, 4, 16)),  # § 552.301(a-1): 3rd business day after postmark
    ],
)
def test_estimate_receipt(code: str, sent_on: date, via: str, mail_days: int, expected: date) -> None:
    got, trace = estimate_receipt(code, sent_on, via, mail_days=mail_days)
    assert got == expected
    assert "estimated" in trace[0]


def test_estimate_receipt_rejects_unknown_method() -> None:
    with pytest.raises(UsageError):
        estimate_receipt("NY", D(2026, 11, 20), "pigeon", mail_days=3)


# ---------------------------------------------------------------- other states (python-holidays, unverified)
# Received Mon 2026-04-13 unless noted; April-May 2026 holidays of these subdivisions were read from
# python-holidays: MA Patriots' Day Mon 04-20, DC Emancipation Day Thu 04-16, MS Confederate Memorial Day Mon 04-27.
@pytest.mark.parametrize(
    ("code", "kind", "history", "expected"),
    [
        ("CA", "determination", [], D(2026, 4, 23)),  # 10 calendar days
        ("CA", "extended_determination", [O("extended", D(2026, 4, 20))], D(2026, 5, 7)),  # 04-23 + 14
        ("IL", "determination", [], D(2026, 4, 20)),  # 14, 15, 16, 17, 20
        ("IL", "extended_determination", [O("extended", D(2026, 4, 15))], D(2026, 4, 27)),  # 21-24, 27
        (
            "PA",
            "extended_determination",
            [O("extended", D(2026, 4, 15))],
            D(2026, 5, 20),
        ),  # 04-20 + 30 calendar
        (
            "PA",
            "appeal_filing",
            [O("denied", D(2026, 4, 13))],
            D(2026, 5, 4),
        ),  # 15 BD: 14-17, 20-24, 27-5/1, 5/4
        ("MI", "extended_determination", [O("extended", D(2026, 4, 15))], D(2026, 5, 4)),  # 04-20 + 10 BD
        ("CT", "determination", [], D(2026, 4, 17)),  # 4 BD
        ("MA", "determination", [], D(2026, 4, 28)),  # 14-17 (4), Patriots' Day, 21-24 (8), 27, 28
        (
            "DC",
            "determination",
            [],
            D(2026, 5, 5),
        ),  # 14, 15, Emancipation Day, 17 (3), 20-24, 27-5/1, 5/4, 5/5
        ("VA", "extended_determination", [O("extended", D(2026, 4, 15))], D(2026, 4, 29)),  # 04-20 + 7 BD
        ("NM", "determination", [], D(2026, 4, 28)),  # 15 calendar days
        ("KS", "determination", [], D(2026, 4, 16)),  # 3 BD
        ("WA", "acknowledgment", [], D(2026, 4, 20)),  # 5 BD
        ("OR", "determination", [], D(2026, 5, 4)),  # 10 BD after the ack deadline 04-20: 21-24, 27-5/1, 5/4
        ("HI", "determination", [], D(2026, 4, 27)),  # 10 BD
        (
            "MS",
            "extended_determination",
            [O("extended", D(2026, 4, 15))],
            D(2026, 5, 4),
        ),  # 14 BD from receipt,
        #                                                  Confederate Memorial Day 04-27 skipped
        ("ND", "appeal_filing", [O("denied", D(2026, 4, 13))], D(2026, 5, 13)),  # 30 calendar days
    ],
)
def test_state_samples(code: str, kind: str, history: list[Occurrence], expected: date) -> None:
    s = compute_schedule(code, [sent(D(2026, 4, 13), D(2026, 4, 13)), *history], mail_days=3)
    assert due(s, kind) == expected


def test_illinois_deemed_denial_window_runs_from_the_due_date() -> None:
    s = compute_schedule("IL", [sent(D(2026, 4, 13), D(2026, 4, 13))], mail_days=3)
    # due Mon 04-20; 5 ILCS 140/9.5(a): 60 days after the due date: May 20 (30), Jun 19 (60)
    assert due(s, "appeal_filing", conditional=True) == D(2026, 6, 19)


def test_unverified_rules_are_warned() -> None:
    s = compute_schedule("TX", [sent(D(2026, 4, 13), D(2026, 4, 13))], mail_days=3)
    assert any("Texas business days" in w and "partially verified" in w for w in s.warnings)
    assert s.deadlines[0].verified == "partial"  # the rule is verified; the calendar only partially
    s = compute_schedule("PA", [sent(D(2026, 4, 13), D(2026, 4, 13))], mail_days=3)
    assert any("python-holidays" in w and "not checked" in w for w in s.warnings)


def test_california_period_ending_on_weekend_moves_to_monday() -> None:
    """Cal. Code Civ. Proc. § 12a: a last day on a Saturday (a § 12a holiday) runs to the next day that is not one."""
    s = compute_schedule("CA", [sent(D(2026, 11, 18), D(2026, 11, 18))], mail_days=3)
    # Wed 11-18 + 10 = Sat 11-28; Sun 11-29 is a holiday too (Gov't Code § 6700(a)(1)) -> Mon 11-30
    assert due(s, "determination") == D(2026, 11, 30)
    text = "\n".join(next(d for d in s.deadlines if d.kind == "determination").explanation)
    assert "Cal. Code Civ. Proc. § 12a" in text


@pytest.mark.parametrize(
    ("received", "due_10", "due_24"),
    [
        # Fri 01-09 + 10 = Mon 01-19 (Dr. King Day) -> Tue 01-20; the 14 days extend the 10: 01-09 + 24 = Mon 02-02
        # (it was 01-20 + 14 = 02-03, a day past the statute's cap).
        (D(2026, 1, 9), D(2026, 1, 20), D(2026, 2, 2)),
        # Tue 09-15 + 10 = Fri 09-25 (Native American Day) -> Mon 09-28; 09-15 + 24 = Fri 10-09 (not 10-12,
        # Columbus Day, no longer a judicial holiday).
        (D(2026, 9, 15), D(2026, 9, 28), D(2026, 10, 9)),
        # Mon 04-13 + 10 = Thu 04-23, a business day: the extension adds to it, 04-23 + 14 = Thu 05-07.
        (D(2026, 4, 13), D(2026, 4, 23), D(2026, 5, 7)),
    ],
)
def test_california_extension_lengthens_the_ten_days_not_the_rolled_date(
    received: date, due_10: date, due_24: date
) -> None:
    """Cal. Gov. Code § 7922.535(b): "No notice shall specify a date that would result in an extension for more
    than 14 days" of the 10-day limit: 24 days from receipt at most, moved by Code Civ. Proc. § 12a only at the end."""
    hist = [sent(received, received), O("extended", received + timedelta(days=5))]
    s = compute_schedule("CA", hist, mail_days=3)
    assert (due(s, "determination"), due(s, "extended_determination")) == (due_10, due_24)


def test_new_jersey_complaint_window_runs_to_the_next_business_day() -> None:
    """N.J.A.C. 5:105-2.1(a): a complaint period ending on a Saturday, Sunday or legal holiday runs to the next
    business day. Received Tue 2026-03-31: 7 business days Apr 1, 2, (Good Friday 04-03, N.J.S.A. 36:1-1), 6, 7,
    8, 9, 10 -> Fri 04-10; silence then, and 45 days from it end Mon 05-25, Memorial Day -> Tue 05-26."""
    s = compute_schedule("NJ", [sent(D(2026, 3, 31), D(2026, 3, 31))], mail_days=3)
    assert due(s, "determination") == D(2026, 4, 10)
    assert due(s, "appeal_filing", conditional=True) == D(2026, 5, 26)
    text = "\n".join(next(d for d in s.deadlines if d.kind == "appeal_filing").explanation)
    assert "N.J.A.C. 5:105-2.1(a)" in text


def test_no_fixed_period() -> None:
    s = compute_schedule("FL", [sent(D(2026, 4, 13), D(2026, 4, 13))], mail_days=3)
    assert s.deadlines == () and s.current is None
    assert any("no fixed response period" in w for w in s.warnings)


def test_withdrawn_request_has_nothing_pending() -> None:
    s = compute_schedule(
        "NY", [sent(D(2026, 11, 20), D(2026, 11, 20)), O("withdrawn", D(2026, 11, 23))], mail_days=3
    )
    assert s.current is None


def test_no_sent_event() -> None:
    s = compute_schedule("NY", [], mail_days=3)
    assert s.received is None and s.deadlines == ()


def test_event_before_sent_is_an_error() -> None:
    with pytest.raises(UsageError):
        compute_schedule(
            "NY", [sent(D(2026, 11, 20), D(2026, 11, 20)), O("denied", D(2026, 11, 1))], mail_days=3
        )


# ---------------------------------------------------------------- Alabama (Act 2024-278)
def test_alabama_clocks_since_act_2024_278() -> None:
    """Ala. Code § 36-12-44(a)(3)-(5), as read: acknowledge within 10 days; substantive response within 15
    business days of the acknowledgment; presumed denied after the earlier of 30 business or 60 calendar
    days from it."""
    s = compute_schedule("AL", [sent(D(2026, 4, 13), D(2026, 4, 13))], mail_days=3)
    # Mon 04-13 + 10 days = Thu 04-23
    assert due(s, "acknowledgment") == D(2026, 4, 23)
    s = compute_schedule(
        "AL", [sent(D(2026, 4, 13), D(2026, 4, 13)), O("acknowledged", D(2026, 4, 15))], mail_days=3
    )
    # from Wed 04-15: Apr 16, 17, 20-24 (7), Mon 27 Confederate Memorial Day (python-holidays, unverified)
    # skipped, Apr 28-30 (10), May 1 (11), May 4-7 (15)
    assert due(s, "determination") == D(2026, 5, 7)
    text = "\n".join(next(d for d in s.deadlines if d.kind == "determination").explanation)
    # 30 business days: ... May 8 (16), 11-15 (21), 18-22 (26), Mon 25 Memorial Day skipped, 26-29 (30);
    # 60 calendar days: Apr 30 is day 15, May 31 day 46, Sun Jun 14 day 60; the earlier is Fri 05-29
    assert "30 business days (Fri 2026-05-29) or 60 calendar days (Sun 2026-06-14)" in text
    assert text.endswith("from the acknowledgment: Fri 2026-05-29.")
    # a date named in the acknowledgment does not replace the statutory 15 business days
    s = compute_schedule(
        "AL",
        [sent(D(2026, 4, 13), D(2026, 4, 13)), O("acknowledged", D(2026, 4, 15), until=D(2026, 6, 1))],
        mail_days=3,
    )
    assert due(s, "determination") == D(2026, 5, 7)


def test_a_late_answer_is_said_to_be_late() -> None:
    """NY, received Fri 2026-06-12: acknowledgment due Mon 6/22; a denial on Thu 6/25 is 3 days late."""
    s = compute_schedule(
        "NY", [sent(D(2026, 6, 12), D(2026, 6, 12)), O("denied", D(2026, 6, 25))], mail_days=3
    )
    ack = next(d for d in s.deadlines if d.kind == "acknowledgment")
    assert ack.met == D(2026, 6, 25)
    assert "Answered late: denied on Thu 2026-06-25 is 3 day(s) after the due date." in ack.explanation
    assert not any(line.startswith("Met:") for line in ack.explanation)


@pytest.mark.parametrize("via", ["email", "portal", "fax", "hand"])
def test_weekend_receipt_is_one_rule_in_both_paths(via: str) -> None:
    # Issue 10: sent and received Sat 2026-06-27 (NY). Day 1 is Mon 06-29 either way: 06-29 (1), 06-30 (2),
    # 07-01 (3), 07-02 (4), Fri 07-03 (5; § 24 does not move the Saturday July 4th) - § 89(3)(a).
    recorded = compute_schedule("NY", [sent(D(2026, 6, 27), D(2026, 6, 27))], mail_days=3)
    estimated = compute_schedule("NY", [sent(D(2026, 6, 27), via=via)], mail_days=3)
    assert due(recorded, "acknowledgment") == due(estimated, "acknowledgment") == D(2026, 7, 3)
    assert estimated.received == D(2026, 6, 27) and estimated.received_estimated
    for s in (recorded, estimated):
        assert any("is received that day" in line for line in s.deadlines[0].explanation)
