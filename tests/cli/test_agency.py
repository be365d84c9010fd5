"""`foilbot agency …` through the real app: import rules, search, show, export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import count_rows, invoke

HEADER = "id,name,kind,jurisdiction,public,zip,email,website,state\n"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_import_reports_added_updated_unchanged(isolated: Path, runner, agencies_csv: Path) -> None:
    # The first import also loads the shipped directory into the new database; count against a clean one.
    first = invoke(runner, "--db", f"sqlite:///{isolated / 'a.db'}", "agency", "import", str(agencies_csv))
    assert first.exit_code == 0, first.stderr
    again = invoke(runner, "--db", f"sqlite:///{isolated / 'a.db'}", "agency", "import", str(agencies_csv))
    assert again.exit_code == 0
    assert "added 0, updated 0, unchanged 12" in again.stdout.lower()
    changed = agencies_csv.read_text().replace("130 BEATTIE AVE", "130 Beattie Avenue")
    write(isolated / "changed.csv", changed + "x-new,Test Agency,other,NY,true,,,,,NY,,,,,,,,\n")
    third = invoke(
        runner, "--db", f"sqlite:///{isolated / 'a.db'}", "agency", "import", str(isolated / "changed.csv")
    )
    assert third.exit_code == 0, third.stderr
    assert "Added 1, updated 1, unchanged 11" in third.stdout


def test_bad_rows_import_nothing_and_name_file_line_column(isolated: Path, runner, directory) -> None:
    bad = write(
        isolated / "bad.csv",
        HEADER
        + "ok-1,Good Agency,school_district,NY,true,14094,,,NY\n"
        + "bad-2,Bad Zip,school_district,NY,true,4094,,,NY\n"
        + "bad-3,Bad Email,school_district,XX,maybe,14094,foil@,ftp://x,NY\n"
        + "ok-1,Duplicate,school_district,NY,true,14094,,,NY\n"
        + ",,school_district,NY,true,,,,NY\n",
    )
    before = count_rows("agency")
    result = invoke(runner, "agency", "import", str(bad))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert (
        f"{bad}:3: zip: '4094' is not a ZIP code (12345 or 12345-6789) (a leading zero lost by a spreadsheet?)"
        in lines
    )
    assert f"{bad}:4: jurisdiction: 'XX' is not a USPS state code (or US for federal)" in lines
    assert f"{bad}:4: public: 'maybe' is not true or false" in lines
    assert f"{bad}:4: email: 'foil@' is not an email address (expected name@domain.tld)" in lines
    assert f"{bad}:4: website: 'ftp://x' is not an http(s) URL (e.g. https://example.org)" in lines
    assert f"{bad}:5: id: duplicate of line 2 (ok-1)" in lines
    assert f"{bad}:6: id: required, but empty" in lines
    assert f"{bad}:6: name: required, but empty" in lines
    assert lines[-2] == f"Error: 8 problem(s) in {bad}; nothing was imported"
    assert "Traceback" not in result.stderr
    assert count_rows("agency") == before


def test_bom_crlf_and_column_mapping(isolated: Path, runner, directory) -> None:
    text = "Code,District,Type,State Law,ZIP\r\nx-bom-1,Écoles Test District,school_district,NY,14094\r\n"
    path = write(isolated / "bom.csv", "\ufeff" + text)
    dry = invoke(
        runner,
        "agency",
        "import",
        str(path),
        "--dry-run",
        "--map",
        "id=Code",
        "--map",
        "name=District",
        "--map",
        "kind=Type",
        "--map",
        "jurisdiction=State Law",
    )
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.startswith("Dry run, nothing written: would add 1,")
    assert invoke(runner, "agency", "show", "x-bom-1").exit_code == 1
    real = invoke(
        runner,
        "agency",
        "import",
        str(path),
        "--map",
        "id=Code",
        "--map",
        "name=District",
        "--map",
        "kind=Type",
        "--map",
        "jurisdiction=State Law",
        "--map",
        "zip=ZIP",
    )
    assert real.exit_code == 0, real.stderr
    shown = json.loads(invoke(runner, "agency", "show", "x-bom-1", "--json").stdout)
    assert shown["name"] == "Écoles Test District"
    assert shown["zip"] == "14094"


def test_not_utf8_and_missing_columns(isolated: Path, runner, directory) -> None:
    latin = write(isolated / "latin.csv", HEADER + "x-1,Écoles,school_district,NY,true,,,,NY\n", "latin-1")
    result = invoke(runner, "agency", "import", str(latin))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {latin}:2: not UTF-8 (byte 0xc9)")
    nokind = write(isolated / "nokind.csv", "id,name\nx,y\n")
    result = invoke(runner, "agency", "import", str(nokind))
    assert result.exit_code == 1
    # A file of some columns may update existing agencies; a new one needs the required columns.
    assert f"{nokind}:2: x: a new agency needs kind, jurisdiction" in result.stderr
    noid = write(isolated / "noid.csv", "name,email\nx,y@example.org\n")
    result = invoke(runner, "agency", "import", str(noid))
    assert result.exit_code == 1
    assert f"Error: {noid}:1: missing required column: id" in result.stderr
    assert "--map COLUMN=HEADER" in result.stderr
    badmap = invoke(runner, "agency", "import", str(nokind), "--map", "colour=Name")
    assert badmap.exit_code == 2
    assert "unknown column 'colour'" in badmap.stderr


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("lockport csd", "nces-3617670"),
        ("LOCKPORT city school district", "nces-3617670"),
        ("csd lockport", "nces-3617670"),
        ("starpoint csd", "nces-3628050"),
        ("niagara wheatfield", "nces-3620850"),
        ("orleans niagara boces", "nces-3680640"),
        ("univ buffalo", "ipeds-196088"),
        ("buffalo sd", "nces-3605850"),
        ("niagara cc", "ipeds-193946"),
        ("u.s. dept education", "us-department-of-education"),
        ("ny state education dept", "nys-education-department"),
    ],
)
def test_search_as_a_person_types(runner, directory, query: str, first: str) -> None:
    result = invoke(runner, "agency", "list", "--search", query, "--json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)["items"]
    assert rows and rows[0]["id"] == first


def test_list_filters_and_json_shape(runner, directory) -> None:
    result = invoke(runner, "agency", "list", "--state", "NY", "--kind", "college", "--json")
    rows = json.loads(result.stdout)["items"]
    assert [r["id"] for r in rows] == ["ipeds-190415", "ipeds-193946", "ipeds-196088"]
    assert rows[0]["public"] is False
    assert set(rows[0]) >= {
        "id",
        "name",
        "kind",
        "jurisdiction",
        "public",
        "records_officer",
        "email",
        "address",
        "city",
        "state",
        "zip",
        "county",
        "phone",
        "website",
        "portal_url",
        "source",
        "notes",
    }
    niagara = json.loads(invoke(runner, "agency", "list", "--county", "niagara county", "--json").stdout)[
        "items"
    ]
    assert len(niagara) == 5
    short = json.loads(invoke(runner, "agency", "list", "--county", "Niagara", "--json").stdout)["items"]
    assert short == niagara
    limited = json.loads(invoke(runner, "agency", "list", "--limit", "2", "--json").stdout)["items"]
    assert len(limited) == 2
    csv_out = invoke(runner, "agency", "list", "--search", "cornell", "--csv").stdout.splitlines()
    assert csv_out[0].startswith("id,name,kind,jurisdiction,public,")
    assert csv_out[1].startswith("ipeds-190415,Cornell University,college,NY,false,")
    both = invoke(runner, "agency", "list", "--json", "--csv")
    assert both.exit_code == 2


def test_show_by_id_name_and_ambiguity(runner, directory) -> None:
    by_name = invoke(runner, "agency", "show", "lockport city school district", "--json")
    assert json.loads(by_name.stdout)["id"] == "nces-3617670"
    ambiguous = invoke(runner, "agency", "show", "niagara")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr.startswith("Error: 'niagara' matches ")
    assert "nces-3620850 (NIAGARA-WHEATFIELD CENTRAL SCHOOL DISTRICT, SANBORN NY)" in ambiguous.stderr
    missing = invoke(runner, "agency", "show", "atlantis school district")
    assert missing.exit_code == 1
    assert "no agency matches 'atlantis school district'" in missing.stderr


def test_export_round_trips(isolated: Path, runner, directory) -> None:
    out = isolated / "export.csv"
    result = invoke(runner, "agency", "export", str(out))
    assert result.exit_code == 0, result.stderr
    again = invoke(runner, "--db", f"sqlite:///{isolated / 'copy.db'}", "agency", "import", str(out))
    assert again.exit_code == 0, again.stderr
    copy = json.loads(
        invoke(
            runner, "--db", f"sqlite:///{isolated / 'copy.db'}", "agency", "show", "ipeds-190415", "--json"
        ).stdout
    )
    orig = json.loads(invoke(runner, "agency", "show", "ipeds-190415", "--json").stdout)
    assert copy == orig


def test_a_header_naming_a_column_twice_is_refused(isolated: Path, runner, directory) -> None:
    # Which of the two `name` cells would be read is a guess: nothing is imported (issue 9).
    twice = write(isolated / "twice.csv", "id,name,name,kind,jurisdiction\nx-1,A,B,school_district,NY\n")
    result = invoke(runner, "agency", "import", str(twice))
    assert result.exit_code == 1
    assert f"Error: {twice}:1: column name appears more than once in the header" in result.stderr
    assert count_rows("agency") == 12
    # A repeated header the import does not read (two "Comments" columns) is no problem.
    other = write(isolated / "other.csv", "id,email,Comments,Comments\nnces-3617670,foil@example.org,a,b\n")
    assert invoke(runner, "agency", "import", str(other)).exit_code == 0


def test_import_of_an_endless_file_is_refused_not_read_forever(isolated: Path, runner, directory) -> None:
    result = invoke(runner, "agency", "import", "/dev/zero")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: agency CSV /dev/zero: larger than 200 MB; not reading it")
    assert count_rows("agency") == 12


def test_an_exact_name_with_accented_capitals_picks_that_agency(runner, directory, tmp_path: Path) -> None:
    """`--agency "école majuscule"` beside ÉCOLE MAJUSCULE NORD: an exact name picks its agency on every
    backend (SQLite's lower() folds ASCII alone, so it was "matches 2 agencies" there)."""
    header = directory.read_text().splitlines()[0]
    extra = tmp_path / "accents.csv"
    rows = [
        "nys-ecole-1,ÉCOLE MAJUSCULE,school_district,NY,true,,,1 RUE,LOCKPORT,NY,14094,Niagara County,,,,test,,",
        "nys-ecole-2,ÉCOLE MAJUSCULE NORD,school_district,NY,true,,,2 RUE,LOCKPORT,NY,14094,Niagara County,,,,test,,",
    ]
    extra.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    assert invoke(runner, "agency", "import", str(extra)).exit_code == 0
    for text in ("école majuscule", "ÉCOLE MAJUSCULE"):
        shown = invoke(runner, "agency", "show", text, "--json")
        assert shown.exit_code == 0, shown.stderr
        assert json.loads(shown.stdout)["id"] == "nys-ecole-1"
    assert "matches 2 agencies" in invoke(runner, "agency", "show", "école").stderr


def test_a_carriage_return_in_a_cell_survives_export_and_import(isolated: Path, runner, directory) -> None:
    """An address holding a lone CR (pasted from an old Mac file) went out unquoted: every CSV reader split
    the row there, and `agency import` of foilbot's own export refused it ("has 8 fields")."""
    import csv

    address = "100 Main St\rSuite 4"
    assert invoke(runner, "agency", "set", "ipeds-190415", "--address", address).exit_code == 0
    out = isolated / "export.csv"
    assert invoke(runner, "agency", "export", str(out)).exit_code == 0
    with out.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len({len(r) for r in rows}) == 1  # every row as wide as the header
    copy = ("--db", f"sqlite:///{isolated / 'copy.db'}")
    again = invoke(runner, *copy, "agency", "import", str(out))
    assert again.exit_code == 0, again.stderr
    shown = json.loads(invoke(runner, *copy, "agency", "show", "ipeds-190415", "--json").stdout)
    assert shown["address"] == address


def test_columns_the_import_does_not_read_are_named(isolated: Path, runner, directory) -> None:
    """A misspelt header (`emial`, `Email`) dropped its values without a word: "unchanged 1", exit 0, and the
    user believed the addresses were in. Another list's own columns (`Comments`) are named too, as harmless."""
    path = write(
        isolated / "unk.csv", "id,emial,Email,Comments\nnces-3617670,foil@x.example.org,a@b.org,hi\n"
    )
    result = invoke(runner, "agency", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert (
        f"Warning: {path}: columns not read: emial (did you mean email? --map email=emial); "
        "Email (did you mean email? --map email=Email); Comments" in result.stderr
    )
    mapped = invoke(runner, "agency", "import", str(path), "--map", "email=Email")
    assert "emial (did you mean email?" in mapped.stderr and "Email (" not in mapped.stderr
    assert json.loads(invoke(runner, "agency", "show", "nces-3617670", "--json").stdout)["email"] == "a@b.org"


def test_control_characters_and_line_breaks_in_a_name_are_refused(isolated: Path, runner, directory) -> None:
    """An ESC in a name reached CSV output and the terminal as stored (`\\x1b[2J` cleared the screen), and a
    line break in a name split every message that named the agency. Line breaks stay allowed in the
    address (its street lines) and the notes."""
    path = write(
        isolated / "bad.csv",
        'id,name,kind,jurisdiction,address\nx-1,"Two\nLines",school_district,NY,\n'
        'x-2,"Clear\x1b[2J",school_district,NY,"1 Main St\nSuite 4"\n',
    )
    result = invoke(runner, "agency", "import", str(path))
    assert result.exit_code == 1 and "nothing was imported" in result.stderr
    assert f"{path}:3: name: holds a line break; put it on one line" in result.stderr
    assert f"{path}:5: name: holds the control character U+001B; remove it" in result.stderr
    assert "address" not in result.stderr and count_rows("agency") == 12
    bell = invoke(runner, "agency", "set", "nces-3617670", "--records-officer", "Ana\x07")
    assert bell.exit_code == 1 and "--records-officer: holds the control character U+0007" in bell.stderr


def test_an_email_address_that_is_not_ascii_is_refused(isolated: Path, runner, directory) -> None:
    # Accepted before, it then crashed `campaign send` for the whole campaign.
    result = invoke(runner, "agency", "set", "nces-3617670", "--email", "josé@barker.example.org")
    assert result.exit_code == 1 and "is not plain ASCII" in result.stderr
    path = write(isolated / "e.csv", "id,email\nnces-3617670,josé@barker.example.org\n")
    assert (
        "email: 'josé@barker.example.org' is not plain ASCII"
        in invoke(runner, "agency", "import", str(path)).stderr
    )
