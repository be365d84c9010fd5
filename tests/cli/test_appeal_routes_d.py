"""The challenge each law provides, through the CLI (issue 10, fourth batch, law-d): a written notice of review to
South Dakota's Office of Hearing Examiners (SDCL 1-27-38), a request to Wyoming's Public Records Ombudsman
(Wyo. Stat. § 16-4-201, not read: unverified), and no letter where only a court hears it (Virginia, § 2.2-3713).
Checked by the extracted text: addressee, statute, deadline.

Every request is sent and received on Monday 2026-06-01.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from foilbot.domain import letter_policy as policy
from foilbot.domain.laws import get_law
from tests.cli.test_appeal_routes import sender
from tests.cli.test_followup_appeal import TOML, flat
from tests.conftest import invoke, new_request, ok

AGENCIES = """id,name,kind,jurisdiction,public,records_officer,email,address,city,state,zip,county,phone,website,portal_url,source,notes,beds_code
t-sd,Test South Dakota City,local_government,SD,true,,sd@example.org,1 Main St,Pierre,SD,57501,,,,,test,,
t-va,Test Virginia County,local_government,VA,true,,va@example.org,1 Main St,Richmond,VA,23219,,,,,test,,
t-wy,Test Wyoming Town,local_government,WY,true,,wy@example.org,1 Main St,Cheyenne,WY,82001,,,,,test,,
"""


@pytest.fixture
def sent(isolated: Path, runner, directory):
    return sender(isolated, runner, AGENCIES)


# (code, hearer, document, citation, verified)
ROUTES = [
    # SDCL 1-27-38 (read on a copy of the code, laws9.com)
    ("SD", "commission", "petition", "SDCL 1-27-38", "partial"),
    # Va. Code § 2.2-3713(A) (read on instalawyer.io); the FOI Advisory Council only advises
    ("VA", "court", "none", "Va. Code § 2.2-3713(A)", "partial"),
    # Wyo. Stat. § 16-4-201: the Ombudsman's subsection was not read, only news reports of its role
    ("WY", "ombudsman", "mediation_request", "Wyo. Stat. § 16-4-201", "no"),
]


@pytest.mark.parametrize(("code", "hearer", "document", "citation", "verified"), ROUTES)
def test_route_fields(code: str, hearer: str, document: str, citation: str, verified: str) -> None:
    route = get_law(code).appeal_route
    assert route.modeled
    assert (route.hearer, route.document, route.citation, route.verified) == (
        hearer,
        document,
        citation,
        verified,
    )
    if document == "none":
        assert route.remedy and route.remedy_deadline and not route.addressee
    else:
        assert route.decides and route.copy_agency and route.addressee
    # no official page giving an address was read for any of them
    assert route.address == () and route.address_source == ""


def test_south_dakota_notice_of_review_to_the_office_of_hearing_examiners(runner, sent) -> None:
    law = get_law("SD")
    assert policy.appeal_template("REF", law, written=True) == policy.PETITION
    assert law.appeal_filing is not None and (law.appeal_filing.days, law.appeal_filing.starts) == (
        90,
        "denial",
    )
    rid = sent("t-sd")
    ok(invoke(runner, "request", "log", rid, "denied", "--date", "2026-06-10"))
    result = ok(invoke(runner, "appeal", rid, "--text", "--date", "2026-06-15"))
    text = flat(result.stdout)
    assert "Office of Hearing Examiners" in text and "SDCL 1-27-38" in text
    assert "registered or certified mail" in text and "within ninety days of the denial" in text
    assert "cc: Test South Dakota City" in text
    assert "no address for the commission was read" in result.stderr
    # SDCL 1-27-38: ninety days after the denial on Wed 06-10: June 11-30 (20), July (51), August (82), Tue 09-08 (90)
    deadline = invoke(
        runner, "deadline", "SD", "--received", "2026-06-01", "--denied", "2026-06-10", "--json"
    )
    assert deadline.exit_code == 0, deadline.stderr
    due = {d["kind"]: d["due"] for d in json.loads(deadline.stdout)["deadlines"]}
    assert due["appeal_filing"] == "2026-09-08"


def test_wyoming_asks_the_public_records_ombudsman(runner, sent) -> None:
    rid = sent("t-wy")
    ok(invoke(runner, "request", "log", rid, "denied", "--date", "2026-06-10"))
    result = ok(invoke(runner, "appeal", rid, "--text", "--date", "2026-06-15"))
    text = flat(result.stdout)
    assert "Public Records Ombudsman" in text and "Wyo. Stat. § 16-4-201" in text
    assert "only the district court can order" in text
    assert "cc: Test Wyoming Town" in text


def test_virginia_no_letter_only_a_court_hears_it(runner, sent) -> None:
    rid = sent("t-va")
    result = invoke(runner, "appeal", rid, "--text", "--date", "2026-08-03")
    assert result.exit_code == 1
    assert result.stdout == ""
    err = flat(result.stderr)
    for word in (
        "only a court hears it",
        "Va. Code § 2.2-3713(A)",
        "petition for mandamus or injunction",
        "City of Richmond",
        "no deadline was found",
    ):
        assert word in err


def test_washington_review_counted_from_the_denial_through_the_cli(runner) -> None:
    # RCW 42.56.520: denied Fri 2026-05-22; Sat, Sun, Mon 05-25 Memorial Day (RCW 1.16.050) skipped: Tue 26 (1),
    # Wed 27 (2). The appeal's receipt on Tue 05-26 no longer moves it to Thu 05-28.
    r = invoke(
        runner,
        "deadline",
        "WA",
        "--received",
        "2026-05-15",
        "--denied",
        "2026-05-22",
        "--appeal-received",
        "2026-05-26",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    due = {d["kind"]: d["due"] for d in json.loads(r.stdout)["deadlines"]}
    assert due["appeal_determination"] == "2026-05-27"


def test_maryland_notice_of_delay_is_overdue_when_missed(isolated: Path, runner, directory) -> None:
    # Md. Code, Gen. Prov. § 4-203(b)(2): received Mon 06-01: 06-02..06-05 (4), 06-08..06-12 (9), Mon 06-15 (10).
    # The overdue list on 06-16 names the missed notice; the follow-up letter still quotes the 30-day limit
    # (Wed 07-01), not the notice point, as the response's due date.
    (isolated / "foilbot.toml").write_text(TOML)
    (isolated / "md.csv").write_text(
        AGENCIES.splitlines()[0]
        + "\nt-md,Test Maryland County,local_government,MD,true,,md@example.org,1 Main St,Annapolis,MD,21401,,,,,test,,\n"
    )
    ok(invoke(runner, "agency", "import", str(isolated / "md.csv")))
    rid = str(new_request(runner, "t-md"))
    ok(invoke(runner, "request", "sent", rid, "--date", "2026-06-01", "--received", "2026-06-01"))
    rows = json.loads(ok(invoke(runner, "overdue", "--as-of", "2026-06-16", "--json")).stdout)
    text = json.dumps(rows, ensure_ascii=False)
    assert "delay_notice" in text and "2026-06-15" in text and "§ 4-203(b)(2)" in text
    letter = flat(ok(invoke(runner, "appeal", rid, "--text", "--date", "2026-07-02")).stdout)
    assert "July 1, 2026" in letter and "June 15, 2026" not in letter
