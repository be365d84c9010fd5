"""A PDF's text pieces with where they stand: what "the same layout" means in the letter tests."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader


def page_pieces(page) -> list[tuple[float, float, str]]:  # noqa: ANN001
    """A page's text pieces with their baseline position in points (pypdf's text visitor)."""
    found: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font, size) -> None:  # noqa: ANN001
        if text.strip():
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            found.append((round(x, 2), round(y, 2), text))

    page.extract_text(visitor_text=visit)
    return found


def pieces(pdf: bytes | Path) -> list[list[tuple[float, float, str]]]:
    """Every page's pieces, of a PDF given as bytes or as a file."""
    reader = PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    return [page_pieces(page) for page in reader.pages]
