"""Statutory deadlines of one request, computed from what has happened to it, each with a checkable trace.

Pure: the schedule depends only on the history (never on today), so the tracking layer can store it, compare
`current.due` with an as-of date, and recompute every open request when a rule or holiday list changes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

from foilbot.domain.calendar import BusinessCalendar, business_calendar, fmt
from foilbot.domain.laws import Law, Period, get_law
from foilbot.domain.periods import VERIFIED_WORDS, Pause, Run, run_period
from foilbot.domain.receipt import estimate_receipt
from foilbot.domain.vocabulary import DETERMINATIONS, ENDS, OCCURRENCE_KINDS
from foilbot.errors import UsageError

_EMPTY: Mapping[date, str] = MappingProxyType({})
_RANK = {"yes": 2, "partial": 1, "no": 0}
_build: Callable[..., None] | None = None


@dataclass(frozen=True)
class Occurrence:
    """One thing that happened to a request, as the engine sees it."""

    kind: str
    on: date
    received: date | None = None  # "sent": receipt date if known; "appealed": date the appeal was received
    via: str | None = None  # "sent"/"appealed": email|mail|portal|fax|hand
    until: date | None = None  # "acknowledged": the approximate date given; "extended": the new date


@dataclass(frozen=True)
class Deadline:
    kind: (
        str  # acknowledgment | determination | extended_determination | appeal_filing | appeal_determination
    )
    #            | expedite_decision
    due: date
    party: str  # "agency" | "requester"
    citation: str
    verified: str
    explanation: tuple[str, ...]
    met: date | None
    estimated: bool
    flags: tuple[str, ...] = ()
    conditional: bool = False  # only applies if the agency stays silent (constructive denial)


@dataclass(frozen=True)
class Schedule:
    law: Law
    received: date | None
    received_estimated: bool
    deadlines: tuple[Deadline, ...]
    current: Deadline | None
    warnings: tuple[str, ...]
    paused_since: date | None = None


@lru_cache(maxsize=128)
def _calendar_warning(code: str, title: str, verified: str) -> str:
    if verified == "no":
        return (
            f"Holidays for {code} come from the {title} calendar, not checked against state law; a "
            "business-day count may be off by a day."
        )
    return (
        f"Holidays for {code} come from the {title} calendar, {VERIFIED_WORDS[verified]} against the statute "
        "text; a business-day count may be off by a day."
    )


@lru_cache(maxsize=4096)
def _due_line(d: date) -> str:
    return f"Due: {fmt(d)}."


@lru_cache(maxsize=1024)
def _rule_line(label: str, days: int, day_type: str, citation: str, verified: str) -> str:
    return f"Rule: {label}, {days} {day_type} days ({citation}; {VERIFIED_WORDS[verified]})."


def _least(*levels: str) -> str:
    return min(levels, key=_RANK.__getitem__)


@dataclass
class _Chain:
    law: Law
    cal: BusinessCalendar
    events: list[Occurrence]
    pauses: list[Pause]
    mail_days: int  # deadlines.mail_days: how long a mailed request or appeal is assumed to take
    deadlines: list[Deadline] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    paused_since: date | None = None

    def first(self, kinds: frozenset[str] | set[str], after: date) -> Occurrence | None:
        for e in self.events:
            if e.kind in kinds and e.on >= after:
                return e
        return None

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def add(
        self,
        kind: str,
        period: Period,
        label: str,
        start: date,
        start_lines: Sequence[str],
        *,
        party: str = "agency",
        estimated: bool = False,
        met_by: Occurrence | None = None,
        pauses: Sequence[Pause] = (),
        conditional: bool = False,
        extra: Sequence[str] = (),
        if_open: Sequence[str] = (),
    ) -> Deadline | None:
        run = run_period(self.cal, self.law, start, period.days, period.day_type, pauses)
        return self.emit(
            kind,
            run,
            period,
            label,
            start_lines,
            party=party,
            estimated=estimated,
            met_by=met_by,
            conditional=conditional,
            extra=extra,
            if_open=if_open,
        )

    def emit(
        self,
        kind: str,
        run: Run,
        period: Period,
        label: str,
        start_lines: Sequence[str],
        *,
        party: str = "agency",
        estimated: bool = False,
        met_by: Occurrence | None = None,
        conditional: bool = False,
        extra: Sequence[str] = (),
        flags: Sequence[str] = (),
        if_open: Sequence[str] = (),
    ) -> Deadline | None:
        if run.due is None:  # clock stopped and not resumed
            self.paused_since = max((p.start for p in self.pauses if p.end is None), default=None)
            self.warn(
                f"The {kind.replace('_', ' ')} clock is paused: no deadline runs until the requester answers."
            )
            return None
        verified = period.verified
        uses_calendar = run.used_calendar
        if uses_calendar and self.law.holidays.verified != "yes":
            verified = _least(verified, "partial")
            self.warn(_calendar_warning(self.law.jurisdiction, self.cal.title, self.law.holidays.verified))
        for w in run.unverified:
            self.warn(w)
        if period.verified != "yes":
            self.warn(
                f"Unverified rule used ({VERIFIED_WORDS[period.verified]}): {label}, {period.citation}."
            )
        lines = [
            _rule_line(label, period.days, period.day_type, period.citation, period.verified),
            *start_lines,
            *run.lines,
        ]
        if uses_calendar:
            lines.append(self.cal.holidays_line)
            if self.cal.closures:
                lines.append("Agency closure days count as non-business days for this agency only.")
        lines.append(_due_line(run.due))
        met = met_by.on if met_by is not None else None
        all_flags = list(flags)
        if met is not None:
            lines.append(f"Met: {met_by.kind if met_by else ''} on {fmt(met)}.")
            if met > run.due:
                all_flags.append(
                    f"answered late: {fmt(met)} is {(met - run.due).days} day(s) after the due date"
                )
        else:
            lines.append("Open: nothing recorded yet answers it.")
            lines.extend(if_open)
        lines.extend(extra)
        deadline = Deadline(
            kind,
            run.due,
            party,
            period.citation,
            verified,
            tuple(lines),
            met,
            estimated,
            tuple(all_flags),
            conditional,
        )
        self.deadlines.append(deadline)
        return deadline


def _pauses(events: Sequence[Occurrence]) -> list[Pause]:
    out: list[Pause] = []
    open_start: date | None = None
    for e in events:
        if e.kind == "tolled" and open_start is None:
            open_start = e.on
        elif e.kind == "resumed" and open_start is not None:
            out.append(Pause(open_start, e.on))
            open_start = None
    if open_start is not None:
        out.append(Pause(open_start, None))
    return out


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
    global _build
    if _build is None:
        from foilbot.domain.chain import build  # chain imports this module's types

        _build = build
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
        return Schedule(law, None, False, (), None, ("No 'sent' event: no deadline runs yet.",))
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
    c = _Chain(law, cal, events, _pauses(events), mail_days)
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
    _build(c, received, estimated, start_lines, _ANSWERS[law.response_what])
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
    return Schedule(law, received, estimated, deadlines, current, tuple(c.warnings), c.paused_since)


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
