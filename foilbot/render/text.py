"""A letter's HTML as plain text, for an email body or a portal form.

Only the small HTML vocabulary the letter templates use is understood: block elements become
paragraphs wrapped at 76 columns, ``<ol>``/``<ul>`` items get their markers with a hanging indent,
``<blockquote>`` is indented, ``<br>`` breaks a line. Elements with the class ``pdf-only`` (the
signature line, the envelope window) are left out; ``text-only`` ones are hidden by the stylesheet in
HTML and PDF. Entities are decoded exactly once, so escaped data comes back literally.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser

WIDTH = 76
_PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "address", "blockquote", "table", "section", "header", "footer"}
_LINES = {"div", "tr", "dt", "dd"}
_SKIP = {"head", "style", "script", "title"}
_SPACE = re.compile(r"[ \t\r\n\f]+")  # not NBSP: "§\u00a05" stays on one line
_BR = "\x0b"  # a <br>; source newlines are ordinary whitespace
_VOID = {"br", "img", "meta", "link", "hr", "input"}


@dataclass
class _List:
    ordered: bool
    style: str
    count: int = 0


@dataclass
class _Converter(HTMLParser):
    out: list[str] = field(default_factory=list)
    buf: list[str] = field(default_factory=list)
    lists: list[_List] = field(default_factory=list)
    stack: list[tuple[str, bool]] = field(default_factory=list)  # (tag, hidden)
    quote: int = 0
    prefix: str = ""
    indent: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    @property
    def hidden(self) -> bool:
        return any(h for _, h in self.stack)

    def flush(self, blank: bool) -> None:
        text = "".join(self.buf)
        self.buf = []
        lines = [" ".join(_SPACE.split(part)).strip() for part in text.split(_BR)]
        if not any(lines):
            if blank and self.out and self.out[-1] != "":
                self.out.append("")
            return
        base = " " * (4 * self.quote)
        first = base + " " * self.indent + self.prefix
        rest = base + " " * (self.indent + len(self.prefix))
        for i, line in enumerate(lines):
            wrapped = textwrap.wrap(
                line,
                WIDTH,
                initial_indent=first if i == 0 else rest,
                subsequent_indent=rest,
                break_on_hyphens=False,
                break_long_words=False,
            ) or [first.rstrip()]
            self.out.extend(w.replace("\u00a0", " ") for w in wrapped)
        self.prefix = ""
        if blank:
            self.out.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        hidden = tag in _SKIP or "pdf-only" in classes
        if tag == "br":
            if not self.hidden:
                self.buf.append(_BR)
            return
        if tag in _VOID:
            return
        if tag in _PARAGRAPHS or tag in ("ol", "ul"):
            self.flush(blank=True)
        elif tag in _LINES or tag == "li":
            self.flush(blank=False)
        if tag == "blockquote":
            self.quote += 1
        if tag in ("ol", "ul"):
            style = dict(attrs).get("type") or ("1" if tag == "ol" else "-")
            self.lists.append(_List(tag == "ol", style))
        if tag == "li" and self.lists:
            current = self.lists[-1]
            current.count += 1
            depth = len(self.lists) - 1
            self.indent = 4 * depth
            if not current.ordered:
                self.prefix = "- "
            elif current.style == "a":
                self.prefix = f"({chr(96 + current.count)}) "
            else:
                self.prefix = f"{current.count}. "
        self.stack.append((tag, hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag in _PARAGRAPHS or tag in ("ol", "ul"):
            self.flush(blank=True)
        elif tag in _LINES:
            self.flush(blank=False)
        elif tag == "li":
            self.flush(blank=False)
            self.indent = 4 * max(len(self.lists) - 1, 0)
        if tag == "blockquote":
            self.quote = max(self.quote - 1, 0)
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
            self.indent = 4 * max(len(self.lists) - 1, 0)
            if self.out and self.out[-1] != "":
                self.out.append("")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.buf.append(data.replace(_BR, " "))


def html_to_text(html: str) -> str:
    """Plain text of a letter: wrapped paragraphs, list markers kept, one blank line between blocks."""
    conv = _Converter()
    conv.feed(html)
    conv.close()
    conv.flush(blank=True)
    lines = [line.rstrip() for line in conv.out]
    text: list[str] = []
    for line in lines:
        if line == "" and (not text or text[-1] == ""):
            continue
        text.append(line)
    while text and text[-1] == "":
        text.pop()
    return "\n".join(text) + "\n"
