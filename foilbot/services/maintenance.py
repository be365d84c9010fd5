"""Keeping a workspace safe (issue 13): `foilbot db backup` (a consistent SQLite copy while others
write) and `foilbot db check` (integrity, schema revision, every attachment's hash)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from foilbot.config import mask_url
from foilbot.errors import FoilbotError
from foilbot.files import regular_or_absent, written_by_name

CHECK_KEYS = ("check", "state", "detail")


@dataclass(frozen=True)
class BackedUp:
    path: Path
    size: int
    files_dir: Path


def _pg_dump_hint(url: str) -> str:
    from sqlalchemy.engine import make_url

    plain = make_url(url).set(drivername="postgresql", password=None)
    return (
        f"pg_dump --format=custom --file FILE '{plain.render_as_string()}' (consistent while others "
        "write; restore with pg_restore), or: foilbot db export FILE for a file any foilbot can import"
    )


def backup(url: str, target: Path, files_dir: Path) -> BackedUp:
    """Copy a SQLite database page by page with the sqlite3 backup API, consistent while others write.

    The copy is written beside `target` and renamed into place only once it checks out.

    Raises:
        FoilbotError: not a SQLite file (the hint gives the pg_dump command), or the copy failed.
    """
    import sqlite3

    from foilbot.drivers import read_only_sqlite
    from foilbot.storage import sqlite_path

    source = sqlite_path(url)
    if source is None:
        raise FoilbotError(
            f"db backup copies SQLite files; {mask_url(url)} is not one", hint=_pg_dump_hint(url)
        )
    if not source.is_file():
        raise FoilbotError(f"no database at {source}", hint="Check --db / FOILBOT_DATABASE_URL.")
    regular_or_absent(target)  # a device, a folder, a link or a name too long: one line naming it
    if target.resolve() == source.resolve():
        raise FoilbotError(f"{target} is the database itself; choose another file")
    try:
        with written_by_name(target) as tmp:
            src = read_only_sqlite(source)  # a `#` in the name would end a hand-made URI
            dst = sqlite3.connect(tmp)
            try:
                # One step: the copy is of one moment (WAL readers never block writers, nor they it).
                src.backup(dst)
                verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            finally:
                dst.close()
                src.close()
            if verdict != "ok":
                raise FoilbotError(
                    f"the backup of {source} does not check out ({verdict}); nothing was written"
                )
    except (sqlite3.Error, OSError) as exc:
        raise FoilbotError(f"{target}: backup failed: {exc}") from None
    return BackedUp(target, target.stat().st_size, files_dir)


def check(url: str, files_dir: Path) -> list[dict[str, Any]]:
    """Every check `foilbot db check` makes, with its state (ok or a problem) and what was found.

    Never migrates: a database behind this foilbot is reported, not changed.
    """
    from sqlalchemy import text

    from foilbot.services.attachments import file_sha256
    from foilbot.storage import SCHEMA_HEAD, current_revision, get_engine

    engine = get_engine(url)
    revision = current_revision(engine)
    if revision != SCHEMA_HEAD:
        detail = f"at {revision or 'nothing'}, this foilbot needs {SCHEMA_HEAD}: run foilbot db upgrade"
        return [{"check": "schema", "state": "behind" if revision else "empty", "detail": detail}]
    out = [{"check": "schema", "state": "ok", "detail": f"revision {revision}"}]
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            verdict = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
            bad = verdict != ["ok"]
            out.append(
                {"check": "integrity", "state": "damaged" if bad else "ok", "detail": "; ".join(verdict[:5])}
            )
        out.extend(_references(conn))
        rows = conn.execute(text("SELECT DISTINCT sha256, size FROM attachment ORDER BY sha256")).all()
    for sha, size in rows:
        path = files_dir / sha[:2] / sha
        if not path.is_file():
            state = "missing"
        elif path.stat().st_size != size or file_sha256(path) != sha:
            state = "damaged"
        else:
            state = "ok"
        out.append({"check": f"attachment {sha[:12]}", "state": state, "detail": str(path)})
    if not rows:
        out.append({"check": "attachments", "state": "ok", "detail": "none recorded"})
    return out


def _references(conn: Any) -> list[dict[str, Any]]:
    """Rows pointing at a request, event or agency that is not there (foreign keys, on any backend)."""
    from sqlalchemy import text
    from sqlmodel import SQLModel

    import foilbot.models  # noqa: F401

    out = []
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            child, parent = fk.parent, fk.column
            sql = (
                f'SELECT count(*) FROM "{table.name}" c WHERE c."{child.name}" IS NOT NULL AND NOT EXISTS '
                f'(SELECT 1 FROM "{parent.table.name}" p WHERE p."{parent.name}" = c."{child.name}")'
            )
            orphans = conn.execute(text(sql)).scalar() or 0
            state = "ok" if not orphans else "broken"
            detail = f"{orphans} row(s) point at no {parent.table.name}" if orphans else "all found"
            out.append({"check": f"{table.name}.{child.name}", "state": state, "detail": detail})
    return out
