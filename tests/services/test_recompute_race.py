"""Two writers recompute one request at once, on PostgreSQL (on SQLite write transactions take turns):
a member logging a reply, and a recompute of the agency's requests (a closure day recorded) or an
inbox filing a reply. Each holds the request before reading it, so the second reads it after the
first's commit and the stored schedule counts both, once.

New York, N.Y. Pub. Off. Law § 89(3)(a): acknowledge within 5 business days of receipt. Lockport's
requests were received Fri 2026-06-12; with Tue 6/16 recorded as a closure day the days counted are
6/15, 6/17, 6/18, (Juneteenth, Fri 6/19, Gen. Constr. Law § 24), 6/22, 6/23: due Tue 6/23 (Mon 6/22
without it).
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from tests.services.test_traces import LOCKPORT, rows, workspace


def _closure(url: str, settings) -> None:
    from foilbot.services.requests import add_closure
    from foilbot.storage import session_scope

    with session_scope(url) as a:
        add_closure(a, LOCKPORT, date(2026, 6, 16), "storm", settings)


def _inbox(url: str, settings) -> None:
    from foilbot.services.inbox_filing import refresh
    from foilbot.storage import session_scope

    with session_scope(url) as a:
        refresh(a, {1, 2}, settings)


def _everything(url: str, settings) -> None:
    """New law data, a new engine or a changed setting: every stored schedule is recomputed."""
    from foilbot.services.recompute import ensure_current
    from foilbot.storage import session_scope

    with session_scope(url, recomputes=True) as a:
        assert ensure_current(a, settings) == 3


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("second", "due"),
    [(_closure, "2026-06-23"), (_inbox, "2026-06-22"), (_everything, "2026-06-22")],
    ids=["closure", "inbox", "everything"],
)
def test_a_request_recomputed_while_a_reply_is_logged_counts_the_reply_once(
    second, due: str, runner, directory, postgres_url: str
) -> None:
    """B logs Lockport's acknowledgment of request 1 (its transaction holds the request); A records a
    closure day for Lockport (which recomputes requests 1 and 2), files inbox replies to them, or
    recomputes every schedule. A waits for B's request (or, recomputing everything, for every write
    under way) before reading it. (A used to read request 1 as it was before B's reply,
    then add its stale deadline rows beside B's: two acknowledgments, one of them wrong.)"""
    from sqlalchemy import text

    from foilbot.config import load_settings
    from foilbot.services.events import log_event
    from foilbot.storage import session_scope

    workspace(runner, directory, postgres_url)
    settings = load_settings(database_url=postgres_url)
    if second is _everything:  # the stored schedules were computed otherwise: the next command recomputes
        with session_scope(postgres_url) as s:
            s.execute(text("UPDATE workspace_setting SET value = 'older' WHERE key = 'schedule_key'"))
    failed: list[BaseException] = []

    def run() -> None:
        try:
            second(postgres_url, settings)
        except BaseException as exc:  # reported below
            failed.append(exc)

    with session_scope(postgres_url) as b:
        log_event(b, 1, "acknowledged", date(2026, 6, 17), settings, today=date(2026, 6, 17))
        b.flush()
        recording = threading.Thread(target=run)
        recording.start()
        waiting = (
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND datname = current_database()"
        )
        end = time.monotonic() + 120  # A reaches B's request and waits for it, or (the defect) ends
        while recording.is_alive() and rows(postgres_url, waiting) != [(1,)]:
            assert time.monotonic() < end, "A neither waited for B's request nor ended"
            time.sleep(0.05)
        assert recording.is_alive(), "A did not wait for B's request"
    recording.join(120)
    assert not recording.is_alive(), "A still waits after B committed"
    assert not failed
    acknowledgments = rows(
        postgres_url,
        "SELECT request_id, CAST(due AS TEXT), CAST(met_on AS TEXT) FROM deadline "
        "WHERE kind = 'acknowledgment' AND request_id IN (1, 2) ORDER BY request_id",
    )
    assert acknowledgments == [(1, due, "2026-06-17"), (2, due, None)]
