"""Who did what (issue 13): the [user] name, else the OS user, on every request, event, attachment and
letter, shown by `request show` and the exports, and listed by `foilbot db log`."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

from tests.conftest import YEAR, invoke, items, new_request, ok


def test_user_setting_is_recorded_and_shown(isolated: Path, runner, directory, monkeypatch) -> None:
    (isolated / "foilbot.toml").write_text('[user]\nname = "alice"\n')
    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    monkeypatch.setenv("FOILBOT_USER", "bob")
    paper = isolated / "ack.pdf"
    paper.write_bytes(b"%PDF-1.4 ack")
    ok(
        invoke(
            runner, "request", "log", str(rid), "acknowledged", "--date", "2026-06-15", "--attach", str(paper)
        )
    )
    ok(invoke(runner, "request", "log", str(rid), "note", "--date", "2026-06-16", "--note", "called"))
    ok(invoke(runner, "request", "unlog", str(rid), "3"))

    shown = json.loads(ok(invoke(runner, "request", "show", str(rid), "--json")).stdout)
    assert shown["created_by"] == "alice"
    by_id = {e["id"]: e for e in shown["events"]}
    assert (by_id[1]["kind"], by_id[1]["logged_by"]) == ("sent", "alice")
    assert (by_id[2]["logged_by"], by_id[2]["attachments"][0]["added_by"]) == ("bob", "bob")
    assert (by_id[3]["removed_by"], by_id[3]["logged_by"]) == ("bob", "bob")
    text = ok(invoke(runner, "request", "show", str(rid))).stdout
    assert "by alice)" in text and "[removed " in text and " by bob" in text
    listed = items(invoke(runner, "request", "list", "--json"))
    assert listed[0]["created_by"] == "alice"

    log = items(invoke(runner, "db", "log", "--json"))
    assert [(c["actor"], c["action"]) for c in log] == [
        ("alice", "request.new"),
        ("alice", "event.log"),
        ("bob", "event.log"),
        ("bob", "event.log"),
        ("bob", "event.remove"),
    ]
    assert log[0]["subject"] == f"FOIL-{YEAR}-0001" and log[4]["detail"].startswith("#3 note")
    table = ok(invoke(runner, "db", "log")).stdout
    assert "bob  event.remove" in table
    later = items(invoke(runner, "db", "log", "--since", f"{YEAR + 1}-01-01", "--json"))
    assert later == []
    bad = invoke(runner, "db", "log", "--since", "yesterday")
    assert bad.exit_code == 2 and "--since" in bad.stderr


def test_without_a_name_the_os_user_is_recorded(runner, directory) -> None:
    rid = new_request(runner, "nces-3617670")
    shown = json.loads(ok(invoke(runner, "request", "show", str(rid), "--json")).stdout)
    assert shown["created_by"] == getpass.getuser()


def test_agency_import_and_letters_are_logged(isolated: Path, runner, directory, monkeypatch) -> None:
    monkeypatch.setenv("FOILBOT_USER", "carol")
    csv = isolated / "more.csv"
    csv.write_text(directory.read_text().replace("130 BEATTIE AVE", "130 Beattie Avenue"))
    ok(invoke(runner, "agency", "import", str(csv)))
    [change] = items(invoke(runner, "db", "log", "--json"))
    assert (change["actor"], change["action"], change["detail"]) == (
        "carol",
        "agency.import",
        "more.csv: added 0, updated 1",
    )
