"""Letters that share their body: laid out once per process, each letter's own top placed on it.

A campaign's letters differ only above the body: the recipient's address block and the Re line with
the reference (and the title and keywords of the metadata, and the footer that repeats the
reference). Everything from the salutation on is the same text in the same place. So the first
letter with a given body is laid out whole (the *template*); for each later one only its top (the
HTML up to the end of the Re paragraph) is laid out, as a one-page document of its own, and its
boxes replace the template's first boxes on page 1, its footer boxes the template's footers. The
PDF is then written from those pages as WeasyPrint writes any document: byte for byte the letter a
whole layout gives (issue 12; tests/render/test_reuse_body.py and the campaign test check it).

The top is placed only where that is sure to be right, else the letter is laid out whole:

- the template is keyed by the body's HTML, the base URL and the top's *skeleton* (every element's
  tag and attributes, style sheets included, text left out): the same parser state and the same
  selectors for the body;
- each top-level box of the new top has the template's tag and exact geometry (position, size,
  margins), so nothing below moves; the top has one page and no floats, positioned, running or
  footnote boxes, no counters and no list items (they would number the body differently);
- a page-margin box is replaced only when its content is a `string()` set in the top alone, the
  template shows the same text in it on every page, and the new box has the template's geometry;
  a template with `element()` in a margin box, or that refused a resource, is never reused;
- a template's own top, laid out alone, must fit it as every later top must.

It reads WeasyPrint's box tree and builds a ``Document`` from pages, as ``Document.copy`` does; it is
used only while WeasyPrint has the shape checked by :func:`body_api_matches` (pinned major version,
as :mod:`foilbot.render.reuse`), else every letter is laid out whole.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from foilbot.render.reuse import REUSE_STATS

# The end of the top: the Re paragraph of templates/letters/_base.html.j2 (a direct child of body).
_RE_START = re.compile(r'<p class="re"[\s>]')
TEMPLATE_LIMIT = 16  # bodies (and top geometries) kept per renderer
_NO_COUNTER = ("auto", "none", ())


def split(html: str) -> tuple[str, str] | None:
    """The letter's top (through the Re paragraph's end tag) and its body; None when there is no Re."""
    found = _RE_START.search(html)
    if found is None:
        return None
    end = html.find("</p>", found.end())
    if end < 0:
        return None
    end += len("</p>")
    return html[:end], html[end:]


def skeleton(root: Any) -> tuple[Any, ...]:
    """Every element of a parsed top with its attributes, text left out (style sheets kept).

    Title text and the `content` of meta elements only feed the PDF metadata, taken from the top.
    """
    found: list[Any] = []

    def walk(element: Any, depth: int) -> None:
        tag = element.tag if isinstance(element.tag, str) else "#"
        attrs = tuple(
            sorted((k, v) for k, v in element.attrib.items() if not (tag == "meta" and k == "content"))
        )
        text = (element.text or "") if tag == "style" else bool((element.text or "").strip())
        found.append((depth, tag, attrs, text, bool((element.tail or "").strip())))
        for child in element:
            walk(child, depth + 1)

    walk(root, 0)
    return tuple(found)


def _geometry(box: Any) -> tuple[Any, ...]:
    return (
        box.element_tag,
        box.position_x,
        box.position_y,
        box.width,
        box.height,
        box.margin_top,
        box.margin_right,
        box.margin_bottom,
        box.margin_left,
        box.padding_top,
        box.padding_bottom,
        box.border_top_width,
        box.border_bottom_width,
    )


def _body(page_box: Any) -> Any:
    """The body box of a laid-out page (html > body), or None."""
    root = page_box.children[0] if page_box.children else None
    if root is None or root.element_tag != "html" or len(root.children) != 1:
        return None
    body = root.children[0]
    return body if body.element_tag == "body" else None


def _text(box: Any) -> str:
    return "".join(getattr(b, "text", "") for b in box.descendants())


def _string_names(content: Any) -> set[str] | None:
    """Names a margin box's `content` reads with string(); None when it reads a running element."""
    names: set[str] = set()
    if not isinstance(content, tuple):
        return names
    for kind, value in content:
        if kind == "element()":
            return None
        if kind == "string()":
            names.add(value[0])
    return names


def _set_names(boxes: Any) -> dict[str, set[str]]:
    """Each string name set by these boxes (and their descendants), with the texts it is set to."""
    found: dict[str, set[str]] = {}
    for top in boxes:
        for box in (top, *top.descendants()):
            for name, text in getattr(box, "string_set", None) or ():
                found.setdefault(name, set()).add(text)
    return found


def _plain_top(boxes: Any) -> bool:
    """Nothing in the top that reaches past its own boxes: floats, positioned, counters, list items."""
    for top in boxes:
        for box in (top, *top.descendants()):
            style = box.style
            if not box.is_in_normal_flow():
                return False
            if style["counter_reset"] not in _NO_COUNTER or style["counter_set"] not in _NO_COUNTER:
                return False
            if style["counter_increment"] not in _NO_COUNTER or "list-item" in style["display"]:
                return False
    return True


@dataclass
class _Template:
    """A letter laid out whole, and what may be replaced in it."""

    document: Any
    count: int  # top-level boxes of the top on page 1
    geometry: tuple[Any, ...]
    margins: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # keyword -> geometry (all pages)


def _template(document: Any, count: int, refused: bool) -> _Template | None:
    """What of a whole letter may be reused, or None when nothing may."""
    if refused or not document.pages:
        return None
    body = _body(document.pages[0]._page_box)
    if body is None or len(body.children) <= count:
        return None
    top, rest = body.children[:count], body.children[count:]
    top_names = _set_names(top)
    if any(len(texts) > 1 for texts in top_names.values()):
        return None
    rest_names = set(_set_names(rest))
    for page in document.pages[1:]:
        page_body = _body(page._page_box)
        if page_body is None:
            return None
        rest_names |= set(_set_names(page_body.children))
    if rest_names & set(top_names):
        return None
    margins: dict[str, tuple[Any, ...]] = {}
    texts: dict[str, set[str]] = {}
    for page in document.pages:
        for box in page._page_box.children[1:]:
            keyword = getattr(box, "at_keyword", None)
            if keyword is None:
                continue
            names = _string_names(box.style["content"])
            if names is None:
                return None
            if not names:
                continue
            if not names <= set(top_names):
                return None
            geometry = _geometry(box)
            if margins.setdefault(keyword, geometry) != geometry:
                return None
            texts.setdefault(keyword, set()).add(_text(box))
    if any(len(found) > 1 for found in texts.values()):
        return None
    return _Template(document, count, tuple(_geometry(b) for b in top), margins)


def _copy(box: Any, children: Any) -> Any:
    new = box.copy()  # not copy_with_children: it resets the original's decoration sides
    new.children = children
    return new


DOCUMENT_SIGNATURE = (
    "self",
    "pages",
    "metadata",
    "url_fetcher",
    "font_config",
    "color_profiles",
    "output_intent",
)


def body_api_matches() -> bool:
    """Whether WeasyPrint's Document, Page and boxes have the shape this module uses."""
    import inspect

    from weasyprint.document import Document, Page
    from weasyprint.formatting_structure import boxes

    try:
        render = inspect.getsource(Document._render)
    except (AttributeError, OSError, TypeError):
        return False
    return (
        "rendering._html = html" in render
        and tuple(inspect.signature(Document.__init__).parameters) == DOCUMENT_SIGNATURE
        and tuple(inspect.signature(Page.__init__).parameters) == ("self", "page_box")
        and hasattr(boxes.Box, "copy")
        and "self.at_keyword = at_keyword" in inspect.getsource(boxes.MarginBox.__init__)
    )


def _remember(store: OrderedDict[Any, Any], key: Any, value: Any) -> None:
    store[key] = value
    store.move_to_end(key)
    if len(store) > TEMPLATE_LIMIT:
        store.popitem(last=False)


class SharedBodies:
    """Templates of one renderer: the body's HTML and the top's skeleton -> a whole layout.

    A body seen once is only remembered (its letter laid out whole, as without sharing); the second
    letter with that body makes the first one its template. Letters that share nothing (a batch of
    unrelated requests) so cost what they cost before.
    """

    def __init__(self) -> None:
        self.usable = body_api_matches()
        self.templates: OrderedDict[tuple[Any, ...], _Template] = OrderedDict()
        # Bodies seen once: the whole layout of their letter, its top's HTML, whether it refused a file.
        self.seen: OrderedDict[tuple[str, str], tuple[Any, str, bool]] = OrderedDict()
        # Bodies whose first letter could not be a template (an appeal packet's cover page has no
        # body at all): laid out whole from then on, without laying out their top first.
        self.unusable: OrderedDict[tuple[str, str], None] = OrderedDict()

    def render(
        self,
        html: str,
        base_url: str,
        layout: Callable[[str], Any],
        refused: Callable[[], bool],
    ) -> Any:
        """The letter's Document: its top placed on a template's body when safe, else laid out whole.

        Args:
            layout: lays out an HTML string (the renderer's own settings) and returns its Document.
            refused: whether the fetcher refused anything since the last layout began.
        """
        parts = split(html)
        body_key = (base_url, parts[1]) if parts is not None else None
        if parts is None or body_key in self.unusable or not self.usable:
            return layout(html)
        top_html, body_html = parts
        first = self.seen.pop((base_url, body_html), None)
        if first is None and not any(k[:2] == (base_url, body_html) for k in self.templates):
            REUSE_STATS["bodies_laid"] += 1
            whole = layout(html)
            _remember(self.seen, (base_url, body_html), (whole, top_html, refused()))
            return whole
        if first is not None and not self._make_template(first, base_url, body_html, layout, refused):
            return layout(html)
        top = layout(top_html + "</body></html>")
        key = (base_url, body_html, skeleton(top._html.etree_element))
        template = self.templates.get(key)
        if template is not None:
            self.templates.move_to_end(key)
            document = self._place(top, template)
            if document is not None:
                REUSE_STATS["bodies_reused"] += 1
                return document
        # Another skeleton or geometry (an "Attn:" line, a taller Re line): this letter may be the
        # template of the next ones with its shape.
        REUSE_STATS["bodies_laid"] += 1
        whole = layout(html)
        if template is None:
            self._make_template((whole, top_html, refused()), base_url, body_html, layout, refused, top)
        return whole

    def _make_template(
        self,
        first: tuple[Any, str, bool],
        base_url: str,
        body_html: str,
        layout: Callable[[str], Any],
        refused: Callable[[], bool],
        top: Any = None,
    ) -> bool:
        """Make a whole letter the template of its body and top skeleton; False when it cannot be one."""
        whole, top_html, refused_first = first
        if top is None:
            top = layout(top_html + "</body></html>")
        count = self._top_count(top)
        made = None if count is None else _template(whole, count, refused_first or refused())
        if made is None or self._place(top, made) is None:  # (its own top may lay out otherwise alone)
            _remember(self.unusable, (base_url, body_html), None)
            return False
        _remember(self.templates, (base_url, body_html, skeleton(top._html.etree_element)), made)
        return True

    @staticmethod
    def _top_count(top: Any) -> int | None:
        if len(top.pages) != 1:
            return None
        body = _body(top.pages[0]._page_box)
        if body is None or not body.children or not _plain_top(body.children):
            return None
        last = body.children[-1]
        if last.element_tag != "p" or "re" not in (last.element.get("class") or "").split():
            return None
        return len(body.children)

    @staticmethod
    def _place(top: Any, template: _Template) -> Any:
        """The template's pages with this top's boxes and footers, or None when they would not fit."""
        from weasyprint.document import Document, Page

        if len(top.pages) != 1:
            return None
        top_page = top.pages[0]._page_box
        body = _body(top_page)
        if body is None or len(body.children) != template.count or not _plain_top(body.children):
            return None
        if tuple(_geometry(b) for b in body.children) != template.geometry:
            return None
        margins = {}
        for box in top_page.children[1:]:
            keyword = getattr(box, "at_keyword", None)
            if keyword in template.margins:
                if _geometry(box) != template.margins[keyword]:
                    return None
                margins[keyword] = box
        if set(margins) != set(template.margins):
            return None
        pages = []
        for number, page in enumerate(template.document.pages):
            page_box = page._page_box
            children = []
            for child in page_box.children:
                keyword = getattr(child, "at_keyword", None)
                if number == 0 and child is page_box.children[0]:
                    old = _body(page_box)
                    new_body = _copy(old, [*body.children, *old.children[template.count :]])
                    children.append(_copy(child, [new_body]))
                elif keyword in margins:
                    children.append(margins[keyword])
                else:
                    children.append(child)
            pages.append(Page(_copy(page_box, tuple(children))))
        whole = template.document
        return Document(
            pages, top.metadata, top.url_fetcher, top.font_config, whole.color_profiles, whole.output_intent
        )
