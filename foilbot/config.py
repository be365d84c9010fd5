"""Effective settings: defaults, then foilbot.toml, then FOILBOT_* variables, then command-line options.

Each value remembers where it came from, so `foilbot config show` can answer "why is this set?".
No secret is ever written anywhere by this module; database URLs are masked when shown.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from foilbot.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_NAME = "foilbot.toml"
DEFAULT_DATABASE_URL = "sqlite:///requests.db"
REQUESTER_FIELDS = ("name", "organization", "address", "email", "phone", "signature")

# Every setting: dotted key -> (environment variable, default, type).
SETTINGS: dict[str, tuple[str, Any, type]] = {
    "database.url": ("FOILBOT_DATABASE_URL", DEFAULT_DATABASE_URL, str),
    "requester.name": ("FOILBOT_REQUESTER_NAME", "", str),
    "requester.organization": ("FOILBOT_REQUESTER_ORGANIZATION", "", str),
    "requester.address": ("FOILBOT_REQUESTER_ADDRESS", "", str),
    "requester.email": ("FOILBOT_REQUESTER_EMAIL", "", str),
    "requester.phone": ("FOILBOT_REQUESTER_PHONE", "", str),
    "requester.signature": ("FOILBOT_REQUESTER_SIGNATURE", "", str),
    "letters.templates_dir": ("FOILBOT_TEMPLATES_DIR", "", str),
    "letters.fee_limit": ("FOILBOT_FEE_LIMIT", 25, int),
    "deadlines.mail_days": ("FOILBOT_MAIL_DAYS", 3, int),
    "files.dir": ("FOILBOT_FILES_DIR", "", str),
    "user.name": ("FOILBOT_USER", "", str),
    # Sending by email (issue 11). The password is not a setting: FOILBOT_SMTP_PASSWORD or the keyring.
    "smtp.host": ("FOILBOT_SMTP_HOST", "", str),
    "smtp.port": ("FOILBOT_SMTP_PORT", 587, int),
    "smtp.security": ("FOILBOT_SMTP_SECURITY", "starttls", str),
    "smtp.verify": ("FOILBOT_SMTP_VERIFY", True, bool),
    "smtp.user": ("FOILBOT_SMTP_USER", "", str),
    "smtp.from_address": ("FOILBOT_SMTP_FROM", "", str),
    "smtp.rate": ("FOILBOT_SMTP_RATE", 20, int),
    "smtp.retries": ("FOILBOT_SMTP_RETRIES", 3, int),
    "smtp.backoff": ("FOILBOT_SMTP_BACKOFF", 5, int),
    "smtp.lease": ("FOILBOT_SMTP_LEASE", 60, int),
    "inbox.max_attachment_mb": ("FOILBOT_INBOX_MAX_ATTACHMENT_MB", 100, int),
    # Fetching replies, and finding sent requests in the Sent folder (issue 11). The password is not a
    # setting either: FOILBOT_IMAP_PASSWORD or the keyring.
    "imap.host": ("FOILBOT_IMAP_HOST", "", str),
    "imap.port": ("FOILBOT_IMAP_PORT", 993, int),
    "imap.security": ("FOILBOT_IMAP_SECURITY", "tls", str),
    "imap.verify": ("FOILBOT_IMAP_VERIFY", True, bool),
    "imap.user": ("FOILBOT_IMAP_USER", "", str),
    "imap.folder": ("FOILBOT_IMAP_FOLDER", "INBOX", str),
    "imap.sent_folder": ("FOILBOT_IMAP_SENT_FOLDER", "Sent", str),
}
SMTP_SECURITY = ("starttls", "tls", "none")


@dataclass(frozen=True)
class Requester:
    """The identity letters are signed with ([requester] in foilbot.toml)."""

    name: str = ""
    organization: str = ""
    address: str = ""
    email: str = ""
    phone: str = ""
    signature: str = ""

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]


@dataclass(frozen=True)
class Setting:
    key: str
    value: Any
    source: str  # "default", a file path, an environment variable name, or "--db"


@dataclass(frozen=True)
class Settings:
    values: dict[str, Setting] = field(default_factory=dict)
    config_file: Path | None = None

    def get(self, key: str) -> Any:
        return self.values[key].value

    def with_values(self, overrides: Mapping[str, Any], source: str = "code") -> Settings:
        """These settings with some replaced (the Python API's `overrides`), checked like a file's.

        Raises:
            ConfigError: an unknown key or a value of the wrong type.
        """
        values = dict(self.values)
        for key, value in overrides.items():
            if key not in SETTINGS:
                raise ConfigError(f"{source}: unknown setting {key!r}", hint=f"Known: {', '.join(SETTINGS)}.")
            values[key] = Setting(key, _coerce(key, value, SETTINGS[key][2], source), source)
        return Settings(values=values, config_file=self.config_file)

    @property
    def database_url(self) -> str:
        return str(self.get("database.url"))

    @property
    def requester(self) -> Requester:
        return Requester(**{f: str(self.get(f"requester.{f}")) for f in REQUESTER_FIELDS})

    @property
    def templates_dir(self) -> Path | None:
        raw = str(self.get("letters.templates_dir"))
        return Path(raw).expanduser() if raw else None

    @property
    def user(self) -> str:
        """Who is doing this, as the change log records it: user.name, else the operating-system user."""
        name = str(self.get("user.name")).strip()
        if name:
            return name
        import getpass

        try:
            return getpass.getuser()
        except (KeyError, OSError):  # no login name (a container without a passwd entry)
            return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"

    @property
    def fee_limit(self) -> int:
        return int(self.get("letters.fee_limit"))

    @property
    def mail_days(self) -> int:
        return int(self.get("deadlines.mail_days"))

    @property
    def files_dir(self) -> Path:
        """Where attachments live: files.dir, else beside a SQLite file (requests.files/), else the
        user data folder."""
        raw = str(self.get("files.dir"))
        if raw:
            return Path(raw).expanduser()
        prefix = "sqlite:///"
        url = self.database_url
        if url.startswith(prefix) and len(url) > len(prefix):
            db = Path(url[len(prefix) :].split("?", 1)[0])
            return db.with_name(db.stem + ".files")
        from platformdirs import user_data_dir

        return Path(user_data_dir("foilbot")) / "files"


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how requests are sent by email ([smtp] in foilbot.toml); never holds the password."""

    host: str
    port: int
    security: str  # starttls | tls | none
    verify: bool
    user: str
    from_address: str
    rate: int  # messages a minute in a batch; 0: no limit
    retries: int
    backoff: int  # seconds before the first retry; doubled each time
    # Seconds a run holds a request it is sending without being heard from (renewed every quarter of
    # it): past that, another run takes the request over (services/send_lease.py, issue 13).
    lease: int = 60


def smtp_settings(settings: Settings) -> SmtpSettings:
    return SmtpSettings(
        host=str(settings.get("smtp.host")),
        port=int(settings.get("smtp.port")),
        security=str(settings.get("smtp.security")),
        verify=bool(settings.get("smtp.verify")),
        user=str(settings.get("smtp.user")),
        from_address=str(settings.get("smtp.from_address")),
        rate=int(settings.get("smtp.rate")),
        retries=int(settings.get("smtp.retries")),
        backoff=int(settings.get("smtp.backoff")),
        lease=int(settings.get("smtp.lease")),
    )


@dataclass(frozen=True)
class ImapSettings:
    """The mailbox replies are fetched from ([imap] in foilbot.toml); never holds the password."""

    host: str
    port: int
    security: str  # tls | starttls | none
    verify: bool
    user: str
    folder: str
    sent_folder: str


def imap_settings(settings: Settings) -> ImapSettings:
    return ImapSettings(
        host=str(settings.get("imap.host")),
        port=int(settings.get("imap.port")),
        security=str(settings.get("imap.security")),
        verify=bool(settings.get("imap.verify")),
        user=str(settings.get("imap.user")),
        folder=str(settings.get("imap.folder")),
        sent_folder=str(settings.get("imap.sent_folder")),
    )


def user_config_path() -> Path:
    """The per-user config file (platformdirs), used when the working folder has none."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("foilbot")) / CONFIG_NAME


def find_config_file(cwd: Path | None = None) -> Path | None:
    """FOILBOT_CONFIG, else ./foilbot.toml, else the user config folder, else nothing."""
    explicit = os.environ.get("FOILBOT_CONFIG")
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ConfigError(f"FOILBOT_CONFIG: no such file: {path}", hint="Unset it or point it at a file.")
        return path
    local = (cwd or Path.cwd()) / CONFIG_NAME
    if local.is_file():
        return local
    user = user_config_path()
    return user if user.is_file() else None


# A settings file is a few lines; one larger than this is not one (FOILBOT_CONFIG=/dev/zero).
MAX_CONFIG_BYTES = 1_000_000


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_CONFIG_BYTES + 1)
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a settings file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: larger than 1 MB; not a foilbot.toml", hint="Check FOILBOT_CONFIG.")
    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}:{line}: not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            hint="A foilbot.toml is a UTF-8 text file (see docs/reference/configuration.md).",
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"{path}: {exc}", hint="Fix the TOML syntax (see docs/reference/configuration.md)."
        ) from None


# Whole-number settings and the values that make sense for them (a fee limit of -5 or 10**12 dollars,
# or mail that takes a year, is a typo).
RANGES = {
    "letters.fee_limit": (0, 1_000_000),
    "deadlines.mail_days": (0, 30),
    "smtp.port": (1, 65535),
    "smtp.rate": (0, 10_000),
    "smtp.retries": (0, 10),
    "smtp.backoff": (0, 600),
    "smtp.lease": (1, 3600),
    "inbox.max_attachment_mb": (1, 10_000),
    "imap.port": (1, 65535),
}
CHOICES = {"smtp.security": SMTP_SECURITY, "imap.security": SMTP_SECURITY}


def _coerce(key: str, value: Any, kind: type, origin: str) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in ("true", "yes", "1", "on"):
            return True
        if word in ("false", "no", "0", "off"):
            return False
        raise ConfigError(f"{origin}: {key}: expected true or false, got {value!r}")
    if kind is int:
        try:
            if isinstance(value, bool):  # TOML `true` is not 1 day of mail
                raise ValueError(value)
            if isinstance(value, float) and not value.is_integer():  # 2.5, nan, inf (TOML has them)
                raise ValueError(value)
            number = int(value)
        except (TypeError, ValueError, OverflowError):
            raise ConfigError(f"{origin}: {key}: expected a whole number, got {value!r}") from None
        low, high = RANGES.get(key, (0, 10**9))
        if not low <= number <= high:
            raise ConfigError(f"{origin}: {key}: {number} is out of range; use {low} to {high}")
        return number
    if not isinstance(value, str):
        raise ConfigError(f"{origin}: {key}: expected text, got {value!r}")
    if key in CHOICES and value not in CHOICES[key]:
        raise ConfigError(f"{origin}: {key}: {value!r}; use one of {', '.join(CHOICES[key])}")
    return value


def _relative_to(path_value: str, base: Path) -> str:
    """Paths in a config file are relative to that file, as users expect."""
    if not path_value:
        return path_value
    p = Path(path_value).expanduser()
    return str(p if p.is_absolute() else (base / p))


def load_settings(*, database_url: str | None = None, cwd: Path | None = None) -> Settings:
    """Resolve every setting with its source.

    Args:
        database_url: the global ``--db`` option, which beats everything else.
        cwd: where to look for ``foilbot.toml`` (the working folder by default).

    Raises:
        ConfigError: unreadable file, unknown key or a value of the wrong type.
    """
    path = find_config_file(cwd)
    data = _read_toml(path) if path else {}
    known_tables = {key.split(".")[0] for key in SETTINGS}
    for table, content in data.items():
        if table not in known_tables or not isinstance(content, dict):
            raise ConfigError(
                f"{path}: unknown table [{table}]", hint=f"Known tables: {', '.join(sorted(known_tables))}."
            )
        for name in content:
            if f"{table}.{name}" not in SETTINGS:
                raise ConfigError(f"{path}: [{table}] unknown key {name!r}")

    values: dict[str, Setting] = {}
    for key, (env, default, kind) in SETTINGS.items():
        table, name = key.split(".")
        setting = Setting(key, default, "default")
        if path and name in data.get(table, {}):
            value = _coerce(key, data[table][name], kind, str(path))
            if key in ("requester.signature", "letters.templates_dir", "files.dir"):
                value = _relative_to(value, path.parent)
            setting = Setting(key, value, str(path))
        if env in os.environ:
            setting = Setting(key, _coerce(key, os.environ[env], kind, env), env)
        values[key] = setting
    if database_url:
        values["database.url"] = Setting("database.url", database_url, "--db")
    return Settings(values=values, config_file=path)


def mask_url(url: str) -> str:
    """Hide a password in a database URL before it is shown or logged: the `user:PASSWORD@` part and
    any `password=` (or `passwd=`, `pwd=`) query parameter, also in a URL too malformed to parse."""
    import re

    url = re.sub(r"(?i)([?&;](?:password|passwd|pwd|sslpassword)=)[^&;#]*", r"\1***", url)
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    creds, _, host = rest.rpartition("@")
    user, colon, _password = creds.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}"
