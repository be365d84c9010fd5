"""Petitions and complaints to the body the statute names (issue 10), through the CLI: the Government Records
Council (N.J.S.A. 47:1A-6), the Supervisor of Records (G.L. c. 66, § 10A(a)) and the Nebraska Attorney General
(§ 84-712.03(1)(b)); the letter's extracted text is checked for addressee, statute and deadline.

Every request is sent and received on Monday 2026-06-01 and no response comes.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.cli.test_appeal_routes import sender
from tests.cli.test_followup_appeal import flat
from tests.conftest import invoke, ok

AGENCIES = """id,name,kind,jurisdiction,public,records_officer,email,address,city,state,zip,county,phone,website,portal_url,source,notes,beds_code
t-nj,Test New Jersey Borough,local_government,NJ,true,,nj@example.org,1 Main St,Trenton,NJ,08608,,,,,test,,
t-ma,Test Massachusetts Town,local_government,MA,true,,ma@example.org,1 Main St,Boston,MA,02108,,,,,test,,
t-ne,Test Nebraska City,local_government,NE,true,,ne@example.org,1 Main St,Lincoln,NE,68508,,,,,test,,
t-la,Test Louisiana Parish,local_government,LA,true,,la@example.org,1 Main St,Baton Rouge,LA,70802,,,,,test,,
"""


@pytest.fixture
def sent(isolated: Path, runner, directory):
    return sender(isolated, runner, AGENCIES)


def test_new_jersey_complaint_to_the_government_records_council(runner, sent) -> None:
    # The custodian's 7 business days after Mon 06-01 (N.J.S.A. 47:1A-5(i)) end Wed 06-10; the complaint is dated
    # within the 45 days of N.J.S.A. 47:1A-6 (to 07-25).
    result = ok(invoke(runner, "appeal", sent("t-nj"), "--text", "--date", "2026-07-06"))
    text = flat(result.stdout)
    assert "Government Records Council Denial of Access Complaint (N.J.S.A. 47:1A-6)" in text
    assert "PO Box 819 Trenton, NJ 08625-0819" in text
    assert "To the Government Records Council:" in text
    assert "Petition for review under N.J.S.A. 47:1A-6" in text
    assert "summary or expedited manner" in text and "shall order that access be allowed" in text
    assert "cc: Test New Jersey Borough" in text
    assert "no address for the" not in result.stderr
    # N.J.A.C. 5:105-2.3(c): complaints are filed on the Council's own form; the letter is its attachment ((e)).
    assert (
        "This statement is attached to my Denial of Access Complaint Form, on which a complaint is filed "
        "(N.J.A.C. 5:105-2.3(c), (e))." in text
    )
    assert (
        "Government Records Council takes a challenge only on its Denial of Access Complaint Form "
        "(N.J.A.C. 5:105-2.3(c), (e); from the Government Records Council's complaint page, "
        "nj.gov/grc/register): file that form and attach this letter to it" in flat(result.stderr)
    )


def test_only_new_jerseys_route_names_a_form_of_its_own() -> None:
    from foilbot.domain.laws import all_laws

    assert [law.jurisdiction for law in all_laws() if law.appeal_route.form] == ["NJ"]


def test_massachusetts_petition_to_the_supervisor_of_records(runner, sent) -> None:
    # 10 business days after Mon 06-01 (G.L. c. 66, § 10(b)): 06-02..06-05 (4), 06-08..06-12 (9), Mon 06-15 (10).
    result = ok(invoke(runner, "appeal", sent("t-ma"), "--text", "--date", "2026-07-06"))
    text = flat(result.stdout)
    assert (
        "Supervisor of Records Division of Public Records Office of the Secretary of the Commonwealth" in text
    )
    assert "One Ashburton Place, Room 1719 Boston, Massachusetts 02108" in text
    assert "Dear Supervisor of Records:" in text
    assert "Mass. Gen. Laws ch. 66, § 10A(a)" in text
    assert "not later than 10 business days following receipt of this petition" in text
    # The Massachusetts holiday calendar is verified=partial, so the due date is named only as a warning.
    assert "June 15, 2026" not in text and "2026-06-15 rests on an unverified rule" in flat(result.stderr)
    assert "cc: Test Massachusetts Town" in text


def test_nebraska_petition_to_the_attorney_general_as_a_pdf(isolated: Path, runner, sent) -> None:
    from pypdf import PdfReader

    out = isolated / "ne.pdf"
    result = ok(invoke(runner, "appeal", sent("t-ne"), "--date", "2026-07-06", "--out", str(out)))
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    assert "Office of the Attorney General of Nebraska" in text and "Dear Attorney General:" in text
    assert "Neb. Rev. Stat. § 84-712.03(1)(b)" in text
    assert "within fifteen calendar days after the submission of this petition" in text
    # 4 business days after Mon 06-01 (§ 84-712(4)): Fri 06-05 (stated only where its calendar is verified).
    assert ("its response was due by June 5, 2026" in text) != (
        "2026-06-05 rests on an unverified rule" in flat(result.stderr)
    )
    assert "cc: Test Nebraska City" in text
    # No mailing address of the Attorney General was read: the user is told to add one.
    assert "no address for the attorney general was read" in result.stderr


def test_louisiana_gives_no_letter_but_the_suit_and_its_deadline(runner, sent) -> None:
    result = invoke(runner, "appeal", sent("t-la"), "--text", "--date", "2026-07-06")
    assert result.exit_code == 1
    assert result.stdout == ""
    err = flat(result.stderr)
    assert "only a court hears it" in err and "R.S. 44:35(A)" in err
    assert "deadline: no deadline found in R.S. 44:35(A)-(D) as read" in err
