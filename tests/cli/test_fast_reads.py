"""The read commands print the same bytes whichever path answers them (issue 14): the driver straight
(sqlite3, or psycopg on PostgreSQL: no SQLAlchemy import) or a SQLAlchemy session, and in every format.

Runs on the suite's backend: FOILBOT_TEST_BACKEND=postgres makes the fast path the psycopg one.
"""

from __future__ import annotations

import json
from contextlib import contextmanager

import pytest

from tests.conftest import invoke, new_request, ok

LOCKPORT = "nces-3617670"
STARPOINT = "nces-3628050"
COMMANDS = [
    ("overdue", "--as-of", "2026-12-31", "--json"),
    ("overdue", "--as-of", "2026-12-31", "--format", "ndjson"),
    ("overdue", "--as-of", "2026-12-31", "--csv"),
    ("overdue", "--as-of", "2026-12-31"),
    ("overdue", "--as-of", "2026-07-01", "--json"),  # read as things stood: recomputed rows
    ("due", "--as-of", "2026-06-15", "--within", "60", "--json"),
    ("due", "--as-of", "2026-06-15", "--within", "60"),
    ("request", "list", "--json"),
    ("request", "list", "--format", "ndjson"),
    ("request", "list", "--csv"),
    ("request", "list"),
    ("request", "list", "--campaign", "cams", "--json"),
    ("request", "list", "--limit", "2", "--offset", "1", "--json"),
    ("request", "list", "--offset", "2", "--csv"),
    ("report", "agencies", "--as-of", "2026-12-31", "--format", "json"),
    ("report", "agencies", "--as-of", "2026-07-01", "--format", "csv"),  # read as things stood
    ("report", "agencies", "--as-of", "2026-12-31", "--campaign", "cams"),
    ("calendar", "--as-of", "2026-12-31"),
    ("calendar", "--as-of", "2026-07-01", "--agency", LOCKPORT),  # read as things stood
    ("calendar", "--as-of", "2026-06-30", "--campaign", "cams"),
]


@pytest.fixture
def workspace(runner, directory):
    """Five requests, two agencies, a campaign, filed on different days, one answered, one denied."""
    ids = [new_request(runner, LOCKPORT, "--campaign", "cams") for _ in range(3)]
    ids += [new_request(runner, STARPOINT, "--subject", "Cámaras, «fotos»; =SUM(A1)") for _ in range(2)]
    for n, rid in enumerate(ids):
        day = f"2026-06-{10 + n:02d}"
        ok(invoke(runner, "request", "sent", str(rid), "--date", day, "--received", day))
    ok(invoke(runner, "request", "log", str(ids[1]), "records", "--date", "2026-07-20"))
    ok(invoke(runner, "request", "log", str(ids[3]), "denied", "--date", "2026-08-03"))
    ok(invoke(runner, "overdue", "--json"))  # schedules current for the settings: the fast path opens
    return ids


@contextmanager
def session_path(monkeypatch):
    """Every reader on the SQLAlchemy session, as when the fast path cannot answer."""
    import foilbot.queries

    @contextmanager
    def never(url, key):
        yield None

    with monkeypatch.context() as m:
        m.setattr(foilbot.queries, "fast_reader", never)
        yield


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_fast_path_prints_what_the_session_path_prints(runner, workspace, monkeypatch, args) -> None:
    import foilbot.queries

    opened = []
    real = foilbot.queries.fast_reader

    @contextmanager
    def watched(url, key):
        with real(url, key) as found:
            opened.append(found is not None)
            yield found

    monkeypatch.setattr(foilbot.queries, "fast_reader", watched)
    fast = ok(invoke(runner, *args))
    assert opened == [True]  # the driver answered, not a session
    with session_path(monkeypatch):
        slow = ok(invoke(runner, *args))
    assert fast.stdout == slow.stdout
    assert fast.stdout.strip()


def test_limit_and_offset_page_the_list(runner, workspace) -> None:
    every = json.loads(ok(invoke(runner, "request", "list", "--json")).stdout)["items"]
    page = json.loads(ok(invoke(runner, "request", "list", "--limit", "2", "--offset", "1", "--json")).stdout)
    assert [r["id"] for r in page["items"]] == [r["id"] for r in every[1:3]]
    rest = ok(invoke(runner, "request", "list", "--offset", "3", "--format", "ndjson")).stdout.splitlines()
    assert [json.loads(line)["id"] for line in rest] == [r["id"] for r in every[3:]]
    empty = ok(invoke(runner, "request", "list", "--offset", "9", "--csv")).stdout
    header = ok(invoke(runner, "request", "list", "--csv")).stdout.splitlines()[0]
    assert empty == header + "\n" and header.startswith("id,reference,agency_id,agency,")


@pytest.mark.parametrize(
    "args",
    [
        ("overdue", "--as-of", "2026-12-31", "--json"),
        ("overdue", "--as-of", "2026-12-31", "--limit", "5", "--offset", "1"),
        ("due", "--as-of", "2026-12-01", "--within", "30", "--json"),
        ("request", "list", "--csv"),
        ("request", "list", "--limit", "5", "--offset", "0", "--json"),
        ("report", "agencies", "--as-of", "2026-12-31", "--format", "json"),
        ("calendar", "--as-of", "2026-12-31"),
    ],
    ids=" ".join,
)
def test_read_commands_start_without_sqlalchemy(workspace, args) -> None:
    """On either backend, a current workspace is read straight on the driver (issue 14: importing
    SQLAlchemy and psycopg's dialect was 0.7 s of a 2.2 s `overdue` on PostgreSQL), and counts given
    within their option's range are taken as Click read them (pydantic's import was 90 ms of a 0.3 s
    `request list --limit 50`)."""
    import subprocess
    import sys

    probe = (
        "import sys\nfrom foilbot.cli.app import app\n"
        f"try:\n    app({list(args)!r})\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'alembic', 'pydantic')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"
