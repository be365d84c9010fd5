"""Every stored schedule at once (of a workspace, an agency or a list of requests): after new law data,
a changed workspace setting, an agency's closures or observed holidays, a campaign's new requests.

The same engine and stored form as `services.schedule.recompute` (one request), in bulk (issue 14),
a chunk of requests at a time in the session's transaction: read, computed and written by
`recompute_rows` (only what changes is written), on two cores from PARALLEL_FROM requests
(`recompute_cores`). Requests with the same history (what the engine reads of it), law and agency
days are computed once per process: a campaign's requests sent the same day and not yet answered
share one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from foilbot.services.agency_days import loader
from foilbot.services.recompute_rows import Driver, prepare
from foilbot.services.schedule import KEY, REVISION, revision, schedule_key

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings


# Requests recomputed a few statements at a time: big enough for a second core to pay (PARALLEL_FROM) and
# for each process to warm the engine's calendar memos once, small enough that one chunk's events and
# stored rows stay a few hundred MB (585 MB peak at 100,000 requests with 500,000 events).
RECOMPUTE_CHUNK = 100_000
# From this many requests in a chunk a second core computes half (a forked process): below it,
# starting the process costs more than it saves.
PARALLEL_FROM = 20_000


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

    if db.postgres and not every:
        # Some requests (an agency's, a campaign's) while others change theirs: each is held, as a
        # member logging a reply holds it (requests.get_request), so it is read after their commit,
        # not replaced by what it was before. A full recompute holds locks.SCHEDULES alone, which
        # every write transaction shares (storage.session_scope).
        sql, params = scope
        db.rows(f"SELECT r.id FROM request r WHERE {sql} ORDER BY r.id FOR UPDATE", params)
    split = halves(session, db, scope, PARALLEL_FROM) if every else None
    if split is not None:
        return two_readers(session, db, settings, *split)
    work, events = prepare(db, scope, lambda agencies: loader(session, None if every else agencies))
    if work:
        db.write(compute_many(work, events, settings, db.postgres, PARALLEL_FROM))
    return len(work)


def ensure_current(session: Session, settings: Settings) -> int:
    """Recompute every schedule if they were computed with another engine, law data or setting.

    Returns:
        How many requests were recomputed (0 when the stored schedules are current).

    Raises:
        shared_settings.Changed: a workspace setting changed since `settings` were read.
    """
    from foilbot.locks import SCHEDULES, serialize
    from foilbot.models import WorkspaceSetting
    from foilbot.services import shared_settings

    key = schedule_key(settings)
    stored = session.get(WorkspaceSetting, KEY)
    if stored is not None and stored.value == key:
        return 0
    serialize(session, SCHEDULES)  # alone: one process recomputes, the others then find the key current
    session.expire_all()
    # Waited for: a `config workspace` may have changed a setting and recomputed meanwhile; these
    # settings would undo its recompute.
    shared_settings.hold(session, settings)
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
