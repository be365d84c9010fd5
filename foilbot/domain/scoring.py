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
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

if TYPE_CHECKING:
    from foilbot.domain.model import Schedule

# The events that answer a request, and the word a scorecard shows for each.
ANSWERS = {"records": "granted", "partial": "partly", "denied": "denied", "no-records": "no records"}
# The engine's kinds (domain.chain): a written extension stores an "extended_determination"; New York's
# written reason and date certain, owed by the 20th business day after an acknowledgment whose date lies
# beyond it (N.Y. Pub. Off. Law § 89(3)(a)), is met by an answer as well.
_ANSWER_DEADLINES = ("acknowledgment", "determination", "extended_determination", "reasons_date_certain")
_IN_FORCE = ("determination", "extended_determination")


@dataclass(frozen=True)
class AgencyDue:
    """One of the agency's deadlines of a request, as stored (chain order)."""

    kind: str
    due: date
    met: date | None
    conditional: bool = False


class Due(Protocol):
    """What answer_due reads of a deadline: an AgencyDue, or the engine's own (domain.model.Deadline)."""

    @property
    def kind(self) -> str: ...
    @property
    def due(self) -> date: ...
    @property
    def met(self) -> date | None: ...
    @property
    def conditional(self) -> bool: ...


def answer_due(answered_on: date, deadlines: Sequence[Due]) -> date | None:
    """The due date an answer given on `answered_on` is measured against: the earliest of the deadlines it
    met (it is on time only if it met every one of them in time: a New York answer after the missed
    reason-and-date-certain checkpoint, within the date the acknowledgment gave, is late, as `request
    show` says), else the determination deadline in force; None when the law sets no deadline for it."""
    met = [d for d in deadlines if d.met == answered_on and not d.conditional and d.kind in _ANSWER_DEADLINES]
    if met:
        return min(d.due for d in met)
    in_force = [d.due for d in deadlines if d.kind in _IN_FORCE and not d.conditional]
    return in_force[-1] if in_force else None


def answered_on_time(answered_on: date, deadlines: Sequence[Due]) -> bool:
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


def answer_facts(history: Iterable[Any], schedule: Schedule, start: date | None) -> AnswerFacts:
    """The facts of a history (its live events: each with a kind and a day), measured against the
    agency's deadlines in the schedule computed from it, with the days from `start` (receipt, else
    sending) counted on the calendar that schedule was counted on."""
    acknowledged = answered = appealed = None
    for e in history:
        kind, day = e.kind, e.day
        if kind in ANSWERS:
            if answered is None or day < answered:
                answered = day
        elif kind == "acknowledged":
            if acknowledged is None or day < acknowledged:
                acknowledged = day
        elif kind == "appealed" and (appealed is None or day < appealed):
            appealed = day
    if answered is None:
        return AnswerFacts(acknowledged, None, None, None, appealed)
    dues = [d for d in schedule.deadlines if d.party == "agency"]
    calendar = schedule.calendar
    days = None if start is None or calendar is None else calendar.business_days_between(start, answered)
    return AnswerFacts(acknowledged, answered, answered_on_time(answered, dues), days, appealed)
