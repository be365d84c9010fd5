"""Overdue and due queries over stored deadlines, and the next step each one suggests."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from foilbot.services.overdue import next_step
from tests.conftest import BACKEND, current_settings

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 2, 1, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("acknowledgment", "agency", "NY", False, None, None), "await the agency's response"),
        (
            ("acknowledgment", "agency", "NY", True, date(2026, 3, 23), date(2026, 2, 19)),
            "follow up (foilbot followup R), or treat as a constructive denial and appeal by 2026-03-23 "
            "(foilbot appeal R)",
        ),
        # On the last day of the window the appeal is still on time; the day after, it is not offered.
        (
            ("determination", "agency", "NY", True, date(2026, 4, 17), date(2026, 4, 17)),
            "follow up (foilbot followup R), or treat as a constructive denial and appeal by 2026-04-17 "
            "(foilbot appeal R)",
        ),
        (
            ("determination", "agency", "NY", True, date(2026, 4, 17), date(2026, 4, 18)),
            "follow up (foilbot followup R); the window to appeal the constructive denial closed on 2026-04-17",
        ),
        (
            ("determination", "agency", "US", True, None, date(2026, 3, 13)),
            "follow up (foilbot followup R), or sue: administrative remedies are deemed exhausted "
            "(5 U.S.C. § 552(a)(6)(C)(i))",
        ),
        # No deemed denial (Texas: silence makes the information presumed public, Gov't Code § 552.302).
        (("determination", "agency", "TX", True, None, None), "follow up (foilbot followup R)"),
        (
            ("appeal_determination", "agency", "NY", True, None, None),
            "appeal decision overdue: consider an Article 78 proceeding (N.Y. CPLR art. 78)",
        ),
        (
            ("appeal_determination", "agency", "US", True, None, None),
            "appeal decision overdue: consider a suit in federal district court (5 U.S.C. § 552(a)(4)(B))",
        ),
        (("appeal_determination", "agency", "NY", False, None, None), "await the appeal decision"),
        (
            ("appeal_filing", "requester", "NY", False, date(2026, 4, 24), None),
            "file the appeal by 2026-04-24 (foilbot appeal R)",
        ),
        (
            ("appeal_filing", "requester", "NY", True, date(2026, 4, 24), date(2026, 4, 25)),
            "the appeal window closed on 2026-04-24; a new request starts a new clock",
        ),
    ],
)
def test_next_step_in_the_words_of_the_practice(args, expected) -> None:
    kind, party, jurisdiction, late, appeal_by, as_of = args
    got = next_step(kind, party, jurisdiction, late=late, appeal_by=appeal_by, as_of=as_of, ref="R")
    assert got == expected


@pytest.fixture
def history(directory):
    """Three Lockport requests received Mon 2/9/2026 (acknowledgment due Wed 2/18): one silent, one
    acknowledged on time with 3/17 as its approximate date, one denied on 2/13 (appeal by 3/16:
    2/13 + 15 = 2/28, + 15 = Sun 3/15, so Mon 3/16 under N.Y. Gen. Constr. Law § 25-a).
    """
    from foilbot.cli.common import database_url
    from foilbot.services.events import log_event, mark_sent
    from foilbot.services.requests import create_request
    from foilbot.storage import session_scope

    feb_9 = date(2026, 2, 9)
    with session_scope(database_url()) as s:
        ids = [create_request(s, "nces-3617670", campaign="c", now=NOW).id for _ in range(3)]
        for rid in ids:
            mark_sent(s, rid, feb_9, today=TODAY, received=feb_9, settings=current_settings(), via="email")
        log_event(
            s,
            ids[1],
            "acknowledged",
            date(2026, 2, 17),
            today=TODAY,
            data={"estimate": "2026-03-17"},
            settings=current_settings(),
        )
        log_event(s, ids[2], "denied", date(2026, 2, 13), today=TODAY, settings=current_settings())
    return ids


def rows(items) -> list[tuple]:
    return [(i.request_id, i.kind, i.due, i.party, i.days_overdue, i.days_left) for i in items]


def test_session_and_stdlib_reader_give_the_same_answers(history) -> None:
    from foilbot.cli.common import database_url
    from foilbot.drivers import sqlite_reader
    from foilbot.queries import Reader
    from foilbot.services.overdue import due, overdue
    from foilbot.storage import session_scope

    silent, acked, denied = history
    feb_19, mar_2 = date(2026, 2, 19), date(2026, 3, 2)
    # Late since 2/18, the silent one may still appeal its constructive denial until Mon 3/23 (below):
    # 2/19 to 2/28 is 9 days, + 23 = 32 days left.
    expected_overdue = [(silent, "acknowledgment", date(2026, 2, 18), "agency", 1, 32)]
    # Due within 30 days of 3/2: the denied request's appeal window (3/16), the silent one's
    # conditional window (2/19 + 30 = Sat 3/21, so Mon 3/23), and the acknowledged one's 3/17.
    expected_due = [
        (denied, "appeal_filing", date(2026, 3, 16), "requester", 0, 14),
        (acked, "determination", date(2026, 3, 17), "agency", 0, 15),
        (silent, "appeal_filing", date(2026, 3, 23), "requester", 0, 21),
    ]
    with sqlite_reader(database_url()) as con:
        assert (con is None) == (BACKEND != "sqlite")  # the stdlib reader is for SQLite files only
        if con is not None:
            assert rows(overdue(Reader(con), feb_19, settings=current_settings())) == expected_overdue
            assert rows(due(Reader(con), mar_2, 30, settings=current_settings())) == expected_due
    with session_scope(database_url()) as s:
        assert rows(overdue(Reader(s), feb_19, settings=current_settings())) == expected_overdue
        assert rows(due(Reader(s), mar_2, 30, settings=current_settings())) == expected_due
        assert rows(overdue(Reader(s), feb_19, campaign="other", settings=current_settings())) == []
        assert rows(overdue(Reader(s), feb_19, agency="nces-3628050", settings=current_settings())) == []
        # Not overdue on the due date itself.
        assert rows(overdue(Reader(s), date(2026, 2, 18), settings=current_settings())) == []
