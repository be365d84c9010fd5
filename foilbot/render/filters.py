"""The sandboxed Jinja environment: its filters, the ``required`` check, a loader that stays in its folders.

Templates render in :class:`jinja2.sandbox.SandboxedEnvironment` with ``StrictUndefined`` and
autoescaping, so every value that comes from data is escaped exactly once and never evaluated. The
loader resolves every template path (links, ``..``) and refuses one that leads outside its templates
folder, so ``{% include "sub/pw.html.j2" %}`` with ``sub`` a link to ``/etc`` reads nothing (issue 9).
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


# A section citation: "§ 89(3)(a)", "§§ 84-90", "§ 552.221(a)", with "5 U.S.C." before it when there.
_CITATION = re.compile(
    r"(?:\b\d+[ \u00a0]U\.S\.C\.[ \u00a0])?"  # a title of the U.S. Code
    r"§§?[ \u00a0]*[0-9](?:[0-9A-Za-z.:\-–]*[0-9A-Za-z])?"  # the section(s): 89, 552.221, 84-90
    r"(?:\([0-9A-Za-z]+\))*"  # its subdivisions: (3)(a)
)
_TAG = re.compile(r"(<[^>]*>)")
CITATION_SPAN = '<span class="citation" style="white-space: nowrap">'


def citations(html: str) -> str:
    """Every section citation in a letter's text kept on one line (issue 9: "§ 89(3)" then "(a)").

    A no-break space after "§" is not enough: a line may still break between ")(" of "89(3)(a)". Each
    citation in the text of the body, whether the template wrote it or it came from the law data
    (laws.yaml, a denial's exemptions), is wrapped in a `white-space: nowrap` span; the style is
    inline so a user's own letter.css cannot lose it. Tags, attributes and the <head> are left alone.
    """
    start = html.find("<body")
    head, body = (html[:start], html[start:]) if start >= 0 else ("", html)
    parts = _TAG.split(body)
    raw = False  # inside <style> or <script>
    for i, part in enumerate(parts):
        if i % 2:
            low = part.lower()
            raw = low.startswith(("<style", "<script")) or (
                raw and not low.startswith(("</style", "</script"))
            )
        elif not raw and "§" in part:
            parts[i] = _CITATION.sub(lambda m: f"{CITATION_SPAN}{m.group(0)}</span>", part)
    return head + "".join(parts)


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


def inside(root: Path, path: Path, name: str) -> Path:
    """``path`` with links resolved, when it stays inside the templates folder ``root``.

    Raises:
        TemplateError: the file resolves outside ``root`` (a link out of the folder).
    """
    resolved = path.resolve()
    if not resolved.is_relative_to(root.resolve()):
        raise TemplateError(
            f"{name}: resolves to {resolved}, outside the templates folder {root}; not reading it",
            hint="Templates, topics and letter.css must be files inside their folder, not links out of it.",
        )
    return resolved


def _loader(dirs: Iterable[Path]) -> jinja2.BaseLoader:
    import jinja2
    from jinja2.loaders import split_template_path

    class FolderLoader(jinja2.FileSystemLoader):
        """FileSystemLoader that refuses a template whose real path is outside its folder."""

        def get_source(self, environment: jinja2.Environment, template: str) -> Any:
            pieces = split_template_path(template)
            for folder in self.searchpath:
                candidate = Path(folder, *pieces)
                if candidate.is_file():
                    inside(Path(folder), candidate, template)
                    break
            return super().get_source(environment, template)

    return FolderLoader([str(d) for d in dirs])


# The largest string or list a template may make with `*`, and the largest power it may raise a number
# to: `{{ 'x' * 10**10 }}` or `{{ 10**10**8 }}` in a user's template is refused, not left to fill the
# memory or run for hours (issue 9). A letter is a few thousand characters.
MAX_SEQUENCE = 1_000_000
MAX_EXPONENT = 1_000


def _bounded_binop(operator: str, left: Any, right: Any) -> Any:
    from jinja2.sandbox import SecurityError

    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            sized = isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int)
            if sized and len(seq) * max(times, 0) > MAX_SEQUENCE:
                raise SecurityError(f"a repeated text or list longer than {MAX_SEQUENCE:,} items")
        return left * right
    if isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT and left not in (0, 1, -1):
        raise SecurityError(f"a power larger than {MAX_EXPONENT}")
    return left**right


def _printable(value: Any) -> Any:
    from foilbot.domain.text import printable

    return printable(value) if isinstance(value, str) else value


def make_environment(dirs: Iterable[Path]) -> jinja2.Environment:
    """The sandboxed environment: StrictUndefined, autoescape for every template, no file outside
    ``dirs``, no `*` or `**` that would make a huge value, no `lipsum` (a letter has no use for it)."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    class LetterSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            return _bounded_binop(operator, left, right)

    env = LetterSandbox(
        loader=_loader(dirs),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # every letter is HTML; text is derived from it
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        finalize=_printable,  # every {{ value }}: no control or bidi-override character reaches a letter
    )
    env.filters.update(
        words=number_words,
        wordsnum=words_and_figure,
        longdate=long_date,
        money=money,
        statute=statute,
        required=jinja2.pass_context(_required),
    )
    env.globals.pop("lipsum", None)
    return env
