"""The lifecycle derived from events, and the one-line refusals of events that make no sense."""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain.status import (
    FINISHED,
    LOGGABLE,
    STATUSES,
    Happened,
    check_details,
    check_event,
    derive_status,
    refusal,
)
from foilbot.errors import ValidationError

TODAY = date(2026, 11, 23)


def h(*events: tuple[str, str]) -> list[Happened]:
    """Events in logging order (seq = position), each (kind, ISO date)."""
    return [Happened(kind, date.fromisoformat(day), i + 1) for i, (kind, day) in enumerate(events)]


SENT = ("sent", "2026-02-09")


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ((), "draft"),
        ((("note", "2026-02-01"),), "draft"),
        ((("withdrawn", "2026-02-01"),), "withdrawn"),
        ((SENT,), "sent"),
        ((SENT, ("acknowledged", "2026-02-17")), "acknowledged"),
        ((SENT, ("acknowledged", "2026-02-17"), ("extended", "2026-03-10")), "extended"),
        ((SENT, ("tolled", "2026-02-20"), ("resumed", "2026-02-25")), "sent"),
        ((SENT, ("fee-estimate", "2026-02-20"), ("note", "2026-02-21")), "sent"),
        ((SENT, ("partial", "2026-03-01")), "partial"),
        ((SENT, ("partial", "2026-03-01"), ("records", "2026-04-01")), "done"),
        ((SENT, ("no-records", "2026-03-01")), "done"),
        ((SENT, ("denied", "2026-03-25")), "denied"),
        ((SENT, ("denied", "2026-03-25"), ("appealed", "2026-04-02")), "appealing"),
        (
            (SENT, ("denied", "2026-03-25"), ("appealed", "2026-04-02"), ("appeal-denied", "2026-04-30")),
            "appeal decided",
        ),
        (
            (SENT, ("denied", "2026-03-25"), ("appealed", "2026-04-02"), ("appeal-granted", "2026-04-30")),
            "appeal decided",
        ),
        (
            (SENT, ("appealed", "2026-04-02"), ("appeal-denied", "2026-04-30"), ("litigation", "2026-06-01")),
            "litigation",
        ),
        ((SENT, ("records", "2026-03-01"), ("closed", "2026-03-02")), "closed"),
        ((SENT, ("acknowledged", "2026-02-17"), ("withdrawn", "2026-03-01")), "withdrawn"),
        ((SENT, ("followup-drafted", "2026-03-20")), "sent"),
        # Logged out of order: the date decides, not the order of logging.
        ((SENT, ("appealed", "2026-04-02"), ("denied", "2026-03-25")), "appealing"),
        ((SENT, ("records", "2026-04-01"), ("acknowledged", "2026-02-17")), "done"),
        # Answers recorded for a request whose filing was removed do not make it anything but a draft.
        ((("acknowledged", "2026-02-17"),), "draft"),
    ],
)
def test_status_follows_from_the_events(events, expected) -> None:
    assert derive_status(h(*events)) == expected
    assert expected in STATUSES


def test_same_day_events_keep_their_logging_order() -> None:
    # Records and closure on the same day: closure logged last wins; the other way round, "done".
    assert derive_status(h(SENT, ("records", "2026-03-01"), ("closed", "2026-03-01"))) == "closed"
    assert derive_status(h(SENT, ("closed", "2026-03-01"), ("records", "2026-03-01"))) == "done"


def test_finished_statuses_leave_nothing_for_the_agency() -> None:
    assert {"done", "appeal decided", "closed", "withdrawn"} == FINISHED
    assert "litigation" not in FINISHED and "denied" not in FINISHED


def reason(history: list[Happened], kind: str, day: str, **kw) -> str | None:
    found = refusal(history, Happened(kind, date.fromisoformat(day), 1 << 62), today=TODAY, **kw)
    return None if found is None else found[0]


@pytest.mark.parametrize(
    ("history", "kind", "day", "expected"),
    [
        ((), "records", "2026-03-01", "the request has not been sent yet"),
        ((SENT,), "records", "2026-02-01", "that is before the request was sent (2026-02-09)"),
        ((SENT,), "acknowledged", "2026-11-24", "that date is after today (2026-11-23)"),
        ((SENT,), "frobbed", "2026-03-01", "unknown event; use one of: acknowledged, extended"),
        ((SENT,), "appealed", "2026-03-01", "there is no denial to appeal"),
        ((SENT,), "resumed", "2026-03-01", "the clock is not paused (no `tolled` event before it)"),
        (
            (SENT, ("tolled", "2026-02-20")),
            "tolled",
            "2026-02-23",
            "the clock is already paused since 2026-02-20",
        ),
        ((SENT,), "appeal-denied", "2026-03-01", "no appeal was filed before it"),
        ((SENT,), "sent", "2026-02-10", "the request was already sent on 2026-02-09"),
        ((SENT, ("closed", "2026-03-01")), "records", "2026-03-05", "the request was closed on 2026-03-01"),
        (
            (SENT, ("withdrawn", "2026-03-01")),
            "denied",
            "2026-03-05",
            "the request was withdrawn on 2026-03-01",
        ),
        (
            (SENT, ("records", "2026-03-05")),
            "closed",
            "2026-03-01",
            "the records event of 2026-03-05 comes after it",
        ),
        (
            (("acknowledged", "2026-02-17"),),
            "sent",
            "2026-02-20",
            "the acknowledged event of 2026-02-17 would be before it",
        ),
        # An appeal decision logged before the appeal it decides.
        (
            (SENT, ("denied", "2026-03-25"), ("appealed", "2026-04-02")),
            "appeal-denied",
            "2026-04-01",
            "no appeal was filed before it",
        ),
    ],
)
def test_events_that_make_no_sense_are_refused_with_a_reason(history, kind, day, expected) -> None:
    got = reason(h(*history), kind, day)
    assert got is not None and got.startswith(expected)
    with pytest.raises(ValidationError) as caught:
        check_event(h(*history), Happened(kind, date.fromisoformat(day), 1 << 62), today=TODAY)
    assert caught.value.message.startswith(f"cannot log {kind} on {day}: {expected}")
    assert "\n" not in caught.value.message


@pytest.mark.parametrize(
    ("history", "kind", "day"),
    [
        ((), "note", "2026-01-01"),
        ((), "withdrawn", "2026-01-01"),
        ((), "sent", "2026-02-09"),
        ((SENT,), "records", "2026-02-09"),  # answered the day it was sent
        ((SENT,), "acknowledged", "2026-11-23"),  # today itself is allowed
        ((SENT, ("denied", "2026-03-25")), "appealed", "2026-04-02"),
        ((SENT, ("partial", "2026-03-25")), "appealed", "2026-04-02"),  # a partial denial is appealable
        ((SENT, ("tolled", "2026-02-20")), "resumed", "2026-02-25"),
        ((SENT, ("tolled", "2026-02-20"), ("resumed", "2026-02-25")), "tolled", "2026-03-02"),
        ((SENT, ("closed", "2026-03-01")), "note", "2026-03-05"),
        ((SENT, ("records", "2026-03-05")), "acknowledged", "2026-02-17"),  # logged late, earlier date
        ((SENT, ("appealed", "2026-04-02")), "denied", "2026-03-25"),  # the denial logged after its appeal
    ],
)
def test_events_that_make_sense_pass(history, kind, day) -> None:
    assert reason(h(*history), kind, day) is None


def test_a_constructive_denial_opens_the_appeal_from_its_first_day() -> None:
    # Acknowledgment due Wed 2/18 and missed: the deemed denial is Thu 2/19 (N.Y. Pub. Off. Law § 89(4)(a)).
    denial = date(2026, 2, 19)
    assert reason(h(SENT), "appealed", "2026-02-18", constructive_denial=denial) is not None
    assert reason(h(SENT), "appealed", "2026-02-19", constructive_denial=denial) is None


def test_loggable_events_are_the_issues_list() -> None:
    assert LOGGABLE == (
        "acknowledged",
        "extended",
        "tolled",
        "resumed",
        "fee-estimate",
        "expedite-requested",
        "partial",
        "records",
        "no-records",
        "denied",
        "appealed",
        "appeal-granted",
        "appeal-denied",
        "litigation",
        "withdrawn",
        "closed",
        "note",
    )


@pytest.mark.parametrize(
    ("kind", "details", "message"),
    [
        (
            "denied",
            {"until": date(2026, 4, 1)},
            "--until does not apply to denied (only to extended --until)",
        ),
        ("records", {"exemptions": ["§ 87(2)(b)"]}, "--exemption does not apply to records"),
        (
            "acknowledged",
            {"estimate": date(2026, 3, 1)},
            "--estimate 2026-03-01 is before the acknowledged date",
        ),
        ("extended", {"until": date(2026, 3, 1)}, "--until 2026-03-01 is before the extended date"),
        ("appealed", {"received": date(2026, 11, 30)}, "--received 2026-11-30 is after today (2026-11-23)"),
        ("fee-estimate", {"amount": -5.0}, "--amount -5.0 is negative"),
    ],
)
def test_details_the_event_cannot_carry_are_refused(kind, details, message) -> None:
    with pytest.raises(ValidationError) as caught:
        check_details(kind, date(2026, 3, 10), details, today=TODAY)
    assert caught.value.message.startswith(message)


def test_details_that_fit_pass() -> None:
    day = date(2026, 3, 10)
    check_details("acknowledged", day, {"estimate": date(2026, 4, 7), "until": None}, today=TODAY)
    check_details("partial", day, {"exemptions": ["Public Officers Law § 87(2)(b)"]}, today=TODAY)
    check_details("fee-estimate", day, {"amount": 25.0, "exemptions": []}, today=TODAY)
    check_details("appealed", day, {"received": day}, today=TODAY)


def test_a_finished_request_cannot_be_withdrawn_again() -> None:
    closed = h(SENT, ("closed", "2026-03-01"))
    assert reason(closed, "withdrawn", "2026-03-05") == "the request was already closed on 2026-03-01"
    assert reason(h(SENT), "withdrawn", "2026-03-05") is None


@pytest.mark.parametrize("amount", [float("nan"), float("inf"), 1e400, -1.0, 2e9])
def test_absurd_fee_amounts_are_refused(amount: float) -> None:
    from foilbot.domain.status import check_details

    with pytest.raises(ValidationError, match="--amount"):
        check_details("fee-estimate", date(2026, 3, 1), {"amount": amount}, today=date(2026, 3, 2))
