"""Handing messages to an SMTP server: one connection for a batch, retries for temporary failures.

Three outcomes matter for "never sent twice" (issue 11): the server said yes; it said no for good (5xx)
or the retries ran out on temporary refusals (4xx, dropped connections before the message was handed
over); or nobody knows — the connection died while the server was taking the message. Only the first
two are certain; the third is `Uncertain` and must be reconciled, never retried blindly.
"""

from __future__ import annotations

import contextlib
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
        self.close()

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

    def send(self, msg: EmailMessage | bytes, sender: str, recipient: str) -> Sent:
        """Hand one message over (or its bytes, as kept); retries temporary failures with backoff
        (backoff, 2×, 4×… seconds).

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
                self._transmit(self._smtp or self._connect(), data, sender, recipient)
            except _Temporary as exc:
                self._drop()
                last = str(exc)
                continue
            self._last_sent = time.monotonic()
            return Sent(attempt + 1)
        raise SendFailure(f"{last} (after {self.cfg.retries + 1} attempts)", permanent=False)

    def _transmit(self, smtp: smtplib.SMTP, data: bytes, sender: str, recipient: str) -> None:
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
        try:
            # smtplib raises only when DATA itself is refused; the answer to the message is returned.
            code, text = smtp.data(data)
        except smtplib.SMTPDataError as exc:  # a definite answer: the message was not taken
            code, text = exc.smtp_code, exc.smtp_error
        except (smtplib.SMTPException, OSError) as exc:
            self._drop()
            raise Uncertain(f"connection lost while the server was taking the message: {exc}") from None
        if code != 250:
            try:
                smtp.rset()
            except (smtplib.SMTPException, OSError):
                self._drop()
            raise _refused(code, text)
