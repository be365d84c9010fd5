"""Who hears a challenge, from the statute (issue 10), for IN, KS, LA, MA, ME, MI, MO, MS, MT, NC, ND, NE, NH, NJ:
the route each law gives, the document foilbot writes for it, and the periods the statute sets.

Each row names the section read (the YAML comment above each `appeal_route` quotes it and says where it was read).
"""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain import letter_policy as policy
from foilbot.domain.deadlines import Occurrence, compute_schedule
from foilbot.domain.laws import get_law
from foilbot.errors import FoilbotError

# code: (hearer, document, citation, verified, reviews_silence)
ROUTES = {
    # IC 5-14-5-6: a formal complaint to the Public Access Counselor (5-14-5-9, the opinion period, not read)
    "IN": ("ombudsman", "petition", "Ind. Code §§ 5-14-5-6, 5-14-5-7", "partial", True),
    # K.S.A. 45-222(a): the district court; the Attorney General or a county attorney only investigates
    "KS": ("court", "none", "K.S.A. 45-222(a)", "yes", False),
    # La. R.S. 44:35(A): a suit in the district court, after a denial or five days without a written determination
    "LA": ("court", "none", "La. R.S. 44:35(A)", "yes", False),
    # G.L. c. 66, § 10A(a): a petition to the Supervisor of Records, who decides within 10 business days
    "MA": ("commission", "petition", "Mass. Gen. Laws ch. 66, § 10A(a)", "yes", True),
    # 1 M.R.S. § 409(1): an appeal to the Superior Court within 30 calendar days
    "ME": ("court", "none", "1 M.R.S. § 409(1)", "yes", False),
    # MCL 15.240(1)(a): a written appeal to the head of the public body, decided within 10 business days ((2))
    "MI": ("agency_head", "appeal", "MCL 15.240(1)(a), (2)", "yes", True),
    # RSMo § 610.027.1: a suit in the circuit court (the rest of § 610.027 not read)
    "MO": ("court", "none", "RSMo § 610.027.1", "partial", False),
    # Miss. Code Ann. § 25-61-13: a complaint to the Ethics Commission (read in the 2014 bill text)
    "MS": ("commission", "petition", "Miss. Code Ann. § 25-61-13", "partial", True),
    # MCA 2-6-1009(2), (3): a complaint in district court
    "MT": ("court", "none", "MCA 2-6-1009(2), (3)", "yes", False),
    # G.S. 132-9(a): an action in the General Court of Justice, with mediation under G.S. 7A-38.3E
    "NC": ("court", "none", "N.C. Gen. Stat. § 132-9(a); § 7A-38.3E", "yes", False),
    # N.D.C.C. § 44-04-21.1(1): a request for an Attorney General's opinion within 30 days of the violation
    "ND": ("attorney_general", "petition", "N.D.C.C. § 44-04-21.1(1)", "yes", True),
    # Neb. Rev. Stat. § 84-712.03(1)(b): a petition to the Attorney General, decided within 15 calendar days
    "NE": ("attorney_general", "petition", "Neb. Rev. Stat. § 84-712.03(1)(b)", "yes", True),
    # RSA 91-A:7, I: the superior court (the ombudsman of 91-A:7-b was to be repealed July 1, 2025)
    "NH": ("court", "none", "RSA 91-A:7, I, II", "partial", False),
    # N.J.S.A. 47:1A-6: a complaint to the Government Records Council within 45 days, in lieu of Superior Court
    "NJ": ("commission", "petition", "N.J.S.A. 47:1A-6", "yes", True),
}


@pytest.mark.parametrize("code", sorted(ROUTES))
def test_route_fields(code: str) -> None:
    hearer, document, citation, verified, reviews_silence = ROUTES[code]
    route = get_law(code).appeal_route
    assert route.modeled
    assert (route.hearer, route.document, route.citation, route.verified) == (
        hearer,
        document,
        citation,
        verified,
    )
    assert route.reviews_silence is reviews_silence
    if document == "petition":
        # addressed to the body, copying the agency, saying what the body does and in what time
        assert route.addressee and route.copy_agency and route.decides, code
        assert not route.remedy
    if document == "none":
        # no letter: the remedy and its deadline (or that none was found) are stated
        assert route.remedy and route.remedy_deadline, code
        assert not route.addressee
    # an address only where an official source gave it
    assert bool(route.address) == bool(route.address_source), code


ADDRESSES = {
    "MA": ("One Ashburton Place, Room 1719", "Boston, Massachusetts 02108"),
    "NJ": ("PO Box 819", "Trenton, NJ 08625-0819"),
}


@pytest.mark.parametrize("code", sorted(c for c, r in ROUTES.items() if r[1] == "petition"))
def test_addresses_only_from_an_official_source(code: str) -> None:
    route = get_law(code).appeal_route
    assert route.address == ADDRESSES.get(code, ())
    if code in ADDRESSES:
        assert "sec.state.ma.us" in route.address_source or "nj.gov/grc" in route.address_source


@pytest.mark.parametrize(
    ("code", "written", "expected"),
    [
        ("MI", True, "appeal-denial"),  # MCL 15.240(1)(a)
        (
            "MI",
            False,
            "appeal-constructive-denial",
        ),  # MCL 15.235(3): silence is a final determination to deny
        ("IN", False, policy.PETITION),  # a deemed denial (IC 5-14-3-9) may be the subject of a complaint
        ("MA", False, policy.PETITION),  # § 10A(a): "fails to comply with a requirement of section 10"
        ("MS", True, policy.PETITION),
        ("ND", False, policy.PETITION),  # § 44-04-21.1(1): "other alleged violation of section 44-04-18"
        ("NE", False, policy.PETITION),  # § 84-712.03(1)(b): "has otherwise failed to comply"
        ("NJ", False, policy.PETITION),  # GRC: within 45 days after no response within 7 business days
    ],
)
def test_the_document_follows_the_route(code: str, written: bool, expected: str) -> None:
    assert policy.appeal_template("REF", get_law(code), written=written) == expected


@pytest.mark.parametrize("code", sorted(c for c, r in ROUTES.items() if r[0] == "court"))
def test_court_only_laws_get_no_letter_but_the_remedy_and_its_deadline(code: str) -> None:
    law = get_law(code)
    with pytest.raises(FoilbotError, match="only a court hears it") as err:
        policy.appeal_template("REF", law, written=True)
    assert law.appeal_route.citation in str(err.value) and "deadline:" in str(err.value)


def test_periods_the_statutes_set() -> None:
    nj, ne, ma, mi, ind, me = (get_law(c) for c in ("NJ", "NE", "MA", "MI", "IN", "ME"))
    # N.J.S.A. 47:1A-6: "within 45 days of the date of denial" (60 days in the reference was the old rule)
    assert nj.appeal_filing is not None
    assert (nj.appeal_filing.days, nj.appeal_filing.day_type, nj.appeal_filing.citation) == (
        45,
        "calendar",
        "N.J.S.A. 47:1A-6",
    )
    # § 84-712.03(1)(b): "within fifteen calendar days after the submission of the petition"
    assert ne.appeal_decision is not None
    assert (ne.appeal_decision.days, ne.appeal_decision.day_type) == (15, "calendar")
    # G.L. c. 66, § 10A(a): "not later than 10 business days following receipt of the petition"
    assert ma.appeal_decision is not None and (ma.appeal_decision.days, ma.appeal_decision.day_type) == (
        10,
        "business",
    )
    # MCL 15.240(2): "Within 10 business days after receiving a written appeal"
    assert mi.appeal_decision is not None and mi.appeal_decision.citation == "MCL 15.240(2)"
    # IC 5-14-5-7(a): "not later than thirty (30) days after ... the denial"
    assert ind.appeal_filing is not None and (ind.appeal_filing.days, ind.appeal_filing.starts) == (
        30,
        "denial_or_due",
    )
    # 1 M.R.S. § 409(1): "within 30 calendar days of the receipt of the written notice"
    assert me.appeal_filing is not None and me.appeal_filing.verified == "yes"


def test_indiana_complaint_window_runs_from_the_deemed_denial() -> None:
    # Received Mon 2026-06-01 by mail: a denial occurs once seven days have elapsed (IC 5-14-3-9): due Mon 06-08,
    # deemed denied the day after, Tue 06-09; a formal complaint within 30 days of it (IC 5-14-5-7(a)): Thu 07-09.
    s = compute_schedule("IN", [Occurrence("sent", date(2026, 6, 1), received=date(2026, 6, 1))], mail_days=3)
    due = {d.kind: d.due for d in s.deadlines}
    assert due["acknowledgment"] == date(2026, 6, 8)
    assert due["appeal_filing"] == date(2026, 7, 9)
