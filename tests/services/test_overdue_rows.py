"""`overdue` and `due` as every format prints them (`services.overdue_rows`, issue 14): the rows one
formatter makes straight from the database's tuples are, value for value and in order, the items of
the lists (`DueItem.as_dict`), on both backends and both readers, as of every few days; and a page
(`limit`/`offset`, counted by the database) is that slice of them."""

from __future__ import annotations

import pytest

from tests.conftest import current_settings
from tests.services.test_overdue_stream import DAYS, readers, workspace  # noqa: F401 - a fixture

PAGES = [(None, None), (3, None), (None, 4), (2, 5), (0, 1), (5, 1000)]


@pytest.mark.parametrize("scope", [{}, {"agency": "nces-3628050"}, {"campaign": "c1"}])
def test_rows_are_the_items_of_the_lists(workspace, scope) -> None:  # noqa: F811 - the fixture
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


def test_a_page_is_the_slice_of_the_list(workspace) -> None:  # noqa: F811 - the fixture
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
