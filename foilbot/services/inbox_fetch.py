"""`inbox fetch`: new messages of an IMAP folder, filed like `inbox import` (issue 11).

Only messages above the last UID seen are read, while the folder's UIDVALIDITY is the one recorded
(table `imap_folder`); a new UIDVALIDITY means the server renumbered the folder, so it is read again
from the start and the Message-ID check keeps every message from being filed twice. Messages are
read in chunks; each chunk is filed and the folder's position recorded in one transaction, so an
interrupted fetch resumes where it stopped. The folder is opened read-only (EXAMINE, BODY.PEEK) unless
`move_to` is given; then messages are moved only after they are recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from foilbot import clock
from foilbot.errors import UsageError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import ImapSettings, Settings
    from foilbot.mail.imap import Mailbox
    from foilbot.services.inbox import Filed

Opener = Callable[[], AbstractContextManager["Session"]]
CHUNK = 200  # messages filed per transaction


@dataclass(frozen=True)
class Fetched:
    folder: str
    uidvalidity: int
    results: list[Filed]
    moved: int


def configured(settings: Settings) -> ImapSettings:
    """The [imap] settings, checked.

    Raises:
        UsageError: imap.host or imap.user is not set.
    """
    from foilbot.config import imap_settings

    cfg = imap_settings(settings)
    if not cfg.host:
        raise UsageError(
            "imap.host is not set", hint="See docs/how-to/email.md (or use: foilbot inbox import)."
        )
    if not cfg.user:
        raise UsageError(
            "imap.user is not set", hint="Set it in [imap] of foilbot.toml or FOILBOT_IMAP_USER."
        )
    return cfg


def open_mailbox(cfg: ImapSettings) -> Mailbox:
    from foilbot.mail.imap import Mailbox
    from foilbot.mail.secrets import imap_password

    return Mailbox(cfg, imap_password(cfg.user))


def _position(session: Session, cfg: ImapSettings, folder: str) -> tuple[int, int]:
    """(UIDVALIDITY, last UID) recorded for the folder; (0, 0) when never fetched."""
    from foilbot.models import ImapFolder

    row = session.get(ImapFolder, (cfg.host, cfg.user, folder))
    return (row.uidvalidity, row.last_uid) if row is not None else (0, 0)


def _record(session: Session, cfg: ImapSettings, folder: str, validity: int, last: int) -> None:
    from foilbot.models import ImapFolder

    row = session.get(ImapFolder, (cfg.host, cfg.user, folder))
    if row is None:
        row = ImapFolder(
            host=cfg.host,
            user=cfg.user,
            folder=folder,
            uidvalidity=validity,
            last_uid=0,
            fetched_at=clock.now(),
        )
    row.uidvalidity, row.last_uid, row.fetched_at = validity, max(last, 0), clock.now()
    session.add(row)


def _recorder(cfg: ImapSettings, folder: str, validity: int, last: int) -> Callable[[Session], None]:
    return lambda session: _record(session, cfg, folder, validity, last)


def fetch(
    opener: Opener,
    settings: Settings,
    *,
    folder: str | None = None,
    move_to: str | None = None,
    progress: Callable[[int], None] | None = None,
) -> Fetched:
    """File the folder's new messages with their requests; results in UID order.

    Raises:
        UsageError: [imap] not configured; --move-to the folder being read.
        ConfigError: the server cannot be reached, refuses the login, or has no such folder.
    """
    from foilbot.services.inbox import import_messages

    cfg = configured(settings)
    name = folder or cfg.folder
    if move_to is not None and move_to == name:
        raise UsageError(f"--move-to {move_to!r} is the folder being read")
    results: list[Filed] = []
    moved = 0
    with open_mailbox(cfg) as box:
        validity = box.open(name, writable=move_to is not None)
        if move_to is not None:
            box.require(move_to)  # before anything is read: a clear error, nothing half done
        with opener() as s:
            known, last = _position(s, cfg, name)
        if known != validity:
            last = 0  # renumbered (or never read): everything again; Message-IDs stop duplicates
        uids = box.uids_after(last)
        for start in range(0, len(uids), CHUNK):
            chunk = uids[start : start + CHUNK]
            items = [(f"imap:{name}#{uid}", raw) for uid, raw in box.fetch(chunk)]
            results += import_messages(
                opener, items, settings, also=_recorder(cfg, name, validity, chunk[-1])
            )
            if move_to is not None:
                box.move(chunk, move_to)
                moved += len(chunk)
            if progress is not None:
                progress(len(chunk))
        if not uids:
            with opener() as s:
                _record(s, cfg, name, validity, last)
    return Fetched(name, validity, results, moved)


class SentFolder:
    """The Sent folder, asked whether a message a stopped run was handing over reached the server
    (issue 11: reconcile by checking the Sent folder when IMAP is configured). Connects on first use;
    a failure is remembered and reported, never raised, so the batch goes on."""

    def __init__(self, cfg: ImapSettings) -> None:
        self.cfg = cfg
        self.problem = ""
        self._box: Mailbox | None = None

    @property
    def name(self) -> str:
        return self.cfg.sent_folder

    def has(self, message_id: str) -> bool | None:
        """True when a message with this Message-ID is in the Sent folder; None when it cannot be told."""
        from foilbot.errors import FoilbotError

        if self.problem:
            return None
        try:
            if self._box is None:
                self._box = open_mailbox(self.cfg)
                self._box.open(self.cfg.sent_folder)
            return bool(self._box.search_header("Message-ID", message_id))
        except FoilbotError as exc:
            self.problem = exc.message
            return None

    def close(self) -> None:
        if self._box is not None:
            self._box.close()
            self._box = None


def sent_folder(settings: Settings) -> SentFolder | None:
    """The Sent folder to check, when [imap] is configured; else None (the user is asked)."""
    from foilbot.config import imap_settings

    cfg = imap_settings(settings)
    return SentFolder(cfg) if cfg.host and cfg.user else None
