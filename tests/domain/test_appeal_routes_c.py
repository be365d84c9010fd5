"""Who hears a requester's challenge, from the statute (issue 10, third batch): the route of each state whose
appeal statute was read, the document it takes, and the clocks that belong to the body that hears it."""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain import letter_policy as policy
from foilbot.domain.deadlines import Occurrence, compute_schedule
from foilbot.domain.laws import get_law
from foilbot.errors import FoilbotError

# (code, hearer, document, citation, verified, reviews_silence)
ROUTES = [
    # 65 P.S. § 67.1101: the Office of Open Records (paraphrased by county pages; the section itself not read)
    ("PA", "commission", "petition", "65 P.S. § 67.1101", "partial", True),
    # 51 O.S. § 24A.40: a request for review to the Attorney General's Public Access Counselor, also of a request
    # "not returned in a prompt or reasonable manner" (§ 24A.40(D))
    ("OK", "attorney_general", "petition", "51 O.S. § 24A.40", "partial", True),
    # R.I. Gen. Laws § 38-2-8(a): petition the chief administrative officer (read on rilin.state.ri.us)
    ("RI", "agency_head", "appeal", "R.I. Gen. Laws § 38-2-8(a)", "yes", False),
    # 1 V.S.A. § 318(a): appeal to the head of the agency (older text)
    ("VT", "agency_head", "appeal", "1 V.S.A. § 318(a)", "partial", False),
    # RCW 42.56.520: the agency's internal review (as WAC 44-14-08001 explains it)
    ("WA", "agency_head", "appeal", "RCW 42.56.520", "partial", False),
    # Utah Code § 63G-2-401(1): the chief administrative officer, also after a request "considered denied"
    ("UT", "agency_head", "appeal", "Utah Code § 63G-2-401(1)", "partial", True),
    # courts only
    ("OH", "court", "none", "Ohio Rev. Code §§ 2743.75, 149.43(C)", "partial", False),
    ("WI", "court", "none", "Wis. Stat. § 19.37(1)(a), (b)", "partial", False),
    ("NM", "court", "none", "NMSA 1978, § 14-2-12", "partial", False),
    ("SC", "court", "none", "S.C. Code § 30-4-100(A)", "partial", False),
    ("TN", "court", "none", "Tenn. Code Ann. § 10-7-505(a), (b)", "partial", False),
    # W. Va. Code § 29B-1-5 (read on code.wvlegislature.gov)
    ("WV", "court", "none", "W. Va. Code § 29B-1-5", "yes", False),
    ("NV", "court", "none", "NRS 239.011 (heading only read)", "partial", False),
]


@pytest.mark.parametrize(("code", "hearer", "document", "citation", "verified", "silence"), ROUTES)
def test_route_fields(
    code: str, hearer: str, document: str, citation: str, verified: str, silence: bool
) -> None:
    route = get_law(code).appeal_route
    assert route.modeled
    assert (route.hearer, route.document, route.citation, route.verified) == (
        hearer,
        document,
        citation,
        verified,
    )
    assert route.reviews_silence is silence
    if document == "none":
        assert route.remedy and route.remedy_deadline and not route.addressee
    else:
        assert route.decides
    # an address only where an official page giving it was read: none was, for these states
    assert route.address == () and route.address_source == ""


def test_pennsylvania_petition_goes_to_the_office_of_open_records() -> None:
    law = get_law("PA")
    route = law.appeal_route
    assert route.addressee[0] == "Office of Open Records" and route.copy_agency
    assert "within 30 days of receiving this appeal" in route.decides and "deemed denied" in route.decides
    assert policy.appeal_template("REF", law, written=True) == policy.PETITION
    # a deemed denial (§ 67.901) is appealed to the OOR like a written one
    assert policy.appeal_template("REF", law, written=False) == policy.PETITION


@pytest.mark.parametrize("code", ["RI", "VT", "WA", "UT"])
def test_agency_head_routes_write_an_appeal_to_the_agency(code: str) -> None:
    law = get_law(code)
    assert policy.appeal_template("REF", law, written=True) == "appeal-denial"


@pytest.mark.parametrize(
    ("code", "deadline"),
    [
        ("SC", "no later than one year after the date of the alleged violation"),
        ("OH", "no deadline for either was found in the text read"),
        ("WI", "no deadline was found in the text read"),
        ("NM", "no deadline was found in the text read"),
        ("TN", "no deadline was found in the text read"),
        ("WV", "no deadline is stated in § 29B-1-5"),
        ("NV", "the section text was not read"),
    ],
)
def test_court_only_states_write_no_letter_and_state_the_remedy(code: str, deadline: str) -> None:
    law = get_law(code)
    with pytest.raises(FoilbotError, match="only a court hears it") as refused:
        policy.appeal_template("REF", law, written=True)
    assert deadline in str(refused.value) and law.appeal_route.citation in str(refused.value)


def test_oklahoma_request_for_review_within_30_days_of_the_denial() -> None:
    law = get_law("OK")
    assert law.appeal_route.addressee[0] == "Public Access Counselor Unit"
    assert policy.appeal_template("REF", law, written=False) == policy.PETITION
    s = compute_schedule(
        "OK",
        [
            Occurrence("sent", date(2026, 6, 1), received=date(2026, 6, 1)),
            Occurrence("denied", date(2026, 6, 10)),
        ],
        mail_days=3,
    )
    (window,) = [d for d in s.deadlines if d.kind == "appeal_filing"]
    # § 24A.40(B): "not later than thirty (30) calendar days after the date of the denial": Wed 06-10 + 30 =
    # Fri 07-10 (a weekday: 25 O.S. § 82.1(C) does not move it).
    assert window.due == date(2026, 7, 10) and window.citation == "51 O.S. § 24A.40(B)"


def test_rhode_island_chief_administrative_officer_decides_in_ten_business_days() -> None:
    s = compute_schedule(
        "RI",
        [
            Occurrence("sent", date(2026, 6, 1), received=date(2026, 6, 1)),
            Occurrence("denied", date(2026, 6, 10)),
            Occurrence("appealed", date(2026, 6, 12)),
        ],
        mail_days=3,
    )
    (decision,) = [d for d in s.deadlines if d.kind == "appeal_determination"]
    # § 38-2-8(a): 10 business days after Fri 06-12: Mon 15 (1) ... Thu 18 (4), Fri 19 (5; Juneteenth is not in
    # § 25-1-1 as read), Mon 22 (6) ... Fri 26 (10).
    assert decision.due == date(2026, 6, 26)
    assert decision.citation == "R.I. Gen. Laws § 38-2-8(a)"
