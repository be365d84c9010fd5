"""Reading an IMAP folder (issue 11): new messages by UID, read-only unless asked to move them.

The standard library's imaplib is enough for the few commands foilbot needs (LOGIN, EXAMINE/SELECT,
UID SEARCH, UID FETCH BODY.PEEK[], UID MOVE or COPY+STORE+EXPUNGE) and adds no dependency; what it
lacks (quoting mailbox names, parsing FETCH answers) is a few lines here. A folder opened without
`writable` is EXAMINEd and read with BODY.PEEK, so no flag (\\Seen included) changes on the server.
"""

from __future__ import annotations

import contextlib
import imaplib
import re
import ssl
from collections.abc import Iterator, Sequence
from types import TracebackType

from foilbot.config import ImapSettings
from foilbot.errors import ConfigError, FoilbotError

TIMEOUT = 60
BATCH = 100  # messages per UID FETCH
_UID = re.compile(rb"\bUID (\d+)")


def quoted(text: str) -> str:
    """An IMAP quoted string (mailbox names with spaces, `[Gmail]/Sent Mail`, header values)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _said(data: object) -> str:
    """The server's words from an imaplib answer or error, on one line."""
    if isinstance(data, list | tuple):
        data = b" ".join(d if isinstance(d, bytes) else str(d).encode() for d in data if d is not None)
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else str(data)
    return " ".join(text.split())


def _uid_set(uids: Sequence[int]) -> str:
    return ",".join(str(u) for u in uids)


class Mailbox:
    """One logged-in connection to the configured server."""

    def __init__(self, cfg: ImapSettings, password: str | None) -> None:
        self.cfg = cfg
        self._password = password
        self._imap: imaplib.IMAP4 | None = None
        self.folder = ""
        self.writable = False

    def __enter__(self) -> Mailbox:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @property
    def where(self) -> str:
        return f"imap: {self.cfg.host}:{self.cfg.port}"

    def close(self) -> None:
        if self._imap is not None:
            with contextlib.suppress(imaplib.IMAP4.error, OSError, ssl.SSLError):
                self._imap.logout()
            self._imap = None

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.cfg.verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def connect(self) -> imaplib.IMAP4:
        """Connect and log in (once).

        Raises:
            ConfigError: the server cannot be reached, TLS failed, or the login was refused (one line).
        """
        if self._imap is not None:
            return self._imap
        cfg = self.cfg
        try:
            if cfg.security == "tls":
                imap: imaplib.IMAP4 = imaplib.IMAP4_SSL(
                    cfg.host, cfg.port, ssl_context=self._context(), timeout=TIMEOUT
                )
            else:
                imap = imaplib.IMAP4(cfg.host, cfg.port, timeout=TIMEOUT)
                if cfg.security == "starttls":
                    imap.starttls(ssl_context=self._context())
        except ssl.SSLCertVerificationError as exc:
            raise ConfigError(
                f"{self.where}: the server's certificate is not trusted: {exc.verify_message}",
                hint="Use the name the certificate is for in imap.host; turn imap.verify off only for "
                "a test server you run yourself.",
            ) from None
        except ssl.SSLError as exc:
            raise ConfigError(
                f"{self.where}: TLS failed: {exc.reason or exc}",
                hint='Port 993 wants imap.security = "tls", port 143 "starttls".',
            ) from None
        except (imaplib.IMAP4.error, OSError) as exc:
            raise ConfigError(
                f"{self.where}: cannot connect: {_said(exc.args[0] if exc.args else exc) or exc}",
                hint="Check imap.host, imap.port and imap.security.",
            ) from None
        try:
            imap.login(cfg.user, self._password or "")
        except (imaplib.IMAP4.error, OSError) as exc:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                imap.shutdown()
            said = _said(exc.args[0] if exc.args else exc)
            raise ConfigError(
                f"{self.where} refused the login of {cfg.user!r}: {said}",
                hint="Check imap.user and the password (an app password for Gmail).",
            ) from None
        self._imap = imap
        return imap

    def _check(self, typ: str, data: object, doing: str) -> None:
        if typ != "OK":
            raise FoilbotError(f"{self.where}: {doing}: {_said(data)}")

    def open(self, folder: str, *, writable: bool = False) -> int:
        """Open a folder (EXAMINE, or SELECT when `writable`); returns its UIDVALIDITY.

        Raises:
            ConfigError: no such folder (names it).
        """
        imap = self.connect()
        try:
            typ, data = imap.select(quoted(folder), readonly=not writable)
        except imaplib.IMAP4.error as exc:
            typ, data = "NO", [str(exc).encode()]
        if typ != "OK":
            raise ConfigError(
                f"{self.where}: cannot open folder {folder!r}: {_said(data)}",
                hint="Check imap.folder / imap.sent_folder (Gmail: [Gmail]/Sent Mail).",
            )
        _, validity = imap.response("UIDVALIDITY")
        self.folder, self.writable = folder, writable
        return int(validity[0]) if validity and validity[0] else 0

    def require(self, folder: str) -> None:
        """Check that a folder exists.

        Raises:
            ConfigError: it does not (names it).
        """
        imap = self.connect()
        typ, data = imap.list('""', quoted(folder))
        if typ != "OK" or not [d for d in data if d]:
            raise ConfigError(
                f"{self.where}: no folder {folder!r}", hint="Create it in your mail program first."
            )

    def uids_after(self, last: int) -> list[int]:
        """UIDs of the open folder above `last`, ascending (`N:*` also names the highest UID, which
        may be below N: RFC 3501 § 6.4.8, so it is filtered)."""
        imap = self.connect()
        typ, data = imap.uid("SEARCH", "UID", f"{last + 1}:*")
        self._check(typ, data, "UID SEARCH")
        found = {int(u) for u in b" ".join(d for d in data if isinstance(d, bytes)).split()}
        return sorted(u for u in found if u > last)

    def fetch(self, uids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        """(UID, the whole message) for each UID, in batches; BODY.PEEK leaves \\Seen alone."""
        imap = self.connect()
        for start in range(0, len(uids), BATCH):
            chunk = uids[start : start + BATCH]
            typ, data = imap.uid("FETCH", _uid_set(chunk), "(UID BODY.PEEK[])")
            self._check(typ, data, "UID FETCH")
            got: dict[int, bytes] = {}
            for item in data:
                if isinstance(item, tuple) and len(item) == 2:
                    found = _UID.search(item[0])
                    if found:
                        got[int(found.group(1))] = item[1]
            for uid in chunk:
                if uid in got:  # a message expunged meanwhile is simply not there
                    yield uid, got[uid]

    def search_header(self, name: str, value: str) -> list[int]:
        """UIDs of the open folder's messages whose header `name` contains `value`."""
        imap = self.connect()
        typ, data = imap.uid("SEARCH", "HEADER", name, quoted(value))
        self._check(typ, data, "UID SEARCH HEADER")
        return sorted({int(u) for u in b" ".join(d for d in data if isinstance(d, bytes)).split()})

    def move(self, uids: Sequence[int], target: str) -> None:
        """Move messages of the open (writable) folder to `target`: UID MOVE (RFC 6851) when the
        server has it, else COPY, flag \\Deleted and expunge (only those UIDs with UIDPLUS).

        Raises:
            FoilbotError: the server refused (names the folder).
        """
        if not uids:
            return
        assert self.writable, "move needs a folder opened writable"
        imap = self.connect()
        uid_set = _uid_set(uids)
        if "MOVE" in imap.capabilities:
            typ, data = imap.uid("MOVE", uid_set, quoted(target))
            self._check(typ, data, f"moving to {target!r}")
            return
        typ, data = imap.uid("COPY", uid_set, quoted(target))
        self._check(typ, data, f"copying to {target!r}")
        typ, data = imap.uid("STORE", uid_set, "+FLAGS.SILENT", "(\\Deleted)")
        self._check(typ, data, "flagging moved messages")
        if "UIDPLUS" in imap.capabilities:
            typ, data = imap.uid("EXPUNGE", uid_set)
        else:
            typ, data = imap.expunge()
        self._check(typ, data, "expunging moved messages")
