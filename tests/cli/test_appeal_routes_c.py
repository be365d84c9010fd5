"""The challenge each law provides, through the CLI (issue 10, third batch): a petition to the Pennsylvania
Office of Open Records and a request for review to Oklahoma's Public Access Counselor, both copied to the
agency, an appeal to a Rhode Island public body's chief administrative
officer, and no letter (the remedy and its deadline stated) where only a court hears it (South Carolina, Ohio).
Checked by the extracted text: addressee, statute, deadline.

Every request is sent and received on Monday 2026-06-01.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.cli.test_appeal_routes import sender
from tests.cli.test_followup_appeal import flat
from tests.conftest import invoke, ok

AGENCIES = """id,name,kind,jurisdiction,public,records_officer,email,address,city,state,zip,county,phone,website,portal_url,source,notes,beds_code
t-pa,Test Pennsylvania Township,local_government,PA,true,,pa@example.org,1 Main St,Harrisburg,PA,17101,,,,,test,,
t-ri,Test Rhode Island Town,local_government,RI,true,,ri@example.org,1 Main St,Providence,RI,02903,,,,,test,,
t-sc,Test South Carolina City,local_government,SC,true,,sc@example.org,1 Main St,Columbia,SC,29201,,,,,test,,
t-ok,Test Oklahoma Town,local_government,OK,true,,ok@example.org,1 Main St,Guthrie,OK,73044,,,,,test,,
t-oh,Test Ohio Village,local_government,OH,true,,oh@example.org,1 Main St,Columbus,OH,43215,,,,,test,,
"""


@pytest.fixture
def sent(isolated: Path, runner, directory):
    return sender(isolated, runner, AGENCIES)


def test_pennsylvania_petition_to_the_office_of_open_records(isolated: Path, runner, sent) -> None:
    from pypdf import PdfReader

    rid = sent("t-pa")
    out = isolated / "pa.pdf"
    result = ok(invoke(runner, "appeal", rid, "--date", "2026-06-10", "--out", str(out)))
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    assert "Office of Open Records" in text and "To the Office of Open Records:" in text
    assert "Petition for review under 65 P.S. § 67.1101" in text
    # 65 P.S. § 67.901: 5 business days after receipt on Mon 06-01: 06-02..06-05, Mon 06-08. Pennsylvania's
    # holiday calendar is still python-holidays (44 P.S. § 11 not read), so the letter does not state the date.
    assert "A copy of the request is enclosed; the agency has sent no written response." in text
    assert "June 8, 2026" not in text
    assert "deadline of 2026-06-08 rests on an unverified rule" in result.stderr
    assert "within 30 days of receiving this appeal" in text and "deemed denied" in text
    assert "cc: Test Pennsylvania Township" in text and "Records Access Appeals Officer" not in text
    # no official page giving the OOR's street address was read: the letter says so rather than guess one
    assert "333 Market Street" not in text
    assert "no address for the commission was read" in result.stderr


def test_oklahoma_request_for_review_to_the_public_access_counselor(runner, sent) -> None:
    rid = sent("t-ok")
    ok(invoke(runner, "request", "log", rid, "denied", "--date", "2026-06-10"))
    result = ok(invoke(runner, "appeal", rid, "--text", "--date", "2026-06-15"))
    text = flat(result.stdout)
    assert "Public Access Counselor Unit Office of the Attorney General of Oklahoma" in text
    assert "Dear Attorney General:" in text and "Petition for review under 51 O.S. § 24A.40" in text
    assert "within seven business days after receiving it" in text and "§ 24A.40(F)" in text
    assert "the form the Attorney General prescribes" in text
    assert "cc: Test Oklahoma Town" in text
    assert "no address for the attorney general was read" in result.stderr


def test_rhode_island_appeal_goes_to_the_agency(runner, sent) -> None:
    rid = sent("t-ri")
    ok(invoke(runner, "request", "log", rid, "denied", "--date", "2026-06-10"))
    text = flat(ok(invoke(runner, "appeal", rid, "--text", "--date", "2026-06-12")).stdout)
    assert "Test Rhode Island Town" in text and "Dear Appeals Officer:" in text
    assert "§ 38-2-8(a)" in text


@pytest.mark.parametrize(
    ("agency", "words"),
    [
        (
            "t-sc",
            (
                "only a court hears it",
                "S.C. Code § 30-4-100(A)",
                "circuit court",
                "no later than one year after the date of the alleged violation",
            ),
        ),
        (
            "t-oh",
            ("only a court hears it", "Court of Claims", "§ 2743.75", "no deadline for either was found"),
        ),
    ],
)
def test_no_letter_where_only_a_court_hears_it(runner, sent, agency: str, words) -> None:
    rid = sent(agency)
    result = invoke(runner, "appeal", rid, "--text", "--date", "2026-08-03")
    assert result.exit_code == 1
    assert result.stdout == ""
    err = flat(result.stderr)
    for word in words:
        assert word in err
