"""`foilbot calendar` (.ics that parses, with the right dates and stable UIDs) and `foilbot report agencies`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_request import new_request, ok
from tests.conftest import invoke


def _events(path: Path) -> dict[str, object]:
    from icalendar import Calendar

    cal = Calendar.from_ical(path.read_bytes())
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_calendar_holds_open_deadlines_with_stable_uids(isolated: Path, runner, directory) -> None:
    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    out = isolated / "deadlines.ics"
    ok(invoke(runner, "calendar", "--out", str(out)))
    events = _events(out)
    # Acknowledgment due Mon 2026-06-22 (5 business days, Juneteenth skipped); the conditional appeal
    # window after a constructive denial closes Thu 2026-07-23.
    ack = events["FOIL-2026-0001-acknowledgment@foilbot"]
    assert ack.decoded("DTSTART").isoformat() == "2026-06-22"
    assert ack.decoded("DTEND").isoformat() == "2026-06-23"
    assert "N.Y. Pub. Off. Law § 89(3)(a)" in str(ack["DESCRIPTION"])
    alarm = ack.walk("VALARM")[0]
    assert alarm.decoded("TRIGGER").days == -3
    appeal = events["FOIL-2026-0001-appeal_filing@foilbot"]
    assert appeal.decoded("DTSTART").isoformat() == "2026-07-23"
    assert str(appeal["SUMMARY"]).startswith("If no response: last day to file the appeal")
    assert appeal.walk("VALARM")[0].decoded("TRIGGER").days == -1

    again = isolated / "again.ics"
    ok(invoke(runner, "calendar", "--out", str(again)))
    assert again.read_bytes() == out.read_bytes()  # same data, same bytes

    # The acknowledgment arrives with an approximate date: the acknowledgment leaves the calendar, the
    # determination joins it, and re-importing updates by UID (higher SEQUENCE).
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
    ok(invoke(runner, "calendar", "--out", str(again)))
    updated = _events(again)
    assert "FOIL-2026-0001-acknowledgment@foilbot" not in updated
    det = updated["FOIL-2026-0001-determination@foilbot"]
    assert det.decoded("DTSTART").isoformat() == "2026-07-10"
    assert int(det["SEQUENCE"]) > int(ack["SEQUENCE"])


def test_report_counts_by_hand(isolated: Path, runner, directory) -> None:
    # Lockport: A acknowledged on day 4 (on time), B silent (overdue), C denied late on 7/1 and appealed.
    # Starpoint: D records on 6/16 (on time, 2 business days). Buffalo: draft only (not sent, not listed).
    a, b, c = (new_request(runner, "nces-3617670", "--campaign", "cams") for _ in range(3))
    d = new_request(runner, "nces-3628050", "--campaign", "cams")
    new_request(runner, "nces-3605850", "--campaign", "cams")
    for rid in (a, b, c, d):
        ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    ok(invoke(runner, "request", "log", str(a), "acknowledged", "--date", "2026-06-18"))
    ok(invoke(runner, "request", "log", str(c), "denied", "--date", "2026-07-01"))
    ok(invoke(runner, "request", "log", str(c), "appealed", "--date", "2026-07-06"))
    ok(invoke(runner, "request", "log", str(d), "records", "--date", "2026-06-16"))
    result = ok(
        invoke(
            runner, "report", "agencies", "--format", "json", "--campaign", "cams", "--as-of", "2026-06-24"
        )
    )
    data = json.loads(result.stdout)
    assert set(data["definitions"]) == {"sent", "answered", "on_time", "overdue", "median_days", "appeals"}
    rows = {r["agency_id"]: r for r in data["agencies"]}
    assert set(rows) == {"nces-3617670", "nces-3628050"}
    lockport = rows["nces-3617670"]
    # A: 6/12 -> 6/18 is 4 business days (6/15-6/18). C: 6/12 -> 7/1: 6/15-6/18 (4), 6/22-6/26 (5),
    # 6/29-7/1 (3) = 12 (Juneteenth 6/19 skipped). Median of 4 and 12 = 8.
    assert (lockport["sent"], lockport["answered"], lockport["on_time"]) == (3, 2, 1)
    assert (lockport["overdue"], lockport["median_days"], lockport["appeals"]) == (1, 8, 1)
    starpoint = rows["nces-3628050"]
    assert (starpoint["sent"], starpoint["answered"], starpoint["on_time"], starpoint["median_days"]) == (
        1,
        1,
        1,
        2,
    )
    assert starpoint["overdue"] == 0


def test_report_html_is_escaped_and_self_contained(isolated: Path, runner) -> None:
    csv = isolated / "evil.csv"
    csv.write_text('id,name,kind,jurisdiction\nx-evil,"<script>alert(1)</script> & Co",other,NY\n')
    ok(invoke(runner, "agency", "import", str(csv)))
    rid = new_request(runner, "x-evil")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    out = isolated / "scorecard.html"
    ok(invoke(runner, "report", "agencies", "--format", "html", "--out", str(out), "--as-of", "2026-06-24"))
    page = out.read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in page
    assert "<script>" not in page
    assert "http" not in page.replace("http-equiv", "")  # no external resource
    assert "<dt>median days</dt>" in page
    bad = invoke(runner, "report", "agencies", "--format", "pdf")
    assert bad.exit_code == 2
