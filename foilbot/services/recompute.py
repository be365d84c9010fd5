"""Every stored schedule at once (of a workspace, an agency or a list of requests): after new law data,
a changed workspace setting, an agency's closures or observed holidays, a campaign's new requests.

The same engine and stored form as `services.schedule.recompute` (one request), in bulk (issue 14):
each chunk of requests is read through the database's own driver in three ordered queries (requests
with their last event's day, the live events the engine reads, stored deadlines) in the session's
transaction, computed on two cores from PARALLEL_FROM
requests, and only the requests whose stored columns or deadline rows change are written (executemany
on SQLite, COPY on PostgreSQL). Requests with the same history (what the engine reads of it), law and
agency days are computed once per process: a campaign's requests sent the same day and not yet
answered share one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from json.encoder import encode_basestring_ascii as _quoted
from typing import TYPE_CHECKING, Any, NamedTuple

from foilbot.services.agency_days import AgencyDays, loader
from foilbot.services.schedule import (
    DEADLINE_FIELDS,
    KEY,
    NOT_READ,
    REVISION,
    compute_read,
    deadline_values,
    occurrence,
    request_fields,
    revision,
    schedule_key,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.domain.model import Occurrence


# Requests recomputed a few statements at a time: big enough for a second core to pay (PARALLEL_FROM) and
# for each process to warm the engine's calendar memos once, small enough that one chunk's events and
# stored rows stay a few hundred MB (585 MB peak at 100,000 requests with 500,000 events).
RECOMPUTE_CHUNK = 100_000
# From this many requests in a chunk a second core computes half (a forked process): below it,
# starting the process costs more than it saves.
PARALLEL_FROM = 20_000

# The stored columns, in the order the driver reads and writes them (services.schedule names them).
REQUEST_COLUMNS = (
    "status", "sent_on", "via", "tracking", "received_on", "received_estimated", "last_event_on", "warnings"
)  # fmt: skip
DEADLINE_COLUMNS = ("request_id", *DEADLINE_FIELDS)
_JSON = {"warnings", "explanation", "flags", "data"}  # read as their text on PostgreSQL


class _Event(NamedTuple):
    """A live event as the engine reads it (schedule.EventLike), straight from a driver row."""

    id: int
    kind: str
    day: date
    data: dict[str, Any]


def recompute_all(
    session: Session, settings: Settings, agency_id: str | None = None, *, ids: Sequence[int] | None = None
) -> int:
    """Recompute every stored schedule (of one agency, of these requests, or of all).

    A few driver statements per chunk of requests in the session's transaction (all or nothing), none
    binding a parameter per request (PostgreSQL takes 65,535 at most; issue 13), one chunk's rows in
    memory at a time. Rows whose stored values would not change are left as they are.

    Returns:
        How many requests were recomputed.
    """
    from sqlalchemy import func, select

    from foilbot.models import Request

    request = Request.__table__  # type: ignore[attr-defined]
    session.flush()  # events added in this unit of work are read below
    con = session.connection().connection.driver_connection
    db = Driver(con, session.get_bind().dialect.name == "postgresql")
    if ids is not None:
        chosen, n = sorted(set(ids)), RECOMPUTE_CHUNK
        scopes = [db.of_ids(chosen[i : i + n]) for i in range(0, len(chosen), n)]
    else:
        where = [request.c.agency_id == agency_id] if agency_id is not None else []
        low, high = session.execute(
            select(func.min(request.c.id), func.max(request.c.id)).where(*where)
        ).one()
        spans = range(int(low or 0), int(high or -1) + 1, RECOMPUTE_CHUNK)
        scopes = [db.of_span(i, i + RECOMPUTE_CHUNK - 1, agency_id) for i in spans]
    every = agency_id is None and ids is None
    count = sum(_recompute(session, db, settings, scope, every) for scope in scopes)
    session.expire_all()  # requests loaded in the session read their new columns
    return count


def _recompute(
    session: Session, db: Driver, settings: Settings, scope: tuple[str, list[Any]], every: bool
) -> int:
    from foilbot.services.recompute_cores import compute_many, halves, two_readers

    split = halves(session, db, scope) if every else None
    if split is not None:
        return two_readers(session, db, settings, *split)
    work, events = prepare(db, scope, lambda agencies: loader(session, None if every else agencies))
    if work:
        db.write(*compute_many(work, events, settings, db.postgres))
    return len(work)


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


Result = tuple[list[Any], list[int], list[Any]]


def changes(
    work: list[Any], events: Events, settings: Settings, postgres: bool, low: int, high: int
) -> Result:
    """(changed request columns + id, ids whose deadlines changed, their new deadline rows) of the
    requests work[low:high], as driver values."""
    day = _same if postgres else _iso
    schedules: dict[Any, tuple[tuple[Any, ...], str, list[tuple[Any, ...]]]] = {}
    statuses: dict[tuple[str, ...], str] = {}
    updates: list[Any] = []
    changed: list[int] = []
    rows: list[Any] = []
    for rid, key, days, last_on, columns, old in work[low:high]:
        found = schedules.get(key)
        if found is None:
            found = schedules[key] = _stored_form(key, events, statuses, days, settings, day)
        head, warnings, made = found
        new = (*head, last_on, warnings)
        if new != columns:
            updates.append((*new, rid))
        if made != old:
            changed.append(rid)
            rows.extend((rid, *row) for row in made)
    return updates, changed, rows


def _stored_form(
    key: tuple[Any, ...],
    events: tuple[list[_Event], list[Occurrence]],
    statuses: dict[tuple[str, ...], str],
    days: AgencyDays,
    settings: Settings,
    day: Any,
) -> tuple[tuple[Any, ...], str, list[tuple[Any, ...]]]:
    """(request columns up to the last event's day, the warnings, the deadline rows without the
    request id) of a history, as the driver stores them."""
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
    made = [
        (k, day(due), p, c, v, o, cur, cond, day(appeal_by), day(met), est, _dumps(trace), _dumps(flags))
        for k, due, p, c, v, o, cur, cond, appeal_by, met, est, trace, flags in deadline_values(standing)
    ]
    return head, _dumps(f["warnings"]), made


# A column's value as the driver stores and reads it back, as SQLAlchemy's types store it: a date as
# ISO text on SQLite (a date on PostgreSQL), JSON as json.dumps writes it (read back as text).
def _iso(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _same(value: Any) -> Any:
    return value


def _dumps(value: list[str]) -> str:
    """json.dumps of a list of strings (a trace, its flags, the warnings: the engine makes them of
    str alone), without its overhead: the same text, with its ASCII escapes."""
    return "[" + ", ".join(map(_quoted, value)) + "]"


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

    def write(self, updates: list[Any], changed: list[int], rows: list[Any]) -> None:
        """Store the changed request columns, and replace the deadline rows of the changed requests."""
        cur = self.con.cursor()
        sets = ", ".join(f"{c} = ?" for c in REQUEST_COLUMNS)
        names = ", ".join(DEADLINE_COLUMNS)
        if not self.postgres:
            cur.executemany("DELETE FROM deadline WHERE request_id = ?", [(i,) for i in changed])
            marks = ", ".join("?" for _ in DEADLINE_COLUMNS)
            cur.executemany(f"INSERT INTO deadline ({names}) VALUES ({marks})", rows)
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
                "received_on date, received_estimated boolean, last_event_on date, warnings json, id bigint) "
                "ON COMMIT DROP"
            )
            with cur.copy("COPY foilbot_recompute FROM STDIN") as copy:
                for row in updates:
                    copy.write_row(row)
            sets = ", ".join(f"{c} = t.{c}" for c in REQUEST_COLUMNS)
            cur.execute(f"UPDATE request r SET {sets} FROM foilbot_recompute t WHERE r.id = t.id")
            cur.execute("DROP TABLE foilbot_recompute")


def ensure_current(session: Session, settings: Settings) -> int:
    """Recompute every schedule if they were computed with another engine, law data or setting.

    Returns:
        How many requests were recomputed (0 when the stored schedules are current).
    """
    from foilbot.models import WorkspaceSetting
    from foilbot.storage import serialize

    key = schedule_key(settings)
    stored = session.get(WorkspaceSetting, KEY)
    if stored is not None and stored.value == key:
        return 0
    serialize(session, "schedules")  # one process recomputes; the others then find the key current
    session.expire_all()
    stored = session.get(WorkspaceSetting, KEY)
    if stored is not None and stored.value == key:
        return 0
    count = recompute_all(session, settings)
    session.merge(WorkspaceSetting(key=KEY, value=key))
    if stored is not None and count:  # dates may have moved with no event logged: calendar_export
        from foilbot import clock

        last = session.get(WorkspaceSetting, REVISION)
        number = revision(last.value if last is not None else None)[0] + 1
        session.merge(WorkspaceSetting(key=REVISION, value=f"{number} {clock.now().isoformat()}"))
    session.flush()
    return count
