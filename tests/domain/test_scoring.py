"""One definition of an answer and its timing for the agency report and the campaign scorecard.

Dates from the New York history in tests/cli/test_report.py (received Fri 2026-06-12; acknowledgment due
Mon 6/22 under N.Y. Pub. Off. Law § 89(3)(a); after an acknowledgment on 6/18 the determination is due
Fri 7/17, 20 business days later).
"""

from __future__ import annotations

from datetime import date

from foilbot.domain.scoring import AgencyDue, answer_due, answer_facts, timing

ACK = date(2026, 6, 22)
DET = date(2026, 7, 17)


def test_an_answer_without_acknowledgment_is_measured_against_the_first_deadline() -> None:
    # Denied Wed 7/1, never acknowledged: it met (late) the 5-day deadline, not some later one.
    rows = [AgencyDue("acknowledgment", ACK, date(2026, 7, 1))]
    assert answer_due(date(2026, 7, 1), rows) == ACK
    assert timing(date(2026, 7, 1), ACK) == "late"


def test_after_an_acknowledgment_the_determination_deadline_counts() -> None:
    rows = [
        AgencyDue("acknowledgment", ACK, date(2026, 6, 18)),
        AgencyDue("determination", DET, date(2026, 7, 10)),
    ]
    assert answer_due(date(2026, 7, 10), rows) == DET
    assert timing(date(2026, 7, 10), DET) == "on time"
    # An extension the agency gave in writing moves it.
    moved = [
        *rows[:1],
        AgencyDue("determination", DET, None),
        AgencyDue("extended_determination", date(2026, 8, 14), date(2026, 8, 3)),
    ]
    assert answer_due(date(2026, 8, 3), moved) == date(2026, 8, 14)


def test_a_conditional_deadline_is_never_the_measure_and_no_deadline_says_so() -> None:
    rows = [AgencyDue("determination", DET, date(2026, 9, 1), conditional=True)]
    assert answer_due(date(2026, 9, 1), rows) is None
    assert timing(date(2026, 9, 1), None) == "no deadline"
    assert timing(None, DET) == ""


def test_the_stored_facts_of_a_history() -> None:
    """Each first day is the earliest live event of its kind, in whatever order they come; the answer
    is measured against the schedule computed from the history, and its days are counted on that
    schedule's calendar (with the agency's closure days), from receipt."""
    from collections import namedtuple

    from foilbot.domain.deadlines import Occurrence, compute_schedule

    logged = [
        ("sent", date(2026, 6, 12)),
        ("partial", date(2026, 7, 24)),
        ("acknowledged", date(2026, 6, 18)),
        ("records", date(2026, 7, 10)),
        ("appealed", date(2026, 8, 3)),
    ]
    event = namedtuple("event", "kind day")
    history = [event(kind, day) for kind, day in logged]
    occurrences = [Occurrence(kind, day, received=day if kind == "sent" else None) for kind, day in logged]
    schedule = compute_schedule("NY", occurrences, mail_days=3)
    facts = answer_facts(history, schedule, date(2026, 6, 12))
    assert facts.acknowledged_on == date(2026, 6, 18)
    assert facts.answered_on == date(2026, 7, 10)  # records before the partial release
    assert facts.answered_on_time is True  # by the determination deadline of Fri 7/17 (DET)
    # (Fri 6/12, Fri 7/10]: 20 weekdays less Juneteenth (Fri 6/19); Sat 7/4 moves to no weekday under
    # N.Y. Gen. Constr. Law § 24 (only a Sunday holiday moves, to the Monday)
    assert facts.answer_days == 19
    assert facts.appealed_on == date(2026, 8, 3)
    closed = compute_schedule("NY", occurrences, closures={date(2026, 6, 15): "storm"}, mail_days=3)
    assert answer_facts(history, closed, date(2026, 6, 12)).answer_days == 18  # the closure day skipped

    denied = [("sent", date(2026, 6, 12)), ("denied", date(2026, 7, 1))]
    schedule = compute_schedule(
        "NY", [Occurrence(k, d, received=d if k == "sent" else None) for k, d in denied], mail_days=3
    )
    late = answer_facts([event(k, d) for k, d in denied], schedule, date(2026, 6, 12))
    assert (late.answered_on, late.answered_on_time, late.acknowledged_on) == (date(2026, 7, 1), False, None)
    assert late.answer_days == 12  # 6/15-18: 4, 6/22-26: 5, 6/29-7/1: 3 (tests/cli/test_report.py)
    schedule = compute_schedule("NY", occurrences[:1], mail_days=3)
    assert answer_facts(history[:1], schedule, date(2026, 6, 12)) == (None, None, None, None, None)
