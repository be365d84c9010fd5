"""Handing messages to an SMTP server: one connection for a batch, retries for temporary failures.

Three outcomes matter for "never sent twice" (issue 11): the server said yes; it said no for good (5xx)
or the retries ran out on temporary refusals (4xx, dropped connections before the message was handed
over); or nobody knows — the connection died while the server was taking the message. Only the first
two are certain; the third is `Uncertain` and must be reconciled, never retried blindly.
"""

from __future__ import annotations

import contextlib
import re
import smtplib
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from types import TracebackType

from foilbot.config import SmtpSettings
from foilbot.errors import ConfigError

TIMEOUT = 60


class SendFailure(Exception):
    """The server refused this message; `permanent` for a 5xx reply, else retries ran out."""

    def __init__(self, words: str, *, permanent: bool) -> None:
        super().__init__(words)
        self.words = words
        self.permanent = permanent


class Uncertain(Exception):
    """The connection broke while the server was taking the message: it may have been accepted."""


class _Temporary(Exception):
    pass


def _words(code: int, text: bytes | str) -> str:
    said = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {' '.join(said.split())}".strip()


def _refused(code: int, text: bytes | str) -> Exception:
    return SendFailure(_words(code, text), permanent=True) if code >= 500 else _Temporary(_words(code, text))


@dataclass(frozen=True)
class Sent:
    attempts: int


class Sender:
    """A connection to the configured server, opened on first use and re-opened after a drop."""

    def __init__(
        self,
        cfg: SmtpSettings,
        password: str | None,
        *,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.cfg = cfg
        self._password = password
        self._sleep = sleep
        self._smtp: smtplib.SMTP | None = None
        self._last_sent: float | None = None

    def __enter__(self) -> Sender:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:  # a Ctrl-C or a failure mid-conversation: a QUIT would wait on the server it left waiting
            self._drop()

    def close(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._smtp.quit()
            self._smtp = None

    def _drop(self) -> None:
        if self._smtp is not None:
            with contextlib.suppress(OSError):
                self._smtp.close()
            self._smtp = None

    def _context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if not self.cfg.verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        return context

    def _connect(self) -> smtplib.SMTP:
        cfg = self.cfg
        try:
            if cfg.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                    cfg.host, cfg.port, timeout=TIMEOUT, context=self._context()
                )
            else:
                smtp = smtplib.SMTP(cfg.host, cfg.port, timeout=TIMEOUT)
                if cfg.security == "starttls":
                    smtp.starttls(context=self._context())
            smtp.ehlo_or_helo_if_needed()
            if cfg.user:
                smtp.login(cfg.user, self._password or "")
        except smtplib.SMTPAuthenticationError as exc:
            said = _words(exc.smtp_code, exc.smtp_error)
            raise ConfigError(
                f"smtp: {cfg.host}:{cfg.port} refused the login of {cfg.user!r}: {said}",
                hint="Check smtp.user and the password (an app password for Gmail or Microsoft 365).",
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            raise ConfigError(
                f"smtp: {cfg.host}:{cfg.port}: {exc}",
                hint="Set smtp.security to tls or starttls as the server needs.",
            ) from None
        except ssl.SSLError as exc:
            raise ConfigError(
                f"smtp: {cfg.host}:{cfg.port}: TLS failed: {exc.reason or exc}",
                hint='Port 465 wants smtp.security = "tls", port 587 "starttls".',
            ) from None
        except smtplib.SMTPResponseException as exc:
            raise _refused(exc.smtp_code, exc.smtp_error) from None
        except (smtplib.SMTPException, OSError) as exc:
            raise _Temporary(f"cannot reach {cfg.host}:{cfg.port}: {exc}") from None
        self._smtp = smtp
        return smtp

    def _pace(self) -> None:
        if self.cfg.rate and self._last_sent is not None:
            wait = 60.0 / self.cfg.rate - (time.monotonic() - self._last_sent)
            if wait > 0:
                self._sleep(wait)

    def send(
        self,
        msg: EmailMessage | bytes,
        sender: str,
        recipient: str,
        *,
        before_end: Callable[[], None] | None = None,
    ) -> Sent:
        """Hand one message over (or its bytes, as kept); retries temporary failures with backoff
        (backoff, 2×, 4×… seconds).

        `before_end` runs just before the message's last line (the lone "." that ends DATA) goes to the
        server: until then the server cannot have taken it. When it raises, the connection is dropped
        without that line (the server discards the message) and its exception goes up.

        Raises:
            SendFailure: refused for good (5xx), or still refused after the retries.
            Uncertain: the connection broke while the server was taking the message.
            ConfigError: the server refused the login or TLS (the whole batch stops).
        """
        self._pace()
        data = msg if isinstance(msg, bytes) else msg.as_bytes()
        last = ""
        for attempt in range(self.cfg.retries + 1):
            if attempt:
                self._sleep(self.cfg.backoff * 2 ** (attempt - 1))
            try:
                self._transmit(self._smtp or self._connect(), data, sender, recipient, before_end)
            except _Temporary as exc:
                self._drop()
                last = str(exc)
                continue
            self._last_sent = time.monotonic()
            return Sent(attempt + 1)
        raise SendFailure(f"{last} (after {self.cfg.retries + 1} attempts)", permanent=False)

    def _transmit(
        self,
        smtp: smtplib.SMTP,
        data: bytes,
        sender: str,
        recipient: str,
        before_end: Callable[[], None] | None = None,
    ) -> None:
        text: bytes | str
        try:
            code, text = smtp.mail(sender)
            if code != 250:
                smtp.rset()
                raise _refused(code, text)
            code, text = smtp.rcpt(recipient)
            if code not in (250, 251):
                smtp.rset()
                raise _refused(code, text)
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise _Temporary(f"connection dropped: {exc or 'closed by the server'}") from None
        except UnicodeEncodeError:  # smtplib sends addresses as ASCII (no SMTPUTF8): refused, not a crash
            self._rset_or_drop()
            raise SendFailure(
                f"the address {recipient!r} or {sender!r} is not plain ASCII; mail cannot be sent to it",
                permanent=True,
            ) from None
        try:
            code, text = smtp.docmd("data")
            if code == 354:
                # The message, dot-stuffed (RFC 5321 section 4.5.2), as smtplib's data() sends it,
                # but without its last line: the server cannot take a message it has not seen end.
                body = re.sub(rb"(?m)^\.", b"..", data)
                smtp.send(body if body.endswith(b"\r\n") else body + b"\r\n")
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise _Temporary(f"connection dropped: {exc or 'closed by the server'}") from None
        if code != 354:  # a definite answer: DATA refused, the message was not taken
            self._rset_or_drop()
            raise _refused(code, text)
        if before_end is not None:
            try:
                before_end()
            except BaseException:
                self._drop()  # a connection closed mid-message: the server discards it
                raise
        try:
            smtp.send(b".\r\n")
            code, text = smtp.getreply()
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise Uncertain(f"connection lost while the server was taking the message: {exc}") from None
        if code != 250:
            self._rset_or_drop()
            raise _refused(code, text)

    def _rset_or_drop(self) -> None:
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()
