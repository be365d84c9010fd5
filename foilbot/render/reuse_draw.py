"""Drawing a line of text once per process and replaying it for every later letter (same bytes out).

WeasyPrint draws each line of text by asking Pango to shape it again (``Layout.reactivate``) and
walking its glyphs in Python (``draw_first_line``): a fifth of a letter's time. The same line in the
same font always gives the same PDF operators after its text matrix, and fills the same glyph widths
and glyph-to-Unicode mappings into the document's font. So the first time a line is drawn, the
operators and the font entries are recorded; later, in any letter of the process, they are replayed
onto that letter's stream and fonts, in the same order, with the line's own text matrix; Pango is
not asked to shape the line again (``reactivate`` becomes lazy: the Pango layout is built only when
something reads it).

A recording is replayed only where the letter's font has, for each glyph of the line, no width yet
or the same width (a font keeps the first width it saw for a glyph, and kerning numbers follow it);
elsewhere the line is drawn afresh. Never cached: lines whose font lacks a glyph (WeasyPrint numbers
the replacement glyphs per document), emoji and bitmap fonts, text-overflow ellipses. Patched only
when WeasyPrint's private functions have the shape checked here (pinned major version, see
:mod:`foilbot.render.reuse`).
"""

from __future__ import annotations

import inspect
import re
import weakref
from typing import Any

from foilbot.render.reuse import LINE_CACHE_LIMIT, LINE_STYLE_KEYS, REUSE_STATS

DRAW_SIGNATURE = ("stream", "textbox", "text_overflow", "block_ellipsis", "matrix")
# Everything draw_first_line may touch on the stream and on a font (checked in WeasyPrint's source).
DRAW_STREAM_USE = frozenset(
    {"add_font", "ink_rect", "logical_rect", "set_font_size", "set_text_matrix", "set_text_rise", "show_text"}
)
DRAW_FONT_USE = frozenset(
    {"bitmap", "colr", "get_unused_glyph_id", "hash", "hb_face", "hb_font", "png", "svg", "upem"}
    | {"to_unicode", "widths"}
)
_LAYOUT_FIELDS = ("layout", "language", "style")  # what Layout.deactivate drops and setup() makes


def draw_api_matches(text_module: Any, layout_class: Any) -> bool:
    """Whether ``draw_first_line`` and ``Layout`` have the shape the recorder knows."""
    function = getattr(text_module, "draw_first_line", None)
    if function is None or tuple(inspect.signature(function).parameters) != DRAW_SIGNATURE:
        return False
    try:
        source = inspect.getsource(function)
        deactivate = inspect.getsource(layout_class.deactivate)
        reactivate = inspect.getsource(layout_class.reactivate)
    except (OSError, TypeError):
        return False
    stream_use = set(re.findall(r"\bstream\.(\w+)", source))
    font_use = set(re.findall(r"\bfont\.(\w+)", source))
    return (
        stream_use <= DRAW_STREAM_USE
        and font_use <= DRAW_FONT_USE
        and "if glyph_id not in font.to_unicode:" in source
        and "if glyph_id in font.widths:" in source
        and "del self.layout, self.language, self.style" in deactivate
        and "self.setup(style)" in reactivate
        and not hasattr(layout_class, "__getattr__")
    )


class _Entries(dict[int, Any]):
    """Stands in for a font's ``to_unicode`` or ``widths`` while a line is recorded.

    Says every glyph is new, so the line computes each of its glyphs' entries in order; each is
    recorded and stored in the real dict only if absent (what WeasyPrint itself does).
    """

    def __init__(self, real: dict[int, Any]):
        super().__init__()
        self.real = real
        self.order: list[tuple[int, Any]] = []

    def __contains__(self, key: object) -> bool:
        return False

    def __setitem__(self, key: int, value: Any) -> None:
        self.order.append((key, value))
        self.real.setdefault(key, value)


class _Recorder:
    """The stream as draw_first_line sees it while a line is recorded: calls go through, and are noted."""

    def __init__(self, stream: Any):
        self._stream = stream
        self.ops: list[tuple[Any, ...]] = []
        self.fonts: list[tuple[Any, _Entries, _Entries]] = []
        self.cacheable = True

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)

    def add_font(self, pango_font: Any) -> Any:
        font, size = self._stream.add_font(pango_font)
        if font.missing or font.bitmap or font.png or font.svg or font.colr:
            self.cacheable = False
        if not any(font is known for known, _, _ in self.fonts):
            unicode, widths = _Entries(font.to_unicode), _Entries(font.widths)
            font.to_unicode, font.widths = unicode, widths
            self.fonts.append((font, unicode, widths))
        self.ops.append(("font", _keep(pango_font), self._index(font)))
        return font, size

    def _index(self, font: Any) -> int:
        return next(i for i, (known, _, _) in enumerate(self.fonts) if known is font)

    def set_font_size(self, name: str, size: float) -> None:
        self._stream.set_font_size(name, size)
        index = next((i for i, (f, _, _) in enumerate(self.fonts) if f.hash == name), None)
        if index is None:
            self.cacheable = False
        self.ops.append(("size", index, size))

    def set_text_matrix(self, *values: float) -> None:
        self._stream.set_text_matrix(*values)

    def show_text(self, text: str) -> None:
        self._stream.show_text(text)
        self.ops.append(("show", text))

    def set_text_rise(self, height: float) -> None:
        self._stream.set_text_rise(height)
        self.ops.append(("rise", height))

    def finish(self) -> list[tuple[Any, ...]] | None:
        """Give the fonts their own dicts back; the recording, or None when it cannot be replayed."""
        for font, unicode, widths in self.fonts:
            font.to_unicode, font.widths = unicode.real, widths.real
            if font.missing:
                self.cacheable = False
        if not self.cacheable:
            return None
        entries = [(_first(unicode.order), _first(widths.order)) for _, unicode, widths in self.fonts]
        return [(*op, *entries[op[2]]) if op[0] == "font" else op for op in self.ops]


def _first(
    order: list[tuple[int, Any]],
) -> tuple[frozenset[int], tuple[tuple[int, Any], ...], frozenset[Any]]:
    """Each glyph's first entry, in order (what setdefault keeps); the set of glyphs; the set of pairs."""
    kept = dict(reversed(order))
    pairs = tuple((glyph, kept[glyph]) for glyph in dict.fromkeys(g for g, _ in order))
    return frozenset(kept), pairs, frozenset(pairs)


def _keep(pango_font: Any) -> Any:
    """Hold a reference to a Pango font so a recording can add it to later letters' documents."""
    from weasyprint.text.ffi import ffi, gobject

    gobject.g_object_ref(pango_font)
    return ffi.gc(pango_font, gobject.g_object_unref)


def _can_keep_fonts() -> bool:
    """Declare GObject's ``g_object_ref`` to WeasyPrint's FFI (it declares only the unref)."""
    from weasyprint.text.ffi import ffi, gobject

    try:
        return bool(gobject.g_object_ref)
    except AttributeError:
        pass
    try:
        ffi.cdef("gpointer g_object_ref (gpointer object);")
        return bool(gobject.g_object_ref)
    except Exception:  # noqa: BLE001 - any FFI failure just leaves the cache off
        return False


def _replay(stream: Any, ops: list[tuple[Any, ...]], matrix: Any) -> bool:
    """Replay a recorded line onto `stream`; False (nothing drawn) when the recording does not apply.

    A font keeps one width per glyph for the whole document, taken from the first line that used
    the glyph (maybe at another size, rounded differently), and a line's kerning numbers are computed
    from it: a recording applies only where the document's font has, for each of the line's glyphs,
    no width yet or the very width the recording computed.
    """
    fonts: dict[int, Any] = {}
    for op in ops:
        if op[0] == "font":
            font, _ = stream.add_font(op[1])  # the fonts the line would add, in its order
            widths = op[4]
            if not font.widths.items() >= widths[2]:
                known = font.widths.get
                if any(known(glyph, width) != width for glyph, width in widths[1]):
                    return False
            fonts[op[2]] = font
    stream.set_text_matrix(*matrix.values)
    for op in ops:
        kind = op[0]
        if kind == "show":
            stream.show_text(op[1])
        elif kind == "font":
            font = fonts[op[2]]
            (unicode_glyphs, unicode, _), (width_glyphs, widths, _) = op[3], op[4]
            if not font.to_unicode.keys() >= unicode_glyphs:  # most lines: every glyph already there
                for glyph, text in unicode:
                    font.to_unicode.setdefault(glyph, text)
            if not font.widths.keys() >= width_glyphs:
                for glyph, width in widths:
                    font.widths.setdefault(glyph, width)
        elif kind == "size":
            stream.set_font_size(fonts[op[1]].hash, op[2])
        else:
            stream.set_text_rise(op[1])
    return True


def _lacks_a_glyph(pango_layout: Any) -> bool:
    """Whether the first line (as draw_first_line will see it) shows a glyph its font does not have."""
    from weasyprint.text.ffi import ffi, pango

    pango.pango_layout_set_single_paragraph_mode(pango_layout, True)  # as draw_first_line does
    run = pango.pango_layout_get_line_readonly(pango_layout, 0).runs
    while run != ffi.NULL:
        glyphs = run.data.glyphs
        if any(info.glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG for info in glyphs.glyphs[0 : glyphs.num_glyphs]):
            return True
        run = run.next
    return False


def install_draw_cache() -> bool:
    """Patch WeasyPrint's line drawing with the recorder (idempotent); whether it is in place."""
    from weasyprint.draw import text as draw_text
    from weasyprint.text.line_break import Layout

    original = draw_text.draw_first_line
    if getattr(original, "_foilbot_cached", False):
        return True
    if not draw_api_matches(draw_text, Layout) or not _can_keep_fonts():
        return False
    reactivate, deactivate = Layout.reactivate, Layout.deactivate
    caches: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], list[tuple[Any, ...]]]]
    caches = weakref.WeakKeyDictionary()

    def lazy_reactivate(self: Any, style: Any) -> None:
        self.__dict__["_foilbot_style"] = style

    def materialize(self: Any, name: str) -> Any:
        if name not in _LAYOUT_FIELDS or "_foilbot_style" not in self.__dict__:
            raise AttributeError(name)
        reactivate(self, self.__dict__.pop("_foilbot_style"))
        return getattr(self, name)

    def lazy_deactivate(self: Any) -> None:
        if self.__dict__.pop("_foilbot_style", None) is None:
            deactivate(self)

    def draw_first_line(
        stream: Any, textbox: Any, text_overflow: str, block_ellipsis: Any, matrix: Any
    ) -> Any:
        layout, style = textbox.pango_layout, textbox.style
        if (
            text_overflow == "ellipsis"
            or block_ellipsis != "none"
            or not textbox.text.strip()
            or "_foilbot_style" not in layout.__dict__
        ):
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        try:
            cache = caches.setdefault(style.font_config, {})
            key = (
                layout.text,
                layout.justification_spacing,
                tuple(style[name] for name in LINE_STYLE_KEYS),
            )
            ops = cache.get(key)
        except TypeError:
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if ops is not None and _replay(stream, ops, matrix):
            REUSE_STATS["drawn_reused"] += 1
            return []
        REUSE_STATS["drawn"] += 1
        if ops is not None:  # this document's font has other widths for some glyphs: draw afresh
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        if _lacks_a_glyph(layout.layout):  # WeasyPrint numbers stand-in glyphs per document
            return original(stream, textbox, text_overflow, block_ellipsis, matrix)
        recorder = _Recorder(stream)
        try:
            emojis = original(recorder, textbox, text_overflow, block_ellipsis, matrix)
        finally:
            recording = recorder.finish()
        if recording is not None and not emojis:
            if len(cache) >= LINE_CACHE_LIMIT:
                cache.clear()
            cache[key] = recording
        return emojis

    draw_first_line._foilbot_cached = True  # type: ignore[attr-defined]
    draw_first_line._foilbot_originals = (original, reactivate, deactivate)  # type: ignore[attr-defined]
    Layout.reactivate = lazy_reactivate
    Layout.deactivate = lazy_deactivate
    Layout.__getattr__ = materialize
    draw_text.draw_first_line = draw_first_line
    return True
