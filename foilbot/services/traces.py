"""Each deadline's explanation trace stored once (issue 14): the `trace` table holds every distinct
trace under the digest of its JSON text, and a deadline row names it (`deadline.trace`, schema 0012).

Traces repeat: requests under one law received the same day, with the same history so far, are counted
the same way, line for line (44,882 distinct traces in 165,021 deadlines of the benchmark's 100,000
requests: 145 MB of a 182 MB table before). A calendar reads each once, and a full recompute compares
digests, not texts.

A trace no deadline names any more is deleted by the write that stopped naming it, so the table holds
only what is in use (but for one a concurrent PostgreSQL writer held while it was pruned and then did not
name after all, or one kept through PRUNE_TRIES races: see prune). The rows are content-addressed: the
same text always has the same digest, on either backend, so writers never need to read an id back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection, Iterable, Mapping
from json.encoder import encode_basestring_ascii as _quoted
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session


def dumps(lines: Iterable[str]) -> str:
    """json.dumps of a list of strings (a trace, its flags, the warnings: the engine makes them of str
    alone) without its overhead: the same text, with its ASCII escapes, as SQLAlchemy's JSON type stores."""
    return "[" + ", ".join(map(_quoted, lines)) + "]"


def digest(text: str) -> str:
    """The key of a trace's JSON text (BLAKE2b, 128 bits: no two distinct traces share one in practice)."""
    return hashlib.blake2b(text.encode("ascii"), digest_size=16).hexdigest()


def keyed(lines: Iterable[str]) -> tuple[str, str]:
    """(digest, JSON text) of a trace."""
    text = dumps(lines)
    return digest(text), text


# Storing traces another row may already hold. On PostgreSQL the ones already there are first locked
# (FOR KEY SHARE, as the foreign key check of the rows about to name them would) until this transaction
# ends, so a concurrent `prune` cannot delete one between here and the deadline row that names it: its
# delete skips it (see prune). A trace being deleted by a prune not yet committed is waited for, then
# found gone and inserted. On SQLite one writer holds the database at a time.
_KEEP = "INSERT INTO trace (digest, lines) VALUES (?, ?) ON CONFLICT (digest) DO NOTHING"
# Many traces (a bulk recompute) go through COPY into a temporary table; a few (one request's) as two
# arrays, with no table to create: 0.14 ms against 1.4 ms a call, timed over 700 calls of three traces
# each in one transaction.
_KEEP_PG = (
    "SELECT count(*) FROM (SELECT 1 FROM trace t JOIN {new} n ON n.digest = t.digest "
    "FOR KEY SHARE OF t) held",
    "INSERT INTO trace (digest, lines) SELECT digest, lines FROM {new} n ON CONFLICT (digest) DO NOTHING",
)
_ARRAYS = (
    "(SELECT d AS digest, CAST(l AS json) AS lines FROM unnest(%(d)s::text[], %(l)s::text[]) AS a(d, l))"
)
COPY_FROM = 1000
_PRUNE = (
    "DELETE FROM trace WHERE digest {among} "
    "AND NOT EXISTS (SELECT 1 FROM deadline d WHERE d.trace = trace.digest)"
)
# A trace another transaction holds (keep's lock, or its foreign key check) is skipped, not waited for.
_PRUNE_PG = (
    "DELETE FROM trace WHERE digest IN (SELECT t.digest FROM trace t WHERE t.digest = ANY(%s) "
    "AND NOT EXISTS (SELECT 1 FROM deadline d WHERE d.trace = t.digest) FOR UPDATE SKIP LOCKED)"
)


def keep(con: Any, postgres: bool, traces: Mapping[str, str]) -> None:
    """Store these traces ({digest: JSON text}) where not stored yet, on a driver connection, before the
    deadline rows that name them."""
    if not traces:
        return
    cur = con.cursor()
    if not postgres:
        cur.executemany(_KEEP, traces.items())
        return
    if len(traces) < COPY_FROM:
        arrays = {"d": list(traces), "l": list(traces.values())}
        for sql in _KEEP_PG:
            cur.execute(sql.format(new=_ARRAYS), arrays)
        return
    cur.execute("CREATE TEMP TABLE foilbot_trace (digest text, lines json) ON COMMIT DROP")
    with cur.copy("COPY foilbot_trace FROM STDIN") as copy:
        for row in traces.items():
            copy.write_row(row)
    for sql in _KEEP_PG:
        cur.execute(sql.format(new="foilbot_trace"))
    cur.execute("DROP TABLE foilbot_trace")


def prune(con: Any, postgres: bool, digests: Collection[str]) -> None:
    """Delete those of these traces that no deadline names any more, after the rows that named them.

    On PostgreSQL another transaction may be about to name one: `keep` (or its foreign key check) holds
    it locked until that transaction ends, and the delete skips it rather than waiting to break the
    key. One named by a commit that lands between the delete's snapshot and its lock still breaks it:
    the delete is undone to its savepoint (this transaction's own work stays) and run again on a new
    snapshot, which sees that row; after PRUNE_TRIES such races the traces stay, unnamed: space only."""
    if not digests:
        return
    cur = con.cursor()
    if not postgres:
        cur.execute(_PRUNE.format(among="IN (SELECT value FROM json_each(?))"), [json.dumps(list(digests))])
        return
    import psycopg

    for _ in range(PRUNE_TRIES):
        cur.execute("SAVEPOINT foilbot_prune")  # inside the session's transaction
        try:
            cur.execute(_PRUNE_PG, [list(digests)])
            done = True
        except psycopg.errors.ForeignKeyViolation:
            cur.execute("ROLLBACK TO SAVEPOINT foilbot_prune")
            done = False
        cur.execute("RELEASE SAVEPOINT foilbot_prune")
        if done:
            return


PRUNE_TRIES = 3


def driver(session: Session) -> tuple[Any, bool]:
    """The session's driver connection, in its transaction, and whether it is PostgreSQL."""
    session.flush()
    con = session.connection().connection.driver_connection
    return con, session.get_bind().dialect.name == "postgresql"
