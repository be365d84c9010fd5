"""The `foilbot deadline` calculator: turn what the user knows (dates, flags) into a history and a schedule.

Kept out of the CLI so letters and scripts can ask the same question without Typer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from types import MappingProxyType

from foilbot.domain.deadlines import Occurrence, Schedule, compute_schedule
from foilbot.domain.laws import get_law
from foilbot.errors import UsageError

_EMPTY: Mapping[date, str] = MappingProxyType({})


@dataclass(frozen=True)
class Facts:
    """What is known about one request (all optional except one of received/sent)."""

    received: date | None = None
    sent: date | None = None
    via: str = "email"
    acknowledged: date | None = None
    estimate: date | None = None  # the approximate date given in the acknowledgment (NY)
    extended: bool = False
    extended_on: date | None = None
    extended_until: date | None = None
    denied: date | None = None
    appeal_received: date | None = None
    expedite_requested: date | None = None
    pauses: tuple[tuple[date, date | None], ...] = ()


def _check(f: Facts) -> date:
    if (f.received is None) == (f.sent is None):
        raise UsageError("give exactly one of --received and --sent", hint="--received 2026-11-20")
    start = f.received or f.sent
    assert start is not None
    named = {
        "--acknowledged": f.acknowledged,
        "--denied": f.denied,
        "--extended-on": f.extended_on,
        "--appeal-received": f.appeal_received,
        "--expedite-requested": f.expedite_requested,
    }
    for option, value in named.items():
        if value is not None and value < start:
            raise UsageError(f"{option} {value} is before the request was received/sent ({start})")
    if f.estimate is not None:
        if f.acknowledged is None:
            raise UsageError(
                "--estimate needs --acknowledged (it is the approximate date the acknowledgment gave)"
            )
        if f.estimate < f.acknowledged:
            raise UsageError(f"--estimate {f.estimate} is before the acknowledgment ({f.acknowledged})")
    if f.denied is not None and f.appeal_received is not None and f.appeal_received < f.denied:
        raise UsageError(f"--appeal-received {f.appeal_received} is before the denial ({f.denied})")
    if f.extended_until is not None and f.extended_until < start:
        raise UsageError(f"--extended-until {f.extended_until} is before the request ({start})")
    for begin, end in f.pauses:
        if begin < start:
            raise UsageError(f"--paused {begin} is before the request ({start})")
        if end is not None and end < begin:
            raise UsageError(f"--paused {begin}:{end}: the end is before the start")
    return start


def history(f: Facts, *, extension_on: date | None = None) -> list[Occurrence]:
    """The engine's view of the facts; `extension_on` dates an undated extension notice."""
    start = _check(f)
    events = [Occurrence("sent", start, received=f.received, via=None if f.received else f.via)]
    if f.acknowledged is not None:
        events.append(Occurrence("acknowledged", f.acknowledged, until=f.estimate))
    if f.expedite_requested is not None:
        events.append(Occurrence("expedite-requested", f.expedite_requested))
    for begin, end in f.pauses:
        events.append(Occurrence("tolled", begin))
        if end is not None:
            events.append(Occurrence("resumed", end))
    if f.extended or f.extended_until is not None or f.extended_on is not None:
        on = f.extended_on or extension_on or start
        events.append(Occurrence("extended", on, until=f.extended_until))
    if f.denied is not None:
        events.append(Occurrence("denied", f.denied))
    if f.appeal_received is not None:
        events.append(Occurrence("appealed", f.appeal_received, received=f.appeal_received))
    return events


def calculate(
    jurisdiction: str,
    facts: Facts,
    *,
    closures: Mapping[date, str] = _EMPTY,
    observes: Sequence[str] = (),
    mail_days: int,
) -> Schedule:
    """The schedule for the facts. An extension without a notice date is taken as given on the original
    due date
    (the latest date it could validly be given), which the schedule's warnings say.

    Raises:
        UsageError: unknown jurisdiction, impossible order of dates, or an extension the law cannot compute.
    """
    law = get_law(jurisdiction)
    wants_extension = facts.extended or facts.extended_until is not None or facts.extended_on is not None
    if wants_extension and law.extension is None and facts.extended_until is None:
        raise UsageError(
            f"{law.short_name} ({law.jurisdiction}) sets no fixed extension period in the data",
            hint="give the date the agency set with --extended-until DATE",
        )
    on = None
    if wants_extension and facts.extended_on is None:
        plain = replace(facts, extended=False, extended_until=None, denied=None, appeal_received=None)
        first = compute_schedule(
            jurisdiction, history(plain), closures=closures, observes=observes, mail_days=mail_days
        )
        determinations = [d for d in first.deadlines if d.kind == "determination" and d.met is None]
        on = determinations[-1].due if determinations else None
    schedule = compute_schedule(
        jurisdiction,
        history(facts, extension_on=on),
        closures=closures,
        observes=observes,
        mail_days=mail_days,
    )
    if on is not None:
        note = f"The extension notice was taken as given on the original due date {on} (use --extended-on)."
        schedule = replace(schedule, warnings=(*schedule.warnings, note))
    return schedule


def parse_closures(values: Sequence[str]) -> dict[date, str]:
    """`DATE[:REASON]` strings to {date: reason}."""
    out: dict[date, str] = {}
    for raw in values:
        day, _, reason = raw.partition(":")
        out[parse_date(day, "--closure")] = reason.strip() or "closed"
    return out


def parse_pauses(values: Sequence[str]) -> tuple[tuple[date, date | None], ...]:
    """`START[:END]` strings (END omitted = still paused)."""
    out = []
    for raw in values:
        begin, _, end = raw.partition(":")
        out.append((parse_date(begin, "--paused"), parse_date(end, "--paused") if end.strip() else None))
    return tuple(out)


def parse_date(value: str, option: str) -> date:
    from foilbot.clock import parse_day

    day = parse_day(value)
    if day is None:
        raise UsageError(f"{option}: {value!r} is not a date; use YYYY-MM-DD (e.g. 2026-11-23)")
    return day


def facts_from_options(
    dates: Mapping[str, str | None], *, via: str, extended: bool, paused: Sequence[str]
) -> Facts:
    """`foilbot deadline`'s options as Facts: `dates` maps a Facts date field to its text (or None);
    a bad date is a usage error naming its option (--appeal-received for appeal_received)."""
    parsed = {
        field: parse_date(text, "--" + field.replace("_", "-")) if text is not None else None
        for field, text in dates.items()
    }
    return Facts(via=via, extended=extended, pauses=parse_pauses(paused), **parsed)
