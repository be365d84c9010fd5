"""Where the shipped agency directory and letter templates are: in an installed wheel, or a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_SHIPPED = _PACKAGE / "_shipped"
_CHECKOUT = _PACKAGE.parent


def shipped_agencies_csv() -> Path:
    """agencies.csv as installed (wheel) or at the top of a development checkout."""
    installed = _SHIPPED / "agencies.csv"
    return installed if installed.is_file() else _CHECKOUT / "agencies.csv"


def shipped_templates_dir() -> Path:
    """templates/letters as installed (wheel) or at the top of a development checkout."""
    installed = _SHIPPED / "templates" / "letters"
    return installed if installed.is_dir() else _CHECKOUT / "templates" / "letters"
