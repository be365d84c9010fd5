"""Workspace-wide locks (issue 13): work that reads and then writes shared rows runs in one process at a
time; the others wait, then see what it did. On PostgreSQL they are transaction advisory locks; SQLite
transactions already start with the write lock (BEGIN IMMEDIATE), so there they cost nothing.
"""

from __future__ import annotations

from typing import Any

# Held shared by every write transaction (storage.session_scope) and alone by a recompute of every
# stored schedule (recompute.ensure_current): that recompute waits for the writes under way and the
# next ones wait for it, so none reads a request before a reply to it commits and then stores its stale
# rows beside the reply's.
SCHEDULES = "schedules"


def serialize(conn: Any, name: str, *, shared: bool = False) -> None:
    """Hold the lock named `name` until the transaction ends: alone, or `shared` with every other
    transaction sharing it (they wait only for one holding it alone)."""
    from sqlalchemy import text

    bind = conn.get_bind() if hasattr(conn, "get_bind") else conn
    if bind.dialect.name == "postgresql":
        lock = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
        conn.execute(text(f"SELECT {lock}(hashtext(:name))"), {"name": f"foilbot:{name}"})
