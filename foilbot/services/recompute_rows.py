"""One scope of a bulk recompute (services.recompute) through the database's own driver: its requests,
live events and stored deadline rows read in three ordered queries, each distinct history computed
once, and what changes written back (executemany on SQLite, COPY on PostgreSQL).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from foilbot.services import traces
from foilbot.services.agency_days import AgencyDays
from foilbot.services.schedule import (
    DEADLINE_FIELDS,
    NOT_READ,
    compute_read,
    deadline_values,
    occurrence,
    request_fields,
)

if TYPE_CHECKING:
    from foilbot.config import Settings
    from foilbot.domain.model import Occurrence

# The stored columns, in the order the driver reads and writes them (services.schedule names them).
REQUEST_COLUMNS = (
    "status", "sent_on", "via", "tracking", "received_on", "received_estimated", "last_event_on", "warnings",
    "acknowledged_on", "answered_on", "answered_on_time", "answer_days", "appealed_on",
)  # fmt: skip
DEADLINE_COLUMNS = ("request_id", *("trace" if f == "explanation" else f for f in DEADLINE_FIELDS))
_JSON = {"warnings", "flags", "data"}  # read as their text on PostgreSQL
# On SQLite a write of at least REBUILD_FROM deadline rows, and of 1/REBUILD_SHARE of the table or more,
# makes the table's indexes again after it rather than keeping them up row by row (Driver._unindexed).
REBUILD_FROM = 10_000
REBUILD_SHARE = 4


class _Event(NamedTuple):
    """A live event as the engine reads it (schedule.EventLike), straight from a driver row."""

    id: int
    kind: str
    day: date
    data: dict[str, Any]


_Lookup = Callable[[str, str], AgencyDays]
Events = tuple[list["_Event"], list["Occurrence"]]


def prepare(
    db: Driver, scope: tuple[str, list[Any]], lookup_of: Callable[[list[str]], _Lookup]
) -> tuple[list[Any], Events]:
    """The work of a scope's requests, read in three ordered queries: (id, history key, agency days,
    last event day, stored columns, stored deadline rows) each, and each token's event and occurrence."""
    sql, params = scope
    columns = ", ".join(db.read(f"r.{c}") for c in REQUEST_COLUMNS)
    # With the day of its last live event, notes too (ix_event_request_day answers it).
    last = "(SELECT max(e.day) FROM event e WHERE e.request_id = r.id AND e.removed_at IS NULL)"
    requests = db.rows(
        f"SELECT r.id, r.agency_id, r.jurisdiction, {columns}, {last} "
        f"FROM request r WHERE {sql} ORDER BY r.id",
        params,
    )
    if not requests:
        return [], ([], [])
    # Each distinct (kind, day, data) is one token; a history is the tuple of its tokens the engine reads
    # (notes left out: schedule.compute never reads them), so requests with the same history, law and
    # agency days share one computation (a campaign's silent requests, sent the same day).
    histories: dict[int, list[int]] = {}
    tokens: dict[tuple[str, Any, Any], int] = {}
    live = f"e.removed_at IS NULL AND e.request_id IN (SELECT r.id FROM request r WHERE {sql})"
    not_read = ", ".join(f"'{kind}'" for kind in sorted(NOT_READ))  # the vocabulary's words, no user text
    event_sql = (
        f"SELECT e.request_id, e.kind, e.day, {db.read('e.data')} FROM event e "
        f"WHERE {live} AND e.kind NOT IN ({not_read}) ORDER BY e.request_id, e.day, e.id"
    )
    for rid, kind, on, raw in db.rows(event_sql, params):
        token = tokens.setdefault((kind, on, raw), len(tokens))
        if rid in histories:
            histories[rid].append(token)
        else:
            histories[rid] = [token]
    stored: dict[int, list[tuple[Any, ...]]] = {}
    deadline_sql = (
        f"SELECT {', '.join(db.read(c) for c in DEADLINE_COLUMNS)} FROM deadline WHERE request_id IN "
        f"(SELECT r.id FROM request r WHERE {sql}) ORDER BY request_id, id"
    )
    for row in db.rows(deadline_sql, params):
        stored.setdefault(row[0], []).append(row[1:])
    lookup = lookup_of(sorted({r[1] for r in requests}))
    days: dict[tuple[str, str], tuple[AgencyDays, tuple[Any, ...]]] = {}  # with the law's part of a key
    for r in requests:
        if (r[1], r[2]) not in days:
            found = lookup(r[1], r[2])
            days[r[1], r[2]] = found, (r[2], *_days_key(found))
    none: list[int] = []
    work = []
    for r in requests:
        agency_days, law = days[r[1], r[2]]
        key = (law, tuple(histories.get(r[0], none)))
        work.append((r[0], key, agency_days, r[-1], r[3:-1], stored.get(r[0], none)))
    del histories, stored
    events = [_Event(0, kind, db.day(on), db.data(raw)) for kind, on, raw in tokens]
    return work, (events, [occurrence(e.kind, e.day, e.data) for e in events])


def _days_key(days: AgencyDays) -> tuple[int, tuple[str, ...]]:
    """Agencies with the same days share a key: no closures (one shared empty mapping) and the same
    observed holidays. An agency with closures keeps its own (its mapping's identity)."""
    return id(days.closures), days.observes


class Result(NamedTuple):
    """What a recompute writes, as driver values: the changed request columns (+ id), the ids whose
    deadlines changed, their new deadline rows, the traces those name ({digest: text}) and the traces
    the replaced rows named."""

    updates: list[Any]
    changed: list[int]
    rows: list[Any]
    traces: dict[str, str]
    replaced: set[str]


_Form = tuple[tuple[Any, ...], str, tuple[Any, ...], list[tuple[Any, ...]], dict[str, str]]


def changes(
    work: list[Any], events: Events, settings: Settings, postgres: bool, low: int, high: int
) -> Result:
    """What the requests work[low:high] change, as driver values."""
    day = _same if postgres else _iso
    schedules: dict[Any, _Form] = {}
    statuses: dict[tuple[str, ...], str] = {}
    updates: list[Any] = []
    changed: list[int] = []
    rows: list[Any] = []
    named: dict[str, str] = {}
    replaced: set[str] = set()
    trace = DEADLINE_COLUMNS.index("trace") - 1
    for rid, key, days, last_on, columns, old in work[low:high]:
        found = schedules.get(key)
        if found is None:
            found = schedules[key] = _stored_form(key, events, statuses, days, settings, day)
        head, warnings, facts, made, texts = found
        new = (*head, last_on, warnings, *facts)
        if new != columns:
            updates.append((*new, rid))
        if made != old:
            changed.append(rid)
            rows.extend((rid, *row) for row in made)
            named.update(texts)
            replaced.update(row[trace] for row in old)
    return Result(updates, changed, rows, named, replaced)


def _stored_form(
    key: tuple[Any, ...],
    events: tuple[list[_Event], list[Occurrence]],
    statuses: dict[tuple[str, ...], str],
    days: AgencyDays,
    settings: Settings,
    day: Any,
) -> _Form:
    """(request columns up to the last event's day, the warnings, the scorecard's facts, the deadline
    rows without the request id, the traces they name) of a history, as the driver stores them."""
    from foilbot.domain.status import Happened, derive_status

    (jurisdiction, *_), tokens = key
    history = [events[0][t] for t in tokens]
    kinds = tuple(e.kind for e in history)
    status = statuses.get(kinds)
    if status is None:  # the status follows from the kinds alone, in their order
        status = statuses[kinds] = derive_status([Happened(e.kind, e.day, i) for i, e in enumerate(history)])
    standing = compute_read(jurisdiction, [events[1][t] for t in tokens], status, days, settings)
    f = request_fields(history, standing)
    sent_on, received_on = day(f["sent_on"]), day(f["received_on"])
    head = (f["status"], sent_on, f["via"], f["tracking"], received_on, f["received_estimated"])
    made = []
    texts = {}
    for k, due, p, c, v, o, cur, cond, appeal_by, met, est, lines, flags in deadline_values(standing):
        trace, texts[trace] = traces.keyed(lines)
        met_on, flagged = day(met), traces.dumps(flags)
        made.append((k, day(due), p, c, v, o, cur, cond, day(appeal_by), met_on, est, trace, flagged))
    facts = (
        day(f["acknowledged_on"]),
        day(f["answered_on"]),
        f["answered_on_time"],
        f["answer_days"],
        day(f["appealed_on"]),
    )
    return head, traces.dumps(f["warnings"]), facts, made, texts


# A column's value as the driver stores and reads it back, as SQLAlchemy's types store it: a date as
# ISO text on SQLite (a date on PostgreSQL), JSON as json.dumps writes it (read back as text).
def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _same(value: Any) -> Any:
    return value


class Driver:
    """A driver connection (sqlite3 or psycopg): the session's own, in its transaction, or a second
    process's read-only one."""

    def __init__(self, con: Any, postgres: bool) -> None:
        self.con = con
        self.postgres = postgres
        self._days: dict[Any, date] = {}
        self._data: dict[Any, dict[str, Any]] = {}

    def sql(self, text: str) -> str:
        return text.replace("?", "%s") if self.postgres else text

    def rows(self, text: str, params: Sequence[Any]) -> Any:
        cur = self.con.cursor()
        cur.execute(self.sql(text), params)
        return cur.fetchall()

    def read(self, column: str) -> str:
        """A column to read as the encoders write it (JSON as its text on PostgreSQL)."""
        return f"{column}::text" if self.postgres and column.split(".")[-1] in _JSON else column

    def of_ids(self, ids: list[int]) -> tuple[str, list[Any]]:
        if self.postgres:
            return "r.id = ANY(?)", [ids]
        return "r.id IN (SELECT value FROM json_each(?))", [json.dumps(ids)]

    def of_span(self, low: int, high: int, agency_id: str | None) -> tuple[str, list[Any]]:
        if agency_id is None:
            return "r.id BETWEEN ? AND ?", [low, high]
        return "r.id BETWEEN ? AND ? AND r.agency_id = ?", [low, high, agency_id]

    def day(self, value: Any) -> date:
        if isinstance(value, date):
            return value
        found = self._days.get(value)
        if found is None:
            found = self._days[value] = date.fromisoformat(value)
        return found

    def data(self, value: Any) -> dict[str, Any]:
        """An event's data (shared between equal texts: the engine only reads it)."""
        if not isinstance(value, str):
            return value or {}
        found = self._data.get(value)
        if found is None:
            found = self._data[value] = json.loads(value) or {}
        return found

    def write(self, result: Result) -> None:
        """Store the changed request columns, and replace the deadline rows of the changed requests
        (the traces they name stored first, those no row names any more deleted after)."""
        updates, changed, rows, named, replaced = result
        traces.keep(self.con, self.postgres, named)
        self._write(updates, changed, rows)
        traces.prune(self.con, self.postgres, replaced - named.keys())

    def _unindexed(self, writing: int) -> list[str]:
        """On SQLite, when this write replaces a good share of the deadline rows, the table's indexes
        dropped (in the transaction: a rollback restores them); returns the SQL that makes them again.

        Each row deleted or inserted updates four indexes, at random places for the trace's digest and
        the due day: replacing all 165,021 rows of a 100,000-request workspace (new law data, a new
        engine) took 5.5 s, and 1.8 s with the indexes made again afterwards, sorted (issue 14)."""
        if writing < REBUILD_FROM:
            return []
        cur = self.con.cursor()
        if writing * REBUILD_SHARE < cur.execute("SELECT count(*) FROM deadline").fetchone()[0]:
            return []
        found = cur.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deadline' "
            "AND sql IS NOT NULL ORDER BY name"
        ).fetchall()
        for name, _ in found:
            cur.execute(f'DROP INDEX "{name}"')
        return [sql for _, sql in found]

    def _write(self, updates: list[Any], changed: list[int], rows: list[Any]) -> None:
        cur = self.con.cursor()
        sets = ", ".join(f"{c} = ?" for c in REQUEST_COLUMNS)
        names = ", ".join(DEADLINE_COLUMNS)
        if not self.postgres:
            dropped = self._unindexed(len(rows))
            if dropped:  # one pass over the table, no index to keep up
                among = "(SELECT value FROM json_each(?))"
                cur.execute(f"DELETE FROM deadline WHERE request_id IN {among}", [json.dumps(changed)])
            else:
                cur.executemany("DELETE FROM deadline WHERE request_id = ?", [(i,) for i in changed])
            marks = ", ".join("?" for _ in DEADLINE_COLUMNS)
            cur.executemany(f"INSERT INTO deadline ({names}) VALUES ({marks})", rows)
            for sql in dropped:
                cur.execute(sql)
            cur.executemany(f"UPDATE request SET {sets} WHERE id = ?", updates)
            return
        if changed:
            cur.execute("DELETE FROM deadline WHERE request_id = ANY(%s)", [changed])
        if rows:
            with cur.copy(f"COPY deadline ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        if updates:
            cur.execute(
                "CREATE TEMP TABLE foilbot_recompute (status text, sent_on date, via text, tracking text, "
                "received_on date, received_estimated boolean, last_event_on date, warnings json, "
                "acknowledged_on date, answered_on date, answered_on_time boolean, answer_days integer, "
                "appealed_on date, id bigint) "
                "ON COMMIT DROP"
            )
            with cur.copy("COPY foilbot_recompute FROM STDIN") as copy:
                for row in updates:
                    copy.write_row(row)
            sets = ", ".join(f"{c} = t.{c}" for c in REQUEST_COLUMNS)
            cur.execute(f"UPDATE request r SET {sets} FROM foilbot_recompute t WHERE r.id = t.id")
            cur.execute("DROP TABLE foilbot_recompute")
