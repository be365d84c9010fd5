"""The law data: complete, well formed, and faithful to the reference for New York and the federal FOIA."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from foilbot.domain.laws import all_laws, get_law, holiday_calendar_spec, load_data
from foilbot.errors import UsageError

STATES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK "
    "OR PA RI SC SD TN TX UT VT VA WA WV WI WY"
).split()
REFERENCE = Path("/work/shared/reference/statutes.csv")
# Rows of the reference that statute text read since supersedes (issue 10): Alabama's clocks of Act 2024-278;
# Indiana (IC 5-14-5-7: 30 days to complain), Nebraska (§ 84-712.03(1)(b): 15 days to decide), New Jersey (N.J.S.A.
# 47:1A-6: 45 days, P.L. 2024, c. 16); Rhode Island's chief administrative officer decides a review petition in 10
# business days (§ 38-2-8(a)); Oklahoma's request for review to the Public Access Counselor within 30 days of a
# denial (51 O.S. § 24A.40(B)).
SUPERSEDED = {"Alabama", "Indiana", "Nebraska", "New Jersey", "Rhode Island", "Oklahoma"}
# Appeal filing windows read in statute text where the reference is silent (issue 10): Iowa Code § 23.7.
FILING_READ_BEYOND_REFERENCE = {"Iowa"}


def test_one_entry_per_jurisdiction() -> None:
    codes = [law.jurisdiction for law in all_laws()]
    assert len(STATES) == 50
    assert sorted(codes) == sorted([*STATES, "DC", "US"])
    assert codes[0] == "US"


def test_get_law_is_case_insensitive_and_rejects_unknown_codes() -> None:
    assert get_law("ny").short_name == "FOIL"
    assert get_law("US").short_name == "FOIA"
    with pytest.raises(UsageError) as err:
        get_law("ZZ")
    assert err.value.exit_code == 2


def test_new_york_complete() -> None:
    ny = get_law("NY")
    assert (ny.response.days, ny.response.day_type, ny.response.citation) == (
        5,
        "business",
        "N.Y. Pub. Off. Law § 89(3)(a)",
    )
    assert ny.response_what == "acknowledgment"
    assert ny.followup is not None and (ny.followup.days, ny.followup.starts) == (20, "acknowledgment")
    assert ny.silence == "denial"
    assert (ny.appeal_filing.days, ny.appeal_filing.day_type) == (30, "calendar")
    assert (ny.appeal_decision.days, ny.appeal_decision.day_type) == (10, "business")
    assert ny.rolls_forward and ny.rolls_forward_rule.citation == "N.Y. Gen. Constr. Law § 25-a"
    assert ny.holidays.calendar == "ny-gcl-24" and ny.verified == "yes"


def test_federal_complete() -> None:
    us = get_law("US")
    assert (us.response.days, us.response.day_type, us.response.citation) == (
        20,
        "business",
        "5 U.S.C. § 552(a)(6)(A)(i)",
    )
    assert (us.extension.days, us.extension.day_type, us.extension.starts) == (10, "business", "due")
    assert us.tolling is not None and us.tolling_once_for_information
    assert (us.expedite_decision.days, us.expedite_decision.day_type) == (10, "calendar")
    assert us.silence == "exhaustion"
    assert (us.appeal_filing.days, us.appeal_decision.days) == (90, 20)
    assert us.holidays.calendar == "us-5usc6103"


@pytest.mark.parametrize(
    ("code", "days", "day_type", "ext_days", "ext_type"),
    [
        ("IL", 5, "business", 5, "business"),  # 5 ILCS 140/3(d)-(e)
        ("PA", 5, "business", 30, "calendar"),  # 65 P.S. §§ 67.901, 67.902(b)
        ("MI", 5, "business", 10, "business"),  # MCL 15.235(2)(d)
        ("CA", 10, "calendar", 14, "calendar"),  # Cal. Gov. Code § 7922.535(b)
        ("VA", 5, "business", 7, "business"),
        ("DC", 15, "business", 10, "business"),
    ],
)
def test_statutory_extensions(code: str, days: int, day_type: str, ext_days: int, ext_type: str) -> None:
    law = get_law(code)
    assert (law.response.days, law.response.day_type) == (days, day_type)
    assert (law.extension.days, law.extension.day_type) == (ext_days, ext_type)


def test_no_fixed_period_laws_have_no_response_period() -> None:
    for code in ("FL", "OH", "MN", "NC", "AZ", "IA", "ND", "OK", "WI"):
        assert get_law(code).response is None, code
        assert get_law(code).response_what == "none"


def test_every_rule_has_a_citation_and_a_verification() -> None:
    for law in all_laws():
        for p in (
            law.response,
            law.followup,
            law.extension,
            law.appeal_filing,
            law.appeal_decision,
            law.expedite_decision,
        ):
            if p is not None:
                assert p.citation and p.verified in ("yes", "partial", "no"), law.jurisdiction
        assert law.verified in ("yes", "partial", "no")
        assert law.sources, law.jurisdiction


STATUTE_CALENDARS = {
    "US": "us-5usc6103",
    "NY": "ny-gcl-24",
    "MO": "mo-rsmo-9010",
    "TX": "tx-gov-552-0031",
    "MD": "md-gp-1-111",
    "OR": "or-ors-187-010",
    "WA": "wa-rcw-1-16-050",
    "FL": "fl-683-01",
    "CT": "ct-cgs-1-4",
    "MA": "ma-gl-4-7",
    "VA": "va-2-2-3300",
    "DC": "dc-1-612-02",
    "CO": "co-24-11-101",
    "NE": "ne-25-2221",
    "RI": "ri-25-1-1",
    "WV": "wv-2-2-1",
    "SD": "sd-1-5-1",
    "WY": "wy-8-4-101",
    "ME": "me-4-1051",
    "TN": "tn-15-1-101",
    "ND": "nd-1-03-01",
    "VT": "vt-1-371",
    "NV": "nv-236-015",
    "AK": "ak-44-12-010",
    "DE": "de-1-501",
    "AR": "ar-1-5-101",
    "ID": "id-73-108",
    "MT": "mt-1-1-216",
    "SC": "sc-53-5-10",
    "MS": "ms-3-3-7",
    "KY": "ky-krs-18a-190",
    "LA": "la-rs-1-55",
    "MI": "mi-mcl-435-101",
    "MN": "mn-645-44",
    "NC": "nc-gs-103-4",
    "NH": "nh-rsa-288-1",
    "NJ": "nj-36-1-1",
    "NM": "nm-12-5-2",
    "OK": "ok-25-82-1",
    "UT": "ut-63g-1-301",
    "WI": "wi-230-35-4a",
    "KS": "us-5usc6103",  # K.S.A. 45-217: holidays designated by Congress; K.S.A. 35-107(a) adds none
    # law-a (issue 10): tables in tests/domain/test_state_calendars_a.py
    "AL": "al-1-3-8",
    "AZ": "az-1-301",
    "CA": "ca-ccp-135",
    "GA": "ga-1-4-1",
    "HI": "hi-8-1",
    "IA": "ia-1c-1",
    "IL": "il-205-630-17",
}


def test_holiday_rules_are_well_formed() -> None:
    from foilbot.domain.calendar import OBSERVANCES

    for name, spec in load_data()["holiday_calendars"].items():
        assert spec["observance"] in OBSERVANCES, name
        for key in ("verified", "observance_verified"):
            assert spec[key] in ("yes", "partial", "no"), name
        for h in spec["holidays"]:
            assert h.get("observance", spec["observance"]) in OBSERVANCES, (name, h["name"])
            assert h.get("verified", "yes") in ("yes", "partial", "no"), (name, h["name"])
            assert ("day" in h) + ("weekday" in h) + ("easter" in h) == 1, (name, h["name"])


def test_holiday_calendars_come_from_statutes_or_are_flagged_unverified() -> None:
    for law in all_laws():
        if law.jurisdiction in STATUTE_CALENDARS:
            assert law.holidays.calendar == STATUTE_CALENDARS[law.jurisdiction]
            spec = holiday_calendar_spec(law.holidays.calendar)
            assert spec["citation"] and spec["verified"] in ("yes", "partial", "no")
            assert law.holidays.verified != "no", law.jurisdiction
        else:  # the holiday statute was not read: python-holidays, never verified
            assert law.holidays.calendar == "python-holidays", law.jurisdiction
            assert law.holidays.verified == "no", law.jurisdiction


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared reference not available")
def test_numbers_match_the_reference_csv() -> None:
    names = {law.jurisdiction_name: law for law in all_laws()}
    names["Federal"] = get_law("US")
    with REFERENCE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 52
    for row in rows:
        law = names[row["jurisdiction"]]
        assert law.verified == row["verified"], law.jurisdiction
        if row["jurisdiction"] in SUPERSEDED:
            continue
        if row["day_type"] == "none":
            assert law.response is None
        else:
            assert (law.response.days, law.response.day_type) == (int(row["response_days"]), row["day_type"])
        for period, days, kind in (
            (law.appeal_filing, "appeal_file_within_days", "appeal_day_type"),
            (law.appeal_decision, "appeal_decide_days", "appeal_decide_day_type"),
        ):
            if row[days]:
                assert (period.days, period.day_type) == (int(row[days]), row[kind]), law.jurisdiction
            elif days == "appeal_file_within_days" and row["jurisdiction"] in FILING_READ_BEYOND_REFERENCE:
                assert period is not None and period.verified == "yes", law.jurisdiction
            else:
                assert period is None, law.jurisdiction


def test_the_fast_yaml_loader_reads_the_same_law_data() -> None:
    """libyaml's loader is used for speed; the pure-Python loader must build the same data."""
    from importlib import resources

    import yaml

    from foilbot.domain.laws import load_data

    text = resources.files("foilbot.data").joinpath("laws.yaml").read_text(encoding="utf-8")
    assert load_data() == yaml.load(text, Loader=yaml.SafeLoader)
