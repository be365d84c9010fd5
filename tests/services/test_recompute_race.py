"""A recompute of one agency's requests (a closure day recorded, an optional holiday observed) while
another member logs a reply to one of them, on PostgreSQL (on SQLite write transactions take turns).

New York, N.Y. Pub. Off. Law § 89(3)(a): acknowledge within 5 business days of receipt. Lockport's
requests were received Fri 2026-06-12; with Tue 6/16 recorded as a closure day the days counted are
6/15, 6/17, 6/18, (Juneteenth, Fri 6/19, Gen. Constr. Law § 24), 6/22, 6/23: due Tue 6/23.
"""

from __future__ import annotations

import threading
import time
from datetime import date

import pytest

from tests.services.test_traces import LOCKPORT, rows, workspace


@pytest.mark.postgres
def test_a_closure_recorded_while_a_reply_is_logged_counts_both(runner, directory, postgres_url: str) -> None:
    """B logs Lockport's acknowledgment of request 1 (its transaction holds the request); A records a
    closure day for Lockport, which recomputes requests 1 and 2. A waits for B's request before reading
    it, so request 1's schedule counts both the reply and the closure, once. (A used to read request 1
    as it was before B's reply, then replace B's rows with its own, or add its own beside them.)"""
    from foilbot.config import load_settings
    from foilbot.services.events import log_event
    from foilbot.services.requests import add_closure
    from foilbot.storage import session_scope

    workspace(runner, directory, postgres_url)
    settings = load_settings(database_url=postgres_url)
    failed: list[BaseException] = []

    def closure() -> None:
        try:
            with session_scope(postgres_url) as a:
                add_closure(a, LOCKPORT, date(2026, 6, 16), "storm", settings)
        except BaseException as exc:  # reported below
            failed.append(exc)

    with session_scope(postgres_url) as b:
        log_event(b, 1, "acknowledged", date(2026, 6, 17), settings, today=date(2026, 6, 17))
        b.flush()
        recording = threading.Thread(target=closure)
        recording.start()
        waiting = "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        for _ in range(100):  # A reaches B's request and waits for it
            if not recording.is_alive() or rows(postgres_url, waiting) == [(1,)]:
                break
            time.sleep(0.05)
        assert recording.is_alive(), "A did not wait for B's request"
    recording.join(20)
    assert not failed
    acknowledgments = rows(
        postgres_url,
        "SELECT request_id, CAST(due AS TEXT), CAST(met_on AS TEXT) FROM deadline "
        "WHERE kind = 'acknowledgment' AND request_id IN (1, 2) ORDER BY request_id",
    )
    assert acknowledgments == [(1, "2026-06-23", "2026-06-17"), (2, "2026-06-23", None)]
