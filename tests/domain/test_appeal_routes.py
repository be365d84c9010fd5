"""Who hears an appeal, from the statute (issue 10): the route data, the letter policy, and the clocks that
belong to another body."""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain import letter_policy as policy
from foilbot.domain.deadlines import Occurrence, compute_schedule
from foilbot.domain.laws import get_law
from foilbot.errors import FoilbotError


@pytest.mark.parametrize(
    ("code", "written", "expected"),
    [
        ("NY", True, "appeal-denial"),
        ("NY", False, "appeal-constructive-denial"),
        ("US", False, "appeal-constructive-denial"),
        ("KY", False, policy.PETITION),  # KRS 61.880(2)(a): a copy of the request when there is no response
        ("OR", True, policy.PETITION),  # ORS 192.427(1)
        ("DC", False, policy.PETITION),  # D.C. Code § 2-537(a), (a)(1)
        ("MD", False, policy.PETITION),  # Gen. Prov. § 4-1B-04(a)(3): failure to produce in a timely manner
        ("CA", True, None),  # no appeal_route: appeal_body "None", refused as before
        ("MN", True, None),
        ("TX", True, None),
    ],
)
def test_the_document_follows_the_route(code: str, written: bool, expected: str | None) -> None:
    law = get_law(code)
    if expected is None:
        with pytest.raises(FoilbotError, match="no administrative appeal"):
            policy.appeal_template("REF", law, written=written)
    else:
        assert policy.appeal_template("REF", law, written=written) == expected


def test_routes_that_name_another_body_copy_the_agency() -> None:
    for code in ("KY", "OR", "DC", "MD"):
        route = get_law(code).appeal_route
        assert route.modeled and route.copy_agency and route.addressee and route.decides, code
    for code in ("MN", "TX"):
        route = get_law(code).appeal_route
        assert route.document == "none" and route.remedy and route.remedy_deadline, code


def test_minnesota_13_072_is_no_appeal_decision() -> None:
    # An "appealed" event in Minnesota starts no 20-day clock: § 13.072's 20 days are the Commissioner's
    # advisory opinion, which runs from a request for an opinion (not tracked).
    s = compute_schedule(
        "MN",
        [
            Occurrence("sent", date(2026, 6, 1), received=date(2026, 6, 1)),
            Occurrence("appealed", date(2026, 7, 1)),
        ],
        mail_days=3,
    )
    assert not [d for d in s.deadlines if d.kind == "appeal_determination"]
    assert any("advisory opinion requested" in w for w in s.warnings)


def test_kentucky_silence_is_reviewed_by_the_attorney_general() -> None:
    s = compute_schedule("KY", [Occurrence("sent", date(2026, 6, 1), received=date(2026, 6, 1))], mail_days=3)
    (first,) = s.deadlines
    # 5 days excepting Saturdays, Sundays and legal holidays after Mon 06-01 (KRS 61.880(1)): Mon 06-08.
    assert first.due == date(2026, 6, 8)
    assert any(
        "Attorney General to review its silence (KRS 61.880(2)(a))" in line for line in first.explanation
    )
