"""What counts as an answer, and whether it came on time: one definition for `report agencies` and the
campaign scorecard, so the two never disagree about the same request.

An acknowledgment is not an answer (N.Y. Pub. Off. Law § 89(3)(a) asks for one within five business days
*and then* a determination): only records, a partial release, a denial or a no-records answer is. An
answer is on time when it came on or before the agency deadline it met, as the deadline engine marked it
(a New York denial within the five days meets the acknowledgment deadline; after an acknowledgment, the
determination deadline or the date the agency gave, moved only by a written extension).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

# The events that answer a request, and the word a scorecard shows for each.
ANSWERS = {"records": "granted", "partial": "partly", "denied": "denied", "no-records": "no records"}
# The engine's kinds (domain.chain): a written extension stores an "extended_determination".
_ANSWER_DEADLINES = ("acknowledgment", "determination", "extended_determination")


@dataclass(frozen=True)
class AgencyDue:
    """One of the agency's deadlines of a request, as stored (chain order)."""

    kind: str
    due: date
    met: date | None
    conditional: bool = False


def answer_due(answered_on: date, deadlines: Sequence[AgencyDue]) -> date | None:
    """The due date an answer given on `answered_on` is measured against: the deadline it met (the last in
    chain order, when it met several on one day), else the determination deadline in force; None when the
    law sets no deadline for it."""
    met = [d for d in deadlines if d.met == answered_on and not d.conditional and d.kind in _ANSWER_DEADLINES]
    if met:
        return met[-1].due
    in_force = [d.due for d in deadlines if d.kind in _ANSWER_DEADLINES[1:] and not d.conditional]
    return in_force[-1] if in_force else None


def timing(day: date | None, due: date | None) -> str:
    """'on time' (on or before the due date), 'late', 'no deadline', or '' when nothing happened."""
    if day is None:
        return ""
    if due is None:
        return "no deadline"
    return "on time" if day <= due else "late"
