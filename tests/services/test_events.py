"""Logging events: late and out of order, corrected, removed, with attachments kept by their SHA-256."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from foilbot.errors import NotFoundError, ValidationError
from foilbot.services.attachments import keep_files
from tests.conftest import BACKEND, current_settings

LOCKPORT = "nces-3617670"
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 2, 1, 12, tzinfo=timezone.utc)
FEB_9 = date(2026, 2, 9)


@pytest.fixture
def session(directory):
    from foilbot.cli.common import database_url
    from foilbot.storage import session_scope

    with session_scope(database_url()) as s:
        yield s


@pytest.fixture
def rid(session) -> int:
    """A FOIL request to Lockport received Mon 2/9: acknowledgment due Wed 2/18 (see test_requests)."""
    from foilbot.services.events import mark_sent
    from foilbot.services.requests import create_request

    made = create_request(session, LOCKPORT, topics=["camera-locations"], now=NOW).id
    mark_sent(session, made, FEB_9, today=TODAY, received=FEB_9, settings=current_settings(), via="email")
    return made


def log(session, rid: int, kind: str, day: str, **kw):
    from foilbot.services.events import log_event

    return log_event(session, rid, kind, date.fromisoformat(day), current_settings(), today=TODAY, **kw)


def timeline(session, rid: int) -> list[dict]:
    from foilbot.services.events import timeline as tl
    from foilbot.services.requests import get_request

    return tl(session, get_request(session, rid))


def test_an_appeal_logged_late_is_judged_on_what_had_happened_by_then(session, rid) -> None:
    # The records came on 5/1 and were logged first; the appeal of 3/2 answered the silence after the
    # missed acknowledgment (due 2/18, deemed denied 2/19, N.Y. Pub. Off. Law § 89(4)(a)).
    log(session, rid, "records", "2026-05-01")
    done = log(session, rid, "appealed", "2026-03-02")
    assert done.status == "done"
    # Before the deemed denial there was nothing to appeal.
    with pytest.raises(ValidationError, match="there is no denial to appeal"):
        log(session, rid, "appealed", "2026-02-18")


def test_a_correction_supersedes_keeps_details_and_moves_the_files(session, rid, isolated: Path) -> None:
    letter = isolated / "denial.pdf"
    letter.write_bytes(b"%PDF-1.4 the District denies FOIL-2026-0001")
    root = current_settings().files_dir
    first = log(
        session,
        rid,
        "denied",
        "2026-03-26",
        data={"exemptions": ["Public Officers Law § 87(2)(f)"]},
        note="letter of the records access officer",
        files=keep_files([letter], root),
    )
    fixed = log(session, rid, "denied", "2026-03-25", corrects=first.event_id)
    events = {e["id"]: e for e in timeline(session, rid)}
    old, new = events[first.event_id], events[fixed.event_id]
    assert old["removed_at"] is not None and old["replaced_by"] == fixed.event_id
    assert new["removed_at"] is None and new["replaced_by"] is None
    assert new["data"] == {"exemptions": ["Public Officers Law § 87(2)(f)"]}
    assert new["note"] == "letter of the records access officer"
    assert [a["filename"] for a in new["attachments"]] == ["denial.pdf"] and old["attachments"] == []
    # The appeal window now runs from 3/25: + 30 days = Fri 4/24.
    from foilbot.services.requests import get_request
    from foilbot.services.schedule import stored

    schedule = stored(session, get_request(session, rid))
    assert [d.due for d in schedule.deadlines if d.kind == "appeal_filing"] == [date(2026, 4, 24)]
    with pytest.raises(ValidationError, match="already removed"):
        log(session, rid, "denied", "2026-03-24", corrects=first.event_id)


def test_removal_that_would_break_a_later_event_is_refused(session, rid) -> None:
    from foilbot.services.events import unlog_event

    denial = log(session, rid, "denied", "2026-03-25").event_id
    appeal = log(session, rid, "appealed", "2026-04-02").event_id
    decision = log(session, rid, "appeal-denied", "2026-04-30").event_id
    with pytest.raises(ValidationError) as caught:
        unlog_event(session, rid, appeal, today=TODAY, settings=current_settings())
    assert caught.value.message == (
        f"cannot remove #{appeal} (appealed on 2026-04-02): then the appeal-denied event of 2026-04-30 "
        "would make no sense: no appeal was filed before it"
    )
    # Without the denial the appeal still stands on the constructive denial of 2/19.
    assert (
        unlog_event(session, rid, denial, today=TODAY, settings=current_settings()).status == "appeal decided"
    )
    unlog_event(session, rid, decision, today=TODAY, settings=current_settings())
    assert unlog_event(session, rid, appeal, today=TODAY, settings=current_settings()).status == "sent"
    with pytest.raises(NotFoundError, match="has no event #999"):
        unlog_event(session, rid, 999, today=TODAY, settings=current_settings())


def test_logging_an_event_that_would_break_a_later_one_is_refused(session, rid) -> None:
    log(session, rid, "tolled", "2026-02-20")
    log(session, rid, "resumed", "2026-02-25")
    # A second pause starting before the first ended would leave "resumed" of 2/25 answering the wrong one.
    with pytest.raises(ValidationError, match="clock is already paused since 2026-02-20"):
        log(session, rid, "tolled", "2026-02-23")
    with pytest.raises(ValidationError, match="the tolled event of 2026-02-20 would make no sense"):
        log(session, rid, "tolled", "2026-02-16")


def test_the_same_file_is_kept_once_and_a_damaged_copy_is_never_overwritten(tmp_path: Path) -> None:
    from foilbot.services.attachments import keep_file, stored_path

    root = tmp_path / "requests.files"
    a, b = tmp_path / "a.pdf", tmp_path / "copy of a.pdf"
    a.write_bytes(b"same bytes")
    b.write_bytes(b"same bytes")
    sha = hashlib.sha256(b"same bytes").hexdigest()
    assert keep_file(a, root) == (sha, 10)
    assert keep_file(b, root) == (sha, 10)
    assert [p.name for p in root.rglob("*") if p.is_file()] == [sha]
    stored_path(root, sha).write_bytes(b"tampered!!")
    with pytest.raises(ValidationError, match="does not match its name"):
        keep_file(a, root)
    assert stored_path(root, sha).read_bytes() == b"tampered!!"  # evidence left as found
    with pytest.raises(ValidationError, match="no such file"):
        keep_file(tmp_path / "missing.pdf", root)


def test_files_are_listed_and_checked_ok_missing_or_damaged(session, rid, isolated: Path) -> None:
    from foilbot.services.attachments import attachments

    root = current_settings().files_dir
    if BACKEND == "sqlite":
        assert root == isolated / "requests.files"  # beside the database file
    paths = []
    for name, body in (("ack.eml", b"ack"), ("denial.pdf", b"denial"), ("fees.pdf", b"fees")):
        paths.append(isolated / name)
        paths[-1].write_bytes(body)
    log(session, rid, "acknowledged", "2026-02-17", files=keep_files([paths[0]], root))
    log(session, rid, "denied", "2026-03-25", files=keep_files(paths[1:], root))
    _, rows = attachments(session, rid, root)
    assert [(r["filename"], r["state"]) for r in rows] == [
        ("ack.eml", "ok"),
        ("denial.pdf", "ok"),
        ("fees.pdf", "ok"),
    ]
    Path(rows[1]["path"]).write_bytes(b"changed")
    Path(rows[2]["path"]).unlink()
    _, rows = attachments(session, rid, root)
    assert [r["state"] for r in rows] == ["ok", "damaged", "missing"]


def test_files_dir_can_be_set_for_server_databases(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FOILBOT_FILES_DIR", str(tmp_path / "evidence"))
    monkeypatch.setenv("FOILBOT_DATABASE_URL", "postgresql+psycopg://db/foilbot")
    assert current_settings().files_dir == tmp_path / "evidence"


def test_recomputing_every_schedule_binds_no_parameter_per_request(session, monkeypatch) -> None:
    """New law data recomputes every schedule (recompute.ensure_current); PostgreSQL refuses a statement
    with more than 65,535 parameters, so a 100,000-request workspace could run no command at all
    (found with bench/bench_overdue.py, issue 13). No statement may bind one parameter per request:
    with 6 requests, no query binds 6 or more (SQLAlchemy splits the bulk INSERTs into bounded batches)."""
    from sqlalchemy import event

    from foilbot.services.events import mark_sent
    from foilbot.services.recompute import recompute_all
    from foilbot.services.requests import create_request

    settings = current_settings()
    for _ in range(6):
        made = create_request(session, LOCKPORT, topics=["camera-locations"], now=NOW).id
        mark_sent(session, made, FEB_9, today=TODAY, received=FEB_9, settings=settings, via="email")
    session.flush()
    bound: list[int] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        if not executemany and not statement.startswith("INSERT"):  # SQLAlchemy batches its INSERTs
            bound.append(len(parameters or ()))

    from sqlalchemy import text

    def stored() -> list[tuple]:
        sql = "SELECT request_id, kind, due, is_current FROM deadline ORDER BY request_id, kind, due"
        return [tuple(r) for r in session.execute(text(sql))]

    before = stored()
    engine = session.get_bind()
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert recompute_all(session, settings) == 6
        assert recompute_all(session, settings, LOCKPORT) == 6
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert bound and max(bound) < 6, bound
    # In chunks (4 requests a chunk here, 10,000 in use): the same rows, every request once.
    monkeypatch.setattr("foilbot.services.recompute.RECOMPUTE_CHUNK", 4)
    assert recompute_all(session, settings) == 6
    assert recompute_all(session, settings, ids=sorted({int(r[0]) for r in before})) == 6
    assert stored() == before and len({r[0] for r in before}) == 6
