"""`foilbot agency set`, partial imports and `--missing`: a user's contacts survive `init` (issue 11)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import invoke, items, ok, sql_rows

LOCKPORT = "nces-3617670"


def field(db: Path, agency_id: str, column: str) -> str:
    """A stored column of one agency (`db` names the SQLite file; the query runs on either backend)."""
    return sql_rows(f"SELECT {column} FROM agency WHERE id = :id", {"id": agency_id})[0][0]


def test_set_edits_contacts_and_init_keeps_them(isolated: Path, runner, directory) -> None:
    result = ok(
        invoke(
            runner,
            "agency",
            "set",
            LOCKPORT,
            "--email",
            "foil@lockport.example.org",
            "--records-officer",
            "Records Access Officer",
            "--phone",
            "(716) 555-0100",
            "--portal",
            "https://lockport.example.org/foil",
        )
    )
    assert result.stdout.startswith(f"{LOCKPORT}: set email='foil@lockport.example.org'")
    db = isolated / "requests.db"
    assert field(db, LOCKPORT, "email") == "foil@lockport.example.org"
    assert field(db, LOCKPORT, "address") == "130 BEATTIE AVE"  # untouched
    # `init` re-imports the shipped directory (where this district has no email and another phone).
    ok(invoke(runner, "init"))
    assert field(db, LOCKPORT, "email") == "foil@lockport.example.org"
    assert field(db, LOCKPORT, "phone") == "(716) 555-0100"
    assert field(db, LOCKPORT, "portal_url") == "https://lockport.example.org/foil"
    assert field(db, LOCKPORT, "city") == "LOCKPORT"
    again = ok(invoke(runner, "init"))
    assert "updated 0" in again.stdout


def test_set_refuses_bad_addresses_with_the_option_named(runner, directory) -> None:
    for bad, words in [
        ("foil@", "is not an email address"),
        ("a@x.org, b@x.org", "holds several addresses"),
        ("FOIL <foil@x.org>", "bare address"),
        ("foil@x..org", "is not an email address"),
    ]:
        result = invoke(runner, "agency", "set", LOCKPORT, "--email", bad)
        assert result.exit_code == 1, bad
        assert result.stderr.startswith(f"Error: {LOCKPORT}: --email: {bad!r} "), result.stderr
        assert words in result.stderr
        assert "Traceback" not in result.stderr
    result = invoke(runner, "agency", "set", LOCKPORT, "--portal", "lockport.org/foil")
    assert result.exit_code == 1 and "--portal" in result.stderr
    result = invoke(runner, "agency", "set", LOCKPORT)
    assert result.exit_code == 2 and "nothing to change" in result.stderr


def test_partial_import_updates_only_its_columns(isolated: Path, runner, directory) -> None:
    csv = isolated / "emails.csv"
    csv.write_text(f"id,email\n{LOCKPORT},foil@lockport.example.org\nnces-3628050,\n", encoding="utf-8")
    result = ok(invoke(runner, "agency", "import", str(csv)))
    assert "Added 0, updated 1, unchanged 1" in result.stdout
    db = isolated / "requests.db"
    assert field(db, LOCKPORT, "email") == "foil@lockport.example.org"
    assert field(db, LOCKPORT, "name") == "LOCKPORT CITY SCHOOL DISTRICT"
    assert field(db, LOCKPORT, "zip") == "14094"
    ok(invoke(runner, "init"))
    assert field(db, LOCKPORT, "email") == "foil@lockport.example.org"
    # Only what the import changed is the user's: Starpoint's shipped values still follow the directory.
    rows = sql_rows('SELECT agency_id, "column" FROM agency_edit')
    assert rows == [(LOCKPORT, "email")]


def test_partial_import_of_an_unknown_id_imports_nothing(isolated: Path, runner, directory) -> None:
    csv = isolated / "emails.csv"
    csv.write_text(f"id,email\n{LOCKPORT},a@lockport.example.org\nx-typo,b@x.example.org\n", encoding="utf-8")
    result = invoke(runner, "agency", "import", str(csv))
    assert result.exit_code == 1
    assert f"{csv}:3: x-typo: a new agency needs name, kind, jurisdiction" in result.stderr
    assert field(isolated / "requests.db", LOCKPORT, "email") == ""


def test_list_missing_email(runner, directory) -> None:
    ok(invoke(runner, "agency", "set", LOCKPORT, "--email", "foil@lockport.example.org"))
    missing = items(invoke(runner, "agency", "list", "--missing", "email", "--limit", "0", "--json"))
    ids = {r["id"] for r in missing}
    assert LOCKPORT not in ids and "nces-3628050" in ids
    assert all(r["email"] == "" for r in missing)
    result = invoke(runner, "agency", "list", "--missing", "name; drop table agency")
    assert result.exit_code == 2 and "not a directory column" in result.stderr
