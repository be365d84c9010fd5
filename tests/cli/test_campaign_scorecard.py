"""`campaign scorecard`: content against the records, definitions right in law, --as-of reproducible.

History (all received Fri 2026-06-12; New York acknowledgment due Mon 2026-06-22, five business days,
N.Y. Pub. Off. Law § 89(3)(a)):
- 0001 Lockport: acknowledged Thu 6/18 (on time), records released Tue 6/30.
- 0002 Niagara-Wheatfield: nothing: overdue from 6/23.
- 0003 Starpoint: acknowledged Thu 6/25 (late), denied Sat 8/1 (after the scorecard day).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.conftest import YEAR, invoke, ok, stored_name

REF = [f"FOIL-{YEAR}-000{n}" for n in (1, 2, 3)]


TOPIC_NIAGARA = (
    "--topic",
    "retention-periods",
    "--filter",
    "county=Niagara",
    "--filter",
    "kind=school_district",
)


def _history(runner) -> None:
    ok(invoke(runner, "campaign", "new", "cams", *TOPIC_NIAGARA))
    for ref in REF:
        ok(
            invoke(
                runner,
                "request",
                "sent",
                ref,
                "--date",
                "2026-06-12",
                "--via",
                "email",
                "--received",
                "2026-06-12",
            )
        )
    ok(invoke(runner, "request", "log", REF[0], "acknowledged", "--date", "2026-06-18"))
    ok(invoke(runner, "request", "log", REF[0], "records", "--date", "2026-06-30"))
    ok(invoke(runner, "request", "log", REF[2], "acknowledged", "--date", "2026-06-25"))


def _card(runner, out: Path, as_of: str) -> dict:
    ok(invoke(runner, "campaign", "scorecard", "cams", "--as-of", as_of, "--out", str(out)))
    return json.loads((out / "cams-scorecard.json").read_text())


def test_scorecard_rows_summary_and_definitions(isolated: Path, runner, directory) -> None:
    _history(runner)
    card = _card(runner, isolated / "site", "2026-07-15")
    rows = {r["reference"]: r for r in card["items"]}
    assert [r["reference"] for r in card["items"]] == REF
    a, b, c = (rows[r] for r in REF)
    assert (a["acknowledged"], a["determination"], a["standing"], a["outcome"]) == (
        "on time",
        "granted",
        "answered on time" if a["determined"] == "on time" else "answered late",
        "granted",
    )
    assert (b["acknowledged"], b["determined"], b["standing"], b["overdue_days"]) == ("", "", "overdue", 23)
    # An acknowledgment is not an answer: Starpoint acknowledged (late) but has not answered.
    assert (c["acknowledged"], c["determination"], c["outcome"]) == ("late", "", "no answer yet")
    assert c["standing"] in ("overdue", "waiting")
    summary = card["summary"]
    assert summary["sent"] == 3 and summary["acknowledged"] == 2
    assert summary["answered on time"] + summary["answered late"] == 1
    assert "not an answer" in card["definitions"]["acknowledged"]
    page = (isolated / "site" / "cams-scorecard.html").read_text()
    assert "<caption>" in page and '<th scope="col">Standing</th>' in page
    assert "http://" not in page and "https://" not in page and "<link" not in page
    assert 'class="overdue" data-sort="overdue">overdue</td>' in page
    rows_csv = list(csv.DictReader((isolated / "site" / "cams-scorecard.csv").read_text().splitlines()))
    assert [r["standing"] for r in rows_csv] == [a["standing"], "overdue", c["standing"]]
    early = _card(runner, isolated / "early", "2026-06-20")
    assert [r["standing"] for r in early["items"]] == ["waiting", "waiting", "waiting"]
    assert early["items"][0]["acknowledged"] == "on time"


def test_as_of_gives_the_same_files_whenever_it_is_run(isolated: Path, runner, directory) -> None:
    _history(runner)
    _card(runner, isolated / "before", "2026-07-15")
    ok(invoke(runner, "request", "log", REF[2], "denied", "--date", "2026-08-01"))
    ok(invoke(runner, "request", "log", REF[1], "records", "--date", "2026-08-03"))
    _card(runner, isolated / "after", "2026-07-15")
    for suffix in ("html", "csv", "json"):
        name = f"cams-scorecard.{suffix}"
        assert (isolated / "before" / name).read_bytes() == (isolated / "after" / name).read_bytes()
    later = _card(runner, isolated / "later", "2026-08-10")
    assert [r["determination"] for r in later["items"]] == ["granted", "granted", "denied"]


def test_control_characters_in_a_name_never_reach_the_scorecard_page(
    isolated: Path, runner, directory
) -> None:
    # Issue 9 attack run: ESC[2J and a right-to-left override in an agency's name went into the page.
    evil = isolated / "evil.csv"
    evil.write_text(
        "id,name,kind,jurisdiction,address,city,state,zip\n"
        "x-evil,EVIL DSC CSD,other,NY,1 Main St,Buffalo,NY,14202\n",
        encoding="utf-8",
    )
    ok(invoke(runner, "agency", "import", str(evil)))
    stored_name("x-evil", "EVIL \x1b[2J\u202eDSC CSD")  # refused at import now; stored before
    (isolated / "ids.csv").write_text("id\nx-evil\n")
    ok(invoke(runner, "campaign", "new", "evil", "--topic", "retention-periods", "--agencies", "ids.csv"))
    ok(invoke(runner, "request", "sent", f"FOIL-{YEAR}-0001", "--date", "2026-06-01"))
    ok(invoke(runner, "campaign", "scorecard", "evil", "--out", "sc", "--as-of", "2026-06-30"))
    page = (isolated / "sc" / "evil-scorecard.html").read_text(encoding="utf-8")
    assert "EVIL [2JDSC CSD" in page and "\x1b" not in page and "\u202e" not in page


def test_scorecard_report_and_overdue_agree_on_every_answer(
    isolated: Path, runner, directory, monkeypatch
) -> None:
    """Three New York requests received Wed 2026-07-01, scored as of 2026-09-15:
    - the first denied 07-06, appealed (received) Fri 07-10: the decision was due ten business days on,
      Fri 07-24 (§ 89(4)(a)), so 53 days overdue. `overdue` and `report agencies` said so; the
      scorecard said "answered on time", overdue empty.
    - the second acknowledged Mon 07-06 with a date, 09-30, past the 20th business day, Mon 08-03:
      a written reason and date certain was owed by then (§ 89(3)(a)); none came, records 09-01 are
      late (as `request show` says); the report and scorecard measured them against 09-30, "on time".
    - the third granted Fri 07-03, within the five business days (due Wed 07-08): on time everywhere."""
    monkeypatch.setenv("FOILBOT_TODAY", "2026-09-15")
    ok(invoke(runner, "campaign", "new", "nyc", *TOPIC_NIAGARA))
    first, second, third = (f"FOIL-2026-000{n}" for n in (1, 2, 3))  # the clock is pinned to 2026
    for ref in (first, second, third):
        ok(invoke(runner, "request", "sent", ref, "--date", "2026-07-01", "--received", "2026-07-01"))
    ok(invoke(runner, "request", "log", first, "denied", "--date", "2026-07-06"))
    ok(
        invoke(
            runner, "request", "log", first, "appealed", "--date", "2026-07-10", "--received", "2026-07-10"
        )
    )
    ok(
        invoke(
            runner,
            "request",
            "log",
            second,
            "acknowledged",
            "--date",
            "2026-07-06",
            "--estimate",
            "2026-09-30",
        )
    )
    ok(invoke(runner, "request", "log", second, "records", "--date", "2026-09-01"))
    ok(invoke(runner, "request", "log", third, "records", "--date", "2026-07-03"))
    ok(invoke(runner, "campaign", "scorecard", "nyc", "--out", "sc", "--as-of", "2026-09-15"))
    card = json.loads((isolated / "sc" / "nyc-scorecard.json").read_text())
    rows = {r["reference"]: (r["standing"], r["overdue_days"], r["determined"]) for r in card["items"]}
    assert rows == {
        first: ("overdue", 53, "on time"),
        second: ("answered late", None, "late"),
        third: ("answered on time", None, "on time"),
    }
    listed = json.loads(ok(invoke(runner, "overdue", "--campaign", "nyc", "--json")).stdout)["items"]
    assert [(i["reference"], i["kind"], i["days_overdue"]) for i in listed] == [
        (first, "appeal_determination", 53)
    ]
    total = json.loads(
        ok(invoke(runner, "report", "agencies", "--campaign", "nyc", "--format", "json")).stdout
    )["total"]
    assert (total["answered"], total["on_time"], total["overdue"]) == (3, 2, 1)
    assert card["summary"]["overdue"] == total["overdue"]
