"""The SMTP (and IMAP) password: FOILBOT_SMTP_PASSWORD, else the system keyring; never a setting."""

from __future__ import annotations

import os

from foilbot.errors import ConfigError

KEYRING_SERVICE = "foilbot-smtp"
ENV = "FOILBOT_SMTP_PASSWORD"


def smtp_password(user: str) -> str | None:
    """The password for `user`, or None when no login is configured.

    Raises:
        ConfigError: a login is configured but no password can be found (says where to put one).
    """
    if not user:
        return None
    if os.environ.get(ENV):
        return os.environ[ENV]
    try:
        import keyring

        found = keyring.get_password(KEYRING_SERVICE, user)
    except Exception:  # no keyring library or backend on this machine: only the variable is left
        found = None
    if found:
        return str(found)
    raise ConfigError(
        f"smtp.user is {user!r} but no password was found",
        hint=f"Set {ENV}, or store it once with: keyring set {KEYRING_SERVICE} {user} "
        "(pip install 'foilbot[keyring]').",
    )
