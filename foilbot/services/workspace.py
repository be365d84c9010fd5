"""Moving a whole workspace between databases (issue 13): `foilbot db export FILE` / `db import FILE`.

The file is a zip: `manifest.json` (format, schema revision, row counts, every attachment's SHA-256
and size), one `tables/NAME.ndjson` per table (every column of every row, ids kept), and
`files/SHA256` for each attachment. Any SQLite or PostgreSQL database at the same schema can take it;
every attachment's hash is checked on the way out and on the way in.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.errors import FoilbotError, ValidationError
from foilbot.files import regular_or_absent, streamed, written_by_name

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
        info = zf.getinfo("manifest.json")
        if info.file_size > MANIFEST_MAX:
            raise ValueError("too large")
        manifest = json.loads(zf.read(info))
    except (KeyError, ValueError, UnicodeDecodeError):
        raise ValidationError(f"{source}: not a foilbot export (no readable manifest.json)") from None
    if (
        not isinstance(manifest, dict)
        or manifest.get("format") != FORMAT
        or manifest.get("version") != FORMAT_VERSION
    ):
        raise ValidationError(f"{source}: not a foilbot workspace export of version {FORMAT_VERSION}")
    if manifest.get("schema") != revision:
        raise ValidationError(
            f"{source}: exported at schema {manifest.get('schema')}, this database is at {revision}",
            hint="Export and import with the same foilbot version (upgrade the older one first).",
        )
    rows, files = manifest.get("rows"), manifest.get("files", {})
    counts_ok = isinstance(rows, dict) and all(isinstance(n, int) and n >= 0 for n in rows.values())
    files_ok = isinstance(files, dict) and all(
        isinstance(sha, str) and _SHA256.fullmatch(sha) and isinstance(n, int) and n >= 0
        for sha, n in files.items()
    )
    if not (counts_ok and files_ok):
        raise ValidationError(
            f"{source}: its manifest.json is damaged (rows and files); nothing was imported"
        )
    return dict(manifest)


MANIFEST_MAX = 16 << 20
LINE_MAX = 64 << 20  # one row of a table (a note, a letter's data): far more than any real one
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _attachment(zf: zipfile.ZipFile, source: Path, sha: str, size: int, out: Any = None) -> None:
    """Check an attachment of the export, read in pieces (its size from the zip's directory first: a
    small file that inflates to gigabytes is refused unread); with `out` (files.streamed), also copy it."""
    damaged = ValidationError(f"{source}: attachment {sha[:12]}… is damaged or missing; nothing was imported")
    try:
        info = zf.getinfo(f"files/{sha}")
    except KeyError:
        raise damaged from None
    if info.file_size != size:
        raise damaged
    digest, seen = hashlib.sha256(), 0
    with zf.open(info) as src:
        for piece in iter(lambda: src.read(1 << 20), b""):
            seen += len(piece)
            if seen > size:
                raise damaged
            digest.update(piece)
            if out is not None:
                out.write(piece)
    if seen != size or digest.hexdigest() != sha:
        raise damaged


def _table_rows(zf: zipfile.ZipFile, source: Path, table: Table) -> list[dict[str, Any]]:
    """A table's rows from the export, each line checked: one line naming what is wrong, not a traceback."""
    name = f"tables/{table.name}.ndjson"
    if name not in zf.namelist():
        return []
    values = []
    with zf.open(name) as raw:
        for n, line in enumerate(iter(lambda: raw.readline(LINE_MAX + 1), b""), 1):
            if len(line) > LINE_MAX:  # a member that inflates to one endless line is refused, not held
                raise ValidationError(f"{source}: {name} line {n}: longer than {LINE_MAX >> 20} MiB; damaged")
            try:
                row = json.loads(line.decode("utf-8"))
                if not isinstance(row, dict):
                    raise ValueError("a row must be a JSON object")
                values.append(_typed(table, row))
            except (ValueError, TypeError, UnicodeDecodeError) as exc:
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise ValidationError(f"{source}: {name} line {n}: {reason}; nothing was imported") from None
    return values


def import_workspace(session: Session, source: Path, files_root: Path, revision: str) -> Moved:
    """Load an export into an empty workspace, in one transaction. Every attachment and every row is
    checked before anything is written; the attachments are stored last.

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
        try:
            for sha, size in files.items():
                _attachment(zf, source, sha, size)
            parsed = {table.name: _table_rows(zf, source, table) for table in tables}
        except (zipfile.BadZipFile, OSError, EOFError) as exc:  # a damaged member (zlib error, bad CRC)
            raise ValidationError(f"{source}: damaged ({exc}); nothing was imported") from None
        rows: dict[str, int] = {}
        for table in tables:
            values = parsed[table.name]
            if len(values) != manifest["rows"].get(table.name, 0):
                raise ValidationError(f"{source}: {table.name} holds fewer rows than its manifest says")
            if table.name == "workspace_setting":
                # What the schedules were computed with: the file's, replacing this database's own.
                session.execute(table.delete())
            if values:
                session.execute(insert(table), values)
            rows[table.name] = len(values)
        _reset_sequences(session, tables)
        session.flush()  # a row the database refuses is refused before any attachment is stored
        for sha, size in files.items():
            _store(zf, source, files_root, sha, size)
    return Moved(source, rows, len(files), sum(files.values()))


def _store(zf: zipfile.ZipFile, source: Path, root: Path, sha: str, size: int) -> None:
    from foilbot.services.attachments import file_sha256, stored_path

    target = stored_path(root, sha)
    if target.is_file() and target.stat().st_size == size and file_sha256(target) == sha:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with streamed(target) as out:
        _attachment(zf, source, sha, size, out)


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
