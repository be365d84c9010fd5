"""When a follow-up or an appeal may be written, from the schedule alone (New York, dates by hand).

Received Fri 2026-06-12: acknowledgment due Mon 6/22 (6/15-6/18, Juneteenth Fri 6/19 skipped under
N.Y. Gen. Constr. Law § 24, 6/22). Silence is a denial the day after (§ 89(4)(a)); the appeal window
is 30 days from it (Thu 7/23).
"""

from __future__ import annotations

from datetime import date

import pytest

from foilbot.domain import letter_policy as policy
from foilbot.domain.deadlines import Occurrence, compute_schedule
from foilbot.errors import FoilbotError

SILENT = compute_schedule(
    "NY", [Occurrence("sent", date(2026, 6, 12), received=date(2026, 6, 12))], mail_days=3
)


def test_followup_only_after_a_deadline_passed() -> None:
    with pytest.raises(FoilbotError, match="nothing is late on 2026-06-22"):
        policy.check_followup("FOIL-1", SILENT, date(2026, 6, 22))
    policy.check_followup("FOIL-1", SILENT, date(2026, 6, 23))


def test_appeal_of_silence_only_once_the_deadline_passed() -> None:
    with pytest.raises(FoilbotError, match="acknowledgment is not due until 2026-06-22"):
        policy.check_appeal("FOIL-1", SILENT, date(2026, 6, 22), denied_on=None, force=False)
    assert policy.check_appeal("FOIL-1", SILENT, date(2026, 6, 23), denied_on=None, force=False) == ()


def test_an_appeal_after_the_window_needs_force_and_says_so() -> None:
    denied = compute_schedule(
        "NY",
        [
            Occurrence("sent", date(2026, 6, 12), received=date(2026, 6, 12)),
            Occurrence("denied", date(2026, 6, 18)),
        ],
        mail_days=3,
    )
    # Denied Thu 6/18: 30 days to appeal, Sat 7/18, rolled to Mon 7/20 (N.Y. Gen. Constr. Law § 25-a).
    assert (
        policy.check_appeal("FOIL-1", denied, date(2026, 7, 20), denied_on=date(2026, 6, 18), force=False)
        == ()
    )
    with pytest.raises(FoilbotError, match="closed on 2026-07-20"):
        policy.check_appeal("FOIL-1", denied, date(2026, 7, 21), denied_on=date(2026, 6, 18), force=False)
    [note] = policy.check_appeal("FOIL-1", denied, date(2026, 7, 21), denied_on=date(2026, 6, 18), force=True)
    assert "drafted anyway" in note


@pytest.mark.parametrize("force", [False, True])
def test_an_appeal_is_never_dated_before_the_denial_it_appeals(force: bool) -> None:
    """A letter dated June 17 that appeals "the denial dated June 18" was drafted and logged ahead of the
    denial; no --force makes it possible."""
    denied = compute_schedule(
        "NY",
        [
            Occurrence("sent", date(2026, 6, 12), received=date(2026, 6, 12)),
            Occurrence("denied", date(2026, 6, 18)),
        ],
        mail_days=3,
    )
    with pytest.raises(
        FoilbotError, match=r"dated 2026-06-17 would come before the denial it appeals \(2026-06-18\)"
    ):
        policy.check_appeal("FOIL-1", denied, date(2026, 6, 17), denied_on=date(2026, 6, 18), force=force)
    assert (
        policy.check_appeal("FOIL-1", denied, date(2026, 6, 18), denied_on=date(2026, 6, 18), force=force)
        == ()
    )
