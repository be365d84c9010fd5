"""`foilbot report agencies` through the real app: every format, the definitions, escaping, files.

The small history (all received Fri 2026-06-12; New York acknowledgment due Mon 6/22: 6/15-6/18 are
business days 1-4, Juneteenth Fri 6/19 is skipped under N.Y. Gen. Constr. Law § 24, 6/22 is 5):
- Lockport A: acknowledged Thu 6/18 (on time); an acknowledgment is not an answer. Its determination is
  due 20 business days later (Juneteenth skipped): 6/22-26 (5), 6/29-7/3 (10), 7/6-10 (15), 7/13-17 (20):
  Fri 7/17, so not overdue on 7/15.
- Lockport B: silent: overdue as of 7/15 (and of 6/24).
- Lockport C: denied Wed 7/1 without an acknowledgment: late against the 5-day deadline (N.Y. Pub. Off.
  Law § 89(3)(a): grant, deny or acknowledge), 12 business days (6/15-18: 4, 6/22-26: 5, 6/29-7/1: 3);
  appealed.
- Starpoint D: records Tue 6/16: on time, 2 business days.
- Buffalo: a draft only: not sent, not listed.
As of 7/15 (C's appeal decision is due 7/20, not overdue):
Lockport: sent 3, acknowledged 1, answered 1 (C), on time 0, overdue 1 (B), median 12, appeals 1.
Starpoint: 1, 0, 1, 1, 0, 2, 0. Total: 4, 1, 2, 1, 1, median of [2, 12] = 7, 1.
As things stood on 6/24, before C's denial and appeal: Lockport 3, 1, 0, 0, 2 (B and C), none, 0.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import invoke, new_request, ok, stored_name

LOCKPORT = "nces-3617670"
STARPOINT = "nces-3628050"


def sent(runner, rid: int) -> None:
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))


@pytest.fixture
def history(runner, directory) -> None:
    a, b, c = (new_request(runner, LOCKPORT, "--campaign", "cams") for _ in range(3))
    d = new_request(runner, STARPOINT, "--campaign", "cams")
    new_request(runner, "nces-3605850", "--campaign", "cams")
    for rid in (a, b, c, d):
        sent(runner, rid)
    ok(invoke(runner, "request", "log", str(a), "acknowledged", "--date", "2026-06-18"))
    ok(invoke(runner, "request", "log", str(c), "denied", "--date", "2026-07-01"))
    ok(invoke(runner, "request", "log", str(c), "appealed", "--date", "2026-07-06"))
    ok(invoke(runner, "request", "log", str(d), "records", "--date", "2026-06-16"))


def report(runner, *args: str):
    return invoke(runner, "report", "agencies", "--campaign", "cams", "--as-of", "2026-07-15", *args)


def test_json(runner, history) -> None:
    data = json.loads(ok(report(runner, "--format", "json")).stdout)
    assert (data["as_of"], data["campaign"]) == ("2026-07-15", "cams")
    assert set(data["definitions"]) == {
        "agency_id",
        "agency",
        "jurisdiction",
        "sent",
        "acknowledged",
        "answered",
        "on_time",
        "overdue",
        "median_days",
        "appeals",
    }
    assert "on or before the deadline it met" in data["definitions"]["on_time"]
    assert "An acknowledgment is not counted." in data["definitions"]["answered"]
    got = {
        r["agency_id"]: [
            r[k] for k in ("sent", "acknowledged", "answered", "on_time", "overdue", "median_days", "appeals")
        ]
        for r in data["agencies"]
    }
    assert got == {LOCKPORT: [3, 1, 1, 0, 1, 12, 1], STARPOINT: [1, 0, 1, 1, 0, 2, 0]}
    total = data["total"]
    assert [
        total[k] for k in ("sent", "acknowledged", "answered", "on_time", "overdue", "median_days", "appeals")
    ] == [
        4,
        1,
        2,
        1,
        1,
        7,
        1,
    ]


def test_csv_rows_on_stdout_definitions_on_stderr(runner, history) -> None:
    result = ok(report(runner, "--format", "csv"))
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["agency_id"] for r in rows] == [LOCKPORT, STARPOINT]  # most overdue first
    assert rows[0] == {
        "agency_id": LOCKPORT,
        "agency": "LOCKPORT CITY SCHOOL DISTRICT",
        "jurisdiction": "NY",
        "sent": "3",
        "acknowledged": "1",
        "answered": "1",
        "on_time": "0",
        "overdue": "1",
        "median_days": "12",
        "appeals": "1",
    }
    assert (
        result.stdout.splitlines()[0]
        == "agency_id,agency,jurisdiction,sent,acknowledged,answered,on_time,overdue,median_days,appeals"
    )
    assert "#" not in result.stdout
    definitions = result.stderr.splitlines()
    assert definitions[0].startswith("agency_id: ")
    assert any(line.startswith("median_days: Median, over the answered requests") for line in definitions)


def test_table_has_the_definitions_as_caption(runner, history, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # wide enough that no cell folds
    result = ok(report(runner))
    cells = {
        line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
        for line in result.stdout.splitlines()
        if line.startswith("│")
    }
    assert cells["LOCKPORT CITY SCHOOL DISTRICT"] == ["NY", "3", "1", "1", "0", "1", "12", "1"]
    assert cells["All agencies"] == ["", "4", "1", "2", "1", "1", "7", "1"]
    flat = " ".join(result.stdout.split())
    assert "answered on time: Of those answered" in flat
    assert "overdue now: Requests whose current deadline" in flat


def test_table_to_file_is_plain_text(isolated: Path, runner, history) -> None:
    out = isolated / "scorecard.txt"
    result = ok(report(runner, "--out", str(out)))
    assert result.stdout == ""
    assert result.stderr == f"Wrote {out}.\n"
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "Agency scorecard — cams, as of 2026-07-15"
    lockport = next(line for line in lines if line.startswith("LOCKPORT CITY SCHOOL DISTRICT"))
    assert lockport.split()[-8:] == ["NY", "3", "1", "1", "0", "1", "12", "1"]
    assert "Definitions:" in lines


def _rename_campaign(old: str, new: str) -> None:
    """A campaign name `campaign new` no longer takes, as a database from before the rule (or a
    `db import`) may hold it: what prints it must still escape it."""
    from sqlalchemy import text

    from foilbot.storage import get_engine
    from tests.conftest import current_settings

    with get_engine(current_settings().database_url).begin() as conn:
        conn.execute(text("UPDATE campaign SET name = :new WHERE name = :old"), {"new": new, "old": old})
        conn.execute(
            text("UPDATE request SET campaign = :new WHERE campaign = :old"), {"new": new, "old": old}
        )


def test_html_escaped_self_contained_with_definitions(isolated: Path, runner, directory) -> None:
    evil = isolated / "evil.csv"
    evil.write_text('id,name,kind,jurisdiction\nx-evil,"<script>alert(1)</script> & Co",other,NY\n')
    ok(invoke(runner, "agency", "import", str(evil)))
    sent(runner, new_request(runner, "x-evil", "--campaign", "cams"))
    _rename_campaign("cams", "<b>cams</b>")
    out = isolated / "scorecard.html"
    ok(invoke(runner, "report", "agencies", "--format", "html", "--out", str(out), "--as-of", "2026-06-24"))
    page = out.read_text(encoding="utf-8")
    assert "<td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</td>" in page
    assert "<script" not in page
    for external in ("http:", "https:", "<link", "<img", "@import", "url("):
        assert external not in page
    assert "<style>" in page
    assert "<dt>median business days to first response</dt><dd>Median, over the answered requests" in page
    # A silent request, as of 6/24: overdue (due 6/22).
    assert (
        '<td class="n">1</td><td class="n">0</td><td class="n">0</td><td class="n">0</td><td class="n">1</td>'
        in page
    )

    campaign = ok(invoke(runner, "report", "agencies", "--format", "html", "--campaign", "<b>cams</b>"))
    assert "Agency scorecard — &lt;b&gt;cams&lt;/b&gt;" in campaign.stdout
    assert "<b>" not in campaign.stdout


def test_usage_errors(runner, directory) -> None:
    bad = invoke(runner, "report", "agencies", "--format", "pdf")
    assert bad.exit_code == 2
    assert "--format 'pdf'" in bad.stderr
    date = invoke(runner, "report", "agencies", "--as-of", "24/06/2026")
    assert date.exit_code == 2
    assert "--as-of" in date.stderr


def test_empty_database_gives_an_empty_scorecard(runner, directory) -> None:
    data = json.loads(
        ok(invoke(runner, "report", "agencies", "--format", "json", "--as-of", "2026-06-24")).stdout
    )
    assert data["agencies"] == []
    assert (data["total"]["sent"], data["total"]["median_days"]) == (0, None)
    page = ok(invoke(runner, "report", "agencies", "--format", "html", "--as-of", "2026-06-24")).stdout
    assert "No requests sent." in page


def test_a_past_scorecard_counts_only_what_had_happened(runner, history) -> None:
    """As of 6/24, C's denial (7/1) and appeal (7/6) had not happened: C was silent and overdue."""
    data = json.loads(
        ok(
            invoke(
                runner,
                "report",
                "agencies",
                "--campaign",
                "cams",
                "--as-of",
                "2026-06-24",
                "--format",
                "json",
            )
        ).stdout
    )
    got = {
        r["agency_id"]: [
            r[k] for k in ("sent", "acknowledged", "answered", "on_time", "overdue", "median_days", "appeals")
        ]
        for r in data["agencies"]
    }
    assert got == {LOCKPORT: [3, 1, 0, 0, 2, None, 0], STARPOINT: [1, 0, 1, 1, 0, 2, 0]}


def scores(runner, as_of: str) -> dict[str, list]:
    """The campaign's counts as of a day, by agency id (the total under "")."""
    args = ("report", "agencies", "--campaign", "cams", "--as-of", as_of, "--format", "json")
    data = json.loads(ok(invoke(runner, *args)).stdout)
    columns = ("sent", "acknowledged", "answered", "on_time", "overdue", "median_days", "appeals")
    return {r["agency_id"]: [r[k] for k in columns] for r in [*data["agencies"], data["total"]]}


def test_an_answer_before_the_report_date_with_events_after_it(runner, history) -> None:
    """D answered on time (6/16) and has a note dated after the report date: its answer is measured
    against its deadlines as they stood on 7/10, not read from what is stored now. As of 7/10 Lockport
    is as on 7/15 (C's denial 7/1 and appeal 7/6 happened; A's determination is due 7/17)."""
    ok(invoke(runner, "request", "log", "4", "note", "--date", "2026-07-14", "--note", "called the clerk"))
    got = scores(runner, "2026-07-10")
    assert got[STARPOINT] == [1, 0, 1, 1, 0, 2, 0]
    assert got[LOCKPORT] == [3, 1, 1, 0, 1, 12, 1]
    assert got[""] == [4, 1, 2, 1, 1, 7, 1]


def test_a_workspace_upgraded_to_stored_facts_counts_the_same(runner, history) -> None:
    """A database from before the scorecard's facts were stored (0011) has them empty, under an older
    engine's schedule key: the first command recomputes them, and the scorecard is the same."""
    from sqlalchemy import text

    from foilbot.services.schedule import KEY
    from foilbot.storage import get_engine
    from tests.conftest import current_settings

    before = scores(runner, "2026-07-15")
    with get_engine(current_settings().database_url).begin() as conn:
        conn.execute(
            text(
                "UPDATE request SET acknowledged_on = NULL, answered_on = NULL, answered_on_time = NULL, "
                "answer_days = NULL, appealed_on = NULL"
            )
        )
        conn.execute(text("UPDATE workspace_setting SET value = 'engine 7' WHERE key = :key"), {"key": KEY})
    assert scores(runner, "2026-07-15") == before
    assert before[""] == [4, 1, 2, 1, 1, 7, 1]


def test_control_characters_in_a_name_reach_neither_the_html_report_nor_the_calendar(
    isolated: Path, runner, directory
) -> None:
    # Issue 9: ESC[2J in an agency's name went into the HTML report and the .ics file (RFC 5545 TEXT
    # allows no control character); both now drop it, as letters do.
    evil = isolated / "evil.csv"
    evil.write_text("id,name,kind,jurisdiction\nx-evil,EVIL DSC CSD,other,NY\n", encoding="utf-8")
    ok(invoke(runner, "agency", "import", str(evil)))
    stored_name("x-evil", "EVIL \x1b[2J\u202eDSC CSD")  # refused at import now; stored before
    sent(runner, new_request(runner, "x-evil"))
    page = ok(invoke(runner, "report", "agencies", "--format", "html", "--as-of", "2026-06-24")).stdout
    assert "EVIL [2JDSC CSD" in page and "\x1b" not in page and "\u202e" not in page
    ics = ok(invoke(runner, "calendar", "--as-of", "2026-06-15")).stdout
    assert "EVIL [2JDSC CSD" in ics and "\x1b" not in ics and "\u202e" not in ics
