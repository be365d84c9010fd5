"""PDFs: page count, extracted text, footer, metadata, fonts, the URL fetcher, reproducibility, packets."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from foilbot.errors import RenderError, ValidationError
from foilbot.render import LetterJob, RenderOptions, appeal_packet, render_letter
from foilbot.render.context import CitedExemption
from tests.render.conftest import LOCKPORT, NY_DENIAL, REQUESTER, ny_request

EPOCH = "1795392000"  # 2026-11-23T00:00:00Z


def _png(path: Path) -> Path:
    """A 2x2 red PNG written by hand (no imaging library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return path


def _text(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _images(pdf: bytes) -> int:
    """Distinct embedded images (WeasyPrint shares one resource dictionary between pages)."""
    return len({image.name for page in PdfReader(io.BytesIO(pdf)).pages for image in page.images})


@pytest.fixture(autouse=True)
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def test_ny_request_pdf_text_footer_metadata_fonts() -> None:
    pdf = render_letter(LetterJob("request-ny-foil", ny_request(), "pdf")).content
    assert isinstance(pdf, bytes)
    reader = PdfReader(io.BytesIO(pdf))
    pages = _text(pdf)
    assert len(pages) == 3
    first = pages[0]
    assert "LOCKPORT CITY SCHOOL DISTRICT 130 BEATTIE AVE LOCKPORT, NY 14094" in first
    assert "Jane Q. Advocate Example Civil Liberties Union 125 Broad Street New York, NY 10004" in first
    assert (
        "Re: Request under the Freedom of Information Law, Public Officers Law Article 6, §§ 84-90" in first
    )
    assert "Reference: FOIL-2026-0001" in first
    body = " ".join(pages)
    for title in (
        "1. Retention and deletion of data",
        "2. Access to the System and its data",
        "3. Number and placement of cameras and sensors",
    ):
        assert title in body
    assert "five (5) business days" in body and "N.Y. Pub. Off. Law § 89(3)(a)" in body
    for n, page in enumerate(pages, 1):
        assert page.endswith(f"Reference: FOIL-2026-0001 Page {n} of 3")
    meta = reader.metadata
    assert meta.title == "Freedom of Information Law request FOIL-2026-0001 to LOCKPORT CITY SCHOOL DISTRICT"
    assert meta.author == "Jane Q. Advocate"
    assert meta.subject.startswith("Request under the New York Freedom of Information Law")
    assert meta["/CreationDate"].startswith("D:20261123000000")
    fonts = [
        f["/FontDescriptor"]
        for page in reader.pages
        for f in (
            x.get_object()["/DescendantFonts"][0].get_object() for x in page["/Resources"]["/Font"].values()
        )
    ]
    assert fonts and all("/FontFile2" in d for d in fonts)
    assert all("DejaVu-Serif" in str(d["/FontName"]) for d in fonts)


def test_recipient_sits_in_the_window_of_a_10_envelope() -> None:
    pdf = render_letter(LetterJob("request-ny-foil", ny_request(), "pdf")).content
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    spots: list[tuple[float, float]] = []

    def visitor(text, cm, tm, font, size):  # noqa: ANN001
        if text.strip() in ("Records Access Officer", "LOCKPORT, NY 14094"):
            x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            spots.append((x / 72, (792 - y) / 72))  # baseline, in inches from the left and from the top

    page.extract_text(visitor_text=visitor)
    assert len(spots) == 2
    for left, top in spots:
        # #10 window: 0.875in to 5.375in across, about 2.05in to 3.15in down on a sheet folded in thirds.
        assert 0.875 <= left <= 1.5 and 2.05 <= top <= 3.1


@pytest.mark.parametrize("name", ['<img src="file:///etc/passwd">', "{{ 7*7 }}"])
def test_injected_agency_name_prints_literally_and_loads_nothing(name: str) -> None:
    result = render_letter(
        LetterJob("request-ny-foil", ny_request(agency=replace(LOCKPORT, name=name)), "pdf")
    )
    pdf = result.content
    assert isinstance(pdf, bytes)
    assert name in _text(pdf)[0]
    assert _images(pdf) == 0 and result.warnings == ()


def test_template_cannot_reach_files_or_network(tmp_path: Path) -> None:
    user = tmp_path / "letters"
    user.mkdir()
    _png(user / "logo.png")
    (user / "letter.css").write_text(
        "@import url('file:///etc/hostname');\nbody { background: url('http://127.0.0.1:9/bg.png'); }\n"
    )
    (user / "sneaky.html.j2").write_text(
        "{#- letter\nkind: request\ndescription: tries to escape\n-#}\n"
        "<html><head><link rel='stylesheet' href='http://127.0.0.1:9/x.css'></head><body>"
        "<p>{{ agency.name }}</p><img src='file:///etc/hostname'><img src='http://127.0.0.1:9/p.png'>"
        "<img src='../../../../../etc/hostname'><img src='logo.png'></body></html>"
    )
    result = render_letter(LetterJob("sneaky", ny_request(), "pdf"), RenderOptions(user_dir=user))
    pdf = result.content
    assert isinstance(pdf, bytes)
    refused = " ".join(result.warnings)
    for url in (
        "file:///etc/hostname",
        "http://127.0.0.1:9/x.css",
        "http://127.0.0.1:9/p.png",
        "http://127.0.0.1:9/bg.png",
    ):
        assert url in refused
    assert _images(pdf) == 1  # only logo.png, which lives in the template folder
    hostname = Path("/etc/hostname").read_text().strip()
    assert hostname.encode() not in pdf or len(hostname) < 4
    assert all(hostname not in page for page in _text(pdf)) or len(hostname) < 4


def test_reproducible_bytes_with_source_date_epoch() -> None:
    one = render_letter(LetterJob("request-ny-foil", ny_request(), "pdf")).content
    two = render_letter(LetterJob("request-ny-foil", ny_request(), "pdf")).content
    assert one == two


def test_signature_image_or_line(tmp_path: Path) -> None:
    signed = replace(REQUESTER, signature=str(_png(tmp_path / "sig.png")))
    pdf = render_letter(LetterJob("request-ny-foil", ny_request(requester=signed), "pdf")).content
    assert isinstance(pdf, bytes) and _images(pdf) == 1
    missing = replace(REQUESTER, signature=str(tmp_path / "nope.png"))
    with pytest.raises(RenderError, match="signature image not found"):
        render_letter(LetterJob("request-ny-foil", ny_request(requester=missing), "pdf"))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("sig.png", b"not an image"),
        ("sig.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("sig.png", b""),
    ],
)
def test_a_signature_that_is_not_a_png_or_jpeg_is_refused(tmp_path: Path, name: str, data: bytes) -> None:
    # Issue 9: a text file as the signature printed "Signature of …" (the image's alt text) as text.
    (tmp_path / name).write_bytes(data)
    signer = replace(REQUESTER, signature=str(tmp_path / name))
    with pytest.raises(RenderError, match=f"signature image {tmp_path / name}: not a PNG or JPEG image"):
        render_letter(LetterJob("request-ny-foil", ny_request(requester=signer), "pdf"))


def test_a_damaged_signature_image_is_refused(tmp_path: Path) -> None:
    """A PNG cut off after its header printed "Signature of …" (the alt text) where the image belongs."""
    whole = _png(tmp_path / "whole.png").read_bytes()
    for name, data in (("cut.png", whole[:40]), ("header.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")):
        (tmp_path / name).write_bytes(data)
        signer = replace(REQUESTER, signature=str(tmp_path / name))
        with pytest.raises(
            RenderError, match=f"signature image {tmp_path / name}: damaged, it cannot be decoded"
        ):
            render_letter(LetterJob("request-ny-foil", ny_request(requester=signer), "pdf"))


def test_a_letterhead_too_tall_for_its_place_is_refused() -> None:
    """An organization, a four-line address, a phone and an email: the last line (how to reach the
    requester) was cut in half by the rule under the letterhead, and the letter printed as if whole."""
    tall = replace(
        REQUESTER,
        organization="Western New York Coalition for Student Privacy and Civil Liberties in Schools",
        address_lines=("Attn: Records Project", "125 Broad Street, Suite 400", "Buffalo, NY 14202", "USA"),
    )
    with pytest.raises(ValidationError, match="the letterhead .* does not fit its 1.05 inches"):
        render_letter(LetterJob("request-ny-foil", ny_request(requester=tall), "pdf"))
    three = replace(
        REQUESTER, address_lines=("Attn: Records Project", "125 Broad Street", "New York, NY 10004")
    )
    pdf = render_letter(LetterJob("request-ny-foil", ny_request(requester=three), "pdf")).content
    assert isinstance(pdf, bytes)


def test_pdfa_variant() -> None:
    pdf = render_letter(
        LetterJob("request-ny-foil", ny_request(), "pdf"), RenderOptions(pdf_variant="pdf/a-2b")
    )
    assert isinstance(pdf.content, bytes)
    reader = PdfReader(io.BytesIO(pdf.content))
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert b"pdfaid" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()


def test_appeal_packet_has_labelled_exhibits(tmp_path: Path) -> None:
    denial = render_letter(LetterJob("followup", ny_request(history=NY_DENIAL), "pdf")).content
    assert isinstance(denial, bytes)
    (tmp_path / "denial.pdf").write_bytes(denial)
    history = replace(NY_DENIAL, exemptions=(CitedExemption("Public Officers Law § 87(2)(b)", "Privacy."),))
    appeal = LetterJob("appeal-denial", ny_request(history=history), "pdf")
    request = LetterJob("request-ny-foil", ny_request(), "pdf")
    out = tmp_path / "packet.pdf"
    appeal_packet(appeal, request, tmp_path / "denial.pdf", out)
    pages = _text(out.read_bytes())
    appeal_pages = len(_text(render_letter(appeal).content))  # type: ignore[arg-type]
    assert len(pages) == appeal_pages + 1 + 3 + 1 + len(_text(denial))
    assert pages[appeal_pages].startswith("Exhibit A Request dated October 1, 2026")
    assert pages[appeal_pages + 4].startswith("Exhibit B The agency's denial dated November 2, 2026")
    assert not list(tmp_path.glob(".*.tmp"))


def test_weasyprint_is_the_pinned_major_version() -> None:
    """pyproject.toml pins WeasyPrint's major version because render.pdf patches its private API."""
    import re
    from importlib.metadata import version

    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    pin = re.search(r'"weasyprint>=(\d+)(?:\.\d+)*,<(\d+)"', pyproject)
    assert pin, "weasyprint must be pinned as >=X,<X+1 in pyproject.toml"
    low, high = int(pin.group(1)), int(pin.group(2))
    assert high == low + 1
    assert low <= int(version("weasyprint").split(".")[0]) < high


def test_font_subset_patch_applies_and_serves_letters() -> None:
    """Fails loudly when WeasyPrint's private Font.subset moves (a new major version): re-check the patch."""
    from foilbot.render import pdf

    assert pdf._install_subset_cache(), (
        "weasyprint.pdf.fonts.Font.subset no longer has the shape foilbot.render.pdf patches "
        f"(signature {pdf.SUBSET_SIGNATURE}, attributes {pdf.FONT_ATTRIBUTES})"
    )
    from weasyprint.pdf import fonts

    assert getattr(fonts.Font.subset, "_foilbot_cached", False)
    before = dict(pdf.SUBSET_STATS)
    one = render_letter(LetterJob("request-ny-foil", ny_request(), "pdf")).content
    two = render_letter(LetterJob("request-ny-foil", ny_request(reference="FOIL-2026-0002"), "pdf")).content
    assert isinstance(one, bytes) and isinstance(two, bytes)
    assert pdf.SUBSET_STATS["cached"] >= before["cached"] + 2  # both letters used the cached subset
    assert "FOIL-2026-0002" in _text(two)[0] and len(_text(two)) == 3


def test_packet_denial_read_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`appeal --packet /dev/zero` read forever (issue 9); now it stops at the limit with a clear error."""
    from foilbot.render import jobs

    monkeypatch.setattr(jobs, "PACKET_EXHIBIT_LIMIT", 1_000_000)
    appeal = LetterJob("appeal-denial", ny_request(history=NY_DENIAL), "pdf")
    request = LetterJob("request-ny-foil", ny_request(), "pdf")
    with pytest.raises(RenderError, match="--packet /dev/zero: larger than 1 MB; not reading it"):
        appeal_packet(appeal, request, Path("/dev/zero"), tmp_path / "packet.pdf")
    with pytest.raises(RenderError, match="is a folder, not a file"):
        appeal_packet(appeal, request, tmp_path, tmp_path / "packet.pdf")
    assert list(tmp_path.iterdir()) == []
