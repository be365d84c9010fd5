"""`foilbot campaign …` through the real CLI: filters, skips, dry run, add, sent, letters, close (issue 12)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import YEAR, invoke, ok

NIAGARA = ("--filter", "state=NY", "--filter", "county=Niagara")
TOPIC = ("--topic", "retention-periods")
TOML = """
[requester]
name = "Ana Ruiz"
address = '''
100 Main Street
Buffalo, NY 14202'''
email = "aruiz@example.org"
"""


def _show(runner, name: str = "cams") -> dict:
    return json.loads(ok(invoke(runner, "campaign", "show", name, "--format", "json")).stdout)


def test_new_by_filters_creates_one_request_per_agency_in_campaign_order(runner, directory) -> None:
    result = ok(
        invoke(runner, "campaign", "new", "cams", *TOPIC, *NIAGARA, "--filter", "kind=school_district")
    )
    assert f"Created 3 request(s) (FOIL-{YEAR}-0001 … FOIL-{YEAR}-0003) in campaign cams." in result.stdout
    shown = _show(runner)
    assert shown["version"] == 1 and shown["topics"] == ["retention-periods"]
    # By name: LOCKPORT, NIAGARA-WHEATFIELD, STARPOINT.
    assert [(i["reference"], i["agency_id"], i["status"]) for i in shown["items"]] == [
        (f"FOIL-{YEAR}-0001", "nces-3617670", "draft"),
        (f"FOIL-{YEAR}-0002", "nces-3620850", "draft"),
        (f"FOIL-{YEAR}-0003", "nces-3628050", "draft"),
    ]
    listed = json.loads(ok(invoke(runner, "campaign", "list", "--format", "json")).stdout)["items"]
    assert [(c["name"], c["requests"], c["drafts"]) for c in listed] == [("cams", 3, 3)]
    # The requests are ordinary requests: `request list --campaign` sees them.
    assert "FOIL" in ok(invoke(runner, "request", "list", "--campaign", "cams")).stdout


def test_skips_private_agencies_those_already_in_and_those_without_an_address(
    runner, directory, tmp_path: Path
) -> None:
    extra = tmp_path / "extra.csv"
    header = directory.read_text().splitlines()[0]
    extra.write_text(
        header + "\nnys-nowhere,NOWHERE DISTRICT,school_district,NY,true,,,,,NY,,Niagara County,,,,test,,\n"
    )
    ok(invoke(runner, "agency", "import", str(extra)))
    listing = tmp_path / "pick.csv"
    listing.write_text("id,name\nipeds-190415,Cornell\nnys-nowhere,x\nnces-3617670,L\nnces-3617670,L\n")
    dry = ok(invoke(runner, "campaign", "new", "cams", *TOPIC, "--agencies", str(listing), "--dry-run"))
    assert "Would create 1 request(s) in campaign cams." in dry.stdout
    assert "ipeds-190415  Cornell University: not subject to the public-records law" in dry.stdout
    assert "nys-nowhere  NOWHERE DISTRICT: no postal address in the directory" in dry.stdout
    assert json.loads(ok(invoke(runner, "campaign", "list", "--format", "json")).stdout)["items"] == []

    ok(invoke(runner, "campaign", "new", "cams", *TOPIC, "--agencies", str(listing)))
    again = ok(invoke(runner, "campaign", "add", "cams", "--agencies", str(listing), "--include-private"))
    assert "Created 1 request(s)" in again.stdout  # Cornell, now asked on purpose
    assert "nces-3617670  LOCKPORT CITY SCHOOL DISTRICT: already in the campaign" in again.stdout
    added = ok(invoke(runner, "campaign", "add", "cams", *NIAGARA, "--filter", "kind=school_district"))
    assert "Created 2 request(s)" in added.stdout
    agencies = [i["agency_id"] for i in _show(runner)["items"]]
    assert len(agencies) == len(set(agencies)) == 4


def test_topics_and_params_are_checked_before_anything_is_created(runner, directory) -> None:
    bad = invoke(runner, "campaign", "new", "cams", "--topic", "retension-periods", *NIAGARA)
    assert bad.exit_code == 2
    assert "unknown topic 'retension-periods'" in bad.stderr and "retention-periods" in bad.stderr
    unknown = invoke(runner, "campaign", "new", "cams", *TOPIC, "--param", "colour=red", *NIAGARA)
    assert unknown.exit_code == 2 and "unknown parameter(s) colour" in unknown.stderr
    malformed = invoke(runner, "campaign", "new", "cams", *TOPIC, "--param", "novalue", *NIAGARA)
    assert malformed.exit_code == 2 and "--param 'novalue': expected KEY=VALUE" in malformed.stderr
    # `request new` shares the check.
    single = invoke(runner, "request", "new", "--agency", "nces-3617670", "--topic", "retension-periods")
    assert single.exit_code == 2 and "unknown topic 'retension-periods'" in single.stderr
    nothing = json.loads(ok(invoke(runner, "request", "list", "--json")).stdout)["items"]
    assert nothing == []
    for args in ((*TOPIC,), (*TOPIC, *NIAGARA, "--agencies", "x.csv"), (*TOPIC, "--filter", "city=Lockport")):
        assert invoke(runner, "campaign", "new", "cams", *args).exit_code == 2


def test_unknown_id_in_the_csv_names_file_and_row(runner, directory, tmp_path: Path) -> None:
    listing = tmp_path / "pick.csv"
    listing.write_text("id\nnces-3617670\nnces-9999999\n")
    result = invoke(runner, "campaign", "new", "cams", *TOPIC, "--agencies", str(listing))
    assert result.exit_code == 1
    assert f"{listing}, row 3: no agency 'nces-9999999'" in result.stderr


def test_sent_is_recorded_once_and_only_for_the_references_given(runner, directory) -> None:
    ok(invoke(runner, "campaign", "new", "cams", *TOPIC, *NIAGARA, "--filter", "kind=school_district"))
    first = f"FOIL-{YEAR}-0001"
    one = ok(
        invoke(runner, "campaign", "sent", "cams", "--date", "2026-03-02", "--via", "mail", "--only", first)
    )
    assert "Recorded 1 request(s) of cams as sent 2026-03-02 via mail." in one.stdout
    rest = ok(invoke(runner, "campaign", "sent", "cams", "--date", "2026-03-03", "--via", "mail"))
    assert "Recorded 2 request(s)" in rest.stdout and "1 already recorded as sent" in rest.stdout
    items = _show(runner)["items"]
    assert [(i["sent_on"], i["via"]) for i in items] == [("2026-03-02", "mail")] + [
        ("2026-03-03", "mail")
    ] * 2
    assert all(i["due"] for i in items)  # the stored schedules moved on
    shown = json.loads(ok(invoke(runner, "request", "show", first, "--json")).stdout)
    assert [e["kind"] for e in shown["events"]].count("sent") == 1
    unknown = invoke(runner, "campaign", "sent", "cams", "--date", "2026-03-03", "--only", "FOIA-1")
    assert unknown.exit_code == 1 and "--only FOIA-1: not a request of campaign 'cams'" in unknown.stderr


@pytest.mark.parametrize("withdrawn_on", ["2026-03-01", "2026-03-05"])
def test_sent_passes_over_a_withdrawn_draft(runner, directory, withdrawn_on: str) -> None:
    """A draft withdrawn before the campaign went out was recorded as sent (withdrawn after the filing
    day), so the scorecard published it; or (withdrawn before it) the whole run stopped on it with an
    error naming no request, leaving the rest as drafts."""
    ok(invoke(runner, "campaign", "new", "cams", *TOPIC, *NIAGARA, "--filter", "kind=school_district"))
    second = f"FOIL-{YEAR}-0002"
    ok(invoke(runner, "request", "log", second, "withdrawn", "--date", withdrawn_on))
    done = ok(invoke(runner, "campaign", "sent", "cams", "--date", "2026-03-02", "--via", "mail"))
    assert "Recorded 2 request(s)" in done.stdout
    assert f"Not drafts any more (withdrawn), not recorded: {second}." in done.stderr
    items = {i["reference"]: i for i in _show(runner)["items"]}
    assert items[second]["sent_on"] is None
    assert [i["sent_on"] for r, i in items.items() if r != second] == ["2026-03-02"] * 2


def test_close_refuses_more_agencies(runner, directory) -> None:
    ok(
        invoke(
            runner,
            "campaign",
            "new",
            "cams",
            *TOPIC,
            "--filter",
            "county=Niagara",
            "--filter",
            "kind=charter_school",
        )
    )
    ok(invoke(runner, "campaign", "close", "cams"))
    refused = invoke(runner, "campaign", "add", "cams", *NIAGARA)
    assert refused.exit_code == 2 and "was closed on" in refused.stderr
    other = invoke(runner, "campaign", "new", "cams", "--topic", "camera-locations", *NIAGARA)
    assert other.exit_code == 2 and "campaign 'cams' already exists" in other.stderr
    assert invoke(runner, "campaign", "add", "nope", *NIAGARA).exit_code == 1


def test_letters_keep_finished_files_and_finish_the_rest(runner, directory, tmp_path: Path) -> None:
    from pypdf import PdfReader

    (tmp_path / "foilbot.toml").write_text(TOML)
    ok(invoke(runner, "campaign", "new", "cams", *TOPIC, *NIAGARA, "--filter", "kind=school_district"))
    out = tmp_path / "letters"
    ok(invoke(runner, "campaign", "letters", "cams", "--out", str(out)))
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"FOIL-{YEAR}-000{n}.pdf" for n in (1, 2, 3)]
    text = PdfReader(out / names[1]).pages[0].extract_text()
    assert "NIAGARA-WHEATFIELD" in text and f"FOIL-{YEAR}-0002" in text
    # An interrupted run: one letter missing, one left half-written as a temporary file.
    kept = (out / names[0]).stat().st_mtime_ns
    (out / names[2]).unlink()
    (out / f".{names[2]}.dead1234.tmp").write_bytes(b"%PDF-")
    again = ok(invoke(runner, "campaign", "letters", "cams", "--out", str(out)))
    assert "Wrote 1 letter(s)" in again.stdout and "2 already there" in again.stdout
    assert (out / names[0]).stat().st_mtime_ns == kept
    assert sorted(p.name for p in out.iterdir()) == names


@pytest.mark.postgres
def test_campaign_on_postgresql(runner, directory, postgres_url: str, tmp_path: Path) -> None:
    db = ("--db", postgres_url)
    ok(invoke(runner, *db, "agency", "import", str(directory)))
    ok(invoke(runner, *db, "request", "new", "--agency", "nces-3605850", *TOPIC))  # FOIL-…-0001 taken
    listing = tmp_path / "pick.csv"
    listing.write_text("id\nnces-3628050\nnces-3617670\nnces-3620850\n")
    pick = ("--agencies", str(listing))
    ok(invoke(runner, *db, "campaign", "new", "cams", *TOPIC, *pick))
    again = ok(invoke(runner, *db, "campaign", "add", "cams", *pick))
    assert "Created 0 request(s)" in again.stdout
    ok(invoke(runner, *db, "campaign", "sent", "cams", "--date", "2026-06-12", "--via", "mail"))
    shown = json.loads(ok(invoke(runner, *db, "campaign", "show", "cams", "--format", "json")).stdout)[
        "items"
    ]
    assert [(i["reference"], i["agency_id"]) for i in shown] == [
        (f"FOIL-{YEAR}-0002", "nces-3628050"),
        (f"FOIL-{YEAR}-0003", "nces-3617670"),
        (f"FOIL-{YEAR}-0004", "nces-3620850"),
    ]
    assert all(i["status"] == "sent" and i["due"] for i in shown)
    ok(invoke(runner, *db, "campaign", "scorecard", "cams", "--as-of", "2026-07-15", "--out", "site"))
    card = json.loads(Path("site/cams-scorecard.json").read_text())
    assert [r["standing"] for r in card["items"]] == ["overdue"] * 3


@pytest.mark.parametrize("option", ["--agencies", "--tracking-from"])
def test_an_endless_list_file_is_refused_not_read_forever(runner, directory, option: str) -> None:
    # Issue 9: `--agencies /dev/zero` and `--tracking-from /dev/zero` read until the memory ran out.
    if option == "--agencies":
        result = invoke(runner, "campaign", "new", "cams", *TOPIC, "--agencies", "/dev/zero")
    else:
        ok(invoke(runner, "campaign", "new", "cams", *TOPIC, *NIAGARA))
        result = invoke(
            runner, "campaign", "sent", "cams", "--date", "2026-06-01", "--tracking-from", "/dev/zero"
        )
    assert result.exit_code == 1
    assert "/dev/zero: larger than" in result.stderr.splitlines()[0]


def test_a_filter_naming_no_campaign_is_an_error_not_an_empty_list(runner, directory) -> None:
    """`overdue --campaign cam --check` (the campaign is `cams`) said "Nothing overdue" and exited 0:
    a cron job reported all clear. Every read command's --campaign names an existing campaign."""
    ok(invoke(runner, "campaign", "new", "cams", *TOPIC, *NIAGARA, "--filter", "kind=school_district"))
    for command in (
        ["overdue", "--check"],
        ["overdue", "--json"],
        ["due", "--json"],
        ["request", "list", "--json"],
        ["report", "agencies", "--format", "json"],
        ["calendar"],
    ):
        result = invoke(runner, *command, "--campaign", "cam")
        assert result.exit_code == 1, command
        assert result.stdout == "" and result.stderr == (
            "Error: no campaign 'cam'\nHint: List them with: foilbot campaign list\n"
        ), command
        ok(invoke(runner, *[c for c in command if c != "--check"], "--campaign", "cams"))
