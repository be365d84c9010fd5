"""The sandboxed Jinja environment: its filters and the ``required`` check.

Templates render in :class:`jinja2.sandbox.SandboxedEnvironment` with ``StrictUndefined`` and
autoescaping, so every value that comes from data is escaped exactly once and never evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.errors import TemplateError

if TYPE_CHECKING:
    import jinja2

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def number_words(n: int) -> str:
    """5 -> 'five'; the statutory style 'five (5) business days' uses it with the figure."""
    if not 0 <= n < 1000:
        return str(n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    hundreds, rest = divmod(n, 100)
    return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")


def words_and_figure(n: int) -> str:
    return f"{number_words(int(n))} ({int(n)})"


def long_date(value: date | datetime | None) -> str:
    """November 3, 2026: the form used in US correspondence."""
    if value is None:
        raise TemplateError("a date the letter needs is missing")
    return f"{value:%B} {value.day}, {value.year}"


def statute(citation: str) -> str:
    """A whole law's citation without the reviewer's parenthetical: 'Cal. Gov. Code §§ 7920.000-7931.000'."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", citation or "").strip()


def money(value: int | float) -> str:
    return f"${value:,.2f}"


def _required(ctx: Any, value: Any, variable: str) -> Any:
    """``{{ requester.name|required("requester.name") }}``: an empty value stops the letter."""
    if value is None or (isinstance(value, (str, tuple, list)) and not value):
        raise TemplateError(
            f"{ctx.name}: {variable} is empty; a signed letter cannot leave it blank",
            hint=_REQUIRED_HINTS.get(variable.split(".")[0], "Supply the value."),
        )
    return value


_REQUIRED_HINTS = {
    "requester": "Set it in [requester] in foilbot.toml (or FOILBOT_REQUESTER_* variables).",
    "agency": "Complete the agency's row (foilbot agency import).",
    "history": "Record the event first (foilbot request log).",
}


def make_environment(dirs: Iterable[Path]) -> jinja2.Environment:
    """The sandboxed environment: StrictUndefined, autoescape for every template, no file access."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in dirs]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # every letter is HTML; text is derived from it
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(
        words=number_words,
        wordsnum=words_and_figure,
        longdate=long_date,
        money=money,
        statute=statute,
        required=jinja2.pass_context(_required),
    )
    return env
