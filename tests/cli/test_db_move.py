"""Moving and keeping a workspace (issue 13): db export / import between SQLite and PostgreSQL without
loss, db backup while others write, db check."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from foilbot import storage
from tests.conftest import REPO, count_rows, invoke, items, new_request, ok


def _workspace(isolated: Path, runner) -> tuple[int, bytes]:
    """A small workspace with an edited directory, a closure, events, a correction and a letter file."""
    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    ok(
        invoke(
            runner, "agency", "closure", "add", "nces-3617670", "--date", "2026-06-16", "--reason", "storm"
        )
    )
    paper = isolated / "denial.pdf"
    data = b"%PDF-1.4 denial\x00\xff" * 100
    paper.write_bytes(data)
    ok(invoke(runner, "request", "log", str(rid), "denied", "--date", "2026-07-01", "--attach", str(paper)))
    ok(invoke(runner, "request", "log", str(rid), "denied", "--date", "2026-07-02", "--corrects", "2"))
    new_request(runner, "nces-3628050", "--campaign", "cameras")
    return rid, data


def _tables(export: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(export) as zf:
        return {n: sorted(zf.read(n).decode().splitlines()) for n in zf.namelist() if n.startswith("tables/")}


@pytest.mark.postgres
def test_round_trip_between_the_suite_backend_and_postgres(
    isolated: Path, runner, directory, postgres_url: str, monkeypatch
) -> None:
    monkeypatch.setenv("FOILBOT_FILES_DIR", str(isolated / "files-a"))
    _workspace(isolated, runner)
    shown = json.loads(ok(invoke(runner, "request", "show", "1", "--json")).stdout)
    first = isolated / "one.zip"
    ok(invoke(runner, "db", "export", str(first)))

    # Into PostgreSQL, with its own attachment folder.
    monkeypatch.setenv("FOILBOT_FILES_DIR", str(isolated / "files-b"))
    pg = ("--db", postgres_url)
    ok(invoke(runner, *pg, "db", "import", str(first)))
    second = isolated / "two.zip"
    ok(invoke(runner, *pg, "db", "export", str(second)))
    assert _tables(second) == _tables(first)
    assert json.loads(ok(invoke(runner, *pg, "request", "show", "1", "--json")).stdout) == shown

    # And back into a new SQLite file, with a third folder.
    monkeypatch.setenv("FOILBOT_FILES_DIR", str(isolated / "files-c"))
    lite = ("--db", f"sqlite:///{isolated / 'back.db'}")
    ok(invoke(runner, *lite, "db", "import", str(second)))
    third = isolated / "three.zip"
    ok(invoke(runner, *lite, "db", "export", str(third)))
    assert _tables(third) == _tables(first)
    assert json.loads(ok(invoke(runner, *lite, "request", "show", "1", "--json")).stdout) == shown

    for db in (pg, lite):
        created = json.loads(
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
        assert created["id"] == 3  # ids continue after the imported ones
        [kept] = items(invoke(runner, *db, "request", "files", "1", "--json"))
        digest = hashlib.sha256(Path(kept["path"]).read_bytes()).hexdigest()
        assert kept["state"] == "ok" and digest == kept["sha256"]
        assert Path(kept["path"]).read_bytes() == (isolated / "denial.pdf").read_bytes()
        ok(invoke(runner, *db, "db", "check"))


def test_import_refuses_a_used_database_and_a_damaged_file(isolated: Path, runner, directory) -> None:
    _workspace(isolated, runner)
    out = isolated / "w.zip"
    ok(invoke(runner, "db", "export", str(out)))
    again = invoke(runner, "db", "import", str(out))
    assert again.exit_code == 1 and "import only into an empty workspace" in again.stderr
    damaged = isolated / "damaged.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(damaged, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            dst.writestr(name, data[:-1] + b"!" if name.startswith("files/") else data)
    fresh = ("--db", f"sqlite:///{isolated / 'fresh.db'}")
    bad = invoke(runner, *fresh, "db", "import", str(damaged))
    assert bad.exit_code == 1 and "is damaged or missing; nothing was imported" in bad.stderr
    assert "Traceback" not in bad.stderr
    not_zip = invoke(runner, *fresh, "db", "import", str(isolated / "denial.pdf"))
    assert not_zip.exit_code == 1 and "not a foilbot export" in not_zip.stderr


def test_check_finds_a_damaged_attachment(isolated: Path, runner, directory) -> None:
    _workspace(isolated, runner)
    good = items(invoke(runner, "db", "check", "--json"))
    assert {c["state"] for c in good} == {"ok"} and good[0] == {
        "check": "schema",
        "state": "ok",
        "detail": f"revision {storage.SCHEMA_HEAD}",
    }
    [kept] = items(invoke(runner, "request", "files", "1", "--json"))
    Path(kept["path"]).write_bytes(b"tampered")
    bad = invoke(runner, "db", "check")
    assert bad.exit_code == 1
    assert f"damaged  attachment {kept['sha256'][:12]}" in bad.stdout
    assert "1 check(s) failed" in bad.stderr


def test_backup_is_consistent_while_others_write(isolated: Path, runner, directory, sqlite_only) -> None:
    """A writer process logs notes while the backup runs; the copy checks out and holds whole events."""
    rid = new_request(runner, "nces-3617670")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    import os

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    writer = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "writer.py"), "0", "40", "0", str(rid)],
        cwd=isolated,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    copies = []
    for n in range(5):
        target = isolated / f"backup-{n}.db"
        result = ok(invoke(runner, "db", "backup", str(target)))
        assert "Backed up to" in result.stdout
        copies.append(target)
    out, _ = writer.communicate(timeout=300)
    assert writer.returncode == 0, out
    for target in copies:
        con = sqlite3.connect(target)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        events = con.execute("SELECT count(*) FROM event").fetchone()[0]
        changes = con.execute("SELECT count(*) FROM change WHERE action = 'event.log'").fetchone()[0]
        assert events == changes  # each event and its change-log line, together or not at all
        con.close()
    assert count_rows("event") == 41


@pytest.mark.parametrize(("name", "escaped"), [("c#d.db", False), ("c#d.db", True), ("a%41.db", True)])
def test_backup_copies_the_file_named_with_uri_characters(
    name: str, escaped: bool, isolated: Path, runner, directory, sqlite_only
) -> None:
    """The backup opened `c` (read-write, creating it) for a workspace in `c#d.db`: a `#` ends a SQLite
    URI. It said "Backed up" and wrote an empty database."""
    from urllib.parse import quote

    url = f"sqlite:///{quote(str(isolated / name)) if escaped else isolated / name}"
    filed = invoke(runner, "--db", url, "request", "new", "--agency", "nces-3617670", "--topic", "funding")
    assert filed.exit_code == 0, filed.stderr
    ok(invoke(runner, "--db", url, "db", "backup", str(isolated / "copy.db")))
    con = sqlite3.connect(isolated / "copy.db")
    assert con.execute("SELECT agency_id FROM request").fetchall() == [("nces-3617670",)]
    con.close()
    assert not (isolated / "c").exists()


@pytest.mark.postgres
def test_backup_of_postgres_gives_pg_dump_guidance(runner, postgres_url: str) -> None:
    result = invoke(runner, "--db", postgres_url, "db", "backup", "x.db")
    assert result.exit_code == 1
    assert "pg_dump --format=custom" in result.stderr
    assert ":postgres@" not in result.stderr  # no password


def _rewritten(source: Path, target: Path, change) -> Path:  # noqa: ANN001 - change(name, data) -> data | None
    """A copy of an export with some members changed (None: left out)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in src.namelist():
            data = change(name, src.read(name))
            if data is not None:
                dst.writestr(name, data)
    return target


def _sizes_lie(name: str, data: bytes) -> bytes:
    if name != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["files"] = {sha: 1 for sha in manifest["files"]}  # the entry inflates past what it claims
    return json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda n, d: d + b"{not json\n" if n == "tables/event.ndjson" else d, "tables/event.ndjson line "),
        (lambda n, d: d + b"[1, 2]\n" if n == "tables/event.ndjson" else d, "a row must be a JSON object"),
        (lambda n, d: d.replace(b'"2026-06-12"', b'"2026-02-30"') if n.startswith("tables/") else d, "line "),
        (lambda n, d: d + b"\xff\xfe\n" if n == "tables/agency.ndjson" else d, "tables/agency.ndjson line "),
        (lambda n, d: None if n.startswith("files/") else d, "is damaged or missing"),
        (_sizes_lie, "is damaged or missing"),
        (
            lambda n, d: d.replace(b'"rows"', b'"rowz"') if n == "manifest.json" else d,
            "manifest.json is damaged",
        ),
    ],
    ids=["json", "array", "day", "utf8", "no-file", "sizes", "manifest"],
)
def test_a_crafted_export_is_refused_in_one_line_and_nothing_is_written(
    isolated: Path, runner, directory, monkeypatch, change, message: str
) -> None:
    """Each of these said "unexpected KeyError/JSONDecodeError/ValueError … report the issue", and the
    attachments were already in the files folder when it said "nothing was imported"."""
    monkeypatch.setenv("FOILBOT_FILES_DIR", str(isolated / "files-a"))
    _workspace(isolated, runner)
    export = isolated / "good.zip"
    ok(invoke(runner, "db", "export", str(export)))
    bad = _rewritten(export, isolated / "bad.zip", change)
    monkeypatch.setenv("FOILBOT_FILES_DIR", str(isolated / "files-b"))
    fresh = ("--db", f"sqlite:///{isolated / 'fresh.db'}")
    result = invoke(runner, *fresh, "db", "import", str(bad))
    assert result.exit_code == 1 and "Traceback" not in result.stderr and "unexpected" not in result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) <= 2, result.stderr
    assert not (isolated / "files-b").exists() or not any((isolated / "files-b").rglob("*"))
    assert json.loads(ok(invoke(runner, *fresh, "request", "list", "--json")).stdout)["items"] == []
