"""Agency directory use cases: search, resolve an id or a name, edit one agency, export.

What fills the directory (imports, the shipped file, kept user edits) is foilbot.services.directory;
its calls are re-exported here for the commands and services that use both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TextIO

from foilbot.domain import agencies as rules
from foilbot.domain.agencies import COLUMNS as AGENCY_COLUMNS
from foilbot.errors import NotFoundError, UsageError, ValidationError
from foilbot.services.directory import (
    EDITABLE,
    ImportResult,
    ParsedFile,
    directory_is_empty,
    ensure_directory,
    import_file,
    import_rows,
    parse_mapping,
    read_agency_csv,
    record_edits,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.models import Agency
    from foilbot.queries import Reader

__all__ = [
    "AGENCY_COLUMNS",
    "ImportResult",
    "ParsedFile",
    "directory_is_empty",
    "ensure_directory",
    "import_file",
    "import_rows",
    "parse_mapping",
    "read_agency_csv",
]


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
    record_edits(session, {agency.id: values})
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


def known_state(text: str) -> str:
    """A state filter as the directory stores it (`ny` -> NY); an unknown code is a usage error, not
    "no match" (issue 9: `--state ZZ` listed nothing and said so)."""
    code = text.strip().upper()
    if code not in rules.USPS_CODES:
        raise UsageError(
            f"unknown state {text!r}: not a USPS state code",
            hint="Use a two-letter USPS code: NY, CA, TX, DC, PR, … (the state of the agency's address).",
        )
    return code


def known_kind(text: str) -> str:
    """A kind filter as the directory stores it; an unknown kind is a usage error listing the kinds."""
    kind = text.strip().lower()
    if kind not in rules.KINDS:
        raise UsageError(
            f"unknown agency kind {text!r}", hint="Kinds: " + ", ".join(sorted(rules.KINDS)) + "."
        )
    return kind


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
        params["state"] = known_state(state)
    if kind:
        where.append("kind = :kind")
        params["kind"] = known_kind(kind)
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
    if len(candidates) > 1:  # SQLite's lower() folds ASCII alone: `ÉCOLE X` is found exactly here
        named = [a for a in candidates if str(a["name"]).casefold() == key.casefold()]
        candidates = named if len(named) == 1 else candidates
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
    """Write the whole directory as CSV in the import format (round-trips through `agency import`).

    A cell a spreadsheet would run as a formula gets a leading apostrophe, as in every CSV foilbot
    writes (foilbot.csvsafe); `agency import` takes it away again, so the round trip is exact.
    """
    from sqlalchemy import select

    from foilbot.csvsafe import write_rows
    from foilbot.models import Agency

    def rows() -> Iterable[list[Any]]:
        for agency in session.scalars(select(Agency).order_by(Agency.id)):
            row = as_dict(agency)
            row["public"] = "true" if row["public"] else "false"
            yield [row[c] for c in AGENCY_COLUMNS]

    return write_rows(stream, AGENCY_COLUMNS, rows())
