"""A database driver's error as one line a user can act on (storage, and the CLI for errors met on a
read path): the database, the driver's first line, never the SQL text or its parameters.
"""

from __future__ import annotations

from foilbot.config import mask_url
from foilbot.errors import FoilbotError


def database_error(exc: BaseException, url: str) -> FoilbotError:
    """A driver's error as one line a user can act on: the database, the driver's first line (never the
    SQL text or its parameters, which can hold a note's personal text), and what to do."""
    orig = getattr(exc, "orig", None) or exc
    if url.partition("://")[2].split("/", 1)[0].count("@") > 1:
        # The driver splits user:password@host at the first `@`, so its message names a piece of the
        # password as the host: say what is wrong instead of quoting it.
        return FoilbotError(
            f"database {mask_url(url)}: the URL has more than one `@` before the host",
            hint="Write an `@` in the user name or password as %40 (and `:` as %3A, `/` as %2F).",
        )
    reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    low = reason.lower()
    hints = (
        (
            ("readonly", "read-only"),
            "Check the permissions of the file and of its folder (foilbot writes a -wal file beside it).",
        ),
        (("locked", "busy"), "Another program is writing to it; try again in a moment."),
        (
            ("not a database", "malformed", "corrupt", "file is encrypted"),
            "The file is damaged or is not a foilbot database: restore a backup, or use another --db.",
        ),
        (("disk is full", "no space", "disk full"), "Free some disk space, then try again."),
        (
            ("no such table", "no such column", "already exists", "does not exist"),
            "Its tables do not match its schema revision (changed by hand or damaged): run `foilbot db "
            "check`, restore a backup, or use another --db.",
        ),
        (
            ("permission denied", "must be owner"),
            "The database role lacks a privilege foilbot needs: see docs/how-to/postgresql.md.",
        ),
    )
    hint = next(
        (h for words, h in hints if any(w in low for w in words)), "Check --db / FOILBOT_DATABASE_URL."
    )
    return FoilbotError(f"database {mask_url(url)}: {reason}", hint=hint)
