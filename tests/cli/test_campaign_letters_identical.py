"""`campaign letters` (the batch, on every core) prints each letter exactly as `request letter` does.

Same text, same word positions, same page count, same metadata (issue 12, performance: whatever makes
the batch fast must not make its letters differ from the one-at-a-time path).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import YEAR, invoke, ok
from tests.pdf_positions import pieces

TOML = """
[requester]
name = "Ana Ruiz"
organization = "Western New York Education Counsel"
address = '''
100 Main Street
Buffalo, NY 14202'''
email = "aruiz@example.org"
"""
NIAGARA = ("--filter", "state=NY", "--filter", "county=Niagara", "--filter", "kind=school_district")


def test_batch_letters_match_request_letter_in_text_positions_pages_and_metadata(
    runner, directory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # both printed "at the same time"
    (tmp_path / "foilbot.toml").write_text(TOML)
    ok(
        invoke(
            runner,
            "campaign",
            "new",
            "cams",
            *NIAGARA,
            *("--topic", "retention-periods", "--topic", "camera-locations"),
            *("--param", "start=2019-01-01"),
        )
    )
    ok(invoke(runner, "campaign", "letters", "cams", "--out", str(tmp_path / "batch")))
    refs = [f"FOIL-{YEAR}-000{n}" for n in (1, 2, 3)]
    pages = []
    for ref in refs:
        batch, single = tmp_path / "batch" / f"{ref}.pdf", tmp_path / f"{ref}.pdf"
        ok(invoke(runner, "request", "letter", ref, "--out", str(single)))
        one, other = PdfReader(batch), PdfReader(single)
        assert len(one.pages) == len(other.pages)
        assert [p.extract_text() for p in one.pages] == [p.extract_text() for p in other.pages]
        assert pieces(batch) == pieces(single)
        assert one.metadata == other.metadata and one.metadata is not None
        assert ref in (one.metadata.get("/Keywords") or "")
        assert batch.read_bytes() == single.read_bytes()  # and in fact byte for byte
        pages.append(len(one.pages))
    assert min(pages) >= 2  # multi-page letters: the footer and page 2 layout are compared too
