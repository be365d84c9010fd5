"""The challenge each law provides, through the CLI (issue 10): an appeal to the agency (NY, US), a petition
or mediation request addressed to the body the statute names and copied to the agency (KY, OR, DC, MD), or no
letter and the remedy stated (MN, TX). Checked by the extracted text: addressee, statute, deadline.

Every request is sent and received on Monday 2026-06-01; the challenge is dated 2026-08-03 unless a window
needs an earlier date (fixed dates).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.cli.test_followup_appeal import TOML, flat
from tests.conftest import invoke, new_request, ok

AGENCIES = """id,name,kind,jurisdiction,public,records_officer,email,address,city,state,zip,county,phone,website,portal_url,source,notes,beds_code
t-mn,Test Minnesota City,local_government,MN,true,,mn@example.org,1 Main St,St Paul,MN,55101,,,,,test,,
t-tx,Test Texas City,local_government,TX,true,,tx@example.org,1 Main St,Austin,TX,78701,,,,,test,,
t-ky,Test Kentucky City,local_government,KY,true,,ky@example.org,1 Main St,Frankfort,KY,40601,,,,,test,,
t-or,Oregon Test Agency,state_agency,OR,true,,or@example.org,1 Main St,Salem,OR,97301,,,,,test,,
t-dc,DC Test Agency,state_agency,DC,true,,dc@example.org,1 Main St,Washington,DC,20001,,,,,test,,
t-md,Test Maryland County,local_government,MD,true,,md@example.org,1 Main St,Annapolis,MD,21401,,,,,test,,
"""


def sender(isolated: Path, runner, agencies: str):
    """Import these test agencies (CSV text) and give a function that files a request to one of them,
    sent and received on Mon 2026-06-01; returns its id."""
    (isolated / "foilbot.toml").write_text(TOML)
    (isolated / "test-agencies.csv").write_text(agencies)
    ok(invoke(runner, "agency", "import", str(isolated / "test-agencies.csv")))

    def make(agency: str) -> str:
        rid = str(new_request(runner, agency))
        ok(invoke(runner, "request", "sent", rid, "--date", "2026-06-01", "--received", "2026-06-01"))
        return rid

    return make


@pytest.fixture
def sent(isolated: Path, runner, directory):
    return sender(isolated, runner, AGENCIES)


def appeal_text(runner, rid: str, on: str = "2026-08-03") -> str:
    return flat(ok(invoke(runner, "appeal", rid, "--text", "--date", on)).stdout)


def test_ny_appeal_goes_to_the_agency(runner, sent) -> None:
    # Within the 30 days of § 89(4)(a) from the deemed denial (06-09).
    text = appeal_text(runner, sent("nces-3617670"), "2026-06-24")
    assert "Records Access Appeals Officer LOCKPORT CITY SCHOOL DISTRICT" in text
    assert "§ 89(4)(a)" in text
    # Acknowledgment due 5 business days after receipt on Mon 06-01: 06-02..06-05, 06-08 (§ 89(3)(a)).
    assert "June 8, 2026" in text
    assert "cc: Committee on Open Government" in text


def test_us_constructive_denial_claims_no_statutory_appeal_deadline(runner, sent) -> None:
    text = appeal_text(runner, sent("us-department-of-education"), "2026-07-06")
    assert "FOIA Appeals Officer U.S. Department of Education" in text
    assert "deemed to have exhausted" in text and "§ 552(a)(6)(C)(i)" in text
    # 20 business days from Mon 06-01, skipping Juneteenth (Fri 06-19, 5 U.S.C. § 6103(a)): 06-30.
    assert "June 30, 2026" in text
    # § 552(a)(6)(A)(ii)'s 20 days are for an appeal of an adverse determination; silence is not one.
    assert "twenty working days" not in text and "within ninety" not in text
    assert "Please decide this appeal promptly and in writing." in text


def test_kentucky_petition_to_the_attorney_general_copies_the_agency(runner, sent) -> None:
    result = ok(invoke(runner, "appeal", sent("t-ky"), "--text", "--date", "2026-08-03"))
    text = flat(result.stdout)
    assert "Office of the Attorney General of Kentucky" in text and "Dear Attorney General:" in text
    assert "KRS 61.880(2)(a)" in text
    assert "within twenty days, excepting Saturdays, Sundays and legal holidays" in text
    assert "cc: Test Kentucky City" in text and "Records Access Appeals Officer" not in text
    assert "no address for the attorney general" in result.stderr


def test_oregon_petition_to_the_attorney_general_with_its_address(runner, sent) -> None:
    text = appeal_text(runner, sent("t-or"))
    assert "Oregon Department of Justice" in text and "1162 Court Street NE Salem, OR 97301" in text
    assert "ORS 192.427(1)" in text and "within seven days" in text
    # Acknowledgment due 5 business days after Mon 06-01 (ORS 192.324): Mon 06-08.
    assert "due by June 8, 2026" in text
    assert "cc: Oregon Test Agency" in text


def test_dc_petition_to_the_mayor_as_a_pdf(isolated: Path, runner, sent) -> None:
    from pypdf import PdfReader

    out = isolated / "dc.pdf"
    ok(invoke(runner, "appeal", sent("t-dc"), "--date", "2026-08-03", "--out", str(out)))
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    assert "The Mayor of the District of Columbia" in text and "FOIA Appeal" in text
    assert "1350 Pennsylvania Avenue, N.W." in text
    assert "D.C. Code § 2-537(a)" in text and "within ten days" in text
    assert "cc: DC Test Agency" in text


def test_maryland_asks_the_ombudsman_to_mediate(runner, sent) -> None:
    text = appeal_text(runner, sent("t-md"))
    assert "Office of the Public Access Ombudsman 200 St. Paul Place, 25th Floor Baltimore, MD 21202" in text
    assert "Request for dispute resolution under Md. Code, Gen. Prov. § 4-1B-04" in text
    assert "Within 90 calendar days" in text
    # 30 calendar days after receipt on 06-01 (§ 4-203): Wed 07-01.
    assert "due by July 1, 2026" in text
    assert "cc: Test Maryland County" in text


@pytest.mark.parametrize(
    ("agency", "words"),
    [
        ("t-mn", ("no administrative appeal (only a court hears it)", "§ 13.08", "§ 13.072", "deadline:")),
        ("t-tx", ("there is no requester appeal", "§ 552.301", "§ 552.321", "§ 552.328", "deadline:")),
    ],
)
def test_no_letter_where_the_law_gives_no_requester_appeal(runner, sent, agency: str, words) -> None:
    rid = sent(agency)
    result = invoke(runner, "appeal", rid, "--text", "--date", "2026-08-03")
    assert result.exit_code == 1
    assert result.stdout == ""
    err = flat(result.stderr)
    for word in words:
        assert word in err
    forced = invoke(runner, "appeal", rid, "--text", "--date", "2026-08-03", "--template", "appeal-denial")
    assert forced.exit_code != 0


def test_texas_request_letter_states_the_ten_day_rules_as_the_statute_does(runner, sent) -> None:
    rid = str(new_request(runner, "t-tx"))
    text = flat(ok(invoke(runner, "request", "letter", rid, "--text")).stdout)
    assert "produce public information promptly (Tex. Gov't Code § 552.221(a))" in text
    assert "certify that in writing and set a date and hour" in text and "(§ 552.221(d))" in text
    assert "ask the Attorney General for a decision" in text and "(§ 552.301(b), (d))" in text
    assert "decide whether it will release the records" not in text


def test_ny_date_certain_checkpoint_is_overdue_and_opens_the_appeal(runner, sent) -> None:
    # Received Mon 06-01, acknowledged Fri 06-05 with an approximate date of 09-30. 20 business days after
    # 06-05 (N.Y. Gen. Constr. Law § 24 skips Juneteenth Fri 06-19; Sat 07-04 is not moved): 06-08..06-12 (5),
    # 06-15..06-18 (9), 06-22..06-26 (14), 06-29..07-03 (19), Mon 07-06 (20). By then § 89(3)(a) requires a
    # determination or a written reason and a date certain.
    import json

    rid = sent("nces-3617670")
    ok(
        invoke(
            runner, "request", "log", rid, "acknowledged", "--date", "2026-06-05", "--estimate", "2026-09-30"
        )
    )
    early = invoke(runner, "appeal", rid, "--text", "--date", "2026-07-06")
    assert early.exit_code == 1 and "not due until 2026-07-06" in early.stderr
    rows = json.loads(ok(invoke(runner, "overdue", "--as-of", "2026-07-07", "--json")).stdout)
    text = json.dumps(rows, ensure_ascii=False)
    assert "reasons_date_certain" in text and "2026-07-06" in text and "§ 89(3)(a)" in text
    letter = appeal_text(runner, rid, "2026-07-07")
    assert "would grant or deny it by September 30, 2026" in letter
    assert "by July 6, 2026, to grant or deny the request or to state in writing both the reason" in letter
    assert "§ 89(3)(a)" in letter and "§ 89(4)(a)" in letter
