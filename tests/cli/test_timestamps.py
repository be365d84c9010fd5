"""When a request was created, logged or changed: one text for one moment, in UTC with its offset, from
every command and on either backend (`request list` printed `2026-12-01T09:51:34.564996` for the
request `request show` gave as `…+00:00`, and PostgreSQL answers in its session's time zone)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.conftest import invoke, items, new_request, ok


def _stamps(runner, *db: str) -> tuple[str, str, str, list[str]]:
    listed = items(invoke(runner, *db, "request", "list", "--json"))[0]["created_at"]
    shown = json.loads(ok(invoke(runner, *db, "request", "show", "1", "--json")).stdout)["created_at"]
    row = next(csv.DictReader(io.StringIO(ok(invoke(runner, *db, "request", "list", "--csv")).stdout)))
    logged = [e["at"] for e in items(invoke(runner, *db, "db", "log", "--json"))]
    return listed, shown, row["created_at"], logged


def test_every_command_gives_one_moment_one_text(runner, directory) -> None:
    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12"))
    listed, shown, in_csv, logged = _stamps(runner)
    assert listed == shown and listed.endswith("+00:00")
    assert in_csv == listed.replace("T", " ")
    assert logged and all(at.endswith("+00:00") for at in logged)


@pytest.mark.postgres
def test_a_server_in_another_time_zone_gives_the_same_text(runner, directory, postgres_url: str) -> None:
    """A team's server set to New York time: PostgreSQL hands back each stamp as 07:00-05:00, not
    12:00+00:00. Every command still prints it in UTC."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = make_url(postgres_url).database
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"ALTER DATABASE \"{name}\" SET timezone = 'America/New_York'"))
    admin.dispose()
    db = ("--db", postgres_url)
    made = invoke(runner, *db, "request", "new", "--agency", "nces-3617670", "--topic", "funding")
    assert made.exit_code == 0, made.stderr
    listed, shown, in_csv, logged = _stamps(runner, *db)
    assert listed == shown and listed.endswith("+00:00")
    assert in_csv == listed.replace("T", " ")
    assert logged and all(at.endswith("+00:00") for at in logged)
