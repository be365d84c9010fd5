"""What reaches a terminal or a spreadsheet from data: shown, never obeyed (issue 9)."""

from __future__ import annotations

import csv
import io

from tests.conftest import invoke, ok, stored_name

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
    # Refused at import now (text.control_problem); a name stored before, or by another program, is
    # still shown and never obeyed.
    _import(runner, isolated, "ACME SCHOOLS")
    stored_name("x-1", HOSTILE)
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


def test_listing_json_streams_the_documented_text(capsys) -> None:
    """Items written one by one (issue 14) make the very text one encode of the whole list made."""
    import json
    from datetime import date

    from foilbot import console

    rows = [{"id": 1, "name": "Écoles «A»", "due": date(2026, 12, 1), "n": 1.5}, {"id": 2, "name": None}]
    encode = json.JSONEncoder(ensure_ascii=False, default=lambda d: d.isoformat()).encode
    head = '{\n  "version": 1,\n  "as_of": "2026-12-31",\n  "items": ['
    assert console.print_items("json", iter(rows), ("id",), {"as_of": "2026-12-31"})
    assert capsys.readouterr().out == head + "\n    " + ",\n    ".join(map(encode, rows)) + "\n  ]\n}\n"
    assert console.print_items("json", iter([]), ("id",), {"as_of": "2026-12-31"})
    assert capsys.readouterr().out == head + "]\n}\n"
    assert console.print_items("ndjson", iter(rows), ("id",))
    assert capsys.readouterr().out == "".join(encode(r) + "\n" for r in rows)


def test_a_table_of_thousands_of_rows_prints_as_plain_columns(capsys) -> None:
    from foilbot import console

    rows = [
        [n, f"FOIL-2026-{n:04d}", HOSTILE if n == 7 else "Lockport"] for n in range(console.RICH_ROWS + 1)
    ]
    console.table("Requests", ("id", "reference", "agency"), rows)
    lines = capsys.readouterr().out.splitlines()
    width = len("ACME\ufffd[2J SCHOOLS \ufffdTCIRTSID")
    assert lines[:4] == [
        "Requests",
        "",
        f"id    reference       {'agency'.ljust(width)}".rstrip(),
        f"{'-' * 4}  {'-' * 14}  {'-' * width}",
    ]
    assert lines[4] == "0     FOIL-2026-0000  Lockport"
    assert lines[11] == "7     FOIL-2026-0007  ACME\ufffd[2J SCHOOLS \ufffdTCIRTSID"
    assert len(lines) == 4 + console.RICH_ROWS + 1
