"""Mailing a campaign by post: address labels, #10 envelopes, a mail log, one print-ready PDF (issue 12).

Labels use the geometry of 30-per-sheet US Letter stock (Avery 5160 and its equivalents): 3 columns
of 2 5/8 in x 1 in labels, 1/8 in apart, 1/2 in from the top and 3/16 in from the left edge, filled
left to right, top to bottom, in campaign order. Every address block hides its overflow so the
layout never moves; a block whose lines do not fit is an error naming the agency, never clipped
silently (`pdf.clipped_addresses`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from foilbot.errors import ValidationError

# Avery 5160 (inches): label size, pitch, sheet margins.
LABEL_WIDTH, LABEL_HEIGHT = 2.625, 1.0
LABEL_PITCH_X, LABEL_PITCH_Y = 2.75, 1.0
LABEL_LEFT, LABEL_TOP = 0.1875, 0.5
LABEL_COLUMNS, LABEL_ROWS = 3, 10
PER_SHEET = LABEL_COLUMNS * LABEL_ROWS


@dataclass(frozen=True)
class Recipient:
    """One addressee of a campaign, in campaign order."""

    agency_id: str
    agency: str
    lines: tuple[str, ...]  # the whole address block: title, name, street lines, city line
    reference: str
    sent_on: date | None = None
    via: str | None = None
    tracking: str | None = None


def label_position(index: int) -> tuple[int, float, float]:
    """(sheet, left, top) in inches of the `index`-th label (0-based), row by row."""
    sheet, slot = divmod(index, PER_SHEET)
    row, col = divmod(slot, LABEL_COLUMNS)
    return sheet, LABEL_LEFT + col * LABEL_PITCH_X, LABEL_TOP + row * LABEL_PITCH_Y


def _address(r: Recipient) -> str:
    lines = "".join(f"<div>{escape(line)}</div>" for line in r.lines)
    who = f"{escape(r.agency)} ({escape(r.agency_id)})"
    return f'<address class="recipient" data-agency="{who}">{lines}</address>'


BASE_CSS = """
html { font-family: "DejaVu Sans", sans-serif; color: #000; }
body { margin: 0; }
address.recipient { font-style: normal; overflow: hidden; box-sizing: border-box; margin: 0; }
"""

LABELS_CSS = f"""
@page {{ size: letter; margin: 0; }}
.sheet {{ position: relative; width: 8.5in; height: 11in; break-after: page; }}
.sheet:last-child {{ break-after: auto; }}
.label {{ position: absolute; width: {LABEL_WIDTH}in; height: {LABEL_HEIGHT}in; box-sizing: border-box;
  padding: 0.07in 0.1in 0.04in 0.1in; overflow: hidden; }}
.label address.recipient {{ height: 0.82in; font-size: 8pt; line-height: 1.05; }}
.label .ref {{ position: absolute; right: 0.1in; bottom: 0.02in; font-size: 5pt; color: #333; }}
"""

ENVELOPE_CSS = """
@page { size: 9.5in 4.125in; margin: 0; }
.envelope { position: relative; width: 9.5in; height: 4.125in; break-after: page; }
.envelope:last-child { break-after: auto; }
.return { position: absolute; left: 0.35in; top: 0.3in; width: 3.5in; font-size: 8.5pt; line-height: 1.2; }
.envelope address.recipient { position: absolute; left: 4.1in; top: 1.75in; width: 4.9in; height: 1.45in;
  font-size: 11pt; line-height: 1.25; }
.envelope .ref { position: absolute; left: 0.35in; bottom: 0.25in; font-size: 6pt; color: #333; }
"""

LOG_CSS = """
@page { size: letter landscape; margin: 0.5in;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 7pt; } }
h1 { font-size: 12pt; margin: 0 0 0.1in 0; }
p { font-size: 8pt; margin: 0 0 0.1in 0; }
table { border-collapse: collapse; width: 100%; font-size: 7.5pt; }
th, td { border: 0.5pt solid #777; padding: 2pt 4pt; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
"""


def _document(body: str, css: str) -> str:
    head = f'<meta charset="utf-8"><style>{BASE_CSS}{css}</style>'
    return f'<!doctype html><html lang="en"><head>{head}</head><body>{body}</body></html>'


def labels_html(recipients: Sequence[Recipient]) -> str:
    sheets: dict[int, list[str]] = {}
    for i, r in enumerate(recipients):
        sheet, left, top = label_position(i)
        sheets.setdefault(sheet, []).append(
            f'<div class="label" style="left: {left}in; top: {top}in">{_address(r)}'
            f'<div class="ref">{escape(r.reference)}</div></div>'
        )
    body = "".join(f'<div class="sheet">{"".join(labels)}</div>' for _, labels in sorted(sheets.items()))
    return _document(body, LABELS_CSS)


def envelopes_html(recipients: Sequence[Recipient], sender: Sequence[str]) -> str:
    back = "".join(f"<div>{escape(line)}</div>" for line in sender)
    body = "".join(
        f'<div class="envelope"><div class="return">{back}</div>{_address(r)}'
        f'<div class="ref">{escape(r.reference)}</div></div>'
        for r in recipients
    )
    return _document(body, ENVELOPE_CSS)


LOG_COLUMNS = ("reference", "recipient", "address", "sent_on", "via", "article_number")


def log_rows(recipients: Sequence[Recipient]) -> list[dict[str, str]]:
    """The mail log as plain rows (the CSV; the PDF shows the same)."""
    return [
        {
            "reference": r.reference,
            "recipient": r.agency,
            "address": "; ".join(r.lines[1:] if len(r.lines) > 1 else r.lines),
            "sent_on": r.sent_on.isoformat() if r.sent_on else "",
            "via": r.via or "",
            "article_number": r.tracking or "",
        }
        for r in recipients
    ]


def log_html(title: str, recipients: Sequence[Recipient], sender: Sequence[str]) -> str:
    head = "".join(f"<th>{escape(c.replace('_', ' '))}</th>" for c in LOG_COLUMNS)
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(row[c])}</td>" for c in LOG_COLUMNS) + "</tr>"
        for row in log_rows(recipients)
    )
    who = escape(", ".join(sender))
    body = (
        f"<h1>{escape(title)}</h1><p>Mailed by {who}. {len(recipients)} item(s), in campaign order.</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )
    return _document(body, LOG_CSS)


def to_pdf(html: str, what: str) -> bytes:
    """Lay out one mailing document; any clipped address block is an error naming its agency.

    Raises:
        ValidationError: an address does not fit its label or envelope window.
    """
    from foilbot.render.pdf import clipped_addresses, load_weasyprint, make_fetcher, metadata_time

    weasyprint = load_weasyprint()
    document = weasyprint.HTML(string=html, url_fetcher=make_fetcher([])).render()
    for page in document.pages:
        clipped = clipped_addresses(page)
        if clipped:
            raise ValidationError(
                f"{clipped[0]}: the address does not fit the {what}; it would be cut off",
                hint="Shorten the name, the records officer or the street lines in the directory "
                "(foilbot agency import), then print again.",
            )
    document.metadata.created = document.metadata.modified = metadata_time().isoformat()
    return bytes(document.write_pdf())


def combine(letters: Sequence[Path]) -> bytes:
    """One print-ready PDF of many letters: each starts on a new sheet when printed on both sides
    (a blank page follows every letter with an odd number of pages).

    Raises:
        ValidationError: a letter file is missing or is not a PDF.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    writer = PdfWriter()
    for path in letters:
        try:
            reader = PdfReader(str(path))
            pages = list(reader.pages)
        except (OSError, PdfReadError) as exc:
            raise ValidationError(f"{path}: cannot read the letter: {exc}") from None
        for page in pages:
            writer.add_page(page)
        if len(pages) % 2:
            box = pages[-1].mediabox
            writer.add_blank_page(width=float(box.width), height=float(box.height))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
