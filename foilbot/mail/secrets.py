"""The SMTP and IMAP passwords: FOILBOT_SMTP_PASSWORD / FOILBOT_IMAP_PASSWORD, else the system
keyring; never a setting, never stored, logged or printed."""

from __future__ import annotations

import os

from foilbot.errors import ConfigError

KEYRING_SERVICE = "foilbot-smtp"
ENV = "FOILBOT_SMTP_PASSWORD"
IMAP_KEYRING_SERVICE = "foilbot-imap"
IMAP_ENV = "FOILBOT_IMAP_PASSWORD"


def _password(user: str, env: str, service: str, setting: str) -> str | None:
    if not user:
        return None
    if os.environ.get(env):
        return os.environ[env]
    try:
        import keyring

        found = keyring.get_password(service, user)
    except Exception:  # no keyring library or backend on this machine: only the variable is left
        found = None
    if found:
        return str(found)
    raise ConfigError(
        f"{setting} is {user!r} but no password was found",
        hint=f"Set {env}, or store it once with: keyring set {service} {user} "
        "(pip install 'foilbot[keyring]').",
    )


def smtp_password(user: str) -> str | None:
    """The SMTP password for `user`, or None when no login is configured.

    Raises:
        ConfigError: a login is configured but no password can be found (says where to put one).
    """
    return _password(user, ENV, KEYRING_SERVICE, "smtp.user")


def imap_password(user: str) -> str | None:
    """The IMAP password for `user` (FOILBOT_IMAP_PASSWORD, else the keyring service foilbot-imap).

    Raises:
        ConfigError: no password can be found (says where to put one).
    """
    return _password(user, IMAP_ENV, IMAP_KEYRING_SERVICE, "imap.user")
