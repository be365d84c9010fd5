"""The agency directory's contents: imports (all-or-nothing, checked row by row), the shipped directory
loaded on first use, and the user's own edits, which the shipped directory never reverts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.csvsafe import uncell
from foilbot.domain import agencies as rules
from foilbot.domain.agencies import COLUMNS as AGENCY_COLUMNS
from foilbot.errors import UsageError, ValidationError
from foilbot.resources import shipped_agencies_csv

if TYPE_CHECKING:
    from sqlmodel import Session

MAX_REPORTED_PROBLEMS = 200


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    dry_run: bool = False
    rows: int = 0
    unread: tuple[str, ...] = ()  # the file's columns the import does not read, with a likely meaning


@dataclass
class ParsedFile:
    rows: list[dict[str, object]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the file line of each row
    unread: list[str] = field(default_factory=list)


def _unread(header: Sequence[str], sources: Iterable[str]) -> list[str]:
    """Headers no column is read from: another list's own columns (fine), or a misspelt one (`emial`,
    `Email`) whose values were dropped while the import said "unchanged". Each named with the column it
    most likely means, and the --map that reads it."""
    import difflib

    read = set(sources)
    out = []
    for name in dict.fromkeys(h for h in header if h.strip() and h not in read):
        close = difflib.get_close_matches(
            name.strip().lower().replace(" ", "_"), AGENCY_COLUMNS, n=1, cutoff=0.75
        )
        out.append(f"{name} (did you mean {close[0]}? --map {close[0]}={name})" if close else name)
    return out


def parse_mapping(pairs: Sequence[str]) -> dict[str, str]:
    """`--map COLUMN=HEADER` options -> {foilbot column: header in the user's file}."""
    from foilbot.keyvalue import parse_pairs

    mapping = parse_pairs(pairs, "--map", example="--map name=District")
    for column, header in mapping.items():
        if not header:
            raise UsageError(f"--map {column}=: expected COLUMN=HEADER, e.g. --map name=District")
        if column not in AGENCY_COLUMNS:
            raise UsageError(
                f"--map {column}={header}: unknown column {column!r}",
                hint=f"Columns: {', '.join(AGENCY_COLUMNS)}",
            )
    return mapping


# The shipped directory is about 7 MB; a CSV far larger is not an agency list (`/dev/zero`, a pipe).
MAX_CSV_BYTES = 200_000_000


def _decode(path: Path) -> str:
    from foilbot.files import read_bounded

    raw = read_bounded(path, MAX_CSV_BYTES, "agency CSV")
    try:
        return raw.decode("utf-8-sig")  # with or without a BOM
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ValidationError(
            f"{path}:{line}: not UTF-8 (byte 0x{raw[exc.start]:02x})",
            hint="Save the file as UTF-8 (in a spreadsheet: 'CSV UTF-8').",
        ) from None


def read_agency_csv(path: Path, mapping: Mapping[str, str] | None = None) -> ParsedFile:
    """Read and check every row; problems are `FILE:LINE: column: problem` (header = line 1)."""
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ValidationError(f"{path}:1: empty file, expected a header row") from None
    except csv.Error as exc:
        raise ValidationError(f"{path}:1: {exc}") from None
    mapping = dict(mapping or {})
    source_of = {col: mapping.get(col, col) for col in AGENCY_COLUMNS}
    twice = sorted({h for h in source_of.values() if header.count(h) > 1})
    if twice:  # which of the two would be read is a guess: refuse rather than import the wrong one
        raise ValidationError(
            f"{path}:1: column {', '.join(twice)} appears more than once in the header",
            hint="Delete or rename the extra column.",
        )
    missing_maps = [f"{col}={hdr}" for col, hdr in mapping.items() if hdr not in header]
    if missing_maps:
        raise ValidationError(f"{path}:1: --map names headers the file lacks: {', '.join(missing_maps)}")
    if source_of["id"] not in header:
        raise ValidationError(
            f"{path}:1: missing required column: id",
            hint="Rename the headers or pass --map COLUMN=HEADER (e.g. --map id=Code).",
        )
    index = {col: header.index(src) for col, src in source_of.items() if src in header}
    parsed = ParsedFile(unread=_unread(header, source_of.values()))
    seen: dict[str, int] = {}
    try:
        for record in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in record):
                continue
            if len(record) != len(header):
                parsed.problems.append(
                    f"{path}:{line}: row: has {len(record)} fields, the header has {len(header)}"
                )
                continue
            # A cell `agency export` guarded against spreadsheets (`'=...`) reads back as stored.
            row = {col: uncell(record[i]) for col, i in index.items()}
            clean, problems = rules.check_row(row, line)
            parsed.problems.extend(p.format(str(path)) for p in problems)
            agency_id = str(clean.get("id", ""))
            if agency_id in seen:
                parsed.problems.append(
                    f"{path}:{line}: id: duplicate of line {seen[agency_id]} ({agency_id})"
                )
            elif agency_id:
                seen[agency_id] = line
            parsed.rows.append(clean)
            parsed.lines.append(line)
    except csv.Error as exc:
        parsed.problems.append(f"{path}:{reader.line_num}: row: {exc}")
    return parsed


EDITABLE = tuple(c for c in AGENCY_COLUMNS if c != "id")


def _row_values(row: Mapping[str, object]) -> dict[str, Any]:
    values: dict[str, Any] = {col: row.get(col, "") for col in AGENCY_COLUMNS}
    values["public"] = bool(row.get("public", True))
    values["search_text"] = rules.search_text(str(values["name"]), str(values["aliases"]))
    return values


def _edits(session: Session) -> dict[str, dict[str, str]]:
    """The user's own values: agency id -> {column: value}."""
    from sqlmodel import select

    from foilbot.models import AgencyEdit

    out: dict[str, dict[str, str]] = {}
    for e in session.scalars(select(AgencyEdit)):
        out.setdefault(e.agency_id, {})[e.column] = e.value
    return out


def _stored(column: str, value: str) -> Any:
    return rules.parse_bool(value) is not False if column == "public" else value


def record_edits(session: Session, changes: Mapping[str, Mapping[str, Any]]) -> None:
    """Remember a user's values (agency id -> {column: value}) so `init` and refreshes keep them."""
    from sqlalchemy import delete, insert
    from sqlmodel import col

    from foilbot import clock
    from foilbot.models import AgencyEdit

    now = clock.now()
    rows = [
        {
            "agency_id": i,
            "column": c,
            "value": ("true" if v else "false") if c == "public" else str(v),
            "edited_at": now,
        }
        for i, cols in changes.items()
        for c, v in cols.items()
    ]
    for agency_id, cols in changes.items():
        session.execute(
            delete(AgencyEdit).where(
                col(AgencyEdit.agency_id) == agency_id, col(AgencyEdit.column).in_(list(cols))
            )
        )
    if rows:
        session.execute(insert(AgencyEdit), rows)


def import_rows(
    session: Session,
    rows: Iterable[Mapping[str, object]],
    *,
    dry_run: bool = False,
    shipped: bool = False,
    lines: Sequence[int] = (),
    source: str = "",
) -> ImportResult:
    """Upsert by id in one transaction (the caller's session commits, or rolls back on error).

    A row updates only the columns it has: a file of ids and emails never blanks an address. A user's
    import records what it changes as edits; the shipped directory (`shipped`) is applied under them,
    so a re-run of `init` or a refreshed directory never reverts a user's correction (issue 11).

    Raises:
        ValidationError: a row names a new agency but lacks a required column.
    """
    from sqlalchemy import insert, select, update

    from foilbot.models import Agency

    keys = (*AGENCY_COLUMNS, "search_text")
    existing = {
        r[0]: dict(zip(keys, r, strict=True))
        for r in session.execute(select(*[getattr(Agency, c) for c in keys]))
    }
    edits = _edits(session) if shipped else {}
    new, changed, unchanged = [], [], 0
    changes: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for n, row in enumerate(rows):
        agency_id = str(row["id"])
        current = existing.get(agency_id)
        if current is None:
            lacking = [c for c in rules.REQUIRED if not row.get(c)]
            if lacking:
                where = f"{source}:{lines[n]}" if lines else source or "row"
                problems.append(f"{where}: {agency_id}: a new agency needs {', '.join(lacking)}")
                continue
            values = _row_values(row)
        else:
            values = {**current, **{c: row[c] for c in AGENCY_COLUMNS if c in row}}
        for column, value in edits.get(agency_id, {}).items():
            if column in values:
                values[column] = _stored(column, value)
        values["search_text"] = rules.search_text(str(values["name"]), str(values["aliases"]))
        if not shipped:
            before = current or _row_values({"id": agency_id})
            diff = {c: values[c] for c in EDITABLE if c in row and values[c] != before[c]}
            if diff:
                changes[agency_id] = diff
        if current is None:
            new.append(values)
        elif current != values:
            changed.append(values)
        else:
            unchanged += 1
    if problems:
        raise ValidationError(
            f"{len(problems)} problem(s) in {source or 'the rows'}; nothing was imported",
            problems=problems[:MAX_REPORTED_PROBLEMS],
            hint="Give name, kind and jurisdiction for new agencies, or fix the id.",
        )
    if not dry_run:
        if new:
            session.execute(insert(Agency), new)
        if changed:
            session.execute(update(Agency), changed)
        record_edits(session, changes)
    return ImportResult(len(new), len(changed), unchanged, dry_run, len(new) + len(changed) + unchanged)


def import_file(
    session: Session,
    path: Path,
    *,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    actor: str = "",
    shipped: bool = False,
) -> ImportResult:
    """Validate the whole file first; import nothing when any row is bad.

    With `actor` (Settings.user), an import that changed anything is recorded in the change log.

    Raises:
        ValidationError: with every problem found (`problems`), the first in the message.
    """
    parsed = read_agency_csv(path, mapping)
    if parsed.problems:
        count = len(parsed.problems)
        raise ValidationError(
            f"{count} problem(s) in {path}; nothing was imported",
            problems=parsed.problems[:MAX_REPORTED_PROBLEMS],
            hint="Fix the rows above and run the import again.",
        )
    from foilbot.locks import serialize

    # Imports take turns: two at once would both add the same new ids (issue 13).
    serialize(session, "directory")
    result = import_rows(
        session, parsed.rows, dry_run=dry_run, shipped=shipped, lines=parsed.lines, source=str(path)
    )
    result = replace(result, unread=tuple(parsed.unread))
    if actor and not dry_run and (result.added or result.updated):
        from foilbot.services.audit import record

        detail = f"{path.name}: added {result.added}, updated {result.updated}"
        record(session, actor, "agency.import", detail=detail)
    return result


def directory_is_empty(session: Session) -> bool:
    from sqlmodel import col, select

    from foilbot.models import Agency

    return session.execute(select(col(Agency.id)).limit(1)).first() is None


def ensure_directory(session: Session) -> ImportResult | None:
    """Load the shipped agencies.csv into a new database, the first time the directory is needed."""
    from foilbot.locks import serialize

    if not directory_is_empty(session):
        return None
    serialize(session, "directory")  # two first commands at once load it once
    if not directory_is_empty(session):
        return None
    return import_file(session, shipped_agencies_csv(), shipped=True)
