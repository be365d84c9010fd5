"""HTML letters to PDF with WeasyPrint, and appeal packets with pypdf.

WeasyPrint is imported inside functions only, so commands that do not render never load it. Every
resource a letter asks for goes through :class:`Fetcher`, which serves files inside the template
folders and the configured signature image and refuses everything else (other files, http, data:),
without touching the network. Output is byte-for-byte reproducible: no random identifiers, and the
PDF dates come from the letter (``SOURCE_DATE_EPOCH`` when set, see :func:`metadata_time`).
"""

from __future__ import annotations

import gc
import hashlib
import io
import mimetypes
import os
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from foilbot.errors import RenderError

PDF_VARIANTS = ("pdf/a-2b", "pdf/a-3b", "pdf/a-2u", "pdf/a-3u")
# Glyphs every subset carries (ASCII, Latin-1 and typographic punctuation): letters then share one
# subset per font instead of each paying for font subsetting, the costliest step of writing a PDF.
_BASE_CHARS = (
    "".join(chr(c) for c in range(0x20, 0x7F))
    + "".join(chr(c) for c in range(0xA0, 0x100))
    + ("–—‘’‚“”„†‡•…‰′″‹›€™−ŒœŠšŽžŸƒ")
)


def metadata_time(default: datetime | None = None) -> datetime:
    """The time stamped into PDFs: SOURCE_DATE_EPOCH (reproducible builds) when set, else `default` or now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except ValueError:
            raise RenderError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds") from None
    from foilbot import clock

    return default or clock.now().replace(microsecond=0)


def load_weasyprint() -> Any:
    """Import WeasyPrint (lazily: only rendering commands pay for it).

    WeasyPrint warns at import when the system lacks the HarfBuzz-Subset library and falls back to
    fontTools; that is a packaging note for the system, not a problem with a letter, so it is not
    turned into an error (pytest runs with filterwarnings=error).
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint
    return weasyprint


def _fetcher_class() -> type:
    load_weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        """Serves files under `roots` and the exact `files`; refuses (and records) everything else."""

        def __init__(self, roots: Iterable[Path], files: Iterable[Path] = ()):
            super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False)
            self.roots = tuple(Path(r).resolve() for r in roots)
            self.files = frozenset(Path(f).resolve() for f in files)
            self.refused: list[str] = []
            self.served: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = self._allowed(url)
            if path is None:
                self.refused.append(url)
                raise ValueError(f"foilbot refuses to load {url!r}: only template files and the signature")
            self.served.append(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

        def _allowed(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return None
            try:
                path = Path(unquote(parts.path)).resolve(strict=True)
            except (OSError, RuntimeError):
                return None
            if not path.is_file():
                return None
            if path in self.files or any(path.is_relative_to(root) for root in self.roots):
                return path
            return None

    return Fetcher


def make_fetcher(roots: Iterable[Path], files: Iterable[Path] = ()) -> Any:
    """A WeasyPrint URL fetcher limited to the template folders and the given files."""
    return _fetcher_class()(roots, files)


# What the font-subset cache relies on in WeasyPrint's private API (weasyprint.pdf.fonts.Font, pinned
# to one major version in pyproject.toml; tests/render/test_pdf.py fails if it moves).
SUBSET_SIGNATURE = ("self", "to_unicode", "hinting")
FONT_ATTRIBUTES = ("file_content", "index", "family", "weight", "style", "missing")
SUBSET_STATS = {"cached": 0, "exact": 0}  # letters' fonts served from the cache / subset exactly


def _subset_api_matches(font_class: type) -> bool:
    import inspect

    original = getattr(font_class, "subset", None)
    if original is None:
        return False
    if tuple(inspect.signature(original).parameters) != SUBSET_SIGNATURE:
        return False
    try:
        source = inspect.getsource(font_class)
    except (OSError, TypeError):  # no source shipped: the signature is all there is to check
        return True
    return all(f"self.{name} = " in source for name in FONT_ATTRIBUTES)


def _install_subset_cache() -> bool:
    """Subset each font once per process to a fixed glyph set, and reuse it for every letter.

    Deterministic: a letter whose glyphs all fall in the fixed set gets the cached subset, any other
    letter the exact subset WeasyPrint would make, so the same input always gives the same bytes.
    WeasyPrint's private ``Font.subset`` is patched only when it has the shape this code knows;
    otherwise letters are still right, only slower.

    Returns:
        Whether the cache is installed.
    """
    load_weasyprint()
    from fontTools.ttLib import TTFont
    from weasyprint.pdf import fonts

    original = fonts.Font.subset
    if getattr(original, "_foilbot_cached", False):
        return True
    if not _subset_api_matches(fonts.Font):
        return False
    bases: dict[tuple[bytes, int, bool], tuple[frozenset[int], bytes | None]] = {}

    def subset(self: Any, to_unicode: dict[int, str], hinting: bool) -> None:
        if not to_unicode or self.missing or getattr(self, "variations", None):
            SUBSET_STATS["exact"] += 1
            return original(self, to_unicode, hinting)
        # The font's identity without hashing ~400 kB per letter: a face's family, style and size.
        content = self.file_content
        name = f"{self.family}/{self.weight}/{self.style}/{len(content)}".encode()
        key = (name + content[:256] + content[-256:], self.index, bool(hinting))
        if key not in bases:
            cmap = TTFont(io.BytesIO(self.file_content), fontNumber=self.index, lazy=True)
            best = cmap.getBestCmap() or {}
            gids = frozenset(cmap.getGlyphID(best[ord(c)]) for c in _BASE_CHARS if ord(c) in best) | {0}
            bases[key] = (gids, None)
        gids, subsetted = bases[key]
        if not set(to_unicode) <= gids:
            SUBSET_STATS["exact"] += 1
            return original(self, to_unicode, hinting)
        SUBSET_STATS["cached"] += 1
        if subsetted is None:
            original(self, dict.fromkeys(sorted(gids), ""), hinting)
            bases[key] = (gids, self.file_content)
        else:
            self.file_content = subsetted

    subset._foilbot_cached = True  # type: ignore[attr-defined]
    fonts.Font.subset = subset
    return True


@dataclass
class PdfRenderer:
    """A warm renderer: one FontConfiguration and parsed stylesheet reused for every letter."""

    roots: Sequence[Path]
    stylesheet: Path
    signature: Path | None = None
    pdf_variant: str | None = None
    _font_config: Any = None
    _css: Any = None
    _counters: Any = None
    fetcher: Any = None
    refused: list[str] = field(default_factory=list)
    # The recipient's address overflowed its window-envelope block on the last letter (issue 12).
    clipped: bool = False
    letterhead_clipped: bool = False  # the requester's letterhead overflowed its height, likewise
    # Lay out a body shared by several letters once (foilbot.render.reuse_body); False: every letter whole.
    share_bodies: bool = True
    _bodies: Any = None

    def __post_init__(self) -> None:
        if self.pdf_variant is not None and self.pdf_variant not in PDF_VARIANTS:
            raise RenderError(
                f"unknown PDF variant {self.pdf_variant!r}; use one of {', '.join(PDF_VARIANTS)}"
            )
        files = [self.signature] if self.signature else []
        if self.signature is not None and not self.signature.is_file():
            raise RenderError(
                f"signature image not found: {self.signature}",
                hint="Fix requester.signature in foilbot.toml, or leave it empty for a signature line.",
            )
        self.fetcher = make_fetcher(self.roots, files)

    def _warm(self) -> None:
        if self._css is not None:
            return
        from weasyprint import CSS
        from weasyprint.css.counters import CounterStyle
        from weasyprint.text.fonts import FontConfiguration

        from foilbot.render import reuse, reuse_draw
        from foilbot.render.reuse_body import SharedBodies

        self._bodies = SharedBodies()
        _install_subset_cache()
        reuse.install()
        reuse_draw.install_draw_cache()
        self._font_config = FontConfiguration()
        self._counters = CounterStyle()  # @counter-style rules of the stylesheet land here
        self._css = CSS(
            filename=str(self.stylesheet),
            font_config=self._font_config,
            url_fetcher=self.fetcher,
            counter_style=self._counters,
        )

    def render(self, html: str, base_dir: Path) -> bytes:
        """Lay out one letter and return its PDF bytes (callers write files with foilbot.files)."""
        from weasyprint import HTML

        self._warm()
        self.fetcher.refused.clear()
        try:
            base_url = str(base_dir) + os.sep

            def layout(text: str) -> Any:
                return HTML(string=text, base_url=base_url, url_fetcher=self.fetcher).render(
                    stylesheets=[self._css], font_config=self._font_config, counter_style=self._counters
                )

            if self.share_bodies:
                document = self._bodies.render(html, base_url, layout, lambda: bool(self.fetcher.refused))
            else:
                document = layout(html)
            first = document.pages[0] if document.pages else None
            self.clipped = first is not None and bool(clipped_addresses(first))
            self.letterhead_clipped = first is not None and clipped_letterhead(first)
            options: dict[str, Any] = {"pdf_variant": self.pdf_variant, "uncompressed_pdf": False}
            if not self.pdf_variant:
                data = document.write_pdf(**options)
            else:
                digest = hashlib.md5(html.encode(), usedforsecurity=False).hexdigest()
                options["pdf_identifier"] = digest.encode()
                with warnings.catch_warnings():
                    # WeasyPrint leaves its sRGB ICC profile file open when writing PDF/A.
                    warnings.simplefilter("ignore", ResourceWarning)
                    data = document.write_pdf(**options)
                    del document
                    gc.collect()
        except (OSError, ValueError) as exc:
            raise RenderError(f"PDF rendering failed: {exc}") from None
        self.refused = list(self.fetcher.refused)
        return bytes(data)


def _clipped(page: Any, tag: str, cls: str) -> list[Any]:
    """The elements `<tag class=cls>` of a laid-out page whose lines run past their box's bottom: blocks
    sized to what they must fit, which hide their overflow."""
    found: list[Any] = []
    stack = [page._page_box]
    while stack:
        box = stack.pop()
        element: Any = getattr(box, "element", None)
        classes = (element.get("class") or "").split() if element is not None else []
        if getattr(box, "element_tag", None) == tag and cls in classes:
            bottom = box.content_box_y() + box.height
            lines = [b for b in box.descendants() if type(b).__name__ == "LineBox"]
            if any(b.position_y + b.height > bottom + 0.01 for b in lines):
                found.append(element)
            continue
        stack.extend(getattr(box, "children", ()))
    return found


def clipped_addresses(page: Any) -> list[str]:
    """The address blocks (`address.recipient`) of a laid-out page whose lines run past their bottom.

    Each block is sized to what it must fit (the window of a #10 envelope, a label) and hides its
    overflow, so a long name with a two-line street address would otherwise lose its city and ZIP
    without a word (issue 12). Returns each clipped block's `data-agency` attribute ("" if none).
    """
    return [str(e.get("data-agency") or "") for e in _clipped(page, "address", "recipient")]


def clipped_letterhead(page: Any) -> bool:
    """Whether the letterhead (`header.letterhead`, the requester's name, organization, address, phone
    and email) runs past its fixed height: its last lines were cut by the rule under it, without a word."""
    return bool(_clipped(page, "header", "letterhead"))


@dataclass(frozen=True)
class Exhibit:
    """One exhibit of an appeal packet: its label ("Exhibit A"), a description and the PDF bytes."""

    label: str
    description: str
    pdf: bytes
    cover_css: str = ""  # the cover page's place in the packet's page numbers (jobs.packet_page_css)


def _cover_html(exhibit: Exhibit, reference: str) -> str:
    from html import escape

    ref = (
        f'<p class="re"><span class="ref footerref">Reference: {escape(reference)}</span></p>'
        if reference
        else ""
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(exhibit.label)}</title><style>{exhibit.cover_css}</style></head><body>"
        '<div style="height: 3.2in"></div>'
        f'<h1 style="text-align:center; font-size: 22pt">{escape(exhibit.label)}</h1>'
        f'<p style="text-align:center; font-size: 12pt">{escape(exhibit.description)}</p>'
        f"{ref}</body></html>"
    )


def appeal_packet(
    appeal_pdf: bytes,
    exhibits: Sequence[Exhibit],
    renderer: PdfRenderer,
    base_dir: Path,
    *,
    reference: str = "",
    title: str = "",
    author: str = "",
    when: datetime | None = None,
) -> bytes:
    """The appeal letter, then each exhibit behind a labelled cover page, as one PDF.

    Raises:
        RenderError: an exhibit is not a readable PDF.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(appeal_pdf)), outline_item=title or "Appeal")
    for exhibit in exhibits:
        cover = renderer.render(_cover_html(exhibit, reference), base_dir)
        writer.append(PdfReader(io.BytesIO(cover)), outline_item=f"{exhibit.label}: {exhibit.description}")
        try:
            writer.append(PdfReader(io.BytesIO(exhibit.pdf)))
        except (PdfReadError, ValueError, OSError) as exc:
            raise RenderError(
                f"{exhibit.label} ({exhibit.description}) is not a readable PDF: {exc}"
            ) from None
    stamp = metadata_time(when).strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata(
        {
            "/Title": title,
            "/Author": author,
            "/Subject": f"Appeal packet {reference}".strip(),
            "/Producer": "foilbot",
            "/CreationDate": stamp,
            "/ModDate": stamp,
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
