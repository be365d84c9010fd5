"""Letter contexts shared by the letter tests: real agencies from the fixture directory, a fixed requester."""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain.laws import get_law
from foilbot.render.context import (
    AgencyInfo,
    CitedExemption,
    HistoryInfo,
    LetterContext,
    RequesterInfo,
    RequestInfo,
)

REQUESTER = RequesterInfo(
    name="Jane Q. Advocate",
    organization="Example Civil Liberties Union",
    address_lines=("125 Broad Street", "New York, NY 10004"),
    email="jadvocate@example.org",
    phone="(212) 555-0100",
)
LOCKPORT = AgencyInfo(
    id="nces-3617670",
    name="LOCKPORT CITY SCHOOL DISTRICT",
    jurisdiction="NY",
    address_lines=("130 BEATTIE AVE",),
    city="LOCKPORT",
    state="NY",
    zip="14094",
    email="foil@lockportschools.example",
    kind="school_district",
)
ED = AgencyInfo(
    id="us-department-of-education",
    name="U.S. Department of Education",
    jurisdiction="US",
    address_lines=("400 Maryland Avenue SW",),
    city="Washington",
    state="DC",
    zip="20202",
    kind="federal_agency",
)
LAUSD = AgencyInfo(
    id="nces-0622710",
    name="Los Angeles Unified",
    jurisdiction="CA",
    address_lines=("333 South Beaudry Ave.",),
    city="Los Angeles",
    state="CA",
    zip="90017",
    kind="school_district",
)
CORNELL = AgencyInfo(
    id="ipeds-190415",
    name="Cornell University",
    jurisdiction="NY",
    public=False,
    address_lines=("300 Day Hall",),
    city="Ithaca",
    state="NY",
    zip="14853",
    kind="college",
)
SUBJECT = "the District's facial recognition camera system"
NY_HISTORY = HistoryInfo(
    sent_on=date(2026, 10, 1),
    received_on=date(2026, 10, 1),
    due=date(2026, 10, 8),
    due_citation="N.Y. Pub. Off. Law § 89(3)(a)",
)
NY_DENIAL = HistoryInfo(
    sent_on=date(2026, 10, 1),
    received_on=date(2026, 10, 1),
    acknowledged_on=date(2026, 10, 7),
    approximate_date=date(2026, 10, 30),
    denied_on=date(2026, 11, 2),
    denied_by="the District Clerk",
    exemptions=(
        CitedExemption(
            "Public Officers Law § 87(2)(b)",
            "Disclosure would constitute an unwarranted invasion of personal privacy.",
        ),
        CitedExemption(
            "Public Officers Law § 87(2)(i)",
            "Disclosure would jeopardize the District's capacity to guarantee the security of its "
            "information technology assets.",
            "The request seeks policies, contracts, retention schedules and camera counts, not passwords, "
            "network diagrams or configuration details. Records of that kind do not reveal anything that "
            "would jeopardize the security of the District's information technology assets, and any "
            "technical detail that would can be redacted.",
        ),
    ),
)


def ny_request(**changes) -> LetterContext:
    request = RequestInfo(
        date=date(2026, 11, 23),
        reference="FOIL-2026-0001",
        subject=SUBJECT,
        topics=("retention-periods", "database-access", "camera-locations"),
        params={
            "vendor": "SN Technologies Corp.",
            "start": "2019-01-01",
            "buildings": "Lockport High School; Emmet Belknap Intermediate School",
        },
        fee_limit=25,
    )
    ctx = LetterContext(LOCKPORT, REQUESTER, request, get_law("NY"))
    return _apply(ctx, changes)


def _apply(ctx: LetterContext, changes: dict) -> LetterContext:
    from dataclasses import replace

    parts = {k: v for k, v in changes.items() if k in ("agency", "requester", "law", "history")}
    request_changes = {k: v for k, v in changes.items() if k not in parts}
    return replace(ctx, request=replace(ctx.request, **request_changes), **parts)


def federal_request() -> LetterContext:
    request = RequestInfo(
        date=date(2026, 11, 23),
        reference="FOIA-2026-0002",
        subject="the Department's guidance and grants for facial recognition in schools",
        topics=("funding", "privacy-assessments"),
        params={
            "start": "2020-01-01",
            "end": "2026-10-31",
            "system": "facial recognition and other biometric "
            "surveillance technology used in elementary and "
            "secondary schools",
            "grant": "the School Safety National Activities program",
        },
        fee_limit=50,
        delivery="mail",
        fee_category="news-media",
        fee_waiver="The records will show how federal funds pay for biometric surveillance of students, a matter "
        "of active public debate, and I will publish what I learn at no charge.",
    )
    return LetterContext(ED, REQUESTER, request, get_law("US"))


def california_request() -> LetterContext:
    request = RequestInfo(
        date=date(2026, 11, 23),
        reference="CPRA-2026-0003",
        subject=SUBJECT,
        topics=("policies", "accuracy-testing"),
        params={"system": "the District's facial recognition system"},
        fee_limit=25,
        delivery="mail",
    )
    return LetterContext(LAUSD, REQUESTER, request, get_law("CA"))


@pytest.fixture
def letters():
    from foilbot.render.templates import Letters

    return Letters()
