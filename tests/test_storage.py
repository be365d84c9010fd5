"""Migrations and the SQLite settings two processes rely on, on a real database file."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from foilbot import storage
from foilbot.errors import ConfigError, FoilbotError
from tests.conftest import YEAR, count_rows, invoke


def test_schema_head_matches_the_newest_migration() -> None:
    from alembic.script import ScriptDirectory

    from foilbot.storage import MIGRATIONS_DIR, _alembic_config

    script = ScriptDirectory.from_config(_alembic_config("sqlite://"))
    assert script.get_current_head() == storage.SCHEMA_HEAD
    assert Path(MIGRATIONS_DIR).is_dir()


def test_models_match_migrations(isolated: Path) -> None:
    """Autogenerate finds nothing to do: the tables in models.py are exactly what the migrations build."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import foilbot.models  # noqa: F401

    url = f"sqlite:///{isolated / 'm.db'}"
    engine = storage.ensure_schema(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


@pytest.mark.postgres
def test_models_match_migrations_on_postgres(postgres_url: str) -> None:
    """The same on an empty PostgreSQL database: its types, indexes and defaults as the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    import foilbot.models  # noqa: F401

    before, after = storage.upgrade(postgres_url)
    assert (before, after) == (None, storage.SCHEMA_HEAD)
    with storage.get_engine(postgres_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_first_use_creates_schema_in_wal_mode(isolated: Path) -> None:
    db = isolated / "fresh.db"
    storage.ensure_schema(f"sqlite:///{db}")
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == storage.SCHEMA_HEAD
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "agency",
        "request",
        "event",
        "deadline",
        "attachment",
        "agencyclosure",
        "referencecounter",
    } <= tables


def test_busy_timeout_and_foreign_keys_on_every_connection(isolated: Path) -> None:
    engine = storage.ensure_schema(f"sqlite:///{isolated / 'b.db'}")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == storage.SQLITE_BUSY_TIMEOUT_MS
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_db_upgrade_is_idempotent_and_keeps_data(isolated: Path, runner, directory) -> None:
    first = invoke(runner, "db", "upgrade")
    assert first.exit_code == 0, first.stderr
    assert f"already at {storage.SCHEMA_HEAD}" in first.stdout
    before = count_rows("agency")
    assert before > 0
    assert invoke(runner, "db", "upgrade").exit_code == 0
    assert count_rows("agency") == before


def test_db_upgrade_on_empty_database_reports_the_migration(isolated: Path, runner) -> None:
    result = invoke(runner, "--db", f"sqlite:///{isolated / 'new.db'}", "db", "upgrade")
    assert result.exit_code == 0, result.stderr
    assert f"upgraded from empty to {storage.SCHEMA_HEAD}" in result.stdout


def test_newer_schema_is_refused_not_downgraded(isolated: Path, runner) -> None:
    db = isolated / "future.db"
    storage.ensure_schema(f"sqlite:///{db}")
    con = sqlite3.connect(db)
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    result = invoke(runner, "--db", f"sqlite:///{db}", "agency", "list")
    assert result.exit_code == 1
    assert "newer than this foilbot knows" in result.stderr
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999"


def test_missing_folder_and_unknown_driver_are_config_errors(isolated: Path) -> None:
    with pytest.raises(ConfigError, match="database folder does not exist"):
        storage.get_engine(f"sqlite:///{isolated / 'nope' / 'x.db'}")
    with pytest.raises(ConfigError, match="no database driver"):
        storage.get_engine("nosuchdb://u:secret@h/d")
    try:
        storage.get_engine("nosuchdb://u:secret@h/d")
    except FoilbotError as exc:
        assert "secret" not in str(exc)


@pytest.mark.postgres
def test_postgres_round_trip(runner, directory, postgres_url: str) -> None:
    result = invoke(runner, "--db", postgres_url, "db", "upgrade")
    assert result.exit_code == 0, result.stderr
    imported = invoke(runner, "--db", postgres_url, "agency", "import", str(directory))
    assert imported.exit_code == 0, imported.stderr
    found = invoke(runner, "--db", postgres_url, "agency", "list", "--search", "lockport csd", "--json")
    assert found.exit_code == 0, found.stderr
    assert json.loads(found.stdout)["items"][0]["id"] == "nces-3617670"
    # The tracking path on PostgreSQL: references, stored deadlines, the overdue query with dates.
    db = ("--db", postgres_url)
    new = invoke(
        runner, *db, "request", "new", "--agency", "nces-3617670", "--topic", "retention-periods", "--json"
    )
    assert new.exit_code == 0, new.stderr
    assert json.loads(new.stdout)["reference"] == f"FOIL-{YEAR}-0001"
    sent = invoke(runner, *db, "request", "sent", "1", "--date", "2026-06-12", "--received", "2026-06-12")
    assert sent.exit_code == 0, sent.stderr
    late = json.loads(invoke(runner, *db, "overdue", "--as-of", "2026-06-23", "--json").stdout)["items"]
    assert [(r["reference"], r["due"], r["days_overdue"]) for r in late] == [
        (f"FOIL-{YEAR}-0001", "2026-06-22", 1)
    ]
    assert json.loads(invoke(runner, *db, "overdue", "--as-of", "2026-06-22", "--json").stdout)["items"] == []
    soon = json.loads(invoke(runner, *db, "due", "--as-of", "2026-06-15", "--within", "7", "--json").stdout)[
        "items"
    ]
    assert [r["kind"] for r in soon] == ["acknowledgment"]


def _backfill(url: str) -> list[tuple]:
    """A database at 0005 with requests of campaign 'cams' and no campaign row (as `request new
    --campaign` left them), upgraded to 0007 (imap_campaigns)."""
    storage.upgrade(url, "0005")
    engine = storage.get_engine(url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO agency (id, name, kind, jurisdiction, public, records_officer, email, address, "
                "city, state, zip, county, phone, website, portal_url, source, notes, beds_code, aliases, "
                "search_text) VALUES ('a1', 'A', 'school_district', 'NY', TRUE, '', '', '', '', 'NY', '', "
                "'', '', '', '', '', '', '', '', '')"
            )
        )
        for n, subject in ((1, "bus cameras"), (2, "something else")):
            conn.execute(
                text(
                    "INSERT INTO request (reference, agency_id, jurisdiction, template, subject, topics, "
                    "params, campaign, status, created_at, updated_at, received_estimated, warnings, "
                    "created_by, updated_by) VALUES (:ref, 'a1', 'NY', '', :subject, '[\"retention-periods\"]', "
                    "'{}', 'cams', 'draft', '2026-01-05 10:00:00', '2026-01-05 10:00:00', FALSE, '[]', '', '')"
                ),
                {"ref": f"FOIL-2026-000{n}", "subject": subject},
            )
    storage.upgrade(url)
    with engine.connect() as conn:
        return [
            tuple(r) for r in conn.execute(text("SELECT name, subject, topics, law, closed_on FROM campaign"))
        ]


def test_0007_gives_every_campaign_name_its_campaign_row(isolated: Path) -> None:
    rows = _backfill(f"sqlite:///{isolated / 'old.db'}")
    # What its first request asks; each agency's own law.
    assert [(n, s, json.loads(t), law, c) for n, s, t, law, c in rows] == [
        ("cams", "bus cameras", ["retention-periods"], None, None)
    ]


@pytest.mark.postgres
def test_0007_backfill_on_postgres(postgres_url: str) -> None:
    rows = _backfill(postgres_url)
    assert [(n, s, t, law, c) for n, s, t, law, c in rows] == [
        ("cams", "bus cameras", ["retention-periods"], None, None)
    ]


def test_a_postgres_session_plans_its_cursors_for_every_row(postgres_url: str) -> None:
    """A session streams through a server-side cursor, which PostgreSQL plans for its first tenth of
    rows unless told: a sort through an index that took twice the plain query's time (issue 14)."""
    from sqlalchemy import text

    from foilbot.storage import session_scope

    with session_scope(postgres_url) as s:
        assert s.execute(text("SHOW cursor_tuple_fraction")).scalar() == "1"


@pytest.mark.parametrize(
    ("name", "escaped"), [("ws.db#backup", False), ("ws.db?x", True), ("work space.db", True)]
)
def test_a_sqlite_file_named_with_uri_characters_is_the_one_every_path_reads(
    name: str, escaped: bool, isolated: Path, runner, directory
) -> None:
    """`#` and `?` end a SQLite URI: the fast read path opened `ws.db` (read-write, creating it) for a
    workspace in `ws.db#backup`, and listed its requests instead. The name is percent-escaped now; a
    URL's own escapes (`%20`) are read as SQLAlchemy reads them, so both paths open one file."""
    from urllib.parse import quote

    url = f"sqlite:///{quote(str(isolated / name)) if escaped else isolated / name}"
    ok_ = invoke(
        runner, "--db", url, "request", "new", "--agency", "nces-3617670", "--topic", "retention-periods"
    )
    assert ok_.exit_code == 0, ok_.stderr
    listed = invoke(runner, "--db", url, "request", "list", "--json")
    assert listed.exit_code == 0, listed.stderr
    assert [r["reference"] for r in json.loads(listed.stdout)["items"]] == [f"FOIL-{YEAR}-0001"]
    assert sorted(p.name for p in isolated.iterdir() if p.name.startswith(("ws", "work"))) == [
        name,
        f"{name}-shm",
        f"{name}-wal",
    ]
