"""Recording that an agency observes an optional holiday (issue 10): `agency closure observe`.

Tex. Gov't Code § 552.0031(c): an optional holiday under § 662.003(c) (Good Friday) is not a business day
only for a governmental body whose officer for public information observes it. foilbot never assumes it;
once a user records it for an agency (or for every body of a jurisdiction), every schedule of that agency
counts it, and the explanation says it was assumed.

Worked by hand (2026: Easter Sunday April 5, so Good Friday is Friday April 3; no other § 662.003 holiday
falls between March 30 and April 14). A request received Monday 2026-03-30; ten business days
(§ 552.221(d), § 552.301(b)), the day of receipt not counted:
- Good Friday a business day: Tue 3-31 (1), Wed 4-1 (2), Thu 4-2 (3), Fri 4-3 (4), Mon 4-6 (5), Tue 4-7 (6),
  Wed 4-8 (7), Thu 4-9 (8), Fri 4-10 (9), Mon 4-13 (10): due 2026-04-13.
- Good Friday observed: Fri 4-3 skipped, so Mon 4-6 is (4) ... Mon 4-13 (9), Tue 4-14 (10): due 2026-04-14.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import invoke, items, new_request, ok

AUSTIN = "nces-4808940"
# The shipped directory's row (NCES CCD 2024-25).
ROW = (
    "nces-4808940,AUSTIN ISD,school_district,TX,true,,,4000 S IH 35 FRONTAGE RD,AUSTIN,TX,78704,,"
    "(512) 414-1700,http://www.austinisd.org,,NCES CCD LEA 2024-25 (ccd_lea_029_2425_w_1a_073025),,"
)
NOT_OBSERVED, OBSERVED = "2026-04-13", "2026-04-14"


@pytest.fixture
def texas(directory: Path, runner, tmp_path: Path) -> str:
    header = directory.read_text(encoding="utf-8").splitlines()[0]
    csv = tmp_path / "tx.csv"
    csv.write_text(f"{header}\n{ROW}\n", encoding="utf-8")
    ok(invoke(runner, "agency", "import", str(csv)))
    rid = new_request(runner, AUSTIN)
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-03-30", "--received", "2026-03-30"))
    return str(rid)


def due(runner, rid: str) -> str:
    shown = json.loads(ok(invoke(runner, "request", "show", rid, "--json")).stdout)
    return next(d["due"] for d in shown["deadlines"] if d["kind"] == "determination")


def test_good_friday_is_a_business_day_until_recorded(runner, texas: str) -> None:
    assert due(runner, texas) == NOT_OBSERVED
    done = ok(invoke(runner, "agency", "closure", "observe", "good friday", "--agency", AUSTIN))
    assert done.stdout.strip() == f"{AUSTIN} observes Good Friday; 1 request(s) recomputed."
    assert due(runner, texas) == OBSERVED
    shown = json.loads(ok(invoke(runner, "request", "show", texas, "--json")).stdout)
    lines = next(d["explanation"] for d in shown["deadlines"] if d["kind"] == "determination")
    assert any("Assumed observed by this body" in line and "Good Friday" in line for line in lines)
    assert any(
        "Skipped Fri 2026-04-03 (Good Friday (optional holiday, assumed observed" in line for line in lines
    )
    # The hypothetical calculator agrees when told the same.
    calc = json.loads(
        ok(
            invoke(
                runner, "deadline", "TX", "--received", "2026-03-30", "--observes", "Good Friday", "--json"
            )
        ).stdout
    )
    assert [d["due"] for d in calc["deadlines"] if d["kind"] == "determination"] == [OBSERVED]
    # Taken back: the count is the statute's default again.
    ok(invoke(runner, "agency", "closure", "observe", "Good Friday", "--agency", AUSTIN, "--remove"))
    assert due(runner, texas) == NOT_OBSERVED


def test_a_jurisdiction_default_reaches_every_body_and_the_listing_says_whose(runner, texas: str) -> None:
    ok(invoke(runner, "agency", "closure", "observe", "Good Friday", "--jurisdiction", "tx"))
    assert due(runner, texas) == OBSERVED
    listing = json.loads(ok(invoke(runner, "agency", "closure", "list", AUSTIN, "--json")).stdout)
    assert listing["observes"] == [{"holiday": "Good Friday", "recorded_for": "jurisdiction"}]
    assert listing["items"] == []
    table = ok(invoke(runner, "agency", "closure", "list", AUSTIN)).stdout
    assert "Observes Good Friday (recorded for every TX body)." in table
    # An overdue list as of the day after the default due date: only the observed count is not late yet.
    assert items(invoke(runner, "overdue", "--as-of", NOT_OBSERVED.replace("13", "14"), "--json")) == []


def test_refusals_are_one_line_and_change_nothing(runner, texas: str) -> None:
    unknown = invoke(runner, "agency", "closure", "observe", "Easter", "--agency", AUSTIN)
    assert unknown.exit_code == 2
    assert "TX has no optional holiday named 'Easter'" in unknown.stderr
    assert "Good Friday, weekend observance" in unknown.stderr
    ny = invoke(runner, "agency", "closure", "observe", "Good Friday", "--agency", "nces-3617670")
    assert ny.exit_code == 2 and "NY has no optional holiday named 'Good Friday'" in ny.stderr
    both = invoke(
        runner, "agency", "closure", "observe", "Good Friday", "--agency", AUSTIN, "--jurisdiction", "TX"
    )
    assert both.exit_code == 2 and "not both" in both.stderr
    ok(invoke(runner, "agency", "closure", "observe", "Good Friday", "--agency", AUSTIN))
    again = invoke(runner, "agency", "closure", "observe", "Good Friday", "--agency", AUSTIN)
    assert again.exit_code == 1 and "already recorded" in again.stderr
    assert "Traceback" not in unknown.stderr + ny.stderr + both.stderr + again.stderr
    assert due(runner, texas) == OBSERVED


def test_a_calendar_takes_the_moved_date_on_recording_and_on_taking_back(runner, texas: str) -> None:
    """RFC 5545 § 3.8.7.4: a calendar client accepts an update of the same UID only with a higher
    SEQUENCE; recording the holiday moves the date, and taking it back moves it again."""
    from icalendar import Calendar

    def determination() -> tuple[str, int]:
        data = ok(invoke(runner, "calendar", "--as-of", "2026-04-01")).stdout_bytes
        ev = next(e for e in Calendar.from_ical(data).walk("VEVENT") if "determination" in str(e["UID"]))
        return ev.decoded("DTSTART").isoformat(), int(ev["SEQUENCE"])

    before = determination()
    assert before[0] == NOT_OBSERVED
    ok(invoke(runner, "agency", "closure", "observe", "good friday", "--agency", AUSTIN))
    observed = determination()
    ok(invoke(runner, "agency", "closure", "observe", "good friday", "--agency", AUSTIN, "--remove"))
    back = determination()
    ok(invoke(runner, "agency", "closure", "observe", "good friday", "--jurisdiction", "TX"))
    by_state = determination()
    assert [d for d, _ in (observed, back, by_state)] == [OBSERVED, NOT_OBSERVED, OBSERVED]
    assert before[1] < observed[1] < back[1] < by_state[1]
