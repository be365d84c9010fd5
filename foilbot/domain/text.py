"""Text people type or import, checked once: a NUL byte is refused everywhere (SQLite stores it and
PostgreSQL refuses it, so the same workspace would behave differently on the two)."""

from __future__ import annotations

from collections.abc import Iterable

from foilbot.errors import ValidationError


def nul_problem(value: object) -> str | None:
    """Why `value` (text, or a list of texts) cannot be stored, or None."""
    texts = value if isinstance(value, (list, tuple)) else [value]
    if any(isinstance(t, str) and "\x00" in t for t in texts):
        return "contains a NUL byte (\\0); remove it"
    return None


def check_texts(pairs: Iterable[tuple[str, object]]) -> None:
    """Raises ValidationError naming the first (option, value) that holds a NUL byte."""
    for what, value in pairs:
        problem = nul_problem(value)
        if problem:
            raise ValidationError(f"{what}: {problem}")
