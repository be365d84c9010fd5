"""Moving a whole workspace between databases (issue 13): `foilbot db export FILE` / `db import FILE`.

The file is a zip: `manifest.json` (format, schema revision, row counts, every attachment's SHA-256
and size), one `tables/NAME.ndjson` per table (every column of every row, ids kept), and
`files/SHA256` for each attachment. Any SQLite or PostgreSQL database at the same schema can take it;
every attachment's hash is checked on the way out and on the way in.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.errors import FoilbotError, ValidationError
from foilbot.files import regular_or_absent, write_atomic, written_by_name

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlmodel import Session

FORMAT = "foilbot-workspace"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Moved:
    """What an export or import carried: rows per table and attachments (count, bytes)."""

    path: Path
    rows: dict[str, int]
    files: int
    size: int

    def line(self, verb: str) -> str:
        counted = ", ".join(f"{n} {t}" for t, n in self.rows.items() if n)
        return f"{verb} {self.path}: {counted or 'no rows'}; {self.files} attachment(s), {self.size} bytes."


def _tables() -> list[Table]:
    from sqlmodel import SQLModel

    import foilbot.models  # noqa: F401  (registers the tables)

    return list(SQLModel.metadata.sorted_tables)  # parents before children


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
        return aware.astimezone(timezone.utc).isoformat(sep=" ")  # both backends give the same text
    if isinstance(value, date):
        return value.isoformat()
    return value


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    """A row read from the file, with dates and timestamps as Python values again."""
    from sqlalchemy import Date, DateTime

    out = {}
    for name, value in row.items():
        if name not in table.c:
            raise ValidationError(f"export file: table {table.name} has no column {name!r}")
        kind = getattr(table.c[name].type, "impl", table.c[name].type)  # a TypeDecorator's own type
        if value is not None and isinstance(kind, DateTime):
            value = datetime.fromisoformat(value)
        elif value is not None and isinstance(kind, Date):
            value = date.fromisoformat(value)
        out[name] = value
    return out


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export_workspace(session: Session, target: Path, files_root: Path, revision: str) -> Moved:
    """Write the whole workspace to `target` (atomically), reading in one transaction: a read-only
    session's (storage.session_scope), one snapshot of every table while others keep writing.

    Raises:
        FoilbotError: an attachment is missing or damaged (nothing is written), or the file cannot be.
    """
    from sqlalchemy import select

    regular_or_absent(target)  # a device, a folder, a link or a name too long: one line naming it
    rows: dict[str, int] = {}
    attachments: dict[str, int] = {}
    try:
        with (
            written_by_name(target) as tmp,
            zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf,
        ):
            for table in _tables():
                order = [c for c in table.primary_key.columns]
                result = session.execute(select(table).order_by(*order)).mappings()
                lines = [json.dumps({k: _plain(v) for k, v in r.items()}, ensure_ascii=False) for r in result]
                zf.writestr(f"tables/{table.name}.ndjson", "".join(line + "\n" for line in lines))
                rows[table.name] = len(lines)
                if table.name == "attachment":
                    for line in lines:
                        item = json.loads(line)
                        attachments[item["sha256"]] = item["size"]
            for sha in sorted(attachments):
                path = files_root / sha[:2] / sha
                data = path.read_bytes() if path.is_file() else None
                if data is None or _hash(data) != sha:
                    state = "missing" if data is None else "damaged"
                    raise FoilbotError(
                        f"attachment {sha[:12]}… is {state} in {files_root}; nothing was exported",
                        hint="Check every attachment with: foilbot db check",
                    )
                zf.writestr(f"files/{sha}", data)
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "schema": revision,
                "rows": rows,
                "files": attachments,
            }
            zf.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
    except OSError as exc:
        raise FoilbotError(f"{target}: cannot write: {exc.strerror}") from None
    return Moved(target, rows, len(attachments), sum(attachments.values()))


def _manifest(zf: zipfile.ZipFile, source: Path, revision: str) -> dict[str, Any]:
    try:
        manifest = json.loads(zf.read("manifest.json"))
    except (KeyError, ValueError):
        raise ValidationError(f"{source}: not a foilbot export (no manifest.json)") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise ValidationError(f"{source}: not a foilbot workspace export of version {FORMAT_VERSION}")
    if manifest.get("schema") != revision:
        raise ValidationError(
            f"{source}: exported at schema {manifest.get('schema')}, this database is at {revision}",
            hint="Export and import with the same foilbot version (upgrade the older one first).",
        )
    return dict(manifest)


def import_workspace(session: Session, source: Path, files_root: Path, revision: str) -> Moved:
    """Load an export into an empty workspace, in one transaction; attachments are verified first.

    Raises:
        ValidationError: not an export, another schema, a damaged file, or the database is not empty.
    """
    from sqlalchemy import func, insert, select

    if not source.is_file():
        raise ValidationError(f"{source}: no such file")
    tables = _tables()
    for table in tables:
        if table.name != "workspace_setting" and session.scalar(select(func.count()).select_from(table)):
            raise ValidationError(
                f"this database already holds {table.name} rows; import only into an empty workspace",
                hint="Create a new database (another --db URL) and import into it.",
            )
    try:
        zf = zipfile.ZipFile(source)
    except zipfile.BadZipFile:
        raise ValidationError(f"{source}: not a foilbot export (not a zip file)") from None
    with zf:
        manifest = _manifest(zf, source, revision)
        files: dict[str, int] = manifest.get("files", {})
        for sha, size in files.items():
            data = zf.read(f"files/{sha}")
            if _hash(data) != sha or len(data) != size:
                raise ValidationError(f"{source}: attachment {sha[:12]}… is damaged; nothing was imported")
            _store(files_root, sha, data)
        rows: dict[str, int] = {}
        for table in tables:
            name = f"tables/{table.name}.ndjson"
            lines = zf.read(name).decode("utf-8").splitlines() if name in zf.namelist() else []
            values = [_typed(table, json.loads(line)) for line in lines]
            if table.name == "workspace_setting":
                # What the schedules were computed with: the file's, replacing this database's own.
                session.execute(table.delete())
            if values:
                session.execute(insert(table), values)
            rows[table.name] = len(values)
            if rows[table.name] != manifest["rows"].get(table.name, 0):
                raise ValidationError(f"{source}: {table.name} holds fewer rows than its manifest says")
        _reset_sequences(session, tables)
    return Moved(source, rows, len(files), sum(files.values()))


def _store(root: Path, sha: str, data: bytes) -> None:
    target = root / sha[:2] / sha
    if target.is_file() and _hash(target.read_bytes()) == sha:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)


def _reset_sequences(session: Session, tables: list[Table]) -> None:
    """PostgreSQL hands out ids from sequences: move each past the ids the import brought."""
    from sqlalchemy import Integer, text

    if session.get_bind().dialect.name != "postgresql":
        return
    for table in tables:
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and isinstance(pk[0].type, Integer):
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                    f'coalesce((SELECT max("{pk[0].name}") FROM "{table.name}"), 0) + 1, false)'
                )
            )
