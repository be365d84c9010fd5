"""What counts as an answer, and whether it came on time: one definition for `report agencies` and the
campaign scorecard, so the two never disagree about the same request.

An acknowledgment is not an answer (N.Y. Pub. Off. Law § 89(3)(a) asks for one within five business days
*and then* a determination): only records, a partial release, a denial or a no-records answer is. An
answer is on time when it came on or before the agency deadline it met, as the deadline engine marked it
(a New York denial within the five days meets the acknowledgment deadline; after an acknowledgment, the
determination deadline or the date the agency gave, moved only by a written extension).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from foilbot.domain.calendar import BusinessCalendar

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


def answered_on_time(answered_on: date, deadlines: Sequence[AgencyDue]) -> bool:
    """Whether an answer given on `answered_on` came by the deadline it is measured against (an answer
    under a law with no fixed deadline never is)."""
    return timing(answered_on, answer_due(answered_on, deadlines)) == "on time"


def timing(day: date | None, due: date | None) -> str:
    """'on time' (on or before the due date), 'late', 'no deadline', or '' when nothing happened."""
    if day is None:
        return ""
    if due is None:
        return "no deadline"
    return "on time" if day <= due else "late"


class AnswerFacts(NamedTuple):
    """A request's scorecard facts, stored with its schedule (services.schedule.request_fields). Each
    first day is the first live event of its kind, so "by `as_of`" is `day <= as_of` for any `as_of`."""

    acknowledged_on: date | None
    answered_on: date | None
    answered_on_time: bool | None  # None when not answered
    answer_days: int | None  # business days from receipt (else sending) to the first answer
    appealed_on: date | None


def answer_facts(
    history: Iterable[tuple[str, date]],
    deadlines: Sequence[AgencyDue],
    start: date | None,
    calendar: BusinessCalendar | None,
) -> AnswerFacts:
    """The facts of a history (kind, day; live events), measured against the agency's deadlines computed
    from it, with its days counted on the calendar its deadlines were."""
    firsts: dict[str, date] = {}
    for kind, day in history:
        key = "answer" if kind in ANSWERS else kind
        first = firsts.get(key)
        if first is None or day < first:
            firsts[key] = day
    answered = firsts.get("answer")
    on_time = days = None
    if answered is not None:
        on_time = answered_on_time(answered, deadlines)
        if start is not None and calendar is not None:
            days = calendar.business_days_between(start, answered)
    return AnswerFacts(firsts.get("acknowledged"), answered, on_time, days, firsts.get("appealed"))
