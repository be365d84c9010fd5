"""Work a rendering process does once and reuses for every later letter, with the same bytes out.

Letters of one kind repeat most of their text: a campaign's letters differ only in the address block,
the reference, the date and the footer. Two steps of WeasyPrint redo the same work for every letter:

- **Line breaking and shaping** (``split_first_line``): the same paragraph text in the same font and
  width always breaks the same way, so its result is memoized per font configuration. The key holds
  every computed property the function reads (:data:`LINE_STYLE_KEYS`, checked against WeasyPrint's
  source before the cache is installed), the text, the width and the flags; the cached value is the
  *deactivated* layout (plain numbers and text, no Pango object), copied on each hit.
- **Drawing a line of text** (``draw_first_line``): the same line in the same font gives the same
  PDF operators after its text matrix, and the same glyph widths and Unicode mappings for the font;
  they are recorded once and replayed (with the line's own position), and Pango is not asked to
  shape the line again. Lines with missing glyphs, emoji or ellipses are always drawn afresh.
- **Deflate at level 9** of streams that repeat byte for byte (the embedded font subsets, identical in
  every letter since :func:`foilbot.render.pdf._install_subset_cache`): compressed once, reused.

Both are deterministic functions of their inputs, so a letter's PDF is byte-for-byte the one an
uncached WeasyPrint makes (tests/render/test_reuse.py checks it). Both patch WeasyPrint's or pydyf's
private API only when it has the shape this module knows (pinned major versions); otherwise letters
are still right, only slower. Nothing here reads files or the network.
"""

from __future__ import annotations

import copy
import inspect
import re
import weakref
import zlib
from collections import OrderedDict
from typing import Any

# Every computed property weasyprint.text.line_break and weasyprint.text.fonts read from a style.
LINE_STYLE_KEYS = (
    "direction",
    "font_family",
    "font_feature_settings",
    "font_kerning",
    "font_language_override",
    "font_size",
    "font_stretch",
    "font_style",
    "font_variant_alternates",
    "font_variant_caps",
    "font_variant_east_asian",
    "font_variant_ligatures",
    "font_variant_numeric",
    "font_variant_position",
    "font_variation_settings",
    "font_weight",
    "hyphenate_character",
    "hyphenate_limit_chars",
    "hyphenate_limit_zone",
    "hyphens",
    "lang",
    "letter_spacing",
    "line_height",
    "overflow_wrap",
    "tab_size",
    "text_decoration_line",
    "white_space",
    "word_break",
    "word_spacing",
)
LINE_SIGNATURE = (
    "text",
    "style",
    "context",
    "max_width",
    "justification_spacing",
    "is_line_start",
    "minimum",
)
LINE_CACHE_LIMIT = 50_000  # lines per font configuration before the cache starts again
DEFLATE_MIN_BYTES = 4096  # smaller streams are cheap to compress and rarely repeat
DEFLATE_CACHE_LIMIT = 64
REUSE_STATS = {
    "lines_reused": 0,
    "lines_laid": 0,
    "styles_reused": 0,
    "drawn_reused": 0,
    "drawn": 0,
    "deflate_reused": 0,
    "deflate_done": 0,
    "bodies_reused": 0,
    "bodies_laid": 0,
}


def _source(obj: Any) -> str:
    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""


def line_api_matches(line_break: Any, fonts: Any) -> bool:
    """Whether ``split_first_line`` reads only what the cache key holds (else the cache stays off)."""
    function = getattr(line_break, "split_first_line", None)
    if function is None or tuple(inspect.signature(function).parameters) != LINE_SIGNATURE:
        return False
    source = _source(line_break) + _source(fonts)
    if not source:
        return False
    read = set(re.findall(r"style\[['\"](\w+)['\"]\]", source))
    context_use = set(re.findall(r"\bcontext\.(\w+)", _source(line_break)))
    # context.dictionaries: hyphenation dictionaries, loaded the same way for the same language.
    return read <= set(LINE_STYLE_KEYS) and context_use <= {"dictionaries"} and "def deactivate" in source


def _install_line_cache() -> bool:
    from weasyprint.layout import inline, preferred
    from weasyprint.text import fonts, line_break

    if getattr(inline.split_first_line, "_foilbot_cached", False):
        return True
    original = line_break.split_first_line
    if inline.split_first_line is not original or preferred.split_first_line is not original:
        return False
    if not line_api_matches(line_break, fonts):
        return False
    caches: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[Any, ...]]]
    caches = weakref.WeakKeyDictionary()

    def split_first_line(
        text: str,
        style: Any,
        context: Any,
        max_width: float | None,
        justification_spacing: float,
        is_line_start: bool = True,
        minimum: bool = False,
    ) -> tuple[Any, ...]:
        args = (text, style, context, max_width, justification_spacing, is_line_start, minimum)
        try:
            cache = caches.setdefault(style.font_config, {})
            key = (*args[:1], *args[3:], tuple(style[name] for name in LINE_STYLE_KEYS))
            found = cache.get(key)
        except TypeError:  # a font configuration or a value that cannot be a key: no reuse
            return original(*args)
        if found is None:
            REUSE_STATS["lines_laid"] += 1
            found = original(*args)
            if hasattr(found[0], "layout"):  # a layout still bound to Pango: not reusable
                return found
            if len(cache) >= LINE_CACHE_LIMIT:
                cache.clear()
            cache[key] = found
        else:
            REUSE_STATS["lines_reused"] += 1
        return (copy.copy(found[0]), *found[1:])

    split_first_line._foilbot_cached = True  # type: ignore[attr-defined]
    inline.split_first_line = split_first_line
    preferred.split_first_line = split_first_line
    return True


class _Deflate:
    """A ``zlib.compressobj`` stand-in that compresses at ``flush`` and remembers large results."""

    cache: OrderedDict[tuple[int, bytes], bytes] = OrderedDict()

    def __init__(self, level: int):
        self.level = level
        self.parts: list[bytes] = []

    def compress(self, data: bytes) -> bytes:
        self.parts.append(bytes(data))
        return b""

    def flush(self) -> bytes:
        data = b"".join(self.parts)
        key = (self.level, data)
        found = self.cache.get(key)
        if found is not None:
            self.cache.move_to_end(key)
            REUSE_STATS["deflate_reused"] += 1
            return found
        compressor = zlib.compressobj(level=self.level)
        found = compressor.compress(data) + compressor.flush()
        if len(data) >= DEFLATE_MIN_BYTES:
            REUSE_STATS["deflate_done"] += 1
            self.cache[key] = found
            if len(self.cache) > DEFLATE_CACHE_LIMIT:
                self.cache.popitem(last=False)
        return found


class _Zlib:
    """pydyf's view of zlib: everything as is, except ``compressobj`` (see :class:`_Deflate`)."""

    foilbot_cached = True

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level: int = -1) -> _Deflate:
        return _Deflate(level)


def _install_deflate_cache() -> bool:
    import pydyf

    if getattr(pydyf.zlib, "foilbot_cached", False):
        return True
    data = getattr(pydyf.Stream, "data", None)
    source = _source(data.fget) if isinstance(data, property) else ""
    # Only the one use this module knows: a whole stream passed to compress(), then flush().
    whole = _source(pydyf)
    if (
        pydyf.zlib is not zlib
        or "zlib.compressobj(level=9)" not in source
        or whole.count("compressobj(") != 1
    ):
        return False
    pydyf.zlib = _Zlib()
    return True


STYLE_SIGNATURE = ("self", "element", "parent", "root", "pseudo_type", "base_url", "target_collector")
STYLE_CACHE_LIMIT = 20_000


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a cascaded value holding lists (told apart from a tuple)."""
    if isinstance(value, list):
        return ("[list]", tuple(_frozen(item) for item in value))
    if type(value) is tuple:
        return tuple(_frozen(item) for item in value)
    return value


def _install_style_cache() -> bool:
    """Share an element's computed style across letters when all its inputs are the same.

    WeasyPrint already shares one ``ComputedStyle`` between the elements of a document that have the
    same parent style and the same matched rules. A ``ComputedStyle`` is a function of its parent's
    style, the element's cascaded values, the base URL and the font configuration (it is never given
    the element), so elements of later letters with the same parent style object and the same
    cascaded values get the same object, with the values it has already computed. Elements and their
    pseudo-elements only (not pages and their margin boxes, whose styles the layout changes); anchors
    are still collected.
    """
    from weasyprint import css

    original = css.StyleFor.set_computed_styles
    if getattr(original, "_foilbot_cached", False):
        return True
    if tuple(inspect.signature(original).parameters) != STYLE_SIGNATURE:
        return False
    source = _source(original)
    init = _source(css.ComputedStyle.__init__)
    expected = (
        "ComputedStyle(\n            parent_style, cascaded, pseudo_type, root_style, base_url,\n"
        "            self.font_config, self.initial_page_sizes)"
    )
    if expected not in source or "collect_anchor(computed['anchor'])" not in source:
        return False
    if "self.parent_style = parent_style" not in init or re.search(r"\belement\b", init):
        return False
    shared: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[Any, Any]]]
    shared = weakref.WeakKeyDictionary()

    def set_computed_styles(
        self: Any,
        element: Any,
        parent: Any,
        root: Any = None,
        pseudo_type: Any = None,
        base_url: Any = None,
        target_collector: Any = None,
    ) -> None:
        args = (element, parent, root, pseudo_type, base_url, target_collector)
        if not hasattr(element, "tag"):  # a page or a page's margin box
            return original(self, *args)
        if element == root and pseudo_type is None:
            parent_style = None
        else:
            parent_style = self._computed_styles[parent, None]
        cascaded = self._cascaded_styles.get((element, pseudo_type), {})
        try:
            cache = shared.setdefault(self.font_config, {})
            values = tuple(sorted((name, value) for name, (value, _) in cascaded.items()))
            key = (id(parent_style), pseudo_type, base_url, values)
            try:
                found = cache.get(key)
            except TypeError:  # a list among the values (`content`): the same key, frozen
                key = (*key[:3], tuple((name, _frozen(value)) for name, value in values))
                found = cache.get(key)
        except TypeError:
            return original(self, *args)
        if found is not None and found[0] is parent_style:
            computed = self._computed_styles[element, pseudo_type] = found[1]
            REUSE_STATS["styles_reused"] += 1
            if target_collector and computed["anchor"]:
                target_collector.collect_anchor(computed["anchor"])
            return None
        original(self, *args)
        if len(cache) >= STYLE_CACHE_LIMIT:
            cache.clear()
        cache[key] = (parent_style, self._computed_styles[element, pseudo_type])
        return None

    set_computed_styles._foilbot_cached = True  # type: ignore[attr-defined]
    set_computed_styles._foilbot_original = original  # type: ignore[attr-defined]
    css.StyleFor.set_computed_styles = set_computed_styles
    return True


def install() -> dict[str, bool]:
    """Install the line and deflate caches (idempotent; WeasyPrint already imported).

    The drawing cache is :func:`foilbot.render.reuse_draw.install_draw_cache`.
    """
    return {
        "lines": _install_line_cache(),
        "styles": _install_style_cache(),
        "deflate": _install_deflate_cache(),
    }
