"""`foilbot letter`: a one-off letter from the directory and the [requester] settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import invoke


@pytest.fixture
def requester(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOILBOT_REQUESTER_NAME", "Jane Q. Advocate")
    monkeypatch.setenv("FOILBOT_REQUESTER_ADDRESS", "125 Broad Street\nNew York, NY 10004")
    monkeypatch.setenv("FOILBOT_REQUESTER_EMAIL", "jadvocate@example.org")


def test_text_letter_to_a_new_york_district(runner, directory, requester) -> None:
    result = invoke(
        runner,
        "letter",
        "--agency",
        "nces-3617670",
        "--topic",
        "retention-periods",
        "--param",
        "start=2019-01-01",
        "--date",
        "2026-11-23",
        "--reference",
        "T-1",
        "--text",
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "LOCKPORT CITY SCHOOL DISTRICT\n130 BEATTIE AVE\nLOCKPORT, NY 14094" in out
    assert "Re: Request under the Freedom of Information Law, Public Officers Law" in out
    assert "1. Retention and deletion of data" in out
    assert "from January 1, 2019 through the date of your search" in " ".join(out.split())
    assert "November 23, 2026" in out


def test_pdf_letter_to_california_uses_the_cpra(runner, directory, requester, tmp_path: Path) -> None:
    out = tmp_path / "lausd.pdf"
    result = invoke(
        runner, "letter", "--agency", "Los Angeles Unified", "--topic", "policies", "--out", str(out)
    )
    assert result.exit_code == 0, result.stderr
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Request under the California Public Records Act, Cal. Gov. Code §§ 7920.000-7931.000" in text
    assert "Freedom of Information Law" not in text


def test_private_college_needs_force(runner, directory, requester) -> None:
    result = invoke(runner, "letter", "--agency", "ipeds-190415", "--topic", "policies", "--text")
    assert result.exit_code == 1
    assert "not subject to the Freedom of Information Law" in result.stderr and "--force" in result.stderr
    forced = invoke(runner, "letter", "--agency", "ipeds-190415", "--topic", "policies", "--text", "--force")
    assert forced.exit_code == 0 and "Cornell University" in forced.stdout


def test_missing_requester_name_is_an_error(runner, directory) -> None:
    result = invoke(runner, "letter", "--agency", "nces-3617670", "--topic", "retention-periods", "--text")
    assert result.exit_code == 1
    assert "requester.name is empty" in result.stderr and "[requester]" in result.stderr


def test_option_errors(runner, directory, requester) -> None:
    both = invoke(runner, "letter", "--agency", "nces-3617670", "--text", "--html")
    assert both.exit_code == 2 and "choose one output" in both.stderr
    fee = invoke(runner, "letter", "--agency", "nces-3617670", "--fee-category", "news-media", "--text")
    assert fee.exit_code == 2 and "federal FOIA options" in fee.stderr
    param = invoke(
        runner, "letter", "--agency", "nces-3617670", "-t", "funding", "--param", "colour=red", "--text"
    )
    assert param.exit_code == 2 and "unknown parameter(s) colour" in param.stderr


def test_federal_letter_with_fee_paragraphs(runner, directory, requester) -> None:
    result = invoke(
        runner,
        "letter",
        "--agency",
        "us-department-of-education",
        "--topic",
        "funding",
        "--fee-category",
        "educational",
        "--expedite",
        "Children are being enrolled now.",
        "--html",
    )
    assert result.exit_code == 0, result.stderr
    # Citations are bound to their line (issue 9): a no-break space, in a nowrap span.
    cite = '<span class="citation" style="white-space: nowrap">5 U.S.C. §\u00a0552</span>'
    assert f"Freedom of Information Act Request, {cite}" in result.stdout
    assert "5 U.S.C. §\u00a0552(a)(4)(A)(ii)(II)" in result.stdout and "<style>" in result.stdout


def test_out_through_links_to_dev_null_and_dev_full(runner, directory, requester, tmp_path: Path) -> None:
    """`--out` to a device writes through it; a full device is a clear error (issue 9, files and output).

    The links live in tmp_path, so even a writer that replaced its target could only replace a link.
    """
    import os
    import stat

    (tmp_path / "null.pdf").symlink_to("/dev/null")
    (tmp_path / "full.pdf").symlink_to("/dev/full")
    args = ("letter", "--agency", "nces-3617670", "--topic", "policies", "--out")
    result = invoke(runner, *args, str(tmp_path / "null.pdf"))
    assert result.exit_code == 0, result.stderr
    full = invoke(runner, *args, str(tmp_path / "full.pdf"))
    assert full.exit_code == 1
    assert "full.pdf: cannot write: No space left on device" in full.stderr
    assert "unexpected" not in full.stderr and "Traceback" not in full.stderr
    assert (tmp_path / "null.pdf").is_symlink() and (tmp_path / "full.pdf").is_symlink()
    assert all(stat.S_ISCHR(os.lstat(d).st_mode) for d in ("/dev/null", "/dev/full"))
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_out_that_is_a_folder_is_refused(runner, directory, requester, tmp_path: Path) -> None:
    folder = tmp_path / "letters"
    folder.mkdir()
    result = invoke(runner, "letter", "--agency", "nces-3617670", "--topic", "policies", "--out", str(folder))
    assert result.exit_code == 1
    assert f"{folder}: is a folder; not writing there" in result.stderr
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_out_with_an_extension_foilbot_does_not_write_is_refused(
    runner, directory, requester, tmp_path: Path
) -> None:
    out = tmp_path / "letter.docx"
    result = invoke(runner, "letter", "--agency", "nces-3617670", "--topic", "policies", "--out", str(out))
    assert result.exit_code == 2
    assert "foilbot writes .pdf, .txt or .html files, not .docx" in result.stderr
    assert not out.exists()
