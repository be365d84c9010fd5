"""Petitions to the body the statute names for CT, IL and IA, and no letter where only a court hears the challenge
(AZ), through the CLI (issue 10). Checked by the extracted text: addressee, statute, deadline.

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
t-ct,Test Connecticut Town,local_government,CT,true,,ct@example.org,1 Main St,Hartford,CT,06103,,,,,test,,
t-il,Test Illinois Village,local_government,IL,true,,il@example.org,1 Main St,Springfield,IL,62701,,,,,test,,
t-ia,Test Iowa County,local_government,IA,true,,ia@example.org,1 Main St,Des Moines,IA,50309,,,,,test,,
t-az,Test Arizona City,local_government,AZ,true,,az@example.org,1 Main St,Phoenix,AZ,85003,,,,,test,,
"""


@pytest.fixture
def sent(isolated: Path, runner, directory):
    return sender(isolated, runner, AGENCIES)


def test_connecticut_notice_of_appeal_to_the_commission(runner, sent) -> None:
    result = ok(invoke(runner, "appeal", sent("t-ct"), "--text", "--date", "2026-06-24"))
    text = flat(result.stdout)
    assert "Freedom of Information Commission" in text and "To the Freedom of Information Commission:" in text
    assert "Petition for review under Conn. Gen. Stat. § 1-206(b)(1)" in text
    # Conn. Gen. Stat. § 1-206(a): 4 business days after receipt on Mon 06-01: 06-02, 06-03, 06-04, Fri 06-05.
    assert "Under Conn. Gen. Stat. § 1-206(a), its response was due by June 5, 2026." in text
    assert "not later than thirty days after the denial" in text
    assert "cc: Test Connecticut Town" in text and "Records Access Appeals Officer" not in text
    # No current address of the Commission was read on an official page.
    assert "no address for the commission was read" in result.stderr


def test_illinois_request_for_review_to_the_public_access_counselor(runner, sent) -> None:
    # 5 ILCS 140/3(d): 5 business days after Mon 06-01: 06-02 .. 06-05, Mon 06-08; a denial then. § 9.5(a): 60 days
    # from 06-08 = Fri 08-07, so a request for review dated 08-03 is in time.
    result = ok(invoke(runner, "appeal", sent("t-il"), "--text", "--date", "2026-08-03"))
    text = flat(result.stdout)
    assert "Public Access Counselor Office of the Illinois Attorney General" in text
    assert "500 South Second Street Springfield, Illinois 62701" in text
    assert "Dear Public Access Counselor:" in text
    assert "not later than 60 days after the date of the final denial" in text and "5 ILCS 140/9.5(a)" in text
    assert "a failure to respond within 5 business days is a denial (5 ILCS 140/3(d))" in text
    assert "cc: Test Illinois Village" in text
    # The due date (06-08) rests on the Illinois holiday calendar, verified only partially: not stated, and said so.
    assert "its response was due by" not in text
    assert "the deadline of 2026-06-08 rests on an unverified rule (verified=partial)" in flat(result.stderr)


def test_illinois_request_for_review_after_the_60_days_needs_force(runner, sent) -> None:
    rid = sent("t-il")
    late = invoke(runner, "appeal", rid, "--text", "--date", "2026-08-10")
    assert late.exit_code == 1
    assert "closed on 2026-08-07" in late.stderr and "5 ILCS 140/9.5(a)" in late.stderr


def test_iowa_complaint_to_the_public_information_board_as_a_pdf(isolated: Path, runner, sent) -> None:
    from pypdf import PdfReader

    rid = sent("t-ia")
    ok(invoke(runner, "request", "log", rid, "denied", "--date", "2026-06-10"))
    out = isolated / "ia.pdf"
    ok(invoke(runner, "appeal", rid, "--date", "2026-07-01", "--out", str(out)))
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = flat("\n".join(page.extract_text() for page in reader.pages))
    assert "Iowa Public Information Board" in text and "To the Iowa Public Information Board:" in text
    assert "Wallace Building, 502 East 9th St." in text and "Des Moines, Iowa 50319" in text
    assert "Iowa Code § 23.7" in text and "within sixty days" in text
    assert "denial dated June 10, 2026" in text
    assert "cc: Test Iowa County" in text


def test_iowa_complaint_window_is_sixty_days_from_the_denial(runner, sent) -> None:
    # Iowa Code § 23.7: denial Wed 06-10 + 60 days = Sun 08-09 (no roll-forward rule read for Iowa).
    rid = sent("t-ia")
    ok(invoke(runner, "request", "log", rid, "denied", "--date", "2026-06-10"))
    late = invoke(runner, "appeal", rid, "--text", "--date", "2026-08-10")
    assert late.exit_code == 1 and "closed on 2026-08-09" in late.stderr and "Iowa Code § 23.7" in late.stderr


def test_arizona_has_no_letter_only_a_special_action(runner, sent) -> None:
    result = invoke(runner, "appeal", sent("t-az"), "--text", "--date", "2026-08-03")
    assert result.exit_code == 1
    assert result.stdout == ""
    err = flat(result.stderr)
    assert "no administrative appeal (only a court hears it)" in err
    assert "special action in the superior court" in err and "A.R.S. § 39-121.02(A)" in err
    assert "deadline:" in err
