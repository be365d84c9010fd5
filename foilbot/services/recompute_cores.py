"""A full recompute on two cores (services.recompute): a forked process reads and computes half of a
chunk on a connection of its own when the transaction has written nothing yet, else computes half of
what this process read.

Reading is a third of a full recompute and the engine the rest (issue 14); each process warms its own
engine memos. The first process writes both halves, in its transaction: all or nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.services.agency_days import loader
from foilbot.services.recompute_rows import Driver, Result, changes, prepare

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.services.recompute_rows import Events


# What a forked process inherits: (the work, the events, the settings, the backend) for _computed, or
# (its half's scope, where to read it, the settings, the agencies' days, the backend) for _read_apart.
# Inherited, never pickled: a PostgreSQL URL with its password stays in memory.
_FORKED: Any = None


def can_fork() -> bool:
    """A second core, and a process that forks safely (no other thread holds a lock a child needs)."""
    import multiprocessing as mp

    forks = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
    return forks and mp.cpu_count() >= 2


def compute_many(
    work: list[Any], events: Events, settings: Settings, postgres: bool, parallel_from: int
) -> Result:
    """recompute_rows.changes of work this process read, its second half computed by a forked process
    from PARALLEL_FROM requests."""
    import gc
    import multiprocessing as mp

    global _FORKED
    _FORKED, half = (work, events, settings, postgres), len(work) // 2
    # The chunk's rows live until it is written: the collector need not walk them again and again (nor
    # a forked process copy the pages it would touch doing so).
    gc.freeze()
    try:
        if len(work) < parallel_from or not can_fork():
            return _computed((0, len(work)))
        with mp.get_context("fork").Pool(1) as pool:
            second = pool.apply_async(_computed, ((half, len(work)),))
            return _joined(_computed((0, half)), second.get())
    finally:
        _FORKED = None
        gc.unfreeze()


def halves(session: Session, db: Driver, scope: tuple[str, list[Any]], parallel_from: int) -> Any:
    """A chunk of PARALLEL_FROM requests or more split in two by id (the lower half's scope, the upper
    half's, and where a second process can read the upper half), or None to read it all here.

    The second process's own connection reads what this transaction reads only while the transaction
    has written nothing (storage.unwritten); else this process reads it all (compute_many)."""
    from foilbot.storage import unwritten

    sql, params = scope
    count = db.rows(f"SELECT count(*) FROM request r WHERE {sql}", params)[0][0]
    if count < parallel_from or not can_fork():
        return None
    target = _second_reader(session)
    if target is None or not unwritten(session):
        return None
    middle = f"SELECT r.id FROM request r WHERE {sql} ORDER BY r.id LIMIT 1 OFFSET {count // 2}"
    mid = db.rows(middle, params)[0][0]
    return (f"{sql} AND r.id < ?", [*params, mid]), (f"{sql} AND r.id >= ?", [*params, mid]), target


def _second_reader(session: Session) -> str | None:
    """Where another process connects to read this database: a SQLite file's path, or the psycopg URL
    (held in memory only); None for anything else (an in-memory database)."""
    from foilbot.storage import sqlite_path

    bind = session.get_bind()
    url = bind.engine.url
    if url.drivername == "postgresql+psycopg":
        return url.render_as_string(hide_password=False)
    path = sqlite_path(url.render_as_string(hide_password=False))
    return str(path) if path is not None and path.is_file() else None


def two_readers(
    session: Session,
    db: Driver,
    settings: Settings,
    first: tuple[str, list[Any]],
    second: tuple[str, list[Any]],
    target: str,
) -> int:
    """Read and compute the lower half here while a forked process reads and computes the upper half
    on its own connection; both halves are written here, in this transaction."""
    import gc
    import multiprocessing as mp

    global _FORKED
    lookup = loader(session, None)  # every agency's days, inherited by the second process
    _FORKED = (second, target, settings, lookup, db.postgres)
    try:
        with mp.get_context("fork").Pool(1) as pool:
            apart = pool.apply_async(_read_apart)
            work, events = prepare(db, first, lambda _: lookup)
            gc.freeze()
            mine = changes(work, events, settings, db.postgres, 0, len(work))
            theirs = apart.get()
    finally:
        _FORKED = None
        gc.unfreeze()
    if theirs is None:  # the second connection could not be opened: that half is read here too
        more_work, more_events = prepare(db, second, lambda _: lookup)
        rest = changes(more_work, more_events, settings, db.postgres, 0, len(more_work))
        theirs = rest, len(more_work)
    db.write(_joined(mine, theirs[0]))
    return len(work) + theirs[1]


def _joined(first: Result, second: Result) -> Result:
    """Two halves' changes, the first's before the second's (request order)."""
    return Result(
        first.updates + second.updates,
        first.changed + second.changed,
        first.rows + second.rows,
        {**first.traces, **second.traces},
        first.replaced | second.replaced,
    )


def _read_apart() -> tuple[Result, int] | None:
    """In the forked process: its half read on a connection of its own, computed; None when it cannot
    connect (the first process then reads that half itself)."""
    import gc

    scope, target, settings, lookup, postgres = _FORKED
    with _connection(target, postgres) as con:
        if con is None:
            return None
        work, events = prepare(Driver(con, postgres), scope, lambda _: lookup)
        gc.freeze()
        return changes(work, events, settings, postgres, 0, len(work)), len(work)


@contextmanager
def _connection(target: str, postgres: bool) -> Iterator[Any]:
    """A read-only driver connection to `target`, or None when it cannot be opened."""
    if postgres:
        from foilbot.drivers import read_only_postgres

        with read_only_postgres(target) as con:
            yield con
        return
    import sqlite3

    from foilbot.drivers import read_only_sqlite

    try:
        con = read_only_sqlite(Path(target))
    except sqlite3.Error:
        yield None
        return
    try:
        yield con
    finally:
        con.close()


def _computed(span: tuple[int, int]) -> Result:
    """recompute_rows.changes over `span` of the work a forked process inherited (a compact pickle back)."""
    work, events, settings, postgres = _FORKED
    return changes(work, events, settings, postgres, *span)
