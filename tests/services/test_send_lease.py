"""A send in progress versus one a killed run left (issue 13): real processes, the real SMTP server on
loopback, on the suite's backend (SQLite, or PostgreSQL in CI's second run).

A live run's request is skipped by a second run, which names the holder; a run killed before the
message's last line went to the server is taken over and the same message sent once; a run that
stalled past its lease cannot hand over a message another run took over.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from pathlib import Path

from tests.conftest import REPO, YEAR, current_settings, invoke, items, ok, sql_rows

REF_A, REF_B = f"FOIL-{YEAR}-0001", f"FOIL-{YEAR}-0002"


def _start(isolated: Path, *args: str, lease: int) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(REPO)}
    env["FOILBOT_SMTP_LEASE"] = str(lease)
    # A shell's background job (CI started so) ignores SIGINT and its children inherit that: the run
    # gets Python's own Ctrl-C handler back, as a terminal would give it.
    ctrl_c = (
        "import runpy, signal, sys\nsignal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "sys.argv[0] = 'foilbot'\nrunpy.run_module('foilbot', run_name='__main__', alter_sys=True)"
    )
    return subprocess.Popen(
        [sys.executable, "-c", ctrl_c, *args],
        cwd=isolated,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_sending(proc: subprocess.Popen[str], timeout: float = 120) -> None:
    """Until the run has claimed a request (its `sending` row committed)."""
    end = time.monotonic() + timeout
    while not sql_rows("SELECT id FROM outbound_message WHERE state = 'sending'"):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < end, "the run never claimed a request"
        time.sleep(0.05)


def _held(smtp) -> None:
    """Until the server holds the run's RCPT unanswered (the run connects after claiming)."""
    assert smtp.handler.holding.wait(120), "the run never reached its RCPT"


def _lease_until() -> datetime:
    ((until,),) = sql_rows("SELECT lease_until FROM outbound_message WHERE state = 'sending'")
    return datetime.fromisoformat(str(until))


def test_a_live_run_is_skipped_and_named(isolated, runner, smtp, requests_with_email) -> None:
    """The first run waits on the server (RCPT unanswered) for longer than its 10-second lease: its
    heartbeat keeps the hold, so a second run skips the request and says which run holds it."""
    hold = threading.Event()
    hold.set()
    smtp.handler.hold = hold
    first = _start(isolated, "request", "send", REF_A, lease=10)
    try:
        _wait_for_sending(first)
        _held(smtp)
        # Past the first lease: a renewal made after it ran out (every 2.5 s) is what holds the request
        # now. Told by the stored lease, not by a sleep against the clock: a starved run would lose it.
        claimed, end = _lease_until(), time.monotonic() + 120
        while _lease_until() < claimed + timedelta(seconds=10):
            assert first.poll() is None and time.monotonic() < end, "the run's lease was never renewed"
            time.sleep(0.1)
        second = ok(invoke(runner, "request", "send", REF_A))
        assert f"{REF_A}: skipped: being sent by {current_settings().user}@" in second.stdout
        assert f" pid {first.pid} run " in second.stdout and "run again once it has finished" in second.stdout
        assert smtp.handler.messages == []
    finally:
        hold.clear()
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert f"{REF_A}: sent to foil@lockport.example.org" in out
    assert len(smtp.handler.messages) == 1
    assert sql_rows("SELECT state FROM outbound_message") == [("sent",)]


def test_a_run_killed_before_the_hand_over_is_taken_over_and_each_message_sent_once(
    isolated, runner, smtp, requests_with_email
) -> None:
    """`campaign send` killed (SIGKILL) as the server hears the second message's recipient: the
    server has the first message and none of the second. Once the killed run's lease has run out,
    the next run records nothing twice, and sends the second message, the very one the killed run
    kept and claimed (same Message-ID, same bytes), once."""
    first = _start(isolated, "campaign", "send", "cameras", lease=1)

    def kill_at_second() -> None:
        if smtp.handler.rcpts == 2:
            os.kill(first.pid, signal.SIGKILL)

    smtp.handler.on_rcpt = kill_at_second
    first.communicate(timeout=120)
    smtp.handler.on_rcpt = None
    assert first.returncode == -signal.SIGKILL
    assert len(smtp.handler.messages) == 1
    rows = sql_rows("SELECT message_id, state, sha256, owner FROM outbound_message ORDER BY id")
    assert [r[1] for r in rows] == ["sent", "sending"]
    left_id, left_sha, left_owner = rows[1][0], rows[1][2], rows[1][3]
    assert f"pid {first.pid} run " in left_owner
    assert sql_rows("SELECT handed_at FROM outbound_message WHERE state = 'sending'") == [(None,)]

    time.sleep(1.2)  # the killed run's one-second lease runs out: nobody renews it
    again = ok(invoke(runner, "campaign", "send", "cameras"))
    assert f"{REF_A}: skipped: already sent" in again.stdout
    assert f"{REF_B}: sent to records@starpoint.example.org ({left_id})" in again.stdout
    assert len(smtp.handler.messages) == 2
    ids = [str(m["Message-ID"]) for m in smtp.handler.messages]
    assert ids[1] == left_id and len(set(ids)) == 2
    kept = (current_settings().files_dir / left_sha[:2] / left_sha).read_bytes()
    assert smtp.handler.messages[1]["Subject"] == message_from_bytes(kept, policy=policy.default)["Subject"]
    assert sql_rows("SELECT state FROM outbound_message ORDER BY id") == [("sent",), ("sent",)]
    sent = sql_rows("SELECT request_id FROM event WHERE kind = 'sent' ORDER BY request_id")
    assert len(sent) == 2 and len(set(sent)) == 2  # each request's `sent` event once
    ok(invoke(runner, "campaign", "send", "cameras"))  # a third run: nothing left to send
    assert len(smtp.handler.messages) == 2


def test_a_stalled_run_cannot_hand_over_what_another_run_took_over(
    isolated, runner, smtp, requests_with_email
) -> None:
    """The holder stalls (the server holds its RCPT) and its lease runs out (set in the past here:
    its next renewal is an hour away); a second run takes the request over and sends it. When the
    stalled run wakes, the row is no longer its own: it drops the connection before the message's
    last line, and the server has the message once."""
    hold = threading.Event()
    hold.set()
    smtp.handler.hold = hold
    stalled = _start(isolated, "request", "send", REF_A, lease=3600)
    try:
        _wait_for_sending(stalled)
        _held(smtp)  # the hold is the stalled run's, not the taker's
        ago = "2000-01-01 00:00:00"
        from sqlalchemy import text

        from foilbot.storage import get_engine

        with get_engine(current_settings().database_url).begin() as conn:
            conn.execute(text("UPDATE outbound_message SET lease_until = :t"), {"t": ago})
        taker = ok(invoke(runner, "request", "send", REF_A))
        assert f"{REF_A}: sent to foil@lockport.example.org" in taker.stdout
        assert len(smtp.handler.messages) == 1
    finally:
        hold.clear()
    out, err = stalled.communicate(timeout=120)
    assert stalled.returncode == 0, err
    assert f"{REF_A}: skipped: message <" in out and "another run took it over" in out
    time.sleep(0.5)  # the server has seen the dropped connection
    assert len(smtp.handler.messages) == 1
    assert sql_rows("SELECT state FROM outbound_message") == [("sent",)]


def test_a_run_stopped_by_ctrl_c_lets_go_at_once(isolated, runner, smtp, requests_with_email) -> None:
    """Ctrl-C (SIGINT) while the server has not answered the recipient: the run ends (exit 130) and
    lets go of the request it held, so the next run takes it over at once, an hour-long lease or not,
    and sends that message once."""
    hold = threading.Event()
    hold.set()
    smtp.handler.hold = hold
    stopped = _start(isolated, "request", "send", REF_A, lease=3600)
    try:
        _wait_for_sending(stopped)
        _held(smtp)  # Ctrl-C while the server has not answered the recipient
        stopped.send_signal(signal.SIGINT)
        # At once, not after the socket's 60-second timeout: the run does not wait on a polite QUIT
        # to the server it left waiting.
        out, err = stopped.communicate(timeout=30)
    finally:
        hold.clear()
    assert stopped.returncode == 130, err
    (left_id,) = sql_rows("SELECT message_id FROM outbound_message WHERE state = 'sending'")[0]
    (again,) = items(invoke(runner, "request", "send", REF_A, "--format", "json"))
    assert (again["state"], again["message_id"]) == ("sent", left_id)
    assert again["detail"] == "taken over from a stopped run; 1 attempt(s)"
    time.sleep(0.5)  # the server has seen the interrupted connection
    assert [str(m["Message-ID"]) for m in smtp.handler.messages] == [left_id]
