"""Who did what, and when: every change to the workspace is recorded with its actor (issue 13).

The actor is the `user.name` setting, else the operating-system user (Settings.user). `foilbot db log`
lists the changes; requests, events and attachments also keep who made them in their own rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from foilbot import clock

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.queries import Reader

# Columns of `foilbot db log --format csv` (and the keys of each JSON item).
LOG_KEYS = ("id", "at", "actor", "action", "subject", "request_id", "detail")


def record(
    session: Session,
    actor: str,
    action: str,
    *,
    subject: str = "",
    request_id: int | None = None,
    detail: str = "",
    at: datetime | None = None,
) -> None:
    """Add one line to the change log, in the caller's transaction (it commits or vanishes with it)."""
    from foilbot.models import Change

    session.add(
        Change(
            at=at or clock.now(),
            actor=actor,
            action=action,
            subject=subject,
            request_id=request_id,
            detail=detail,
        )
    )


def changes(db: Reader, *, since: datetime | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """The change log, oldest first, from `since` on (a day's midnight, UTC, for `--since DAY`)."""
    from foilbot.queries import as_datetime, where_clause

    where, params = [], {}
    if since is not None:
        where.append("at >= :since")
        params["since"] = since if db.native_dates else since.isoformat(sep=" ")
    sql = f"SELECT {', '.join(LOG_KEYS)} FROM change{where_clause(where)} ORDER BY at, id"
    rows = db.rows(sql + (f" LIMIT {int(limit)}" if limit else ""), params)
    return [{**dict(r), "at": as_datetime(r["at"])} for r in rows]
