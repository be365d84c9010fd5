"""The .ics export: right dates (worked out by hand), stable UIDs, SEQUENCE that grows, same data same bytes.

New York: N.Y. Pub. Off. Law § 89(3)(a) (acknowledge within 5 business days of receipt), § 89(4)(a)
(30 days to appeal a denial; silence past the due date is a constructive denial), Gen. Constr. Law § 24
holidays. Federal: 5 U.S.C. § 552(a)(6)(A)(i) (20 working days), 5 U.S.C. § 6103 holidays.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from tests.conftest import current_settings

LOCKPORT = "nces-3617670"
STARPOINT = "nces-3628050"
USED = "us-department-of-education"
TODAY = date(2026, 11, 1)  # the engine refuses events after "today"


def at(day: date, hour: int = 15) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)


@pytest.fixture
def session(directory):
    from foilbot.cli.common import database_url
    from foilbot.storage import session_scope

    with session_scope(database_url()) as s:
        yield s


def new(session, agency: str, campaign: str | None = None) -> int:
    from foilbot.services.requests import create_request

    return create_request(
        session, agency, topics=["retention-periods"], campaign=campaign, now=at(date(2026, 6, 10))
    ).id


def log(session, rid: int, kind: str, day: date, **data: Any) -> int:
    from foilbot.services.events import log_event

    return log_event(
        session, rid, kind, day, today=TODAY, data=data, now=at(day), settings=current_settings()
    ).event_id


def sent(session, rid: int, day: date, received: date | None = None) -> int:
    return log(session, rid, "sent", day, via="email", received=received)


def export(session, as_of: date, **filters: str) -> dict[str, Any]:
    from icalendar import Calendar

    from foilbot.services.calendar_export import entries, to_ics

    cal = Calendar.from_ical(to_ics(entries(session, as_of, current_settings(), **filters)))
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_new_york_request_acknowledgment_and_conditional_appeal_window(session) -> None:
    rid = new(session, LOCKPORT)
    sent(session, rid, date(2026, 6, 12), received=date(2026, 6, 12))
    events = export(session, date(2026, 6, 20))
    assert set(events) == {"FOIL-2026-0001-acknowledgment@foilbot", "FOIL-2026-0001-appeal_filing@foilbot"}

    # Received Fri 6/12 (not counted). Business days: Mon 6/15 (1), Tue 6/16 (2), Wed 6/17 (3),
    # Thu 6/18 (4), Fri 6/19 Juneteenth skipped (§ 24), Mon 6/22 (5): acknowledgment due 2026-06-22.
    ack = events["FOIL-2026-0001-acknowledgment@foilbot"]
    assert ack.decoded("DTSTART") == date(2026, 6, 22)
    assert ack.decoded("DTEND") == date(2026, 6, 23)  # exclusive: one all-day event
    assert str(ack["SUMMARY"]) == "FOIL-2026-0001 acknowledgment due — LOCKPORT CITY SCHOOL DISTRICT"
    description = str(ack["DESCRIPTION"])
    assert "Citation: N.Y. Pub. Off. Law § 89(3)(a) (verified)." in description
    assert "The agency's deadline." in description
    assert "Fri 2026-06-19 (Juneteenth" in description  # the trace, line by line
    assert "Business day 5 after Fri 2026-06-12 is Mon 2026-06-22." in description.splitlines()
    # One event logged: SEQUENCE 2 (two per change); stamps are the time of that change, not now.
    assert int(ack["SEQUENCE"]) == 2
    assert ack.decoded("DTSTAMP") == ack.decoded("LAST-MODIFIED") == at(date(2026, 6, 12))
    [alarm] = ack.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(days=2, hours=15)  # 9 am three days before
    assert str(alarm["ACTION"]) == "DISPLAY"

    # Silence past Mon 6/22 is a constructive denial on Tue 6/23; 30 days later: Thu 2026-07-23.
    appeal = events["FOIL-2026-0001-appeal_filing@foilbot"]
    assert appeal.decoded("DTSTART") == date(2026, 7, 23)
    assert str(appeal["SUMMARY"]) == (
        "If no response by 2026-06-22: file appeal by 2026-07-23 — FOIL-2026-0001 — LOCKPORT CITY SCHOOL DISTRICT"
    )
    assert "Your deadline (the requester's)." in str(appeal["DESCRIPTION"])
    assert appeal.walk("VALARM")[0].decoded("TRIGGER") == -timedelta(hours=15)  # 9 am the day before
    assert int(appeal["SEQUENCE"]) == 2

    # Made on 6/22 (the due day) nothing has changed; made on 6/23 the window is real: same UID, the
    # wording changes, so SEQUENCE rises (2 -> 3) and LAST-MODIFIED is the constructive-denial day.
    assert str(
        export(session, date(2026, 6, 22))["FOIL-2026-0001-appeal_filing@foilbot"]["SUMMARY"]
    ).startswith("If no response")
    later = export(session, date(2026, 6, 23))
    live = later["FOIL-2026-0001-appeal_filing@foilbot"]
    assert (
        str(live["SUMMARY"]) == "File appeal by 2026-07-23 — FOIL-2026-0001 — LOCKPORT CITY SCHOOL DISTRICT"
    )
    assert live.decoded("DTSTART") == date(2026, 7, 23)
    assert int(live["SEQUENCE"]) == 3
    assert live.decoded("LAST-MODIFIED") == datetime(2026, 6, 23, tzinfo=timezone.utc)
    assert int(later["FOIL-2026-0001-acknowledgment@foilbot"]["SEQUENCE"]) == 2  # unchanged


def test_same_data_gives_the_same_bytes(session) -> None:
    from foilbot.services.calendar_export import entries, to_ics

    for agency in (LOCKPORT, STARPOINT, USED):
        sent(session, new(session, agency), date(2026, 6, 12), received=date(2026, 6, 12))
    first = to_ics(entries(session, date(2026, 7, 1), settings=current_settings()))
    session.commit()
    again = to_ics(entries(session, date(2026, 7, 1), settings=current_settings()))
    assert first == again
    assert first.count(b"BEGIN:VEVENT") == 5  # 2 New York + 2 New York + 1 federal
    assert b"X-WR-CALNAME:foilbot deadlines" in first


def test_corrected_receipt_moves_the_event_under_the_same_uid(session) -> None:
    from foilbot.services.events import unlog_event

    rid = new(session, LOCKPORT)
    first_sent = sent(session, rid, date(2026, 6, 12), received=date(2026, 6, 12))
    before = export(session, date(2026, 6, 13))["FOIL-2026-0001-acknowledgment@foilbot"]
    # The letter actually arrived Mon 6/15: 6/16 (1), 6/17 (2), 6/18 (3), 6/19 Juneteenth skipped,
    # 6/22 (4), 6/23 (5): due Tue 2026-06-23; the conditional appeal window: denial 6/24 + 30 = 7/24.
    unlog_event(session, rid, first_sent, now=at(date(2026, 6, 16)), settings=current_settings(), today=TODAY)
    sent(session, rid, date(2026, 6, 12), received=date(2026, 6, 15))
    after = export(session, date(2026, 6, 13))
    ack = after["FOIL-2026-0001-acknowledgment@foilbot"]
    assert ack.decoded("DTSTART") == date(2026, 6, 23)
    assert after["FOIL-2026-0001-appeal_filing@foilbot"].decoded("DTSTART") == date(2026, 7, 24)
    # Changes: first sent (1), its removal (1), second sent (1) = 3, so SEQUENCE 6 > 2.
    assert (int(before["SEQUENCE"]), int(ack["SEQUENCE"])) == (2, 6)


def test_closure_day_moves_the_event_and_raises_sequence(session) -> None:
    from foilbot.services.requests import add_closure

    rid = new(session, LOCKPORT)
    sent(session, rid, date(2026, 6, 12), received=date(2026, 6, 12))
    add_closure(session, LOCKPORT, date(2026, 6, 15), "storm", settings=current_settings())
    # Mon 6/15 closed: 6/16 (1), 6/17 (2), 6/18 (3), 6/22 (4), 6/23 (5).
    ack = export(session, date(2026, 6, 13))["FOIL-2026-0001-acknowledgment@foilbot"]
    assert ack.decoded("DTSTART") == date(2026, 6, 23)
    assert int(ack["SEQUENCE"]) == 4  # one event + one closure day


def test_answered_deadlines_leave_and_the_denial_opens_the_appeal_window(session) -> None:
    a, b = new(session, LOCKPORT), new(session, STARPOINT)
    for rid in (a, b):
        sent(session, rid, date(2026, 6, 12), received=date(2026, 6, 12))
    log(session, a, "records", date(2026, 6, 18))  # done: nothing left open
    log(session, b, "denied", date(2026, 7, 1))
    events = export(session, date(2026, 7, 2))
    # Denied Wed 7/1 (not counted): day 1 is Thu 7/2, day 30 is Fri 2026-07-31.
    assert set(events) == {"FOIL-2026-0002-appeal_filing@foilbot"}
    appeal = events["FOIL-2026-0002-appeal_filing@foilbot"]
    assert appeal.decoded("DTSTART") == date(2026, 7, 31)
    assert (
        str(appeal["SUMMARY"])
        == "File appeal by 2026-07-31 — FOIL-2026-0002 — STARPOINT CENTRAL SCHOOL DISTRICT"
    )
    assert "applies only if" not in str(appeal["DESCRIPTION"]).lower()


def test_federal_request_and_filters(session) -> None:
    us = new(session, USED, campaign="cams")
    ny = new(session, LOCKPORT)
    sent(session, us, date(2026, 6, 12), received=date(2026, 6, 12))
    sent(session, ny, date(2026, 6, 12))  # no receipt date: the engine estimates it
    only_us = export(session, date(2026, 6, 20), campaign="cams")
    # 20 working days after Fri 6/12: 6/15-18 (4), 6/19 Juneteenth skipped, 6/22-26 (9), 6/29-7/2 (13),
    # Fri 7/3 skipped (July 4th on a Saturday is observed Friday, 5 U.S.C. § 6103(b)), 7/6-10 (18),
    # Mon 7/13 (19), Tue 7/14 (20). No appeal window: silence under FOIA is constructive exhaustion.
    assert set(only_us) == {"FOIA-2026-0001-determination@foilbot"}
    det = only_us["FOIA-2026-0001-determination@foilbot"]
    assert det.decoded("DTSTART") == date(2026, 7, 14)
    assert str(det["SUMMARY"]) == "FOIA-2026-0001 determination due — U.S. Department of Education"
    assert "5 U.S.C. § 552(a)(6)(A)(i)" in str(det["DESCRIPTION"])

    only_ny = export(session, date(2026, 6, 20), agency=LOCKPORT)
    assert set(only_ny) == {"FOIL-2026-0001-acknowledgment@foilbot", "FOIL-2026-0001-appeal_filing@foilbot"}
    assert "ESTIMATED receipt date" in str(only_ny["FOIL-2026-0001-acknowledgment@foilbot"]["DESCRIPTION"])
    assert export(session, date(2026, 6, 20), campaign="nothing") == {}


def test_empty_calendar_is_still_a_calendar() -> None:
    from icalendar import Calendar

    from foilbot.services.calendar_export import to_ics

    cal = Calendar.from_ical(to_ics([], name="foilbot deadlines — <none>"))
    assert str(cal["X-WR-CALNAME"]) == "foilbot deadlines — <none>"
    assert cal.walk("VEVENT") == []


def test_a_kind_repeated_in_one_chain_gets_numbered_uids_in_file_order(session) -> None:
    """Two open deadlines of one kind in one request's chain: the later row's UID takes -2, and the file
    stays in (due day, reference, UID) order, as it is written row by row (issue 14)."""
    import json

    from foilbot.models import Deadline, Trace
    from foilbot.services.traces import keyed

    rid = new(session, LOCKPORT)
    sent(session, rid, date(2026, 6, 12), received=date(2026, 6, 12))
    # A second open appeal window stored after the first (rows as a longer chain would store them),
    # due before it, on the acknowledgment's day: same day and reference, so UID order decides.
    trace, text = keyed(["a second window"])
    session.add(Trace(digest=trace, lines=json.loads(text)))
    session.flush()  # before the row that names it
    session.add(
        Deadline(
            request_id=rid,
            kind="appeal_filing",
            due=date(2026, 6, 22),
            party="requester",
            citation="N.Y. Pub. Off. Law § 89(4)(a)",
            verified="yes",
            trace=trace,
        )
    )
    session.commit()
    from foilbot.services.calendar_export import entries

    found = [(e.due, e.uid) for e in entries(session, date(2026, 6, 20), current_settings())]
    assert found == [
        (date(2026, 6, 22), "FOIL-2026-0001-acknowledgment@foilbot"),
        (date(2026, 6, 22), "FOIL-2026-0001-appeal_filing-2@foilbot"),
        (date(2026, 7, 23), "FOIL-2026-0001-appeal_filing@foilbot"),
    ]
