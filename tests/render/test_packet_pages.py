"""An appeal packet's pages are numbered through the packet (issue 9), checked on extracted text."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from foilbot.render import LetterJob, appeal_packet, render_letter
from tests.render.conftest import NY_DENIAL, ny_request
from tests.render.test_typography import _pages


def _footers(pdf: bytes) -> list[str]:
    return [m.group(0) for page in _pages(pdf) for m in [re.search(r"Page \d+ of \d+", page)] if m]


def test_packet_pages_are_numbered_through_the_packet(tmp_path: Path) -> None:
    """Appeal (its own pages), Exhibit A's cover, the request, Exhibit B's cover, the agency's denial:
    one count from the first page to the last. Each letter printed alone keeps its own count."""
    denial = render_letter(LetterJob("followup", ny_request(history=NY_DENIAL), "pdf")).content
    assert isinstance(denial, bytes)
    (tmp_path / "denial.pdf").write_bytes(denial)
    appeal = LetterJob("appeal-denial", ny_request(history=replace(NY_DENIAL)), "pdf")
    request = LetterJob("request-ny-foil", ny_request(), "pdf")
    alone = [len(_pages(render_letter(job).content)) for job in (appeal, request)]  # type: ignore[arg-type]
    denial_pages = len(_pages(denial))
    out = tmp_path / "packet.pdf"
    appeal_packet(appeal, request, tmp_path / "denial.pdf", out)
    packet = _pages(out.read_bytes())
    total = alone[0] + 1 + alone[1] + 1 + denial_pages
    assert len(packet) == total
    ours = alone[0] + 1 + alone[1] + 1  # the agency's own pages keep what it printed on them
    for number, page in enumerate(packet[:ours], 1):
        assert f"Page {number} of {total}" in page, (number, page)
    # The denial is a foilbot follow-up here, so its own "Page 1 of 1" shows it was left untouched.
    assert all(re.search(r"Page \d+ of " + str(total), page) is None for page in packet[ours:])
    # Alone, each letter counts its own pages.
    for job, n in zip((appeal, request), alone, strict=True):
        assert _footers(render_letter(job).content) == [f"Page {i} of {n}" for i in range(1, n + 1)]  # type: ignore[arg-type]


def test_a_packet_file_that_is_not_a_pdf_is_a_clear_error(tmp_path: Path) -> None:
    import pytest

    from foilbot.errors import RenderError

    (tmp_path / "denial.pdf").write_bytes(b"this is a scan someone renamed, not a PDF")
    appeal = LetterJob("appeal-denial", ny_request(history=NY_DENIAL), "pdf")
    with pytest.raises(RenderError, match=r"denial\.pdf is not a readable PDF"):
        appeal_packet(
            appeal,
            LetterJob("request-ny-foil", ny_request(), "pdf"),
            tmp_path / "denial.pdf",
            tmp_path / "p.pdf",
        )
    assert not (tmp_path / "p.pdf").exists()
