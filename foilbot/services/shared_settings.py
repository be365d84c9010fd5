"""Settings that belong to the database, not to whoever runs foilbot (issue 13: one truth for a team).

`deadlines.mail_days` changes every stored deadline of a mailed request. Read from each user's
foilbot.toml, two people sharing one database would compute different deadlines for the same request,
and each command of one would recompute what the other's had stored. Set once in the database
(`foilbot config workspace deadlines.mail_days 5`), it is the value every user and command reads;
without it, the file's or the environment's value is used, as for a single user.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from foilbot.errors import ConfigError, FoilbotError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings

# Settings whose value is the database's when it has one.
KEYS = ("deadlines.mail_days",)
SOURCE = "database (foilbot config workspace)"


def apply(settings: Settings, stored: Mapping[str, str]) -> tuple[Settings, list[str]]:
    """The settings with the database's values in place, and a warning for each file or environment
    value they override (that value is not used)."""
    found = {key: stored[key] for key in KEYS if key in stored}
    if not found:
        return settings, []
    warnings = []
    for key, value in found.items():
        mine = settings.values[key]
        if mine.source != "default" and str(mine.value) != value:
            warnings.append(
                f"{key} is {value} for everyone using this database (foilbot config workspace); "
                f"the {mine.value} from {mine.source} is not used"
            )
    try:
        return settings.with_values(found, source=SOURCE), warnings
    except ConfigError as exc:
        raise ConfigError(
            exc.message, hint=f"Set it again: foilbot config workspace {next(iter(found))} VALUE."
        ) from None


class Changed(FoilbotError):
    """A workspace setting was set, changed or removed by someone else after these settings were read:
    what they would compute or store is no longer the workspace's. Not a BusyError: a unit of work run
    again (storage.transaction) would still hold the settings it was given."""


def hold(session: Session, settings: Settings) -> None:
    """Check, inside a write transaction, that these settings still hold the database's values.

    A command reads its settings when it starts; a write made with a `deadlines.mail_days` changed
    since would store deadlines the workspace no longer counts by (and the full recompute, the stored
    key of the old value), where every other command reads the new one.

    Raises:
        Changed: one of them differs (nothing is written; the command is run again).
    """
    stored = values(session)
    for key in KEYS:
        held = settings.values[key]
        if stored.get(key) != (str(held.value) if held.source == SOURCE else None):
            now = stored.get(key, "unset")
            raise Changed(
                f"{key} was changed for this workspace (now {now}) while this ran; nothing was saved",
                hint="Run the command again: it reads the new value.",
            )


def check_key(key: str) -> str:
    """A key that may be set for the workspace.

    Raises:
        ConfigError: any other key (it stays a per-user setting).
    """
    if key not in KEYS:
        raise ConfigError(
            f"{key!r} is not a workspace setting",
            hint=f"Workspace settings: {', '.join(KEYS)}; others go in foilbot.toml.",
        )
    return key


def set_value(session: Session, key: str, value: str | None, settings: Settings) -> None:
    """Store (or, with None, remove) the database's value. The stored schedules are then recomputed by
    the caller's next check (their key changes).

    Raises:
        ConfigError: not a workspace setting, or a value of the wrong type or out of range.
    """
    from foilbot.models import WorkspaceSetting
    from foilbot.services import audit

    check_key(key)
    row = session.get(WorkspaceSetting, key)
    if value is None:
        if row is not None:
            session.delete(row)
            audit.record(session, settings.user, "workspace setting removed", subject=key)
        return
    text = str(settings.with_values({key: value}, source="foilbot config workspace").get(key))  # checked
    session.merge(WorkspaceSetting(key=key, value=text))
    audit.record(session, settings.user, "workspace setting", subject=key, detail=text)


def values(session: Session) -> dict[str, str]:
    """The workspace settings stored in the database."""
    from sqlmodel import col, select

    from foilbot.models import WorkspaceSetting

    rows = session.exec(select(WorkspaceSetting).where(col(WorkspaceSetting.key).in_(KEYS))).all()
    return {r.key: r.value for r in rows}
