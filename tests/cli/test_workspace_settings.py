"""Settings that belong to the database (`foilbot config workspace`): everyone sharing it, whatever their
foilbot.toml or FOILBOT_* says, computes the same deadlines (issue 13, one truth for a team).

A New York request is mailed on Monday 2026-06-01 with no known receipt date: receipt is estimated
`deadlines.mail_days` business days later, and the acknowledgment is due 5 business days after receipt
(N.Y. Pub. Off. Law § 89(3)(a)). No New York holiday falls in 2026-06-01..06-15 (Juneteenth is 06-19).
- 3 days (default): received Thu 06-04; 06-05 (1), 06-08 (2), 06-09 (3), 06-10 (4), 06-11 (5).
- 4 days: received Fri 06-05; 06-08 (1) ... 06-11 (4), 06-12 (5).
- 5 days: received Mon 06-08; 06-09 (1), 06-10 (2), 06-11 (3), 06-12 (4), 06-15 (5).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import invoke, items, new_request, ok


def acknowledgment_due(runner, rid: int) -> str:
    shown = json.loads(ok(invoke(runner, "request", "show", str(rid), "--json")).stdout)
    return next(d["due"] for d in shown["deadlines"] if d["kind"] == "acknowledgment")


@pytest.fixture
def mailed(runner, directory, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("FOILBOT_TODAY", "2026-06-02")
    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-01", "--via", "mail"))
    return rid


def test_the_databases_value_is_everyones(runner, mailed, monkeypatch: pytest.MonkeyPatch) -> None:
    assert acknowledgment_due(runner, mailed) == "2026-06-11"
    done = ok(invoke(runner, "config", "workspace", "deadlines.mail_days", "5"))
    assert "Recomputed the deadlines of 1 request(s)" in done.stderr
    assert "deadlines.mail_days is now 5 for everyone using this database." in done.stderr
    assert acknowledgment_due(runner, mailed) == "2026-06-15"

    # Another user's environment says 4: the database's 5 is used, and they are told so.
    monkeypatch.setenv("FOILBOT_MAIL_DAYS", "4")
    shown = invoke(runner, "request", "show", str(mailed), "--json")
    assert json.loads(ok(shown).stdout)["deadlines"][0]["due"] == "2026-06-15"
    assert (
        "deadlines.mail_days is 5 for everyone using this database (foilbot config workspace); "
        "the 4 from FOILBOT_MAIL_DAYS is not used" in shown.stderr
    )
    due = items(invoke(runner, "due", "--within", "30", "--json"))
    assert [(d["reference"], d["due"]) for d in due if d["kind"] == "acknowledgment"] == [
        ("FOIL-2026-0001", "2026-06-15")
    ]
    assert "Recomputed" not in invoke(runner, "overdue", "--json").stderr  # no recompute back and forth

    listed = ok(invoke(runner, "config", "workspace")).stdout
    assert "deadlines.mail_days" in listed and "5" in listed and "database" in listed

    # Removed: each user's own value applies again (here the environment's 4).
    gone = ok(invoke(runner, "config", "workspace", "deadlines.mail_days", "--unset"))
    assert "each user's applies (here 4)" in gone.stderr
    assert acknowledgment_due(runner, mailed) == "2026-06-12"
    log = ok(invoke(runner, "db", "log")).stdout
    assert "workspace setting deadlines.mail_days" in log and "workspace setting removed" in log


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("deadlines.mail_days", "99"), 1, "deadlines.mail_days: 99 is out of range; use 0 to 30"),
        (("deadlines.mail_days", "soon"), 1, "deadlines.mail_days: expected a whole number, got 'soon'"),
        (("user.name", "ana"), 1, "'user.name' is not a workspace setting"),
        (("deadlines.mail_days",), 2, "give deadlines.mail_days a VALUE, or --unset to remove it"),
        (("deadlines.mail_days", "5", "--unset"), 2, "give deadlines.mail_days a VALUE, or --unset"),
    ],
)
def test_bad_workspace_settings_are_refused_and_nothing_is_stored(
    runner, mailed, args: tuple[str, ...], code: int, message: str
) -> None:
    result = invoke(runner, "config", "workspace", *args)
    assert result.exit_code == code and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert acknowledgment_due(runner, mailed) == "2026-06-11"
    assert "default" in ok(invoke(runner, "config", "workspace")).stdout


def test_the_python_api_reads_the_databases_value(runner, mailed) -> None:
    from foilbot import Tracker
    from tests.conftest import current_settings

    ok(invoke(runner, "config", "workspace", "deadlines.mail_days", "5"))
    with pytest.warns(UserWarning, match="the 4 from code is not used"):
        tracker = Tracker(current_settings().database_url, overrides={"deadlines.mail_days": 4})
        view = tracker.show(mailed)
    assert [d["due"].isoformat() for d in view.deadlines() if d["kind"] == "acknowledgment"] == ["2026-06-15"]


def test_config_show_answers_when_the_server_does_not(tmp_path) -> None:
    """Every command reads the database's workspace settings, `config show` too, which is what a user
    runs when the server is down: a server that takes the connection and never answers costs it a few
    seconds (drivers.WORKSPACE_CONNECT_TIMEOUT), not a wait without end."""
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(1)  # the kernel completes the handshake; nobody ever answers
    port = silent.getsockname()[1]
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
        "FOILBOT_DATABASE_URL": f"postgresql+psycopg://foil:secret@127.0.0.1:{port}/foil",
    }
    started = time.monotonic()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "foilbot", "config", "show"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        silent.close()
    assert done.returncode == 0, done.stderr
    assert "secret" not in done.stdout and "deadlines.mail_days" in done.stdout
    assert time.monotonic() - started < 30


def test_deadline_reads_the_workspace_only_for_a_mailed_request(
    runner, mailed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`foilbot deadline` counts a mailed request's receipt with the database's deadlines.mail_days, as
    `request show` does; a request whose receipt is given never needs it, so it never opens the database
    (on PostgreSQL, a server to connect to)."""
    ok(invoke(runner, "config", "workspace", "deadlines.mail_days", "5"))
    monkeypatch.setenv("FOILBOT_MAIL_DAYS", "4")
    what_if = invoke(runner, "deadline", "NY", "--sent", "2026-06-01", "--via", "mail", "--json")
    assert json.loads(ok(what_if).stdout)["deadlines"][0]["due"] == acknowledgment_due(runner, mailed)
    assert acknowledgment_due(runner, mailed) == "2026-06-15"

    from foilbot import drivers

    asked = []
    real = drivers.workspace_values
    monkeypatch.setattr(drivers, "workspace_values", lambda *a: asked.append(a) or real(*a))
    given = ok(invoke(runner, "deadline", "NY", "--received", "2026-06-01", "--json"))
    assert json.loads(given.stdout)["deadlines"][0]["due"] == "2026-06-08"  # 06-02..06-05 (4), 06-08 (5)
    assert asked == []
    ok(invoke(runner, "deadline", "NY", "--sent", "2026-06-01", "--via", "mail"))
    assert len(asked) == 1


def _changed_by_someone_else(url: str, days: str) -> None:
    """Another member's `config workspace deadlines.mail_days DAYS`, whole: stored, then recomputed."""
    from foilbot.config import load_settings
    from foilbot.services import shared_settings
    from foilbot.services.recompute import ensure_current
    from foilbot.storage import session_scope

    mine = load_settings(database_url=url)
    with session_scope(url) as s:
        shared_settings.set_value(s, "deadlines.mail_days", days, mine)
    with session_scope(url, recomputes=True) as s:
        assert ensure_current(s, shared_settings.apply(mine, shared_settings.values(s))[0]) > 0


def test_a_command_that_read_the_old_value_does_not_undo_the_change(
    runner, mailed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A member's command reads its settings (3 days) as it starts; another member sets 5 and recomputes.
    The command then found the stored schedules computed otherwise and recomputed every one with its 3,
    over the change: the workspace said 5 and its deadlines counted 3, until a next command recomputed
    again. It stops instead, nothing saved, and run again it reads 5 and recomputes nothing."""
    from foilbot.services import schedule
    from tests.conftest import current_settings, sql_rows

    url = current_settings().database_url
    real = schedule.is_current

    def meanwhile(session, settings) -> bool:
        monkeypatch.setattr(schedule, "is_current", real)
        _changed_by_someone_else(url, "5")
        return real(session, settings)

    def revision() -> int:
        rows = sql_rows("SELECT value FROM workspace_setting WHERE key = 'schedule_revision'")
        return int(rows[0][0].split()[0]) if rows else 0

    before = revision()
    monkeypatch.setattr(schedule, "is_current", meanwhile)
    note = ("request", "log", str(mailed), "note", "--date", "2026-06-02", "--note", "called")
    stopped = invoke(runner, *note)
    assert schedule.is_current is real  # the change happened under the command
    assert stopped.exit_code == 1 and "Recomputed" not in stopped.stderr and "Traceback" not in stopped.stderr
    assert "deadlines.mail_days was changed for this workspace (now 5) while this ran" in stopped.stderr
    assert sql_rows(f"SELECT count(*) FROM event WHERE request_id = {mailed} AND kind = 'note'") == [(0,)]
    assert acknowledgment_due(runner, mailed) == "2026-06-15"
    again = ok(invoke(runner, *note))
    assert "Recomputed" not in again.stderr
    assert revision() == before + 1  # the other member's recompute, and no other


def test_a_write_with_the_old_value_is_refused_and_nothing_is_saved(runner, mailed) -> None:
    """The Python API keeps its settings; a member sets 5 meanwhile. Its next write would store a
    deadline counted with 3 beside the workspace's 5: it is refused, nothing saved, and the next call
    reads the new value."""
    from datetime import date

    from foilbot import Tracker
    from foilbot.services.shared_settings import Changed
    from tests.conftest import current_settings, sql_rows

    url = current_settings().database_url
    tracker = Tracker(url)
    assert tracker.settings.get("deadlines.mail_days") == 3
    second = new_request(runner, "nces-3617670")
    _changed_by_someone_else(url, "5")
    with pytest.raises(Changed, match=r"deadlines.mail_days was changed for this workspace \(now 5\)"):
        tracker.sent(second, date(2026, 6, 1), via="mail")
    assert sql_rows(f"SELECT count(*) FROM event WHERE request_id = {second}") == [(0,)]
    tracker.sent(second, date(2026, 6, 1), via="mail")
    assert acknowledgment_due(runner, second) == "2026-06-15" == acknowledgment_due(runner, mailed)


def test_a_command_whose_write_would_use_the_old_value_saves_nothing(
    runner, mailed, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other member's change lands after the command checked the schedules and before it writes:
    it stops with one line, and its event is not logged (it would have been counted with 3 days)."""
    from foilbot.cli import common
    from tests.conftest import current_settings, sql_rows

    url = current_settings().database_url
    checked = common._check_schedules

    def then_changed(u: str) -> None:
        checked(u)
        _changed_by_someone_else(url, "5")

    monkeypatch.setattr(common, "_check_schedules", then_changed)
    result = invoke(runner, "request", "log", str(mailed), "note", "--date", "2026-06-02", "--note", "called")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert (
        "deadlines.mail_days was changed for this workspace (now 5) while this ran; nothing was saved"
        in result.stderr
    )
    assert sql_rows(f"SELECT count(*) FROM event WHERE request_id = {mailed} AND kind = 'note'") == [(0,)]
    monkeypatch.setattr(common, "_check_schedules", checked)
    ok(invoke(runner, "request", "log", str(mailed), "note", "--date", "2026-06-02", "--note", "called"))
    assert acknowledgment_due(runner, mailed) == "2026-06-15"
