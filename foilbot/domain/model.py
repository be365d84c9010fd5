"""The deadline engine's data: what happened (Occurrence), each computed Deadline with its explanation,
the Schedule they make, and the Chain a schedule is built in (shared by foilbot.domain.chain and
foilbot.domain.appeals, which add its links, and foilbot.domain.deadlines, which runs them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from foilbot.domain.calendar import BusinessCalendar, fmt
from foilbot.domain.laws import Law, Period
from foilbot.domain.periods import VERIFIED_WORDS, Pause, Run, run_period

_RANK = {"yes": 2, "partial": 1, "no": 0}


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
    # The period's own last day when a roll-forward moved `due` (periods.Run.counted_to); else None.
    counted_to: date | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Schedule:
    law: Law
    received: date | None
    received_estimated: bool
    deadlines: tuple[Deadline, ...]
    current: Deadline | None
    warnings: tuple[str, ...]
    paused_since: date | None = None
    # The calendar its business days were counted on (the agency's own closure days included): any
    # other count for the request (the scorecard's days to an answer) is made on the same one.
    calendar: BusinessCalendar | None = field(default=None, compare=False, repr=False)


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
class Chain:
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
            what = met_by.kind if met_by else ""
            if met > run.due:
                late = f"{fmt(met)} is {(met - run.due).days} day(s) after the due date"
                lines.append(f"Answered late: {what} on {late}.")
                all_flags.append(f"answered late: {late}")
            else:
                lines.append(f"Met: {what} on {fmt(met)}.")
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
            run.counted_to if run.counted_to != run.due else None,
        )
        self.deadlines.append(deadline)
        return deadline


def pauses(events: Sequence[Occurrence]) -> list[Pause]:
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
