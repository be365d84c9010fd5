"""Roles on a real PostgreSQL server (issue 13, docs/how-to/team.md): an owner role runs migrations, a
user role with only the rights it needs runs everything else, and is told clearly when a migration
needs the owner."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import invoke, items, ok

# The statements docs/how-to/team.md gives, with the names it uses replaced per test.
SETUP_AS_SUPERUSER = """
CREATE ROLE {owner} LOGIN PASSWORD 'owner-pw';
CREATE ROLE {user} LOGIN PASSWORD 'user-pw';
ALTER DATABASE {db} OWNER TO {owner};
REVOKE ALL ON DATABASE {db} FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE {db} TO {user};
"""
SETUP_IN_DATABASE_AS_SUPERUSER = """
ALTER SCHEMA public OWNER TO {owner};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO {user};
"""
SETUP_AS_OWNER = """
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {user};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {user};
"""


def _run(url: str, sql: str, **names: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        for statement in sql.format(**names).strip().split(";\n"):
            if statement.strip():
                conn.execute(text(statement.strip().rstrip(";")))
    engine.dispose()


@pytest.mark.postgres
def test_restricted_role_works_and_a_migration_needs_the_owner(
    isolated: Path, runner, agencies_csv: Path, postgres_url: str
) -> None:
    from foilbot.storage import SCHEMA_HEAD, get_engine

    tag = uuid.uuid4().hex[:8]
    names = {
        "owner": f"foil_owner_{tag}",
        "user": f"foil_user_{tag}",
        "db": make_url(postgres_url).database or "",
    }
    owner_url = make_url(postgres_url).set(username=names["owner"], password="owner-pw")
    user_url = make_url(postgres_url).set(username=names["user"], password="user-pw")
    owner = owner_url.render_as_string(hide_password=False)
    user = user_url.render_as_string(hide_password=False)
    base = os.environ["FOILBOT_TEST_POSTGRES_URL"]
    try:
        _run(base, SETUP_AS_SUPERUSER, **names)
        _run(postgres_url, SETUP_IN_DATABASE_AS_SUPERUSER, **names)
        _run(owner, SETUP_AS_OWNER, **names)
        ok(invoke(runner, "--db", owner, "db", "upgrade", "0002"))

        # The user role cannot migrate: one clear line, no SQL, no password.
        refused = invoke(runner, "--db", user, "agency", "list")
        assert refused.exit_code == 1
        assert f"needs {SCHEMA_HEAD}, but this database role may not change the schema" in refused.stderr
        assert "foilbot db upgrade" in refused.stderr and "owner role" in refused.stderr
        assert "user-pw" not in refused.stderr and "CREATE" not in refused.stderr
        assert "Traceback" not in refused.stderr

        ok(invoke(runner, "--db", owner, "db", "upgrade"))
        # Everything else works under the restricted role.
        db = ("--db", user)
        ok(invoke(runner, *db, "agency", "import", str(agencies_csv)))
        made = json.loads(
            ok(
                invoke(
                    runner,
                    *db,
                    "request",
                    "new",
                    "--agency",
                    "nces-3617670",
                    "--topic",
                    "retention-periods",
                    "--json",
                )
            ).stdout
        )
        ok(
            invoke(
                runner,
                *db,
                "request",
                "sent",
                str(made["id"]),
                "--date",
                "2026-06-12",
                "--received",
                "2026-06-12",
            )
        )
        ok(
            invoke(
                runner, *db, "request", "log", str(made["id"]), "note", "--date", "2026-06-13", "--note", "x"
            )
        )
        assert len(items(invoke(runner, *db, "db", "log", "--json"))) == 4
        ok(invoke(runner, *db, "db", "check"))
        assert "already at" in ok(invoke(runner, *db, "db", "upgrade")).stdout
    finally:
        for url in (owner, user):
            get_engine(url).dispose()
        _run(base, f'DROP DATABASE IF EXISTS "{names["db"]}" WITH (FORCE)')
        _run(base, "DROP ROLE IF EXISTS {owner};\nDROP ROLE IF EXISTS {user}", **names)
