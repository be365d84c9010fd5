"""A full recompute gives the same stored rows whether one process computes them or two (issue 14: from
recompute.PARALLEL_FROM requests a forked process computes half), and the same as each request's own
recompute when it was logged."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tests.conftest import current_settings, sql_rows

NOW = datetime(2026, 1, 2, 12, tzinfo=timezone.utc)
TODAY = date(2026, 12, 31)
AGENCIES = ("nces-3617670", "nces-3628050", "us-department-of-education")


@pytest.fixture
def workspace(directory) -> None:
    from foilbot.cli.common import database_url
    from foilbot.services.events import log_event, mark_sent
    from foilbot.services.requests import create_request
    from foilbot.storage import session_scope

    settings = current_settings()
    with session_scope(database_url()) as s:
        for n in range(12):
            day = date(2026, 1, 5) + timedelta(days=9 * n)
            rid = create_request(s, AGENCIES[n % 3], now=NOW).id
            mark_sent(s, rid, day, today=TODAY, received=day, settings=settings, via="email")
            if n % 3 == 1:
                data = {"estimate": (day + timedelta(days=25)).isoformat()}
                log_event(
                    s, rid, "acknowledged", day + timedelta(days=3), today=TODAY, data=data, settings=settings
                )
            elif n % 3 == 2:
                log_event(s, rid, "denied", day + timedelta(days=2), today=TODAY, settings=settings)


def stored() -> tuple[list[tuple], list[tuple]]:
    deadlines = sql_rows(
        "SELECT request_id, kind, due, party, citation, verified, is_open, is_current, conditional, "
        "appeal_by, met_on, estimated, explanation, flags FROM deadline ORDER BY id"
    )
    requests = sql_rows(
        "SELECT id, status, sent_on, via, received_on, received_estimated, last_event_on, warnings "
        "FROM request ORDER BY id"
    )
    return deadlines, requests


def recompute_everything() -> int:
    from foilbot.cli.common import database_url
    from foilbot.services.recompute import recompute_all
    from foilbot.storage import session_scope

    with session_scope(database_url()) as s:
        return recompute_all(s, current_settings())


def test_two_processes_store_what_one_does(workspace, monkeypatch) -> None:
    import multiprocessing

    from foilbot.services import recompute

    logged = stored()
    assert len(logged[0]) > 12
    assert recompute_everything() == 12
    assert stored() == logged  # each request's own recompute, when it was logged, stored the same
    forked = []
    real = multiprocessing.get_context

    def context(method=None):
        forked.append(method)
        return real(method)

    monkeypatch.setattr(multiprocessing, "get_context", context)
    monkeypatch.setattr(recompute, "PARALLEL_FROM", 2)
    assert recompute_everything() == 12
    assert forked == ["fork"]  # the second process did compute half
    assert stored() == logged
