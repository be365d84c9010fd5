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
