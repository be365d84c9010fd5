"""`overdue` and `due` streamed (`--format json|ndjson|csv`, issue 14) give exactly the items, in exactly
the order, of the lists the tables print: the ordering moved into SQL, so it is checked against the
Python sort on a varied workspace, as of every few days, on both backends and both readers."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tests.conftest import current_settings

NOW = datetime(2026, 1, 2, 12, tzinfo=timezone.utc)
TODAY = date(2026, 12, 31)
AGENCIES = ("nces-3617670", "nces-3628050", "us-department-of-education")


@pytest.fixture
def workspace(directory) -> None:
    """Requests to two New York districts and the federal Department of Education, received on six days
    from January to May: some left silent (an appeal window opens when the agency is late, and closes),
    some acknowledged with a date, some denied (the requester's own appeal deadline)."""
    from foilbot.cli.common import database_url
    from foilbot.services.events import log_event, mark_sent
    from foilbot.services.requests import create_request
    from foilbot.storage import session_scope

    settings = current_settings()
    received = [date(2026, 1, 5), date(2026, 1, 20), date(2026, 2, 9), date(2026, 3, 2), date(2026, 4, 1)]
    with session_scope(database_url()) as s:
        for n, day in enumerate(received):
            for k, agency in enumerate(AGENCIES):
                rid = create_request(s, agency, campaign=f"c{k % 2}", now=NOW).id
                mark_sent(s, rid, day, today=TODAY, received=day, settings=settings, via="email")
                step = (n + k) % 3
                if step == 1:
                    ack = day + timedelta(days=3)
                    estimate = (ack + timedelta(days=20)).isoformat()
                    data = {"estimate": estimate}
                    log_event(s, rid, "acknowledged", ack, today=TODAY, data=data, settings=settings)
                elif step == 2:
                    log_event(s, rid, "denied", day + timedelta(days=2), today=TODAY, settings=settings)


def readers():
    """A Reader on the standard-library driver (SQLite files) and one on a session (both backends)."""
    from contextlib import ExitStack

    from foilbot.cli.common import database_url
    from foilbot.drivers import postgres_reader, sqlite_reader
    from foilbot.queries import Reader
    from foilbot.storage import session_scope

    url = database_url()
    with ExitStack() as stack:
        found = [Reader(stack.enter_context(session_scope(url, read_only=True)))]
        for driver, postgres in ((sqlite_reader, False), (postgres_reader, True)):
            con = stack.enter_context(driver(url))
            if con is not None:
                found.append(Reader(con, postgres=postgres))
        yield from found


DAYS = [date(2026, 1, 6) + timedelta(days=4 * i) for i in range(60)]  # to Sep 2026: past every event


@pytest.mark.parametrize("scope", [{}, {"agency": "nces-3628050"}, {"campaign": "c1"}])
def test_streamed_overdue_and_due_are_the_lists(workspace, scope) -> None:
    from foilbot.services.overdue import due, overdue, stream_due, stream_overdue

    settings = current_settings()
    seen = 0
    for db in readers():
        for day in DAYS:
            listed = overdue(db, day, settings, **scope)
            assert list(stream_overdue(db, day, settings, **scope)) == listed, day
            for within in (14, 60):
                assert list(stream_due(db, day, within, settings, **scope)) == due(
                    db, day, within, settings, **scope
                ), (day, within)
            seen += len(listed)
    assert seen > 100  # the workspace does have overdue rows to order
