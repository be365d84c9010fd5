"""Every stored schedule at once (of a workspace, an agency or a list of requests): after new law data,
a changed workspace setting, an agency's closures or observed holidays, a campaign's new requests.

The same engine and stored form as `services.schedule.recompute` (one request), in bulk: a few statements
on the tables per chunk of requests, and a second core from PARALLEL_FROM requests.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from foilbot.services.agency_days import loader
from foilbot.services.schedule import KEY, compute, deadline_rows, request_fields, schedule_key

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings


# Requests recomputed a few statements at a time: big enough for a second core to pay (PARALLEL_FROM),
# small enough that one chunk's events stay a few hundred MB.
RECOMPUTE_CHUNK = 50_000


def recompute_all(
    session: Session, settings: Settings, agency_id: str | None = None, *, ids: Sequence[int] | None = None
) -> int:
    """Recompute every stored schedule (of one agency, of these requests, or of all): a few bulk
    statements on the tables per chunk of requests, not one per row and no ORM object per event
    (issue 14); none binds a parameter per request (PostgreSQL takes 65,535 at most) and one chunk's
    events are in memory at a time (issue 13)."""
    from sqlalchemy import func, select

    from foilbot.models import Request

    request = Request.__table__  # type: ignore[attr-defined]
    session.flush()  # events added in this unit of work are read below
    where = [request.c.agency_id == agency_id] if agency_id is not None else []
    if ids is not None:
        chosen, n = list(ids), RECOMPUTE_CHUNK
        chunks = [request.c.id.in_(chosen[i : i + n]) for i in range(0, len(chosen), n)]
    else:
        low, high = session.execute(
            select(func.min(request.c.id), func.max(request.c.id)).where(*where)
        ).one()
        spans = range(int(low or 0), int(high or -1) + 1, RECOMPUTE_CHUNK)
        chunks = [request.c.id.between(i, i + RECOMPUTE_CHUNK - 1) for i in spans]
    every = agency_id is None and ids is None
    count = sum(_recompute(session, settings, [*where, chunk], every) for chunk in chunks)
    session.expire_all()  # requests loaded in the session read their new columns
    return count


def _recompute(session: Session, settings: Settings, where: list[Any], every: bool) -> int:
    from sqlalchemy import bindparam, delete, insert, select, update

    from foilbot.models import Deadline, Event, Request

    deadline, event, request = Deadline.__table__, Event.__table__, Request.__table__  # type: ignore[attr-defined]
    chosen = select(request.c.id).where(*where)
    scope = select(request.c.id, request.c.agency_id, request.c.jurisdiction).where(*where)
    requests = session.execute(scope.order_by(request.c.id)).all()
    if not requests:
        return 0
    events: dict[int, list[Any]] = {}
    live = select(*(event.c[n] for n in ("id", "request_id", "kind", "day", "data")))
    live = live.where(event.c.removed_at.is_(None), event.c.request_id.in_(chosen))
    for e in session.execute(live.order_by(event.c.day, event.c.id)):
        events.setdefault(e.request_id, []).append(e)
    days = loader(session, None if every else sorted({r[1] for r in requests}))
    work = [(rid, j, events.get(rid, []), days(aid, j)) for rid, aid, j in requests]
    updates, rows = _compute_many(work, settings)
    session.execute(delete(deadline).where(deadline.c.request_id.in_(chosen)))
    if rows:
        session.execute(insert(deadline), rows)
    session.execute(update(request).where(request.c.id == bindparam("rid")), updates)
    return len(requests)


# From this many requests a full recompute takes a second core (a forked process computes half):
# below it, starting the process costs more than it saves.
PARALLEL_FROM = 20_000
_FORKED: Any = None  # (the work, the settings), as a forked process inherits them


def _compute_many(work: list[Any], settings: Settings) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(request columns, deadline rows) of each (id, jurisdiction, events, days), in order."""
    import multiprocessing as mp

    global _FORKED
    _FORKED, half = (work, settings), len(work) // 2
    forks = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
    try:
        if len(work) < PARALLEL_FROM or mp.cpu_count() < 2 or not forks:
            return _computed((0, len(work)))
        with mp.get_context("fork").Pool(1) as pool:
            second = pool.apply_async(_computed, ((half, len(work)),))
            (updates, rows), (more, more_rows) = _computed((0, half)), second.get()
        return updates + more, rows + more_rows
    finally:
        _FORKED = None


def _computed(span: tuple[int, int]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    updates, rows = [], []
    for rid, jurisdiction, history, days in _FORKED[0][span[0] : span[1]]:
        standing = compute(jurisdiction, history, days, _FORKED[1])
        updates.append({"rid": rid, **request_fields(history, standing)})
        rows.extend(deadline_rows(rid, standing))
    return updates, rows


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
    session.flush()
    return count
