"""`foilbot overdue` and `foilbot due` over two case histories logged through the CLI, as of many dates.

Every expected date below is counted by hand in the comment beside it, from the statute:
- New York: Pub. Off. Law § 89(3)(a) (acknowledge within 5 business days; determine by the approximate
  date given, at most 20 business days after the acknowledgment), § 89(4)(a) (silence is a denial; 30
  days to appeal; 10 business days to decide), Gen. Constr. Law § 24 (holidays, including Lincoln's
  Birthday on Feb 12 and Washington's Birthday, the third Monday of February) and § 25-a (a period
  ending on a Saturday, Sunday or holiday runs to the next business day).
- Federal: 5 U.S.C. § 552(a)(6)(A)(i) (20 working days), (A)(ii) (tolling; appeal decided within 20
  working days), (B)(i) (+10 working days), (A)(i)(III)(aa) (90 days to appeal), (C)(i) (constructive
  exhaustion), holidays of 5 U.S.C. § 6103(a) (Lincoln's Birthday is not one; Juneteenth is).
All dates are in the past, so the "no date after today" rule never refuses them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import YEAR, invoke, new_request, ok

LOCKPORT = "nces-3617670"
EDUCATION = "us-department-of-education"


def new(runner, agency: str) -> int:
    return new_request(runner, agency, topic="camera-locations")


def log(runner, rid: int, *args: str) -> int:
    """Log an event; returns its id (as printed: "logged #N")."""
    out = ok(invoke(runner, "request", "log", str(rid), *args)).stdout
    return int(out.split("logged #", 1)[1].split()[0])


def overdue(runner, as_of: str) -> list[dict]:
    return json.loads(ok(invoke(runner, "overdue", "--as-of", as_of, "--json")).stdout)["items"]


def due(runner, as_of: str, within: int) -> list[dict]:
    return json.loads(ok(invoke(runner, "due", "--as-of", as_of, "--within", str(within), "--json")).stdout)[
        "items"
    ]


def brief(items: list[dict]) -> list[tuple]:
    return [(i["kind"], i["due"], i["party"], i["days_overdue"]) for i in items]


def status(runner, rid: int) -> str:
    return json.loads(ok(invoke(runner, "request", "show", str(rid), "--json")).stdout)["status"]


def test_new_york_request_overdue_and_due_as_of_many_dates(runner, directory) -> None:
    rid = new(runner, LOCKPORT)
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-02-09", "--received", "2026-02-09"))
    # Received Mon 2/9. Five business days: Tue 2/10 (1), Wed 2/11 (2), [Thu 2/12 Lincoln's Birthday],
    # Fri 2/13 (3), [Mon 2/16 Washington's Birthday], Tue 2/17 (4), Wed 2/18 (5): due Wed 2/18.
    assert overdue(runner, "2026-02-18") == []
    [late] = overdue(runner, "2026-02-19")
    assert (late["request_id"], late["reference"], late["agency"], late["jurisdiction"]) == (
        rid,
        f"FOIL-{YEAR}-0001",
        "LOCKPORT CITY SCHOOL DISTRICT",
        "NY",
    )
    assert brief([late]) == [("acknowledgment", "2026-02-18", "agency", 1)]
    # Silence denies on Thu 2/19; 30 days: 2/19 + 9 = 2/28, + 21 = Sat 3/21, so Mon 3/23 (§ 25-a).
    assert late["appeal_by"] == "2026-03-23"
    assert "constructive denial and appeal by 2026-03-23" in late["next_step"]
    # The conditional appeal window shows in `due` once the agency is late, not before.
    assert brief(due(runner, "2026-02-19", 40)) == [("appeal_filing", "2026-03-23", "requester", 0)]
    assert brief(due(runner, "2026-02-17", 40)) == [("acknowledgment", "2026-02-18", "agency", 0)]

    # The acknowledgment came on Tue 2/17 (on time) giving 3/17; 20 business days after 2/17:
    # 2/18 (1) … 2/27 (8), 3/2 (9) … 3/6 (13), 3/9 (14) … 3/13 (18), 3/16 (19), 3/17 (20): not flagged.
    log(runner, rid, "acknowledged", "--date", "2026-02-17", "--estimate", "2026-03-17")
    assert overdue(runner, "2026-02-19") == []
    [upcoming] = due(runner, "2026-03-10", 7)
    assert (upcoming["kind"], upcoming["due"], upcoming["days_left"]) == ("determination", "2026-03-17", 7)
    assert due(runner, "2026-03-10", 6) == []
    assert overdue(runner, "2026-03-17") == []
    [late] = overdue(runner, "2026-03-18")
    # Deemed denial Wed 3/18; + 30 days = Fri 4/17.
    assert brief([late]) == [("determination", "2026-03-17", "agency", 1)]
    assert late["appeal_by"] == "2026-04-17"
    assert brief(due(runner, "2026-03-18", 30)) == [("appeal_filing", "2026-04-17", "requester", 0)]
    # On 4/20 the window for that constructive denial has closed: 3/17 to 4/20 is 14 + 20 = 34 days.
    [late] = overdue(runner, "2026-04-20")
    assert late["days_overdue"] == 34
    assert "closed on 2026-04-17" in late["next_step"] and "appeal by" not in late["next_step"]

    # Appeal filed Thu 4/2 on the constructive denial, received Fri 4/3; then the written denial of
    # 3/25 turns up and is logged late, out of order. The appeal stands, the status stays "appealing",
    # and the 30-day window from the denial (3/25 + 30 = Fri 4/24) is met by the appeal.
    log(runner, rid, "appealed", "--date", "2026-04-02", "--received", "2026-04-03")
    log(runner, rid, "denied", "--date", "2026-03-25", "--exemption", "Public Officers Law § 87(2)(f)")
    assert status(runner, rid) == "appealing"
    assert due(runner, "2026-04-20", 10) == []
    # Ten business days after 4/3 (no § 24 holiday in April): 4/6 (1) … 4/10 (5), 4/13 (6) … 4/17 (10).
    assert overdue(runner, "2026-04-17") == []
    [late] = overdue(runner, "2026-04-20")
    assert brief([late]) == [("appeal_determination", "2026-04-17", "agency", 3)]
    assert "Article 78" in late["next_step"]

    log(runner, rid, "appeal-denied", "--date", "2026-04-30")
    assert status(runner, rid) == "appeal decided"
    assert overdue(runner, "2026-05-01") == []
    assert due(runner, "2026-05-01", 60) == []


def test_federal_request_overdue_and_due_as_of_many_dates(runner, directory) -> None:
    rid = new(runner, EDUCATION)
    sent = ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-02-06", "--via", "mail"))
    # Mailed Fri 2/6, receipt estimated three business days later: Mon 2/9, Tue 2/10, Wed 2/11.
    assert "Received 2026-02-11 (estimated)." in sent.stdout
    # 20 working days after 2/11: 2/12 (1), 2/13 (2), [Mon 2/16 Washington's Birthday], 2/17 (3) …
    # 2/20 (6), 2/23 (7) … 2/27 (11), 3/2 (12) … 3/6 (16), 3/9 (17) … 3/12 (20): due Thu 3/12.
    assert overdue(runner, "2026-03-12") == []
    [late] = overdue(runner, "2026-03-13")
    assert brief([late]) == [("determination", "2026-03-12", "agency", 1)]
    assert late["estimated"] is True and late["appeal_by"] is None
    assert "5 U.S.C. § 552(a)(6)(C)(i)" in late["next_step"]

    # The agency's letter gives the real receipt date, Tue 2/10: correct the filing. 20 working days:
    # 2/11 (1), 2/12 (2), 2/13 (3), [2/16], 2/17 (4) … 2/20 (7), 2/23 (8) … 2/27 (12), 3/2 (13) …
    # 3/6 (17), 3/9 (18), 3/10 (19), 3/11 (20): due Wed 3/11, no longer estimated.
    sent_id = json.loads(ok(invoke(runner, "request", "show", str(rid), "--json")).stdout)["events"][0]["id"]
    log(runner, rid, "sent", "--date", "2026-02-06", "--received", "2026-02-10", "--corrects", str(sent_id))
    [late] = overdue(runner, "2026-03-12")
    assert brief([late]) == [("determination", "2026-03-11", "agency", 1)]
    assert late["estimated"] is False

    # Acknowledged 2/13 (an acknowledgment does not stop a federal clock); tolled Fri 2/20 to ask for
    # clarification, answered Wed 2/25: 2/23, 2/24 and 2/25 do not count, so the 20th working day
    # moves three working days: 3/12, 3/13, Mon 3/16.
    log(runner, rid, "acknowledged", "--date", "2026-02-13")
    log(runner, rid, "tolled", "--date", "2026-02-20")
    log(runner, rid, "resumed", "--date", "2026-02-25")
    assert overdue(runner, "2026-03-16") == []
    assert brief(overdue(runner, "2026-03-17")) == [("determination", "2026-03-16", "agency", 1)]
    # Unusual circumstances, notice of 3/5: 10 more working days after 3/16: 3/17 (1) … 3/20 (4),
    # 3/23 (5) … 3/27 (9), Mon 3/30 (10).
    log(runner, rid, "extended", "--date", "2026-03-05")
    assert status(runner, rid) == "extended"
    assert overdue(runner, "2026-03-30") == []
    assert brief(overdue(runner, "2026-03-31")) == [("extended_determination", "2026-03-30", "agency", 1)]

    # Denied Wed 4/8: it now waits on the requester (not overdue). 90 days to appeal: 4/8 + 22 = 4/30,
    # + 31 = 5/31, + 30 = 6/30, + 7 = Tue 7/7.
    log(runner, rid, "denied", "--date", "2026-04-08", "--exemption", "5 U.S.C. § 552(b)(5)")
    assert overdue(runner, "2026-04-09") == []
    assert due(runner, "2026-04-09", 88) == []  # 4/9 + 88 = 7/6
    [window] = due(runner, "2026-04-09", 89)
    assert (window["kind"], window["due"], window["party"], window["days_left"]) == (
        "appeal_filing",
        "2026-07-07",
        "requester",
        89,
    )
    assert window["next_step"].startswith("file the appeal by 2026-07-07")

    # Appeal sent 6/1, received Tue 6/2: 20 working days: 6/3 (1) … 6/5 (3), 6/8 (4) … 6/12 (8),
    # 6/15 (9) … 6/18 (12), [Fri 6/19 Juneteenth], 6/22 (13) … 6/26 (17), 6/29 (18), 6/30 (19), 7/1 (20).
    log(runner, rid, "appealed", "--date", "2026-06-01", "--received", "2026-06-02")
    assert overdue(runner, "2026-07-01") == []
    [late] = overdue(runner, "2026-07-02")
    assert brief([late]) == [("appeal_determination", "2026-07-01", "agency", 1)]
    assert "federal district court" in late["next_step"]

    log(runner, rid, "litigation", "--date", "2026-07-20", "--note", "complaint filed, D.D.C.")
    assert status(runner, rid) == "litigation"
    assert overdue(runner, "2026-07-21") == []


def test_overdue_filters_by_agency_and_campaign(runner, directory) -> None:
    ids = {}
    for agency, campaign in ((LOCKPORT, "cameras"), ("nces-3628050", "cameras"), (EDUCATION, None)):
        extra = ("--campaign", campaign) if campaign else ()
        out = ok(invoke(runner, "request", "new", "--agency", agency, "--topic", "camera-locations", *extra))
        ids[agency] = int(out.stdout.split("(id ")[1].split(")")[0])
        ok(
            invoke(
                runner,
                "request",
                "sent",
                str(ids[agency]),
                "--date",
                "2026-02-09",
                "--received",
                "2026-02-09",
            )
        )
    # NY: due 2/18 (see above). Federal, received 2/9: 20 working days, [2/16] skipped: 2/10 (1) …
    # 2/13 (4), 2/17 (5) … 2/20 (8), 2/23 (9) … 2/27 (13), 3/2 (14) … 3/6 (18), 3/9 (19), 3/10 (20).
    everything = json.loads(ok(invoke(runner, "overdue", "--as-of", "2026-03-11", "--json")).stdout)["items"]
    assert sorted((i["agency_id"], i["due"], i["days_overdue"]) for i in everything) == [
        ("nces-3617670", "2026-02-18", 21),
        ("nces-3628050", "2026-02-18", 21),
        ("us-department-of-education", "2026-03-10", 1),
    ]
    by_campaign = json.loads(
        ok(invoke(runner, "overdue", "--as-of", "2026-03-11", "--campaign", "cameras", "--json")).stdout
    )["items"]
    assert sorted(i["agency_id"] for i in by_campaign) == ["nces-3617670", "nces-3628050"]
    by_name = json.loads(
        ok(
            invoke(
                runner, "overdue", "--as-of", "2026-03-11", "--agency", "Department of Education", "--json"
            )
        ).stdout
    )["items"]
    assert [i["request_id"] for i in by_name] == [ids[EDUCATION]]
    table = ok(invoke(runner, "overdue", "--as-of", "2026-03-11"))
    assert "U.S. Department of Education (us-department-of-education): 1 overdue" in table.stdout
    assert "LOCKPORT CITY SCHOOL DISTRICT (nces-3617670): 1 overdue" in table.stdout
    none = ok(invoke(runner, "overdue", "--as-of", "2026-02-18"))
    assert none.stdout == "" and "Nothing overdue as of 2026-02-18." in none.stderr
    bad = invoke(runner, "overdue", "--as-of", "18/02/2026")
    assert bad.exit_code == 2 and "--as-of" in bad.stderr


def test_entry_point_overdue_check_and_due_in_a_subprocess(tmp_path: Path, runner, directory) -> None:
    rid = new(runner, LOCKPORT)
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-02-09", "--received", "2026-02-09"))
    foilbot = Path(sys.executable).parent / "foilbot"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOILBOT_") or k == "FOILBOT_TODAY"}
    env["FOILBOT_DATABASE_URL"] = os.environ["FOILBOT_DATABASE_URL"]  # the suite's backend

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(foilbot), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )

    quiet = run("overdue", "--as-of", "2026-02-18", "--check")
    assert quiet.returncode == 0, quiet.stderr
    found = run("overdue", "--as-of", "2026-02-19", "--check", "--json")
    assert found.returncode == 3
    [item] = json.loads(found.stdout)["items"]
    assert (item["reference"], item["kind"], item["due"], item["days_overdue"]) == (
        f"FOIL-{YEAR}-0001",
        "acknowledgment",
        "2026-02-18",
        1,
    )
    coming = run("due", "--as-of", "2026-02-12", "--within", "6", "--json")
    assert coming.returncode == 0
    assert [(i["kind"], i["due"], i["days_left"]) for i in json.loads(coming.stdout)["items"]] == [
        ("acknowledgment", "2026-02-18", 6)
    ]
    csv = run("due", "--as-of", "2026-02-12", "--within", "6", "--csv")
    assert csv.stdout.splitlines()[0].startswith(
        "request_id,reference,agency_id,agency,jurisdiction,kind,due"
    )


def test_appeal_of_a_constructive_denial_is_what_can_be_overdue(runner, directory) -> None:
    rid = new(runner, LOCKPORT)
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-02-09", "--received", "2026-02-09"))
    log(runner, rid, "acknowledged", "--date", "2026-02-17", "--estimate", "2026-03-17")
    # Determination missed 3/17; appeal 4/2, received 4/3; decision due 4/17 (see above).
    log(runner, rid, "appealed", "--date", "2026-04-02", "--received", "2026-04-03")
    assert overdue(runner, "2026-04-17") == []
    assert brief(overdue(runner, "2026-04-20")) == [("appeal_determination", "2026-04-17", "agency", 3)]


def test_overdue_lists_the_most_urgent_first_with_the_days_left(runner, directory) -> None:
    """Issue 9: `days_left` was always 0 and rows came by agency name. As of Mon 2026-03-23, five
    requests received on different days, each silent since (N.Y. Pub. Off. Law § 89(3)(a): acknowledge
    within 5 business days; § 89(4)(a): silence is a denial, appealable within 30 days; Gen. Constr.
    Law § 24 holidays Lincoln's Birthday Thu 2/12 and Washington's Birthday Mon 2/16, § 25-a a period
    ending on a weekend or holiday runs to the next business day):
    - C, received Mon 1/5: 1/6 (1), 1/7, 1/8, 1/9, 1/12 (5): due Mon 1/12; denied Tue 1/13, + 30 days =
      Thu 2/12, a holiday: window to Fri 2/13, closed. Overdue 3/23 - 1/12 = 19 + 28 + 23 = 70 days.
    - B, received Mon 2/23: 2/24 (1) … 2/27 (4), 3/2 (5): due Mon 3/2; denied Tue 3/3, + 30 = Thu 4/2:
      10 days left; overdue 21.
    - E, federal (Education), received Mon 2/2: 20 working days (5 U.S.C. § 552(a)(6)(A)(i)): 2/3 (1) …
      2/13 (9), [2/16, a § 6103(a) holiday], 2/17 (10) … 2/20 (13), 2/23 (14) … 2/27 (18), 3/2 (19),
      3/3 (20): due Tue 3/3, overdue 20; no appeal window to count down ((6)(C)(i): exhausted).
    - A, received Mon 2/9: 2/10 (1), 2/11 (2), [2/12], 2/13 (3), [2/16], 2/17 (4), 2/18 (5): due Wed 2/18;
      denied Thu 2/19, + 30 = Sat 3/21, so Mon 3/23: the window closes TODAY. Overdue 10 + 23 = 33.
    - D, received Fri 2/13: 2/17 (1), 2/18, 2/19, 2/20, 2/23 (5): due Mon 2/23; denied Tue 2/24, + 30 =
      Thu 3/26: 3 days left; overdue 28.
    Most urgent first: A (today), D (3 days), B (10 days), then no window left: C (70 late), E (20 late).
    """
    refs = {}
    for name, agency, received in (
        ("C", LOCKPORT, "2026-01-05"),
        ("B", LOCKPORT, "2026-02-23"),
        ("E", EDUCATION, "2026-02-02"),
        ("A", LOCKPORT, "2026-02-09"),
        ("D", LOCKPORT, "2026-02-13"),
    ):
        rid = new(runner, agency)
        ok(invoke(runner, "request", "sent", str(rid), "--date", received, "--received", received))
        refs[rid] = name
    late = overdue(runner, "2026-03-23")
    assert [
        (refs[i["request_id"]], i["due"], i["appeal_by"], i["days_left"], i["days_overdue"]) for i in late
    ] == [
        ("A", "2026-02-18", "2026-03-23", 0, 33),
        ("D", "2026-02-23", "2026-03-26", 3, 28),
        ("B", "2026-03-02", "2026-04-02", 10, 21),
        ("C", "2026-01-12", "2026-02-13", None, 70),
        ("E", "2026-03-03", None, None, 20),
    ]
    csv_out = ok(invoke(runner, "overdue", "--as-of", "2026-03-23", "--csv")).stdout
    assert [r["days_left"] for r in csv.DictReader(io.StringIO(csv_out))] == ["0", "3", "10", "", ""]

    table = ok(invoke(runner, "overdue", "--as-of", "2026-03-23")).stdout
    assert table.splitlines()[0] == "Overdue: 5 deadline(s) at 2 agencies; 1 appeal window(s) close TODAY"
    [row_a] = [line for line in table.splitlines() if line.strip().startswith(late[0]["reference"])]
    assert "closes TODAY" in row_a
    assert "closes in 3 days (2026-03-26)" in table and "closed 2026-02-13" in table
    # Lockport's group (holding the window that closes today) comes before Education's.
    assert table.index("LOCKPORT CITY SCHOOL DISTRICT") < table.index("Education")
    # The day after, A's window has closed: D leads, and A (34 days late) falls between C (71) and E (21).
    assert [refs[i["request_id"]] for i in overdue(runner, "2026-03-24")] == ["D", "B", "C", "A", "E"]
