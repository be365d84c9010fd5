"""Labels, envelopes and the one-PDF campaign, checked by page count and positions from the PDF (issue 12)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from foilbot.errors import ValidationError
from foilbot.render import mailing

PT = 72  # PDF points per inch


def _people(n: int) -> list[mailing.Recipient]:
    return [
        mailing.Recipient(
            f"t-{i}",
            f"DISTRICT {i:03d}",
            ("Records Access Officer", f"DISTRICT {i:03d}", f"{i} MAIN ST", "LOCKPORT, NY 14094"),
            f"FOIL-2026-{i:04d}",
        )
        for i in range(1, n + 1)
    ]


def _positions(data: bytes, needle: str) -> list[tuple[int, float, float]]:
    """(page, x, y from the top) of every text run that starts with `needle`."""
    from pypdf import PdfReader

    found: list[tuple[int, float, float]] = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        height = float(page.mediabox.height)

        def visit(text, cm, tm, font, size, number=number, height=height):
            if text.startswith(needle):
                x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
                found.append((number, x, height - y))

        page.extract_text(visitor_text=visit)
    return found


def test_labels_fill_avery_5160_sheets_row_by_row() -> None:
    from pypdf import PdfReader

    data = mailing.to_pdf(mailing.labels_html(_people(31)), "label")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == (612, 792)
    spots: dict[int, tuple[int, float, float]] = {}
    for i, needle in (
        (1, "DISTRICT 001"),
        (2, "DISTRICT 002"),
        (4, "DISTRICT 004"),
        (30, "DISTRICT 030"),
        (31, "DISTRICT 031"),
    ):
        page, x, y = _positions(data, needle)[0]
        sheet, left, top = mailing.label_position(i - 1)
        assert page == sheet
        assert x == pytest.approx((left + 0.1) * PT, abs=2)  # the label's left padding
        assert top * PT < y < (top + 0.4) * PT  # the name is the second line of the label
        spots[i] = (page, x, y)
    assert spots[2][1] - spots[1][1] == pytest.approx(2.75 * PT, abs=0.5)  # next column
    assert spots[4][2] - spots[1][2] == pytest.approx(1.0 * PT, abs=0.5)  # next row
    assert "FOIL-2026-0031" in reader.pages[1].extract_text()


def test_envelopes_are_number_10_one_per_agency_in_campaign_order() -> None:
    from pypdf import PdfReader

    data = mailing.to_pdf(mailing.envelopes_html(_people(3), ("Ana Ruiz", "100 Main Street")), "envelope")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 3
    assert (float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)) == (684, 297)
    assert [("DISTRICT 00" + str(n)) in p.extract_text() for n, p in enumerate(reader.pages, 1)] == [True] * 3
    page, x, y = _positions(data, "DISTRICT 002")[0]
    assert page == 1 and x == pytest.approx(4.1 * PT, abs=2)


def test_an_address_that_does_not_fit_a_label_is_an_error_naming_the_agency() -> None:
    long = mailing.Recipient(
        "t-9",
        "NIAGARA-WHEATFIELD CENTRAL SCHOOL DISTRICT",
        (
            "Records Access Officer",
            "Attn: Jane Q. Public, District Clerk",
            "NIAGARA-WHEATFIELD CENTRAL SCHOOL DISTRICT OF THE TOWNS OF NIAGARA AND WHEATFIELD",
            "ADMINISTRATION BUILDING",
            "5700 WEST ST",
            "SANBORN, NY 14132",
        ),
        "FOIL-2026-0009",
    )
    with pytest.raises(
        ValidationError, match=r"NIAGARA-WHEATFIELD CENTRAL SCHOOL DISTRICT \(t-9\): the address"
    ):
        mailing.to_pdf(mailing.labels_html([*_people(2), long]), "label")


def test_one_pdf_starts_every_letter_on_a_new_sheet(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    files = []
    for name, pages in (("a", 1), ("b", 2), ("c", 3)):
        writer = PdfWriter()
        for _ in range(pages):
            writer.add_blank_page(612, 792)
        path = tmp_path / f"{name}.pdf"
        with path.open("wb") as f:
            writer.write(f)
        files.append(path)
    reader = PdfReader(io.BytesIO(mailing.combine(files)))
    assert len(reader.pages) == 2 + 2 + 4  # 1+blank, 2, 3+blank: each letter starts on an odd page


def test_the_longest_new_york_district_address_fits_a_label() -> None:
    # From the shipped directory (nces-3610140): a two-line name and a two-line street line.
    greenburgh = mailing.Recipient(
        "nces-3610140",
        "GREENBURGH ELEVEN UNION FREE SCHOOL DISTRICT",
        (
            "Records Access Officer",
            "GREENBURGH ELEVEN UNION FREE SCHOOL DISTRICT",
            "ON THE CAMPUS OF CHILDREN'S VILLAGE",
            "DOBBS FERRY, NY 10522",
        ),
        "FOIL-2026-0263",
    )
    data = mailing.to_pdf(mailing.labels_html([greenburgh]), "label")
    assert _positions(data, "DOBBS FERRY")  # the city line is on the label
