"""What reaches a terminal or a spreadsheet from data: shown, never obeyed (issue 9)."""

from __future__ import annotations

import csv
import io

from tests.conftest import invoke, ok

HOSTILE = "ACME\x1b[2J SCHOOLS \u202eTCIRTSID"


def _import(runner, isolated, name: str) -> None:
    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(["id", "name", "kind", "jurisdiction", "state", "city"])
    writer.writerow(["x-1", name, "school_district", "NY", "NY", '=HYPERLINK("http://evil")'])
    path = isolated / "hostile.csv"
    path.write_text(rows.getvalue(), encoding="utf-8")
    ok(invoke(runner, "agency", "import", str(path)))


def test_control_and_bidi_characters_are_shown_not_obeyed(runner, isolated, directory) -> None:
    _import(runner, isolated, HOSTILE)
    for args in (("agency", "list", "--search", "acme"), ("agency", "show", "x-1")):
        out = ok(invoke(runner, *args)).stdout
        assert "\x1b" not in out and "\u202e" not in out
        assert "ACME\ufffd[2J SCHOOLS \ufffdTCIRTSID" in out
    # JSON keeps the stored value exactly (escaped by the encoder).
    shown = invoke(runner, "agency", "show", "x-1", "--json").stdout
    assert "\\u001b[2J" in shown and "\x1b" not in shown


def test_csv_cells_that_look_like_formulas_are_neutralised(runner, isolated, directory, monkeypatch) -> None:
    _import(runner, isolated, "ACME SCHOOLS")
    out = ok(invoke(runner, "agency", "list", "--search", "acme", "--csv")).stdout
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["city"] == '\'=HYPERLINK("http://evil")'
    monkeypatch.setenv("FOILBOT_CSV_RAW", "1")
    raw = ok(invoke(runner, "agency", "list", "--search", "acme", "--csv")).stdout
    assert list(csv.DictReader(io.StringIO(raw)))[0]["city"] == '=HYPERLINK("http://evil")'


def test_a_nul_byte_is_refused_on_import_and_in_notes(runner, isolated, directory) -> None:
    path = isolated / "nul.csv"
    path.write_text(
        "id,name,kind,jurisdiction,state\nx-2,ACME\x00 SD,school_district,NY,NY\n", encoding="utf-8"
    )
    imported = invoke(runner, "agency", "import", str(path))
    assert imported.exit_code == 1
    assert f"{path}:2: name: contains a NUL byte" in imported.stderr
    made = ok(invoke(runner, "request", "new", "--agency", "nces-3617670", "--topic", "policies", "--json"))
    rid = __import__("json").loads(made.stdout)["id"]
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    noted = invoke(
        runner, "request", "log", str(rid), "note", "--date", "2026-06-13", "--note", "call\x00back"
    )
    assert noted.exit_code == 1 and "--note: contains a NUL byte" in noted.stderr
