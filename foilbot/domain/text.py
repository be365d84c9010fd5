"""Text people type or import, checked once: a NUL byte is refused everywhere (SQLite stores it and
PostgreSQL refuses it, so the same workspace would behave differently on the two)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from foilbot.errors import UsageError, ValidationError


def nul_problem(value: object) -> str | None:
    """Why `value` (text, or a list of texts) cannot be stored, or None."""
    texts = value if isinstance(value, (list, tuple)) else [value]
    if any(isinstance(t, str) and "\x00" in t for t in texts):
        return "contains a NUL byte (\\0); remove it"
    return None


def control_problem(value: object, *, lines: bool = True) -> str | None:
    """Why `value` (text, or a list of texts) holds a character no one types: a control character (ESC
    starts a terminal command; they reached CSV output and terminals as stored) or a bidirectional
    override; and, where `lines` is False (a name, an email), a line break. Tab is kept; so are line
    breaks where `lines`. None when it is clean."""
    texts = value if isinstance(value, (list, tuple)) else [value]
    for text in texts:
        if not isinstance(text, str):
            continue
        if not lines and ("\n" in text or "\r" in text):
            return "holds a line break; put it on one line"
        found = _UNPRINTABLE.search(text.replace("\r", "") if lines else text)
        if found is not None:
            return f"holds the control character U+{ord(found.group(0)):04X}; remove it"
    return None


def check_texts(pairs: Iterable[tuple[str, object]]) -> None:
    """Raises ValidationError naming the first (option, value) that holds a NUL byte or a control
    character (line breaks and tabs are kept)."""
    for what, value in pairs:
        problem = nul_problem(value) or control_problem(value)
        if problem:
            raise ValidationError(f"{what}: {problem}")


# The largest row id the tables hold (an INTEGER column: 32 bits on PostgreSQL).
MAX_ROW_ID = 2**31 - 1


def row_id(text: str) -> int | None:
    """The row id a person typed (ASCII digits within a database integer), else None.

    Anything else (`²`, `１`, `99999999999999999999`) is not a number to send to the database: callers
    look it up as a reference or name instead, and say it was not found.
    """
    value = text.strip()
    if not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if number <= MAX_ROW_ID else None


# Control characters (ESC starts a terminal command) and the bidirectional overrides and isolates that
# reorder the text around them: data printed into a letter loses them (a right-to-left override in an
# agency's name reversed the letter's own words in the PDF, issue 9). Tab and newline stay.
UNPRINTABLE = frozenset(
    [*range(0x00, 0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0)]
    + [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_UNPRINTABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(UNPRINTABLE)) + "]")


def printable(text: str) -> str:
    """``text`` without control and bidi-override characters (the stored value is not changed).

    A regular-expression search first: almost every text holds none, and `str.translate` with a dict
    looks up every character (7 s of a 100,000-request calendar, issue 14).
    """
    return _UNPRINTABLE.sub("", text) if _UNPRINTABLE.search(text) else text


# A campaign's name becomes part of file names (NAME-scorecard.html, NAME-labels.pdf) and of the page
# published from it: a name with a path part (`../../x`) or a terminal escape reached them (issue 9).
CAMPAIGN_NAME_RULE = (
    "ASCII letters, digits, '-', '_' and '.', starting with a letter or digit, at most 80 characters"
)
_CAMPAIGN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")


def check_campaign_name(name: str) -> None:
    """Raises UsageError for a new campaign name outside CAMPAIGN_NAME_RULE, saying the rule."""
    if not _CAMPAIGN_NAME.fullmatch(name):
        raise UsageError(
            f"campaign name {name!r}: use {CAMPAIGN_NAME_RULE}", hint="For example: cameras-2026"
        )


def file_stem(name: str) -> str:
    """A campaign's name as the start of a file name: itself when it keeps the rule, else (a name
    stored before the rule, or imported) its runs of other characters as `-`, never a path part."""
    if _CAMPAIGN_NAME.fullmatch(name):
        return name
    return re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip(".-")[:80] or "campaign"
