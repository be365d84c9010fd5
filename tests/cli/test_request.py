"""Realistic case histories logged through the real CLI, checked against dates worked out by hand.

New York: Pub. Off. Law § 89(3)(a) (5 business days to acknowledge; determination by the approximate
date given), § 89(4)(a) (30 days to appeal; 10 business days to decide), Gen. Constr. Law § 24
holidays. Federal: 5 U.S.C. § 552(a)(6) (20 working days; tolling; +10 working days for unusual
circumstances), 5 U.S.C. § 6103 holidays.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import YEAR, current_settings, invoke, new_request, ok


def overdue(runner, as_of: str, *extra: str) -> list[dict]:
    return json.loads(ok(invoke(runner, "overdue", "--as-of", as_of, "--json", *extra)).stdout)["items"]


def due(runner, as_of: str, within: int) -> list[dict]:
    return json.loads(ok(invoke(runner, "due", "--as-of", as_of, "--within", str(within), "--json")).stdout)[
        "items"
    ]


def show(runner, rid: int) -> dict:
    return json.loads(ok(invoke(runner, "request", "show", str(rid), "--json")).stdout)


def test_new_york_case_history(runner, directory) -> None:
    rid = new_request(runner, "nces-3617670", "--subject", "the District's facial recognition system")
    assert show(runner, rid)["reference"] == f"FOIL-{YEAR}-0001"
    ok(
        invoke(
            runner,
            "request",
            "sent",
            str(rid),
            "--date",
            "2026-06-12",
            "--via",
            "email",
            "--received",
            "2026-06-12",
        )
    )
    # Received Fri 2026-06-12. Business days: Mon 6/15 (1), Tue 6/16 (2), Wed 6/17 (3), Thu 6/18 (4),
    # Fri 6/19 Juneteenth (§ 24) skipped, Mon 6/22 (5): acknowledgment due 2026-06-22.
    assert overdue(runner, "2026-06-22") == []  # due that day: not late
    [late] = overdue(runner, "2026-06-23")
    assert (late["request_id"], late["reference"], late["agency"], late["jurisdiction"]) == (
        rid,
        f"FOIL-{YEAR}-0001",
        "LOCKPORT CITY SCHOOL DISTRICT",
        "NY",
    )
    assert (late["kind"], late["due"], late["days_overdue"]) == ("acknowledgment", "2026-06-22", 1)
    # Silence past 6/22 is a constructive denial on 6/23; 30 days to appeal: 6/23 + 30 = Thu 7/23.
    assert late["appeal_by"] == "2026-07-23"
    assert "appeal by 2026-07-23" in late["next_step"]

    # The acknowledgment came on 6/18 with an approximate date of 7/31. Twenty business days after
    # 6/18 end on 7/17 (Fri 7/3 counts: § 24 does not move the Saturday July 4th), so 7/31 is flagged.
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
            "2026-07-31",
        )
    )
    assert overdue(runner, "2026-06-23") == []
    detail = show(runner, rid)
    assert detail["status"] == "acknowledged"
    det = next(d for d in detail["deadlines"] if d["kind"] == "determination")
    assert det["due"] == "2026-07-31"
    assert det["flags"] and "20 business days" in det["flags"][0]
    # Past 7/17 with no determination and no written reason and date certain, the § 89(3)(a) checkpoint
    # is overdue (and stays the first overdue item after 7/31).
    [late] = overdue(runner, "2026-07-20")
    assert (late["kind"], late["due"], late["days_overdue"]) == ("reasons_date_certain", "2026-07-17", 3)
    [late] = overdue(runner, "2026-08-03")
    assert (late["kind"], late["due"], late["days_overdue"]) == ("reasons_date_certain", "2026-07-17", 17)
    # Deemed denial Sat 8/1; 30 days later is Mon 8/31.
    assert late["appeal_by"] == "2026-08-31"

    # Written denial on 8/10: the request now waits on the requester, so it is not overdue; the
    # appeal must be filed within 30 days: 8/10 + 30 = Wed 9/9.
    ok(
        invoke(
            runner,
            "request",
            "log",
            str(rid),
            "denied",
            "--date",
            "2026-08-10",
            "--exemption",
            "Public Officers Law § 87(2)(f)",
            "--exemption",
            "Education Law § 2-d",
        )
    )
    assert overdue(runner, "2026-08-12") == []
    [window] = due(runner, "2026-08-12", 30)
    assert (window["kind"], window["due"], window["party"]) == ("appeal_filing", "2026-09-09", "requester")
    assert "file the appeal by 2026-09-09" in window["next_step"]

    # Appeal sent 8/20, received Fri 8/21: 10 business days: 8/24 (1) … 8/28 (5), 8/31 (6), 9/1 (7),
    # 9/2 (8), 9/3 (9), 9/4 (10). Labor Day (9/7) comes after.
    ok(
        invoke(
            runner, "request", "log", str(rid), "appealed", "--date", "2026-08-20", "--received", "2026-08-21"
        )
    )
    assert show(runner, rid)["status"] == "appealing"
    assert overdue(runner, "2026-09-04") == []
    [late] = overdue(runner, "2026-09-08")
    assert (late["kind"], late["due"], late["days_overdue"]) == ("appeal_determination", "2026-09-04", 4)
    assert "Article 78" in late["next_step"]

    ok(invoke(runner, "request", "log", str(rid), "appeal-denied", "--date", "2026-09-03"))
    assert show(runner, rid)["status"] == "appeal decided"
    assert overdue(runner, "2026-09-08") == []


def test_federal_case_with_tolling_and_extension(runner, directory) -> None:
    rid = new_request(runner, "us-department-of-education")
    assert show(runner, rid)["reference"] == f"FOIA-{YEAR}-0001"
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-03-02", "--via", "portal"))
    detail = show(runner, rid)
    # Portal filing on a business day: receipt estimated the same day, and said to be estimated.
    assert (detail["received_on"], detail["received_estimated"]) == ("2026-03-02", True)
    # 20 working days after Mon 3/2 (no federal holiday in March): Mon 3/30.
    assert [d["due"] for d in detail["deadlines"] if d["kind"] == "determination"] == ["2026-03-30"]

    # Tolled 3/10, resumed 3/17: 3/11, 3/12, 3/13, 3/16 and 3/17 are not counted, so the
    # determination moves five working days: 3/31 (1), 4/1, 4/2, 4/3, Mon 4/6 (5).
    ok(
        invoke(
            runner, "request", "log", str(rid), "tolled", "--date", "2026-03-10", "--note", "asked to narrow"
        )
    )
    ok(invoke(runner, "request", "log", str(rid), "resumed", "--date", "2026-03-17"))
    detail = show(runner, rid)
    assert [d["due"] for d in detail["deadlines"] if d["kind"] == "determination"] == ["2026-04-06"]

    # Unusual circumstances: up to 10 more working days after 4/6: 4/7 (1) … 4/20 (10).
    ok(invoke(runner, "request", "log", str(rid), "extended", "--date", "2026-03-25"))
    assert overdue(runner, "2026-04-20") == []
    [late] = overdue(runner, "2026-04-21")
    assert (late["kind"], late["due"], late["days_overdue"], late["jurisdiction"]) == (
        "extended_determination",
        "2026-04-20",
        1,
        "US",
    )

    ok(invoke(runner, "request", "log", str(rid), "records", "--date", "2026-05-01"))
    assert show(runner, rid)["status"] == "done"
    assert overdue(runner, "2026-05-04") == []


def test_mailed_request_receipt_is_estimated(runner, directory) -> None:
    rid = new_request(runner, "nces-3628050")
    result = ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-10-30", "--via", "mail"))
    # Mailed Fri 10/30; three business days: Mon 11/2 (1), Tue 11/3 is general Election Day (§ 24),
    # Wed 11/4 (2), Thu 11/5 (3). Then five business days: Fri 11/6 (1), Mon 11/9 (2), Tue 11/10 (3),
    # Wed 11/11 Veterans' Day skipped, Thu 11/12 (4), Fri 11/13 (5).
    assert "Received 2026-11-05 (estimated)." in result.stdout
    assert "acknowledgment due 2026-11-13" in result.stdout


def test_out_of_order_and_corrected_events_give_the_same_schedule(runner, directory) -> None:
    a = new_request(runner, "nces-3617670")
    b = new_request(runner, "nces-3617670")
    for rid in (a, b):
        ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    # a: in order. b: the denial first, the acknowledgment logged late, and one mistake corrected.
    ok(invoke(runner, "request", "log", str(a), "acknowledged", "--date", "2026-06-18"))
    ok(invoke(runner, "request", "log", str(a), "denied", "--date", "2026-07-01"))
    ok(invoke(runner, "request", "log", str(b), "denied", "--date", "2026-07-01"))
    wrong = ok(invoke(runner, "request", "log", str(b), "acknowledged", "--date", "2026-06-17"))
    wrong_id = int(wrong.stdout.split("#")[1].split()[0])
    ok(invoke(runner, "request", "unlog", str(b), str(wrong_id)))
    ok(invoke(runner, "request", "log", str(b), "acknowledged", "--date", "2026-06-18"))
    sa, sb = show(runner, a), show(runner, b)
    assert sa["status"] == sb["status"] == "denied"
    assert [(d["kind"], d["due"], d["met"]) for d in sa["deadlines"]] == [
        (d["kind"], d["due"], d["met"]) for d in sb["deadlines"]
    ]
    removed = [e for e in sb["events"] if e["removed_at"]]
    assert [(e["id"], e["kind"], e["date"]) for e in removed] == [(wrong_id, "acknowledged", "2026-06-17")]
    again = invoke(runner, "request", "unlog", str(b), str(wrong_id))
    assert again.exit_code == 1 and "already removed" in again.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("records", "--date", "2026-06-01"), "before the request was sent (2026-06-12)"),
        (("appealed", "--date", "2026-06-15"), "there is no denial to appeal"),
        (("resumed", "--date", "2026-06-15"), "the clock is not paused"),
        (("appeal-granted", "--date", "2026-06-15"), "no appeal was filed before it"),
        (("acknowledged", "--date", "2199-12-31"), "that date is after today"),
        (("denied", "--date", "2026-13-01"), "is not a date"),
        (("frobbed", "--date", "2026-06-15"), "unknown event"),
    ],
)
def test_events_that_make_no_sense_are_refused(runner, directory, args, message) -> None:
    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    result = invoke(runner, "request", "log", str(rid), *args)
    assert result.exit_code in (1, 2)
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(show(runner, rid)["events"]) == 1  # nothing half-written


def test_constructive_denial_allows_an_appeal(runner, directory) -> None:
    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    # Acknowledgment was due 6/22; silence makes 6/23 a constructive denial.
    early = invoke(runner, "request", "log", str(rid), "appealed", "--date", "2026-06-22")
    assert early.exit_code == 1
    ok(invoke(runner, "request", "log", str(rid), "appealed", "--date", "2026-06-23"))
    assert show(runner, rid)["status"] == "appealing"


def test_attachments_are_kept_by_hash_and_verified(isolated: Path, runner, directory) -> None:
    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    letter = isolated / "denial letter.pdf"
    letter.write_bytes(b"%PDF-1.4 denial of FOIL-2026-0001")
    ok(invoke(runner, "request", "log", str(rid), "denied", "--date", "2026-07-01", "--attach", str(letter)))
    letter.unlink()  # the original may go; the kept copy stays
    files = json.loads(ok(invoke(runner, "request", "files", str(rid), "--json")).stdout)["items"]
    import hashlib

    sha = hashlib.sha256(b"%PDF-1.4 denial of FOIL-2026-0001").hexdigest()
    assert [(f["filename"], f["sha256"], f["state"]) for f in files] == [("denial letter.pdf", sha, "ok")]
    kept = Path(files[0]["path"])
    assert kept == current_settings().files_dir / sha[:2] / sha
    kept.write_bytes(b"tampered")
    bad = invoke(runner, "request", "files", str(rid))
    assert bad.exit_code == 1
    assert "denial letter.pdf (damaged)" in bad.stderr


def test_list_filters_and_reference_lookup(runner, directory) -> None:
    a = new_request(runner, "nces-3617670", "--campaign", "cameras-2026")
    new_request(runner, "nces-3628050", "--campaign", "cameras-2026")
    new_request(runner, "nces-0622710")
    ok(invoke(runner, "request", "sent", f"FOIL-{YEAR}-0001", "--date", "2026-06-12"))
    rows = json.loads(ok(invoke(runner, "request", "list", "--campaign", "cameras-2026", "--json")).stdout)[
        "items"
    ]
    assert sorted(r["reference"] for r in rows) == [f"FOIL-{YEAR}-0001", f"FOIL-{YEAR}-0002"]
    sent = json.loads(ok(invoke(runner, "request", "list", "--status", "sent", "--json")).stdout)["items"]
    assert [r["id"] for r in sent] == [a]
    # California's law gives its own reference prefix.
    ca = json.loads(ok(invoke(runner, "request", "list", "--agency", "nces-0622710", "--json")).stdout)[
        "items"
    ]
    assert ca[0]["reference"] == f"CPRA-{YEAR}-0001"
    missing = invoke(runner, "request", "show", f"FOIL-{YEAR}-0099")
    assert missing.exit_code == 1 and f"no request 'FOIL-{YEAR}-0099'" in missing.stderr


def test_list_csv_has_one_header_with_rows_or_without(runner, directory) -> None:
    """A spreadsheet fed `request list --csv` gets the same columns whether a filter matches anything:
    an empty list was a header of the table's six columns, a full one eighteen."""
    import csv
    import io

    new_request(runner, "nces-3617670", "--campaign", "cameras-2026")
    full = list(csv.reader(io.StringIO(ok(invoke(runner, "request", "list", "--csv")).stdout)))
    none = ok(invoke(runner, "request", "list", "--status", "closed", "--csv")).stdout  # matches nothing
    assert list(csv.reader(io.StringIO(none))) == [full[0]]
    assert len(full[0]) > 6 and {"id", "reference", "agency", "status", "campaign"} <= set(full[0])


def test_overdue_check_exit_code_and_grouping(runner, directory) -> None:
    for agency in ("nces-3617670", "nces-3617670", "nces-3628050"):
        rid = new_request(runner, agency)
        ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    assert invoke(runner, "overdue", "--as-of", "2026-06-22", "--check").exit_code == 0
    result = invoke(runner, "overdue", "--as-of", "2026-06-23", "--check")
    assert result.exit_code == 3
    assert "LOCKPORT CITY SCHOOL DISTRICT (nces-3617670): 2 overdue" in result.stdout
    assert "STARPOINT CENTRAL SCHOOL DISTRICT (nces-3628050): 1 overdue" in result.stdout
    only = overdue(runner, "2026-06-23", "--agency", "nces-3628050")
    assert [r["agency_id"] for r in only] == ["nces-3628050"]
    csv_lines = ok(invoke(runner, "overdue", "--as-of", "2026-06-23", "--csv")).stdout.splitlines()
    assert csv_lines[0].startswith(
        "request_id,reference,agency_id,agency,jurisdiction,kind,due,party,days_overdue"
    )
    assert len(csv_lines) == 4


def _allocate(args: tuple[str, int]) -> list[str]:
    from foilbot.services.requests import allocate_reference
    from foilbot.storage import session_scope

    url, n = args
    refs = []
    for _ in range(n):
        with session_scope(url) as s:
            refs.append(allocate_reference(s, "FOIL", 2026))
    return refs


def test_two_processes_never_get_the_same_reference(isolated: Path) -> None:
    import multiprocessing

    from foilbot.storage import ensure_schema

    url = f"sqlite:///{isolated / 'shared.db'}"
    ensure_schema(url)
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_allocate, [(url, 25), (url, 25)])
    refs = results[0] + results[1]
    assert len(set(refs)) == 50
    assert sorted(refs) == [f"FOIL-2026-{n:04d}" for n in range(1, 51)]
    assert (
        sqlite3.connect(isolated / "shared.db").execute("SELECT last FROM referencecounter").fetchone()[0]
        == 50
    )


def test_agency_closure_extends_that_agencys_deadlines_only(runner, directory) -> None:
    lockport = new_request(runner, "nces-3617670")
    starpoint = new_request(runner, "nces-3628050")
    for rid in (lockport, starpoint):
        ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    # Lockport closed Tue 6/16 (storm): 6/15 (1), 6/17 (2), 6/18 (3), [6/19 Juneteenth], 6/22 (4), 6/23 (5).
    result = ok(
        invoke(
            runner, "agency", "closure", "add", "nces-3617670", "--date", "2026-06-16", "--reason", "storm"
        )
    )
    assert "1 request(s) recomputed" in result.stdout
    ack = next(d for d in show(runner, lockport)["deadlines"] if d["kind"] == "acknowledgment")
    assert ack["due"] == "2026-06-23"
    assert any("storm" in line for line in ack["explanation"])
    other = next(d for d in show(runner, starpoint)["deadlines"] if d["kind"] == "acknowledgment")
    assert other["due"] == "2026-06-22"
    assert [r["reference"] for r in overdue(runner, "2026-06-23")] == [f"FOIL-{YEAR}-0002"]
    listed = ok(invoke(runner, "agency", "closure", "list", "nces-3617670"))
    assert listed.stdout.strip() == "2026-06-16  storm"
    dup = invoke(runner, "agency", "closure", "add", "nces-3617670", "--date", "2026-06-16")
    assert dup.exit_code == 1 and "already has a closure" in dup.stderr


def test_mail_days_setting_changes_the_receipt_estimate(runner, directory, monkeypatch) -> None:
    monkeypatch.setenv("FOILBOT_MAIL_DAYS", "5")
    rid = new_request(runner, "nces-3628050")
    result = ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-10-30", "--via", "mail"))
    # Five business days after Fri 10/30: 11/2 (1), [11/3 Election Day], 11/4 (2), 11/5 (3), 11/6 (4), 11/9 (5).
    assert "Received 2026-11-09 (estimated)." in result.stdout


def test_show_prints_the_timeline_deadlines_and_next_step(runner, directory) -> None:
    rid = new_request(runner, "us-department-of-education")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-02-06", "--via", "mail"))
    # Mailed Fri 2/6; receipt estimated three business days later (Mon 2/9, Tue 2/10, Wed 2/11); 20
    # working days after 2/11, Washington's Birthday (Mon 2/16, 5 U.S.C. § 6103) skipped: Thu 3/12.
    wrong = ok(invoke(runner, "request", "log", str(rid), "acknowledged", "--date", "2026-02-12"))
    wrong_id = int(wrong.stdout.split("#")[1].split()[0])
    fixed = ok(
        invoke(
            runner,
            "request",
            "log",
            str(rid),
            "acknowledged",
            "--date",
            "2026-02-13",
            "--corrects",
            str(wrong_id),
        )
    )
    assert f"(replacing #{wrong_id})" in fixed.stdout
    out = ok(invoke(runner, "request", "show", str(rid), "--as-of", "2026-03-13")).stdout
    assert "received:  2026-02-11 (estimated)" in out
    assert f"#{wrong_id} 2026-02-12 acknowledged  [removed " in out
    assert f"replaced by #{wrong_id + 1}]" in out
    assert "determination: due 2026-03-12 (open; verified: yes)" in out
    assert "Washington's Birthday" in out  # the explanation trace is printed
    assert out.rstrip().endswith(
        f"Next step: follow up (foilbot followup FOIA-{YEAR}-0001), or sue: administrative remedies are "
        "deemed exhausted (5 U.S.C. § 552(a)(6)(C)(i))"
    )
    on_time = json.loads(
        ok(invoke(runner, "request", "show", str(rid), "--as-of", "2026-03-12", "--json")).stdout
    )
    assert on_time["next_step"] == "await the agency's response"
    assert [e["replaced_by"] for e in on_time["events"]] == [None, wrong_id + 1, None]


def test_a_failed_log_leaves_nothing_behind(isolated: Path, runner, directory) -> None:
    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    kept = isolated / "kept.pdf"
    kept.write_bytes(b"first file")
    result = invoke(
        runner,
        "request",
        "log",
        str(rid),
        "denied",
        "--date",
        "2026-07-01",
        "--attach",
        str(kept),
        "--attach",
        str(isolated / "missing.pdf"),
    )
    assert result.exit_code == 1 and "missing.pdf: no such file" in result.stderr
    detail = show(runner, rid)
    assert [e["kind"] for e in detail["events"]] == ["sent"] and detail["status"] == "sent"
    assert json.loads(ok(invoke(runner, "request", "files", str(rid), "--json")).stdout)["items"] == []
    assert not (isolated / "requests.files").exists()  # nothing copied either
    wrong_option = invoke(
        runner, "request", "log", str(rid), "records", "--date", "2026-07-01", "--until", "2026-08-01"
    )
    assert wrong_option.exit_code == 1
    assert wrong_option.stderr.startswith(
        "Error: --until does not apply to records (only to extended --until)"
    )


def test_events_are_numbered_per_request(runner, directory) -> None:
    """`unlog FOIL-…-0002 2` means that request's second event, not the database's (issue 9)."""
    first, second = new_request(runner, "nces-3617670"), new_request(runner, "nces-3628050")
    for rid in (first, second):
        ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    logged = ok(invoke(runner, "request", "log", str(second), "acknowledged", "--date", "2026-06-15"))
    assert f"FOIL-{YEAR}-0002: logged #2 acknowledged" in logged.stdout
    assert [e["id"] for e in show(runner, second)["events"]] == [1, 2]
    removed = ok(invoke(runner, "request", "unlog", f"FOIL-{YEAR}-0002", "2"))
    assert "removed #2 (acknowledged on 2026-06-15)" in removed.stdout
    missing = invoke(runner, "request", "unlog", str(first), "3")
    assert missing.exit_code == 1 and f"request FOIL-{YEAR}-0001 has no event #3" in missing.stderr


@pytest.mark.parametrize("ident", ["99999999999999999999", "2147483648", "\u00b2", "\uff11"])
@pytest.mark.parametrize(
    "command",
    [["request", "show"], ["request", "files"], ["request", "log", "ID", "note", "--date", "2026-06-12"]],
)
def test_an_id_no_table_can_hold_is_not_found(runner, directory, ident: str, command: list[str]) -> None:
    # Issue 9: a 20-digit id was "unexpected OverflowError", `²` (a digit to str.isdigit) "unexpected
    # ValueError", and a fullwidth `１` found request 1. Only ASCII digits within an INTEGER are ids.
    new_request(runner, "nces-3617670")
    args = [ident if a == "ID" else a for a in command]
    result = invoke(runner, *args) if "ID" in command else invoke(runner, *command, ident)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no request {ident!r}")


@pytest.mark.parametrize(
    "command",
    [
        ["due", "--within", "99999999999999999999"],
        ["due", "--within", "1000000000"],
        ["agency", "list", "--limit", "99999999999999999999"],
        ["deadline", "NY", "--sent", "2026-06-01", "--via", "mail", "--mail-days", "1000000000"],
        [
            "letter",
            "--agency",
            "nces-3617670",
            "--topic",
            "retention-periods",
            "--fee-limit",
            "10000000000",
            "--text",
        ],
    ],
)
def test_a_number_past_its_range_is_a_usage_error(runner, directory, command: list[str]) -> None:
    # Issue 9: these were "unexpected OverflowError" (a date past 9999, an SQLite integer).
    result = invoke(runner, *command)
    assert result.exit_code == 2, result.stderr
    assert "Invalid value for" in result.stderr and "unexpected" not in result.stderr


@pytest.mark.parametrize(
    "command",
    [["request", "list", "--status", "sentt"], ["request", "letters", "--out-dir", "o", "--status", "sentt"]],
)
def test_an_unknown_status_filter_is_a_usage_error(runner, directory, command: list[str]) -> None:
    # Issue 9 attack run: a typo in --status listed nothing (or printed no letter) and exited 0.
    result = invoke(runner, *command)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --status 'sentt': use one of draft, sent, acknowledged")
