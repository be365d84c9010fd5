"""Statutory deadlines of one request, computed from what has happened to it, each with a checkable trace.

Pure: the schedule depends only on the history (never on today), so the tracking layer can store it, compare
`current.due` with an as-of date, and recompute every open request when a rule or holiday list changes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from foilbot.domain.calendar import business_calendar, fmt
from foilbot.domain.chain import build
from foilbot.domain.laws import get_law
from foilbot.domain.model import Chain, Deadline, Occurrence, Schedule, pauses
from foilbot.domain.periods import VERIFIED_WORDS
from foilbot.domain.receipt import RECEIPT_RULE, estimate_receipt
from foilbot.domain.vocabulary import DETERMINATIONS, ENDS, OCCURRENCE_KINDS
from foilbot.errors import UsageError

_EMPTY: Mapping[date, str] = MappingProxyType({})
# What satisfies the initial period: an acknowledgment law takes any reply; a production law takes a written
# response; a determination law (federal, CA, ...) needs the determination itself (or an extension notice).
_ANSWERS = {
    "acknowledgment": DETERMINATIONS | {"acknowledged", "extended"},
    "production": DETERMINATIONS | {"acknowledged", "extended"},
    "determination": DETERMINATIONS | {"extended"},
    "none": DETERMINATIONS | {"extended"},
}


def _ON(e: Occurrence) -> date:
    return e.on


@lru_cache(maxsize=4096)
def _received_line(received: date) -> str:
    return f"Start: request received {fmt(received)} (that day is not counted)."


def compute_schedule(
    jurisdiction: str,
    history: Sequence[Occurrence],
    *,
    closures: Mapping[date, str] = _EMPTY,
    mail_days: int,
    observes: Sequence[str] = (),
) -> Schedule:
    """Every deadline the history makes meaningful, in chain order, with `current` the one that governs now.

    `observes` names the optional holidays the body observes (Texas: "Good Friday"); the others are
    counted as business days, and every explanation says which were assumed.

    Raises:
        UsageError: unknown jurisdiction, an unknown event kind, an event dated before the request
        was sent, or an optional holiday the jurisdiction does not have.
    """
    law = get_law(jurisdiction)
    cal = business_calendar(jurisdiction, closures, observes)
    events = sorted(history, key=_ON)
    sent = None
    for e in events:
        if e.kind not in OCCURRENCE_KINDS:
            raise UsageError(f"unknown event kind {e.kind!r}")
        if sent is None and e.kind == "sent":
            sent = e
    if sent is None:
        return Schedule(law, None, False, (), None, ("No 'sent' event: no deadline runs yet.",), calendar=cal)
    if events[0].on < sent.on:
        early = next((e for e in events if e.on < sent.on and e.kind != "note"), None)
        if early is not None:
            raise UsageError(
                f"the {early.kind} event of {early.on} is dated before the request was sent ({sent.on})"
            )
    if sent.received is not None:
        if sent.received < sent.on:
            raise UsageError(f"received {sent.received} is before the sent date {sent.on}")
        received, estimated = sent.received, False
        start_lines: tuple[str, ...] = (_received_line(received),)
        if not cal.is_business_day(received):
            start_lines = (f"Received on a non-business day, {fmt(received)}. {RECEIPT_RULE}", *start_lines)
    else:
        received, est = estimate_receipt(
            jurisdiction,
            sent.on,
            sent.via or "email",
            mail_days=mail_days,
            closures=closures,
            observes=observes,
        )
        estimated = True
        start_lines = (*est, f"Start: estimated receipt {fmt(received)} (that day is not counted).")
    c = Chain(law, cal, events, pauses(events), mail_days)
    if estimated:
        early = next((e for e in events if e.kind not in ("sent", "note") and e.on < received), None)
        if early is not None:
            c.warn(
                f"The {early.kind} event of {early.on} is before the estimated receipt {received}: the "
                f"agency "
                "had the request earlier; record the actual receipt date."
            )
        c.warn(
            f"The receipt date {received} is estimated; record the actual date when the agency confirms it."
        )
    if law.verified != "yes":
        c.warn(
            f"The {law.short_name} data for {law.jurisdiction_name} is {VERIFIED_WORDS[law.verified]}: check "
            f"{law.citation} before relying on these dates."
        )
    build(c, received, estimated, start_lines, _ANSWERS[law.response_what])
    end = c.first(ENDS, date.min)
    deadlines = tuple(_close(d, end) for d in c.deadlines) if end else tuple(c.deadlines)
    appeal = c.first({"appealed"}, date.min)
    if appeal is not None:
        # Appealing a missed deadline treats the silence as the denial (e.g. N.Y. Pub. Off. Law
        # § 89(4)(a)): the agency's earlier deadlines stop being pending; the appeal decision governs.
        deadlines = tuple(
            _close(d, appeal, "Treated as a constructive denial: appealed on")
            if d.party == "agency" and d.kind != "appeal_determination" and d.due < appeal.on
            else d
            for d in deadlines
        )
    open_ = [d for d in deadlines if d.met is None and not d.conditional]
    current = min(open_, key=lambda d: d.due) if open_ else None
    return Schedule(law, received, estimated, deadlines, current, tuple(c.warnings), c.paused_since, cal)


def _close(d: Deadline, end: Occurrence, why: str = "") -> Deadline:
    """A withdrawn, closed or litigated request (or an appeal of the silence) leaves nothing pending."""
    if d.met is not None or (why and d.conditional):  # the appeal answers the conditional window itself
        return d
    line = f"{why} {fmt(end.on)}." if why else f"No longer pending: {end.kind} on {fmt(end.on)}."
    return Deadline(
        d.kind,
        d.due,
        d.party,
        d.citation,
        d.verified,
        (*d.explanation, line),
        end.on,
        d.estimated,
        d.flags,
        d.conditional,
    )


def day_after(d: date) -> date:
    return d + timedelta(days=1)
