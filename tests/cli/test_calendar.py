"""`foilbot calendar` through the real app (and once through the installed entry point).

Dates (N.Y. Pub. Off. Law § 89(3)(a), § 89(4)(a); Gen. Constr. Law § 24): received Fri 2026-06-12, the
acknowledgment is due Mon 6/22 (6/15-6/18 are business days 1-4, Fri 6/19 Juneteenth is skipped, 6/22
is 5); silence past it is a constructive denial on 6/23, and the appeal window closes 30 days later,
Thu 7/23.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.conftest import YEAR, invoke, new_request, ok

ACK = f"FOIL-{YEAR}-0001-acknowledgment@foilbot"
APPEAL = f"FOIL-{YEAR}-0001-appeal_filing@foilbot"
PIPE_BYTES = 4096  # the smallest pipe Linux makes: one page


def events_of(data: bytes) -> dict:
    from icalendar import Calendar

    return {str(ev["UID"]): ev for ev in Calendar.from_ical(data).walk("VEVENT")}


def test_calendar_file_dates_uids_and_update_by_uid(isolated: Path, runner, directory) -> None:
    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    out = isolated / "deadlines.ics"
    result = ok(invoke(runner, "calendar", "--out", str(out), "--as-of", "2026-06-15"))
    assert result.stdout == ""
    assert result.stderr == f"Wrote 2 deadline(s) to {out}.\n"
    assert [p.name for p in isolated.iterdir() if p.name.endswith(".tmp")] == []  # written atomically
    first = events_of(out.read_bytes())
    assert first[ACK].decoded("DTSTART").isoformat() == "2026-06-22"
    assert first[APPEAL].decoded("DTSTART").isoformat() == "2026-07-23"
    assert str(first[APPEAL]["SUMMARY"]).startswith("If no response by 2026-06-22: file appeal by 2026-07-23")

    # Same data, same bytes (the stamps come from the database, not the clock).
    again = ok(invoke(runner, "calendar", "--as-of", "2026-06-15"))
    assert again.stdout_bytes == out.read_bytes()

    # The receipt date was wrong: it arrived Mon 6/15. Correct it (remove #1, record again): the
    # acknowledgment moves to Tue 6/23 (6/16, 6/17, 6/18, [6/19], 6/22, 6/23) under the same UID, with
    # a higher SEQUENCE so a calendar accepts the update.
    ok(invoke(runner, "request", "unlog", str(rid), "1"))
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-15"))
    ok(invoke(runner, "calendar", "--out", str(out), "--as-of", "2026-06-15"))
    moved = events_of(out.read_bytes())
    assert set(moved) == {ACK, APPEAL}
    assert moved[ACK].decoded("DTSTART").isoformat() == "2026-06-23"
    assert moved[APPEAL].decoded("DTSTART").isoformat() == "2026-07-24"  # denial 6/24 + 30
    assert int(moved[ACK]["SEQUENCE"]) > int(first[ACK]["SEQUENCE"])

    # The acknowledgment arrives with an approximate date: the acknowledgment leaves the calendar and
    # the determination (due on the date given) joins it.
    ok(
        invoke(
            runner,
            "request",
            "log",
            str(rid),
            "acknowledged",
            "--date",
            "2026-06-18",
            "--estimate",
            "2026-07-10",
        )
    )
    ok(invoke(runner, "calendar", "--out", str(out), "--as-of", "2026-06-19"))
    answered = events_of(out.read_bytes())
    assert ACK not in answered
    det = answered[f"FOIL-{YEAR}-0001-determination@foilbot"]
    assert det.decoded("DTSTART").isoformat() == "2026-07-10"
    assert str(det["SUMMARY"]) == f"FOIL-{YEAR}-0001 determination due — LOCKPORT CITY SCHOOL DISTRICT"


def test_filters_name_and_usage_errors(isolated: Path, runner, directory) -> None:
    a = new_request(runner, "nces-3617670", "--campaign", "cams")
    b = new_request(runner, "nces-3628050")
    for rid in (a, b):
        ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    campaign = events_of(ok(invoke(runner, "calendar", "--campaign", "cams")).stdout_bytes)
    assert set(campaign) == {ACK, APPEAL}
    by_name = ok(invoke(runner, "calendar", "--agency", "STARPOINT CENTRAL SCHOOL DISTRICT")).stdout_bytes
    assert set(events_of(by_name)) == {
        f"FOIL-{YEAR}-0002-acknowledgment@foilbot",
        f"FOIL-{YEAR}-0002-appeal_filing@foilbot",
    }
    assert b"X-WR-CALNAME:foilbot deadlines \xe2\x80\x94 STARPOINT CENTRAL SCHOOL DISTRICT" in by_name

    bad = invoke(runner, "calendar", "--as-of", "June 1")
    assert bad.exit_code == 2
    assert bad.stdout == ""
    assert "--as-of" in bad.stderr
    unknown = invoke(runner, "calendar", "--agency", "nces-0000000")
    assert unknown.exit_code != 0
    assert unknown.stderr.startswith("Error: ")
    missing_dir = invoke(runner, "calendar", "--out", str(isolated / "no" / "such" / "x.ics"))
    assert missing_dir.exit_code == 1
    assert "x.ics" in missing_dir.stderr


def test_installed_entry_point_writes_ics_to_stdout(tmp_path: Path, agencies_csv: Path) -> None:
    foilbot = Path(sys.executable).parent / "foilbot"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOILBOT_") or k == "FOILBOT_TODAY"}
    env["FOILBOT_DATABASE_URL"] = f"sqlite:///{tmp_path / 'e2e.db'}"

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([str(foilbot), *args], cwd=tmp_path, env=env, capture_output=True, timeout=120)

    assert run("agency", "import", str(agencies_csv)).returncode == 0
    assert run("request", "new", "--agency", "nces-3617670", "--topic", "retention-periods").returncode == 0
    assert run("request", "sent", "1", "--date", "2026-06-12", "--received", "2026-06-12").returncode == 0
    done = run("calendar", "--as-of", "2026-06-15")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"BEGIN:VCALENDAR\r\n")
    assert events_of(done.stdout)[ACK].decoded("DTSTART").isoformat() == "2026-06-22"


def test_calendar_out_to_a_device_leaves_it_a_device(isolated: Path, runner, directory) -> None:
    """The calendar is written as it is read (issue 14); a device named by --out is written through."""
    import stat

    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    link = isolated / "null.ics"
    link.symlink_to(os.devnull)  # a link in tmp_path: a broken writer could only replace the link
    done = ok(invoke(runner, "calendar", "--out", str(link), "--as-of", "2026-06-15"))
    assert "Wrote 2 deadline(s)" in done.stderr
    assert stat.S_ISCHR(os.stat(link).st_mode) and os.path.islink(link)


def test_dates_moved_by_a_changed_setting_raise_the_sequence(runner, directory, monkeypatch) -> None:
    """A changed deadlines.mail_days (like new law data or a new engine) moves dates with no event
    logged: the recompute is counted, so each event's SEQUENCE rises and a calendar takes the moved
    date (RFC 5545 § 3.8.7.4). A New York request mailed Mon 2026-06-01: received Thu 6/4 after 3 days in
    the post, acknowledgment due Thu 6/11 (6/5, 6/8-6/11); after 5 days, received Mon 6/8, due Mon
    6/15 (6/9-6/12, 6/15)."""
    monkeypatch.setenv("FOILBOT_TODAY", "2026-06-02")
    rid = new_request(runner, "nces-3617670")  # FOIL-2026-0001: numbered in the year it is created
    ack, appeal = "FOIL-2026-0001-acknowledgment@foilbot", "FOIL-2026-0001-appeal_filing@foilbot"
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-01", "--via", "mail"))
    before = events_of(ok(invoke(runner, "calendar", "--as-of", "2026-06-02")).stdout_bytes)
    assert before[ack].decoded("DTSTART").isoformat() == "2026-06-11"

    monkeypatch.setenv("FOILBOT_TODAY", "2026-06-03")
    ok(invoke(runner, "config", "workspace", "deadlines.mail_days", "5"))
    written = ok(invoke(runner, "calendar", "--as-of", "2026-06-02")).stdout_bytes
    after = events_of(written)
    assert after[ack].decoded("DTSTART").isoformat() == "2026-06-15"
    for uid in (ack, appeal):
        assert int(after[uid]["SEQUENCE"]) > int(before[uid]["SEQUENCE"])
        assert after[uid].decoded("LAST-MODIFIED") > before[uid].decoded("LAST-MODIFIED")
    # Nothing changed since: the same bytes again.
    assert ok(invoke(runner, "calendar", "--as-of", "2026-06-02")).stdout_bytes == written


@pytest.mark.parametrize("path", ["driver", "session"])
def test_a_reply_logged_while_the_calendar_is_read_leaves_its_file_as_it_began(
    path: str, runner, directory, monkeypatch
) -> None:
    """The calendar reads the traces its deadlines name, then the deadlines. Another process that logs a
    reply in between (new deadlines, naming traces stored with them) must not make the second query
    name a trace the first did not read (it failed with a KeyError): every query reads one snapshot,
    on the driver's fast path and on a read-only session alike, on SQLite and PostgreSQL."""
    from foilbot import queries

    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    before = ok(invoke(runner, "calendar", "--as-of", "2026-06-15")).stdout_bytes
    if path == "session":
        monkeypatch.setattr(queries, "fast_reader", contextmanager(lambda url, key: iter([None])))
    real, read = queries.Reader.tuples, []

    def tuples(self, sql, params=None):
        if read and read[-1].startswith("SELECT t.digest"):  # the traces are read: the reply lands
            log = [
                "request",
                "log",
                str(rid),
                "acknowledged",
                "--date",
                "2026-06-15",
                "--estimate",
                "2026-07-31",
            ]
            subprocess.run([sys.executable, "-m", "foilbot", *log], check=True, capture_output=True)
        read.append(sql)
        yield from real(self, sql, params)

    monkeypatch.setattr(queries.Reader, "tuples", tuples)
    assert ok(invoke(runner, "calendar", "--as-of", "2026-06-15")).stdout_bytes == before
    assert len(read) >= 2 and read[-2].startswith("SELECT t.digest")
    monkeypatch.setattr(queries.Reader, "tuples", real)
    after = events_of(ok(invoke(runner, "calendar", "--as-of", "2026-06-15")).stdout_bytes)
    assert ACK not in after  # the reply was stored: the next file has the determination instead


def test_a_reader_that_stops_early_ends_it_quietly(runner, directory) -> None:
    """`foilbot calendar | head -1`: the reader goes away with rows unread. The command stops quietly
    (exit 1), as Unix tools do. It printed a traceback from the unread rows, whose connection had closed
    first; and under `python -u` the calendar went on as if the piece the pipe refused had been written
    (exit 0)."""
    for _ in range(40):
        rid = new_request(runner, "nces-3617670")
        ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    foilbot = Path(sys.executable).parent / "foilbot"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    for command in (["calendar"], ["overdue", "--csv"], ["due", "--within", "400", "--csv"]):
        day = "2026-06-25" if command[0] == "overdue" else "2026-06-15"
        argv = [str(foilbot), *command, "--as-of", day]
        # The pipe is shrunk to one page, the reader takes one line byte by byte, and what follows that line
        # is more than the pipe holds: the command is still writing when the reader leaves, however slow
        # the machine. (A 64 kB pipe could hold all of `overdue --csv`, which then exited 0 first.)
        whole = subprocess.run(argv, env=env, capture_output=True, check=True).stdout
        assert len(whole.partition(b"\n")[2]) > PIPE_BYTES, (command, len(whole))
        read_end, write_end = os.pipe()
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        with subprocess.Popen(argv, env=env, stdout=write_end, stderr=subprocess.PIPE) as proc:
            os.close(write_end)
            assert proc.stderr is not None
            with os.fdopen(read_end, "rb", buffering=0) as reader:
                first = reader.readline()  # and then gone, as `head -1` is
            errors = proc.stderr.read().decode()
        assert first and proc.returncode == 1, command
        assert "Traceback" not in errors and "Exception ignored" not in errors, errors
