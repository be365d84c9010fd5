"""A database foilbot cannot use gets one line naming it and what to do: no traceback, no SQL (issue 9)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import invoke, new_request, ok


def run(runner, db: Path, *args: str):
    return invoke(runner, "--db", f"sqlite:///{db}", *args)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"this is a letter, not a database" * 200, "file is not a database"),
        (b"SQLite format 3\x00" + b"\x00" * 90, "database"),
    ],
)
def test_a_file_that_is_not_a_database(runner, isolated: Path, content: bytes, message: str) -> None:
    db = isolated / "requests.db"
    db.write_bytes(content)
    result = run(runner, db, "request", "list")
    assert result.exit_code == 1
    assert message in result.stderr and "Hint:" in result.stderr
    assert "Traceback" not in result.stderr and "SELECT" not in result.stderr


def test_tables_without_a_revision_and_two_revisions(runner, isolated: Path, directory, sqlite_only) -> None:
    made = isolated / "requests.db"
    ok(invoke(runner, "request", "list"))
    con = sqlite3.connect(made)
    con.execute("INSERT INTO alembic_version VALUES ('0001')")
    con.commit()
    two = run(runner, made, "request", "list")
    assert two.exit_code == 1 and "records 2 schema revisions" in two.stderr
    con.execute("DROP TABLE alembic_version")
    con.commit()
    con.close()
    none = run(runner, made, "request", "list")
    assert none.exit_code == 1 and "has foilbot's tables but no schema revision" in none.stderr


def test_an_unknown_revision(runner, isolated: Path, directory, sqlite_only) -> None:
    ok(invoke(runner, "request", "list"))
    con = sqlite3.connect(isolated / "requests.db")
    con.execute("UPDATE alembic_version SET version_num = 'zz'")
    con.commit()
    con.close()
    result = invoke(runner, "request", "list")
    assert result.exit_code == 1 and "schema revision 'zz', which no foilbot release made" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files; CI runs as root")
def test_a_read_only_database_names_no_personal_text(runner, isolated: Path, directory) -> None:
    rid = new_request(runner, "nces-3617670")
    (isolated / "requests.db").chmod(0o444)
    result = invoke(runner, "request", "log", str(rid), "note", "--date", "2026-06-12", "--note", "my secret")
    assert result.exit_code == 1 and "read" in result.stderr and "my secret" not in result.stderr


def test_a_driver_error_is_reported_without_its_sql_or_parameters() -> None:
    from sqlalchemy.exc import OperationalError

    from foilbot.db_errors import database_error

    exc = OperationalError(
        "INSERT INTO event (note) VALUES (?)",
        ("my secret note",),
        sqlite3.OperationalError("attempt to write a readonly database"),
    )
    found = database_error(exc, "sqlite:////srv/foil/requests.db")
    assert found.message == "database sqlite:////srv/foil/requests.db: attempt to write a readonly database"
    assert found.hint is not None and "permissions" in found.hint
    assert "secret" not in found.message + found.hint and "INSERT" not in found.message


def test_readers_do_not_wait_behind_a_writer(runner, isolated: Path, directory, sqlite_only) -> None:
    """WAL lets readers read while another process holds the write lock (issue 9: they waited 11 s)."""
    import time

    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    writer = sqlite3.connect(isolated / "requests.db", isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # another foilbot in the middle of a long write
    try:
        for args in (
            ("request", "show", str(rid)),
            ("request", "list"),
            ("overdue", "--as-of", "2026-07-01"),
            ("calendar", "--as-of", "2026-07-01"),
            ("report", "agencies", "--as-of", "2026-07-01"),
        ):
            started = time.monotonic()
            ok(invoke(runner, *args))
            assert time.monotonic() - started < 10, args  # the busy timeout is 30 s
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_an_empty_revision_table_beside_the_tables(runner, isolated: Path, directory, sqlite_only) -> None:
    # Was "unexpected OperationalError: table agency already exists": an empty alembic_version was
    # taken for an empty database and the first migration ran again (issue 9).
    ok(invoke(runner, "request", "list"))
    con = sqlite3.connect(isolated / "requests.db")
    con.execute("DELETE FROM alembic_version")
    con.commit()
    con.close()
    result = invoke(runner, "request", "list")
    assert result.exit_code == 1
    assert "has foilbot's tables but no schema revision" in result.stderr
    assert "unexpected" not in result.stderr


def test_an_older_revision_stamped_on_newer_tables(runner, isolated: Path, directory, sqlite_only) -> None:
    ok(invoke(runner, "request", "list"))
    con = sqlite3.connect(isolated / "requests.db")
    con.execute("UPDATE alembic_version SET version_num = '0002'")
    con.commit()
    con.close()
    result = invoke(runner, "request", "list")
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("Error: database sqlite:///") and "upgrading schema 0002 to" in first
    assert "nothing was changed" in first and "already exists" in first
    assert "Hint: Its tables do not match its schema revision" in result.stderr
    con = sqlite3.connect(isolated / "requests.db")
    assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0002",)]
    con.close()


@pytest.mark.parametrize(
    "command",
    [["db", "check"], ["db", "status"], ["request", "list"], ["overdue"], ["agency", "list"], ["init"]],
)
def test_a_truncated_database_on_every_path(runner, isolated: Path, directory, sqlite_only, command) -> None:
    # Each command reads the file its own way (the sqlite3 fast path, a session, Alembic's inspector);
    # each must end in one line naming the database (issue 9: `db check` said "unexpected DatabaseError").
    from foilbot.storage import get_engine

    ok(invoke(runner, "request", "list"))
    db = isolated / "requests.db"
    get_engine(f"sqlite:///{db}").dispose()
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    db.write_bytes(db.read_bytes()[:100])
    result = invoke(runner, *command)
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(f"Error: database sqlite:///{db}: ")
    assert "unexpected" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "postgresql+psycopg://foil:pw-Zq9@127.0.0.1:1/foil",
            "Error: database postgresql+psycopg://foil:***@",
        ),
        (
            "postgresql+psycopg://foil:pw-Zq9@host:xx/foil",
            "Error: bad database URL postgresql+psycopg://foil:***@",
        ),
        ("postgresql+psycopg://foil@127.0.0.1:1/foil?password=pw-Zq9", "?password=***"),
    ],
)
def test_an_unreachable_server_in_db_status(runner, url: str, message: str) -> None:
    result = invoke(runner, "--db", url, "db", "status")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "unexpected" not in result.stderr and "pw-Zq9" not in result.stderr


def test_an_unknown_target_revision_is_a_usage_error(runner, directory) -> None:
    result = invoke(runner, "db", "upgrade", "ffff")  # was "unexpected CommandError"
    assert result.exit_code == 2
    from foilbot.storage import SCHEMA_HEAD

    assert result.stderr.startswith(
        f"Error: unknown schema revision 'ffff'; use head ({SCHEMA_HEAD}) or one of 0001"
    )


@pytest.mark.parametrize("command", ["backup", "export"])
def test_a_file_name_too_long_is_one_line(runner, directory, sqlite_only, command: str) -> None:
    # Issue 9 attack run: `db backup nnn…(300).db` was "unexpected OSError: File name too long".
    name = "n" * 300 + (".db" if command == "backup" else ".zip")
    result = invoke(runner, "db", command, name)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {name}: cannot write: File name too long")


@pytest.mark.postgres
def test_a_driver_error_on_the_postgres_fast_path_is_one_line(
    runner, directory, postgres_url, monkeypatch
) -> None:
    """A read command answered straight on psycopg (drivers.py) whose query fails (here a lock it may
    not wait for): the same one line as the session path gives, not "unexpected … --traceback"."""
    import psycopg

    db = ("--db", postgres_url)
    assert invoke(runner, *db, "agency", "import", str(directory)).exit_code == 0
    assert invoke(runner, *db, "overdue", "--json").exit_code == 0  # schema and schedules current
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=300")
    with psycopg.connect(postgres_url.replace("postgresql+psycopg://", "postgresql://", 1)) as other:
        other.execute("LOCK TABLE deadline IN ACCESS EXCLUSIVE MODE")
        result = invoke(runner, *db, "overdue", "--json")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: database postgresql+psycopg://postgres:***@"), result.stderr
    assert "lock timeout" in result.stderr and "unexpected" not in result.stderr
    assert "Traceback" not in result.stderr


def test_another_programs_database_is_left_as_it_was(runner, isolated: Path, sqlite_only) -> None:
    """A --db pointing at another program's SQLite file (a browser's history): a read command added
    foilbot's tables to it and switched it to WAL. It is refused, and its bytes stay as they were."""
    db = isolated / "places.sqlite"
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        con.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    con.close()
    before = db.read_bytes()
    for command in (["overdue", "--json"], ["request", "list"], ["db", "upgrade"]):
        result = run(runner, db, *command)
        assert result.exit_code == 1, command
        assert result.stderr == (
            f"Error: database sqlite:///{db} holds tables that are not foilbot's (moz_places) and no "
            "foilbot schema\nHint: foilbot makes its tables in an empty database (a new file; `createdb` "
            "on PostgreSQL).\n"
        )
    assert db.read_bytes() == before and not Path(f"{db}-wal").exists()


@pytest.mark.parametrize("command", [("request", "list"), ("init",), ("db", "status"), ("overdue",)])
def test_an_at_sign_in_the_password_is_named_not_quoted(runner, command: tuple[str, ...]) -> None:
    """`u:pw-Zq9@x7@host`: the driver splits at the first `@` and its error named `x7@127.0.0.1` as the
    host, a piece of the password. The error says what is wrong and quotes none of it."""
    result = invoke(runner, "--db", "postgresql+psycopg://u:pw-Zq9@x7@127.0.0.1:1/db", *command)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "the URL has more than one `@` before the host" in result.stderr and "%40" in result.stderr
    assert "Zq9" not in result.stderr and "x7" not in result.stderr
