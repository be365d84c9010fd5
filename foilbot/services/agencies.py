"""Agency directory use cases: import (all-or-nothing), search, resolve an id or a name, export."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from foilbot.domain import agencies as rules
from foilbot.domain.agencies import COLUMNS as AGENCY_COLUMNS
from foilbot.errors import NotFoundError, UsageError, ValidationError
from foilbot.resources import shipped_agencies_csv

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.models import Agency
    from foilbot.queries import Reader

MAX_REPORTED_PROBLEMS = 200


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    dry_run: bool = False
    rows: int = 0


@dataclass
class ParsedFile:
    rows: list[dict[str, object]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # the file line of each row


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


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read: {exc.strerror}") from None
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
    missing_maps = [f"{col}={hdr}" for col, hdr in mapping.items() if hdr not in header]
    if missing_maps:
        raise ValidationError(f"{path}:1: --map names headers the file lacks: {', '.join(missing_maps)}")
    if source_of["id"] not in header:
        raise ValidationError(
            f"{path}:1: missing required column: id",
            hint="Rename the headers or pass --map COLUMN=HEADER (e.g. --map id=Code).",
        )
    index = {col: header.index(src) for col, src in source_of.items() if src in header}
    parsed = ParsedFile()
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
            row = {col: record[i] for col, i in index.items()}
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


def _record_edits(session: Session, changes: Mapping[str, Mapping[str, Any]]) -> None:
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
        _record_edits(session, changes)
    return ImportResult(len(new), len(changed), unchanged, dry_run, len(new) + len(changed) + unchanged)


def import_file(
    session: Session,
    path: Path,
    *,
    mapping: Mapping[str, str] | None = None,
    dry_run: bool = False,
    shipped: bool = False,
) -> ImportResult:
    """Validate the whole file first; import nothing when any row is bad.

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
    return import_rows(
        session, parsed.rows, dry_run=dry_run, shipped=shipped, lines=parsed.lines, source=str(path)
    )


# `agency set` options -> directory columns.
SETTABLE = {
    "email": "--email",
    "records_officer": "--records-officer",
    "portal_url": "--portal",
    "phone": "--phone",
    "address": "--address",
    "website": "--website",
    "notes": "--notes",
}


def set_fields(session: Session, text: str, changes: Mapping[str, str]) -> dict[str, Any]:
    """Edit some columns of one agency and record them as the user's own (kept through `init`).

    Raises:
        UsageError: nothing to change.
        ValidationError: a value is malformed (names the option and how to fix it).
        NotFoundError: no such agency.
    """
    if not changes:
        raise UsageError(
            "nothing to change", hint="Give at least one of " + ", ".join(SETTABLE.values()) + "."
        )
    agency = resolve(session, text)
    clean, problems = rules.check_row({"id": agency.id, **changes}, 0)
    if problems:
        p = problems[0]
        raise ValidationError(f"{agency.id}: {SETTABLE.get(p.column, p.column)}: {p.problem}")
    values = {c: clean[c] for c in changes}
    import_rows(session, [{"id": agency.id, **values}], source=SETTABLE[next(iter(changes))])
    _record_edits(session, {agency.id: values})
    session.refresh(agency)
    return as_dict(agency)


def edits(db: Reader, text: str) -> list[dict[str, Any]]:
    """The user's own values for one agency (what `init` and directory refreshes keep)."""
    agency_id = resolve_id(db, text)
    return [
        {"column": r["column"], "value": r["value"]}
        for r in db.rows(
            'SELECT "column", value FROM agency_edit WHERE agency_id = :id ORDER BY "column"',
            {"id": agency_id},
        )
    ]


def directory_is_empty(session: Session) -> bool:
    from sqlmodel import col, select

    from foilbot.models import Agency

    return session.execute(select(col(Agency.id)).limit(1)).first() is None


def ensure_directory(session: Session) -> ImportResult | None:
    """Load the shipped agencies.csv into a new database, the first time the directory is needed."""
    if not directory_is_empty(session):
        return None
    return import_file(session, shipped_agencies_csv(), shipped=True)


def _search_sql(
    text: str,
    state: str | None,
    kind: str | None,
    county: str | None,
    limit: int | None,
    missing: str | None = None,
) -> tuple[str, dict[str, Any], bool]:
    """One SQL statement (named parameters, valid for SQLite and PostgreSQL) and whether to rank."""
    where: list[str] = []
    params: dict[str, Any] = {}
    if missing:
        column = missing.strip().lower().replace("-", "_")
        column = {"portal": "portal_url", "officer": "records_officer"}.get(column, column)
        if column not in EDITABLE or column == "public":
            raise UsageError(
                f"--missing {missing!r}: not a directory column",
                hint="e.g. --missing email, --missing records_officer, --missing phone",
            )
        where.append(f"{column} = ''")  # a known column name, never user text
    if state:
        where.append("state = :state")
        params["state"] = state.upper()
    if kind:
        where.append("kind = :kind")
        params["kind"] = kind
    if county:
        # "Niagara" finds "Niagara County" (and parishes, boroughs): people drop the suffix.
        where.append("(lower(county) = :county OR lower(county) LIKE :county_suffixed)")
        params["county"] = county.strip().lower()
        params["county_suffixed"] = county.strip().lower() + " %"
    terms = rules.query_terms(text) if text else []
    for i, alternatives in enumerate(rules.like_patterns(terms)):
        ors = []
        for j, pattern in enumerate(alternatives):
            params[f"t{i}_{j}"] = pattern
            ors.append(f"search_text LIKE :t{i}_{j}")
        where.append("(" + " OR ".join(ors) + ")")
    cols = ", ".join((*AGENCY_COLUMNS, "search_text"))
    sql = f"SELECT {cols} FROM agency"
    if where:
        sql += " WHERE " + " AND ".join(where)
    if not terms:
        sql += " ORDER BY name, id"
        if limit:
            sql += " LIMIT :limit"
            params["limit"] = limit
    return sql, params, bool(terms)


def _finish(
    rows: Iterable[Mapping[str, Any]], text: str, ranked: bool, limit: int | None
) -> list[dict[str, Any]]:
    found = {
        r["id"]: {
            **{c: r[c] for c in AGENCY_COLUMNS},
            "public": bool(r["public"]),
            "search_text": r["search_text"],
        }
        for r in rows
    }
    if ranked:
        order = [i for _, i in rules.rank(((k, v["search_text"]) for k, v in found.items()), text)]
    else:
        order = list(found)
    result = [found[i] for i in order[: limit or None]]
    for row in result:
        del row["search_text"]
    return result


def search(
    db: Reader,
    text: str = "",
    *,
    state: str | None = None,
    kind: str | None = None,
    county: str | None = None,
    limit: int | None = 50,
    missing: str | None = None,
) -> list[dict[str, Any]]:
    """Agencies (as dicts of the directory columns) matching every filter; with text, best match first.

    `missing` keeps those with that column empty (`--missing email`: who cannot be reached by email).
    """
    sql, params, ranked = _search_sql(text, state, kind, county, limit, missing)
    return _finish(db.rows(sql, params), text, ranked, limit)


_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def resolve_row(db: Reader, text: str) -> dict[str, Any]:
    """An agency by id, by exact name, or by an unambiguous search.

    Text shaped like an id (`nces-3617670`) is only ever an id: a typo must not pick another agency.

    Raises:
        NotFoundError: nothing matches, or several do (the message lists the candidates).
    """
    key = text.strip()
    cols = ", ".join((*AGENCY_COLUMNS, "search_text"))
    found = db.rows(
        f"SELECT {cols} FROM agency WHERE id = :key OR id = :lower", {"key": key, "lower": key.lower()}
    )
    if found:
        return _finish(found, "", False, None)[0]
    if _ID.fullmatch(key):
        raise NotFoundError(
            f"no agency with id {key!r}", hint="Search with: foilbot agency list --search TEXT"
        )
    exact = _finish(
        db.rows(f"SELECT {cols} FROM agency WHERE lower(name) = :name", {"name": key.lower()}),
        "",
        False,
        None,
    )
    candidates = exact or search(db, key, limit=None)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise NotFoundError(
            f"no agency matches {text!r}", hint="Search with: foilbot agency list --search TEXT"
        )
    shown = "; ".join(f"{a['id']} ({a['name']}, {a['city']} {a['state']})" for a in candidates[:8])
    more = f" and {len(candidates) - 8} more" if len(candidates) > 8 else ""
    raise NotFoundError(
        f"{text!r} matches {len(candidates)} agencies: {shown}{more}",
        hint="Use the agency id, e.g. foilbot agency show " + candidates[0]["id"],
    )


def resolve_id(db: Reader, text: str) -> str:
    return str(resolve_row(db, text)["id"])


def resolve(session: Session, text: str) -> Agency:
    """The Agency row for an id, exact name or unambiguous search (see resolve_row)."""
    from foilbot.models import Agency
    from foilbot.queries import Reader

    ensure_directory(session)
    return session.get_one(Agency, resolve_id(Reader(session), text))


def as_dict(agency: Agency) -> dict[str, Any]:
    return {col: getattr(agency, col) for col in AGENCY_COLUMNS}


def export(session: Session, stream: TextIO) -> int:
    """Write the whole directory as CSV in the import format (round-trips through `agency import`)."""
    from sqlalchemy import select

    from foilbot.models import Agency

    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(AGENCY_COLUMNS)
    n = 0
    for agency in session.scalars(select(Agency).order_by(Agency.id)):
        row = as_dict(agency)
        row["public"] = "true" if row["public"] else "false"
        writer.writerow([row[c] for c in AGENCY_COLUMNS])
        n += 1
    return n
