"""Who hears a requester's challenge in AK, AL, AR, AZ, CA, CO, CT, DE, FL, GA, HI, IA, ID and IL, from the statute
(issue 10): the route data and the document the letter policy chooses from it."""

from __future__ import annotations

import pytest

from foilbot.domain import letter_policy as policy
from foilbot.domain.laws import get_law
from foilbot.errors import FoilbotError

# code: (hearer, document, citation, verified)
ROUTES = {
    # 2 AAC 96.335(d)(1): the denial must say the requester may appeal under 2 AAC 96.340 (not read).
    "AK": ("agency_head", "appeal", "2 AAC 96.335(d)(1); 2 AAC 96.340 (not read)", "partial"),
    # No administrative appeal: a suit in circuit court (RCFP, SPLC); no remedy section in Act 2024-278.
    "AL": ("court", "none", "Ala. Code § 36-12-40", "partial"),
    # "may appeal immediately from the denial to the Pulaski County Circuit Court ..."
    "AR": ("court", "none", "Ark. Code Ann. § 25-19-107(a)-(b)", "yes"),
    # "may appeal the denial through a special action in the superior court"
    "AZ": ("court", "none", "A.R.S. § 39-121.02(A)", "yes"),
    "CA": ("court", "none", "Cal. Gov. Code § 7923.000 (former § 6258; text not read)", "partial"),
    "CO": ("court", "none", "C.R.S. § 24-72-204(5) (text not read)", "partial"),
    # "may appeal therefrom to the Freedom of Information Commission, by filing a notice of appeal"
    "CT": ("commission", "petition", "Conn. Gen. Stat. § 1-206(b)(1)", "yes"),
    "DE": ("attorney_general", "petition", "29 Del. C. § 10005 (text not read)", "partial"),
    # "the court shall set an immediate hearing, giving the case priority"
    "FL": ("court", "none", "Fla. Stat. § 119.11", "yes"),
    # "The superior courts of this state shall have jurisdiction ... to enforce compliance"
    "GA": ("court", "none", "O.C.G.A. § 50-18-73(a)", "yes"),
    # an appeal to OIP within one year of the denial or of the last day to respond
    "HI": ("commission", "petition", "Haw. Admin. R. § 2-73-12", "yes"),
    # a complaint to the Iowa Public Information Board within sixty days
    "IA": ("commission", "petition", "Iowa Code § 23.7", "yes"),
    "ID": ("court", "none", "Idaho Code § 74-115(1)", "partial"),
    # a request for review with the Public Access Counselor not later than 60 days after the final denial
    "IL": ("attorney_general", "petition", "5 ILCS 140/9.5(a)", "yes"),
}


@pytest.mark.parametrize("code", sorted(ROUTES))
def test_route_fields(code: str) -> None:
    route = get_law(code).appeal_route
    assert route.modeled
    assert (route.hearer, route.document, route.citation, route.verified) == ROUTES[code]
    if route.document == "none":
        # a court only: no letter, the remedy and its deadline stated (or that none was found)
        assert route.remedy and route.remedy_deadline and not route.addressee and not route.copy_agency
    elif route.document == "petition":
        assert route.addressee and route.copy_agency and route.reviews_silence and route.decides
        assert route.citation.split(" (")[0] in route.decides
    if route.address:
        assert route.address_source, code  # an address only where an official source gave it


def test_addresses_come_from_official_sources_only() -> None:
    il = get_law("IL").appeal_route
    assert il.address == ("500 South Second Street", "Springfield, Illinois 62701")
    assert il.address_source.startswith("2 Ill. Adm. Code 576.210")
    ia = get_law("IA").appeal_route
    assert ia.address == ("Wallace Building, 502 East 9th St.", "Des Moines, Iowa 50319")
    assert "ipib.iowa.gov" in ia.address_source
    # Connecticut's current address, Delaware's and OIP's were not read on an official page: none is given.
    for code in ("CT", "DE", "HI"):
        assert get_law(code).appeal_route.address == (), code


@pytest.mark.parametrize(
    ("code", "written"), [(c, w) for c in ("CT", "DE", "HI", "IA", "IL") for w in (True, False)]
)
def test_petition_states_take_the_petition(code: str, written: bool) -> None:
    assert policy.appeal_template("REF", get_law(code), written=written) == policy.PETITION


@pytest.mark.parametrize("code", [c for c, r in sorted(ROUTES.items()) if r[1] == "none"])
def test_court_only_states_get_no_letter_but_the_remedy(code: str) -> None:
    law = get_law(code)
    with pytest.raises(FoilbotError, match=r"no administrative appeal \(only a court hears it\)") as err:
        policy.appeal_template("REF", law, written=True)
    assert law.appeal_route.remedy in str(err.value) and "deadline:" in str(err.value)


def test_alaska_appeals_to_the_agency() -> None:
    law = get_law("AK")
    assert policy.appeal_template("REF", law, written=True) == "appeal-denial"


def test_windows_of_the_reviewing_bodies() -> None:
    # CT: 30 days from the denial (§ 1-206(b)(1)); IL: 60 days from the denial or the missed due date (§ 9.5(a));
    # IA: 60 days (§ 23.7); HI: one year from the denial or the last day to respond (HAR § 2-73-12).
    windows = {c: get_law(c).appeal_filing for c in ("CT", "IL", "IA", "HI")}
    assert {c: (p.days, p.starts) for c, p in windows.items() if p} == {
        "CT": (30, "denial"),
        "IL": (60, "denial_or_due"),
        "IA": (60, "denial"),
        "HI": (365, "denial_or_due"),
    }
    assert windows["IA"].citation == "Iowa Code § 23.7" and windows["IA"].verified == "yes"
