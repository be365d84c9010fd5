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
        "SELECT d.request_id, d.kind, d.due, d.party, d.citation, d.verified, d.is_open, d.is_current, "
        "d.conditional, d.appeal_by, d.met_on, d.estimated, d.trace, CAST(t.lines AS TEXT), d.flags "
        "FROM deadline d JOIN trace t ON t.digest = d.trace ORDER BY d.id"
    )
    requests = sql_rows(
        "SELECT id, status, sent_on, via, received_on, received_estimated, last_event_on, warnings, "
        "acknowledged_on, answered_on, answered_on_time, answer_days, appealed_on FROM request ORDER BY id"
    )
    return deadlines, requests


def unnamed() -> int:
    """How many stored traces no deadline names (a write deletes those it stops naming)."""
    return sql_rows("SELECT count(*) FROM trace WHERE digest NOT IN (SELECT trace FROM deadline)")[0][0]


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
    # the scorecard's facts are among what both store: four acknowledged, four answered (denied)
    assert sum(r[8] is not None for r in logged[1]) == 4
    assert sum(r[9] is not None and r[11] is not None for r in logged[1]) == 4
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
    assert unnamed() == 0


def spoil(session=None) -> None:
    """Stale stored schedules, as new law data or a changed setting leaves them: a due date moved, a
    request's deadline rows gone, a request's status and warnings changed, the scorecard's facts
    missing (in `session`, uncommitted, or committed in a session of its own)."""
    from contextlib import nullcontext

    from sqlalchemy import text

    from foilbot.cli.common import database_url
    from foilbot.storage import session_scope

    with nullcontext(session) if session is not None else session_scope(database_url()) as s:
        first = s.execute(text("SELECT min(id) FROM deadline WHERE request_id = 1")).scalar()
        s.execute(
            text("UPDATE deadline SET due = :due WHERE id = :id"), {"due": date(2030, 1, 2), "id": first}
        )
        s.execute(text("DELETE FROM deadline WHERE request_id = 2"))
        s.execute(text("UPDATE request SET status = 'draft', warnings = '[\"stale\"]' WHERE id = 3"))
        # the scorecard's facts missing, as a database upgraded to 0011 has them until its recompute
        s.execute(
            text(
                "UPDATE request SET answered_on = NULL, answered_on_time = NULL, answer_days = NULL WHERE id = 3"
            )
        )


def by_request(rows: list[tuple]) -> list[tuple]:
    return sorted(rows, key=lambda r: r[0])  # stable: each request's rows stay in the order stored


@pytest.mark.parametrize("parallel_from", [2, 10_000])
def test_a_recompute_rewrites_what_is_stale_and_leaves_the_rest(
    workspace, monkeypatch, parallel_from
) -> None:
    """Only the requests whose stored values differ are written (on PostgreSQL through COPY and one
    UPDATE … FROM), by one process or two; the result is what each request's own recompute stored."""
    from foilbot.services import recompute

    monkeypatch.setattr(recompute, "PARALLEL_FROM", parallel_from)
    deadlines, requests = stored()
    untouched = sql_rows("SELECT id FROM deadline WHERE request_id > 3 ORDER BY id")
    spoil()
    assert stored() != (deadlines, requests)
    assert recompute_everything() == 12
    after, after_requests = stored()
    assert by_request(after) == by_request(deadlines) and after_requests == requests
    assert unnamed() == 0  # the moved date's old trace deleted
    assert sql_rows("SELECT id FROM deadline WHERE request_id > 3 ORDER BY id") == untouched  # not rewritten


def test_a_failed_recompute_leaves_the_old_schedules(workspace, monkeypatch) -> None:
    """All or nothing: a failure after the first chunk was written (an error, Ctrl-C) rolls it back."""
    from foilbot.services import recompute

    spoil()
    spoiled = stored()
    real, calls = recompute.Driver.write, []

    def write(self, *args) -> None:
        calls.append(len(args[0].updates))
        if len(calls) == 2:
            raise KeyboardInterrupt
        real(self, *args)

    monkeypatch.setattr(recompute, "RECOMPUTE_CHUNK", 4)
    monkeypatch.setattr(recompute.Driver, "write", write)
    with pytest.raises(KeyboardInterrupt):
        recompute_everything()
    assert calls[0] == 1  # the first chunk (requests 1-4) wrote request 3's columns, then rolled back
    assert stored() == spoiled


def test_requests_with_the_same_history_share_one_computation_only_where_their_days_agree(
    directory, monkeypatch
) -> None:
    """Six requests sent the same day to two agencies, one closed on a day the count crosses, with notes
    between: rebuilt from nothing, each request's rows are what its own recompute
    stored when it was logged (its own last event day; the closure moving only its agency's dates), by one
    process or two, and each distinct history is computed once."""
    from sqlalchemy import text

    from foilbot.cli.common import database_url
    from foilbot.services import recompute, recompute_rows
    from foilbot.services.events import log_event, mark_sent
    from foilbot.services.requests import add_closure, create_request
    from foilbot.storage import session_scope

    settings = current_settings()
    sent = date(2026, 3, 2)  # a Monday; the acknowledgment is due in 5 business days
    with session_scope(database_url()) as s:
        add_closure(s, AGENCIES[1], date(2026, 3, 4), "water main break", settings)
        for n in range(6):
            rid = create_request(s, AGENCIES[n // 3], now=NOW).id
            mark_sent(s, rid, sent, today=TODAY, received=sent, settings=settings, via="email")
            if n % 3 == 1:
                log_event(s, rid, "note", sent + timedelta(days=n), today=TODAY, settings=settings)
    logged = stored()
    dues = dict(sql_rows("SELECT request_id, due FROM deadline WHERE kind = 'acknowledgment'"))
    assert {str(dues[i]) for i in (1, 2, 3)} == {"2026-03-09"}  # 5 business days after Monday 2 March
    assert {str(dues[i]) for i in (4, 5, 6)} == {"2026-03-10"}  # Wednesday 4 March closed: one day later
    last = dict(sql_rows("SELECT id, last_event_on FROM request"))
    assert str(last[2]) == "2026-03-03" and str(last[5]) == "2026-03-06" and str(last[1]) == "2026-03-02"

    computed = []
    real = recompute_rows._stored_form
    monkeypatch.setattr(recompute_rows, "_stored_form", lambda *a: computed.append(a[0]) or real(*a))
    for parallel_from in (10_000, 2):
        monkeypatch.setattr(recompute, "PARALLEL_FROM", parallel_from)
        with session_scope(database_url()) as s:
            s.execute(text("DELETE FROM deadline"))
            s.execute(text("UPDATE request SET status = 'draft', last_event_on = NULL, warnings = '[]'"))
        assert recompute_everything() == 6
        assert stored() == logged
        if parallel_from == 10_000:
            assert len(computed) == 2  # one history, twice: once for each agency's days


def test_a_second_process_reads_its_half_only_where_it_reads_what_the_transaction_reads(
    workspace, monkeypatch
) -> None:
    """From PARALLEL_FROM requests a forked process reads and computes the upper half on a connection
    of its own (issue 14: reading is a third of a full recompute). That connection reads the last
    commit, so once the transaction has written anything this process reads it all: stale rows written
    in the same transaction are rewritten, not mistaken for the committed ones. A second connection that
    cannot be opened leaves its half to this process."""
    from contextlib import contextmanager

    from foilbot.cli.common import database_url
    from foilbot.services import recompute, recompute_cores
    from foilbot.services.recompute import recompute_all
    from foilbot.storage import session_scope

    deadlines, requests = stored()

    def current() -> bool:
        after, after_requests = stored()
        return by_request(after) == by_request(deadlines) and after_requests == requests

    apart, read_here = [], []
    real, prepare = recompute_cores.two_readers, recompute_cores.prepare
    monkeypatch.setattr(recompute_cores, "two_readers", lambda *a: apart.append(1) or real(*a))
    monkeypatch.setattr(recompute_cores, "prepare", lambda *a: read_here.append(1) or prepare(*a))
    monkeypatch.setattr(recompute, "PARALLEL_FROM", 2)

    spoil()  # committed: the second process reads the same stale rows
    assert recompute_everything() == 12
    assert apart == [1] and read_here == [1] and current()  # the upper half was read over there

    with session_scope(database_url()) as s:
        spoil(s)  # not committed: a second connection would read the old, current rows
        assert recompute_all(s, current_settings()) == 12
    assert apart == [1] and current()  # read here, all of it

    @contextmanager
    def unreachable(target, postgres):
        yield None

    monkeypatch.setattr(recompute_cores, "_connection", unreachable)
    spoil()
    assert recompute_everything() == 12
    assert apart == [1, 1] and read_here == [1, 1, 1] and current()  # both halves read here


def test_unwritten_says_whether_the_transaction_wrote_anything(workspace) -> None:
    from sqlalchemy import text

    from foilbot.cli.common import database_url
    from foilbot.storage import session_scope, unwritten

    with session_scope(database_url()) as s:
        s.execute(text("SELECT count(*) FROM request")).scalar()
        assert unwritten(s)
        s.execute(text("UPDATE request SET via = via WHERE id = 1"))  # the same value is still a write
        assert not unwritten(s)
    with session_scope(database_url()) as s:
        assert unwritten(s)  # a new transaction


def deadline_indexes() -> list[tuple]:
    return sql_rows(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deadline' ORDER BY name"
    )


def test_a_large_rewrite_on_sqlite_makes_the_indexes_again_and_a_failed_one_keeps_them(
    workspace, monkeypatch, sqlite_only
) -> None:
    """Replacing a good share of the deadline rows drops the table's indexes and makes them again after
    (recompute_rows.Driver._unindexed): the same rows and the same indexes; a failure in between rolls
    back to the indexes as they were."""
    from foilbot.services import recompute_rows

    indexes = deadline_indexes()
    assert [name for name, _ in indexes] == [
        "ix_deadline_current_due",
        "ix_deadline_open_due",
        "ix_deadline_request_id",
        "ix_deadline_trace",
    ]
    monkeypatch.setattr(recompute_rows, "REBUILD_FROM", 1)
    monkeypatch.setattr(recompute_rows, "REBUILD_SHARE", 1000)
    deadlines, requests = stored()
    real, dropped = recompute_rows.Driver._unindexed, []

    def unindexed(self, writing: int) -> list[str]:
        made = real(self, writing)
        dropped.extend(made)
        return made

    monkeypatch.setattr(recompute_rows.Driver, "_unindexed", unindexed)
    spoil()
    assert recompute_everything() == 12
    assert dropped == [sql for _, sql in indexes]
    after, after_requests = stored()
    assert by_request(after) == by_request(deadlines) and after_requests == requests
    assert deadline_indexes() == indexes and unnamed() == 0

    def fail(self, writing: int) -> list[str]:
        real(self, writing)
        raise KeyboardInterrupt  # after the indexes were dropped, in the transaction

    spoil()
    spoiled = stored()
    monkeypatch.setattr(recompute_rows.Driver, "_unindexed", fail)
    with pytest.raises(KeyboardInterrupt):
        recompute_everything()
    assert deadline_indexes() == indexes and stored() == spoiled
