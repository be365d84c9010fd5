"""Creating requests: references allocated by the database, the law chosen, deadlines stored on change."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from foilbot.errors import NotFoundError
from tests.conftest import current_settings

LOCKPORT = "nces-3617670"
EDUCATION = "us-department-of-education"
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 2, 1, 12, tzinfo=timezone.utc)


@pytest.fixture
def session(directory):
    from foilbot.cli.common import database_url
    from foilbot.storage import session_scope

    with session_scope(database_url()) as s:
        yield s


def test_references_count_per_law_and_year(session) -> None:
    from foilbot.services.requests import create_request

    refs = [create_request(session, a, now=NOW).reference for a in (LOCKPORT, LOCKPORT, EDUCATION)]
    assert refs == ["FOIL-2026-0001", "FOIL-2026-0002", "FOIA-2026-0001"]
    # A new year starts a new count; --law overrides the agency's own law.
    next_year = datetime(2027, 1, 4, tzinfo=timezone.utc)
    assert create_request(session, LOCKPORT, now=next_year).reference == "FOIL-2027-0001"
    federal = create_request(session, LOCKPORT, law="us", now=NOW)
    assert (federal.reference, federal.jurisdiction, federal.agency_id) == ("FOIA-2026-0002", "US", LOCKPORT)


def test_a_draft_knows_its_agency_and_details(session) -> None:
    from foilbot.services.requests import create_request, get_request

    made = create_request(
        session,
        "Lockport City School District",
        topics=["retention-periods", "camera-locations"],
        subject="the District's camera system",
        params={"since": "2024-01-01"},
        campaign="cameras-2026",
        now=NOW,
    )
    assert (made.agency_id, made.jurisdiction, made.status, made.campaign) == (
        LOCKPORT,
        "NY",
        "draft",
        "cameras-2026",
    )
    assert made.topics == ["retention-periods", "camera-locations"]
    assert get_request(session, "foil-2026-0001").id == made.id  # references are case-insensitive
    assert get_request(session, str(made.id)).reference == "FOIL-2026-0001"
    with pytest.raises(NotFoundError, match="no request 'FOIL-2026-0002'"):
        get_request(session, "FOIL-2026-0002")


def stored(session, rid: int) -> list[tuple]:
    from sqlmodel import col, select

    from foilbot.models import Deadline

    rows = session.scalars(
        select(Deadline).where(col(Deadline.request_id) == rid).order_by(col(Deadline.due))
    )
    return [(d.kind, d.due, d.party, d.is_open, d.is_current, d.conditional, d.appeal_by) for d in rows]


def test_deadlines_are_stored_and_rebuilt_with_every_event(session) -> None:
    from foilbot.models import Request
    from foilbot.services.events import log_event, mark_sent
    from foilbot.services.requests import create_request

    rid = create_request(session, LOCKPORT, now=NOW).id
    assert stored(session, rid) == []
    mark_sent(
        session,
        rid,
        date(2026, 2, 9),
        today=TODAY,
        received=date(2026, 2, 9),
        settings=current_settings(),
        via="email",
    )
    # Acknowledgment due Wed 2/18: 2/10 (1), 2/11 (2), [2/12 Lincoln's Birthday], 2/13 (3), [2/16
    # Washington's Birthday], 2/17 (4), 2/18 (5) (N.Y. Pub. Off. Law § 89(3)(a); Gen. Constr. Law § 24).
    # If missed, the appeal window runs 30 days from Thu 2/19: Sat 3/21, so Mon 3/23 (§ 25-a).
    assert stored(session, rid) == [
        ("acknowledgment", date(2026, 2, 18), "agency", True, True, False, date(2026, 3, 23)),
        ("appeal_filing", date(2026, 3, 23), "requester", True, False, True, None),
    ]
    req = session.get(Request, rid)
    assert (req.status, req.sent_on, req.received_on, req.received_estimated, req.via) == (
        "sent",
        date(2026, 2, 9),
        date(2026, 2, 9),
        False,
        "email",
    )
    log_event(session, rid, "records", date(2026, 2, 17), today=TODAY, settings=current_settings())
    # Answered in time: nothing open, nothing current.
    assert stored(session, rid) == [
        ("acknowledgment", date(2026, 2, 18), "agency", False, False, False, None)
    ]
    assert session.get(Request, rid).status == "done"


def _create(args: tuple[str, int]) -> list[str]:
    from foilbot.services.requests import create_request
    from foilbot.storage import session_scope

    url, n = args
    refs = []
    for _ in range(n):
        with session_scope(url) as s:
            refs.append(create_request(s, LOCKPORT, topics=["retention-periods"], now=NOW).reference)
    return refs


def test_two_processes_creating_requests_never_share_a_reference(isolated: Path, directory) -> None:
    """Both start before any counter row exists: the first insert races, and neither may lose."""
    import multiprocessing

    from foilbot.cli.common import database_url

    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_create, [(database_url(), 15), (database_url(), 15)])
    refs = results[0] + results[1]
    assert sorted(refs) == [f"FOIL-2026-{n:04d}" for n in range(1, 31)]
