"""`overdue` and `due` as every format prints them (`services.overdue_rows`, issue 14): the rows one
formatter makes straight from the database's tuples are, value for value and in order, the items of
the lists (`DueItem.as_dict`), on both backends and both readers, as of every few days; and a page
(`limit`/`offset`, counted by the database) is that slice of them."""

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


PAGES = [(None, None), (3, None), (None, 4), (2, 5), (0, 1), (5, 1000)]


@pytest.mark.parametrize("scope", [{}, {"agency": "nces-3628050"}, {"campaign": "c1"}])
def test_rows_are_the_items_of_the_lists(workspace, scope) -> None:
    from foilbot.services.overdue import due, overdue
    from foilbot.services.overdue_rows import due_rows, overdue_rows

    settings = current_settings()
    seen = 0
    for db in readers():
        for day in DAYS:
            listed = [i.as_dict() for i in overdue(db, day, settings, **scope)]
            # Every column the formats print, in the documented key order.
            assert [list(r.items()) for r in overdue_rows(db, day, settings, **scope)] == [
                list(r.items()) for r in listed
            ], day
            for within in (14, 60):
                coming = [i.as_dict() for i in due(db, day, within, settings, **scope)]
                assert list(due_rows(db, day, within, settings, **scope)) == coming, (day, within)
            seen += len(listed)
    assert seen > 100


def test_a_page_is_the_slice_of_the_list(workspace) -> None:
    from foilbot.services.overdue_rows import due_rows, overdue_rows

    settings = current_settings()
    # 2026-03-27: requests with events dated later are recomputed (the page is cut in Python);
    # 2026-09-01: every event is past (the page is cut by the database's LIMIT/OFFSET).
    # Due, from 2026-01-26 and 2026-03-27: some events dated later (cut in Python), and from 2026-09-01
    # on the two days with none left, both in the database.
    for db in readers():
        for day, since in ((DAYS[20], DAYS[5]), (DAYS[-1], DAYS[20])):
            whole = list(overdue_rows(db, day, settings))
            coming = list(due_rows(db, since, 60, settings))
            assert len(whole) >= 5 and len(coming) >= 3, day
            for limit, offset in PAGES:
                end = None if limit is None else (offset or 0) + limit
                page = {"limit": limit, "offset": offset}
                assert list(overdue_rows(db, day, settings, **page)) == whole[offset:end]
                assert list(due_rows(db, since, 60, settings, **page)) == coming[offset:end]


def test_a_query_while_rows_stream_is_refused_not_left_waiting(workspace) -> None:
    """psycopg's stream holds its connection until every row is read: a second query on the same Reader
    would wait for it forever, so the Reader refuses it. Rows left unread (psycopg cancels the query,
    which aborts the transaction) leave the Reader able to answer the next query."""
    for db in readers():
        many = "SELECT x FROM generate_series(1, 10000000) AS x" if db.psycopg else "SELECT id FROM request"
        rows = db.tuples(many)
        assert next(rows)[0] == 1
        if db.psycopg:
            with pytest.raises(RuntimeError, match="still being read"):
                db.rows("SELECT 1 AS one")
        rows.close()
        assert [dict(r) for r in db.rows("SELECT 1 AS one")] == [{"one": 1}]
