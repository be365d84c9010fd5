"""A request's lifecycle, derived from its events, and which new events make sense.

Pure: the status is never stored by hand. It follows from the history, so an event logged late or
corrected changes the status the way it would have changed it on the day.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from foilbot.domain.vocabulary import EVENT_KINDS, FINISHED, LOGGABLE, STATUSES
from foilbot.errors import ValidationError

__all__ = ["EVENT_KINDS", "FINISHED", "LOGGABLE", "STATUSES"]

# Events that may stand anywhere in a history: they claim nothing about the agency.
_FREE = frozenset({"note", "withdrawn", "sent", "reply"})
_ENDS = ("closed", "withdrawn")

# The details each event may carry, by the `request log` option that sets them. Anything else is refused
# rather than silently kept (an --until on a denial would otherwise look recorded and count for nothing).
EVENT_DETAILS: Mapping[str, Mapping[str, str]] = {
    "sent": {"via": "--via", "received": "--received", "tracking": "--tracking", "message_id": "Message-ID"},
    "acknowledged": {"estimate": "--estimate"},
    "extended": {"until": "--until"},
    "fee-estimate": {"amount": "--amount"},
    "denied": {"exemptions": "--exemption"},
    "partial": {"exemptions": "--exemption"},
    "appealed": {"received": "--received"},
    "reply": {"message_id": "Message-ID", "from": "From", "matched_by": "matched by", "text": "body"},
}
_OPTION = {"estimate": "--estimate", "until": "--until", "amount": "--amount", "exemptions": "--exemption"}
_OPTION |= {"received": "--received", "via": "--via", "tracking": "--tracking"}

_STATUS_AFTER = {
    "sent": "sent",
    "acknowledged": "acknowledged",
    "extended": "extended",
    "partial": "partial",
    "records": "done",
    "no-records": "done",
    "denied": "denied",
    "appealed": "appealing",
    "appeal-granted": "appeal decided",
    "appeal-denied": "appeal decided",
    "litigation": "litigation",
    "closed": "closed",
    "withdrawn": "withdrawn",
}


@dataclass(frozen=True)
class Happened:
    """An event as the lifecycle sees it: what, when, and its order of logging (ties on a day)."""

    kind: str
    day: date
    seq: int = 0


def _key(e: Happened) -> tuple[date, int]:
    return (e.day, e.seq)


def ordered(events: Sequence[Happened]) -> list[Happened]:
    return sorted(events, key=_key)


def derive_status(events: Sequence[Happened]) -> str:
    """The status after all events, applied in date order (tolling, fees and notes leave it as is).

    Until a `sent` event exists the request is a draft (or withdrawn): nothing the agency does to a
    request it never received can move it.
    """
    events = ordered(events)
    if not any(e.kind == "sent" for e in events):
        return "withdrawn" if any(e.kind == "withdrawn" for e in events) else "draft"
    status = "draft"
    for event in events:
        status = _STATUS_AFTER.get(event.kind, status)
    return status


def refusal(
    history: Sequence[Happened],
    new: Happened,
    *,
    today: date,
    constructive_denial: date | None = None,
) -> tuple[str, str | None] | None:
    """Why `new` makes no sense beside `history` (reason, hint), or None when it does.

    Args:
        history: the request's other live events (without `new`).
        new: the event to judge; its `seq` places it among events of the same day.
        today: the date the user is working on (never read from the clock here).
        constructive_denial: the first day the agency's silence counted as a denial before `new.day`,
            if the deadline schedule has one (N.Y. Pub. Off. Law § 89(4)(a): failure to answer within
            the time allowed "shall constitute a denial").
    """
    kind, day = new.kind, new.day
    if kind not in EVENT_KINDS:
        return f"unknown event; use one of: {', '.join(LOGGABLE)}", None
    if day > today:
        return f"that date is after today ({today})", "Log events when they have happened."
    events = ordered([e for e in history if e is not new])
    sent = next((e for e in events if e.kind == "sent"), None)
    later = [e for e in events if _key(e) > _key(new) and e.kind not in ("note", "withdrawn", "reply")]
    if kind == "sent":
        if sent is not None:
            return f"the request was already sent on {sent.day}", "Correct it with `request unlog` first."
        early = next((e for e in events if e.day < day and e.kind not in _FREE), None)
        if early is not None:
            return f"the {early.kind} event of {early.day} would be before it", None
        return None
    if kind in _ENDS and later and not (kind == "withdrawn" and sent is None):
        first = later[0]
        return (
            f"the {first.kind} event of {first.day} comes after it",
            "Remove or correct the later events first (foilbot request unlog ID EVENT_ID).",
        )
    if kind == "withdrawn":
        ended = next((e for e in events if _key(e) < _key(new) and e.kind in _ENDS), None)
        if ended is not None:
            return f"the request was already {ended.kind} on {ended.day}", None
        return None
    if kind in ("note", "reply"):  # an email filed with its request claims nothing by itself
        return None
    if sent is None:
        return (
            "the request has not been sent yet",
            "Record filing first: foilbot request sent ID --date DATE",
        )
    if day < sent.day:
        return f"that is before the request was sent ({sent.day})", None
    before = [e for e in events if _key(e) < _key(new)]
    ended = next((e for e in before if e.kind in _ENDS), None)
    if ended is not None:
        return (
            f"the request was {ended.kind} on {ended.day}",
            "Only notes can be added to a finished request.",
        )
    paused = _open_toll(before)
    if kind == "resumed" and paused is None:
        return "the clock is not paused (no `tolled` event before it)", None
    if kind == "tolled" and paused is not None:
        return f"the clock is already paused since {paused}", "Log `resumed` first."
    if kind == "appealed":
        denial = next((e for e in reversed(before) if e.kind in ("denied", "partial")), None)
        silent = constructive_denial is not None and constructive_denial <= day
        if denial is None and not silent:
            return (
                "there is no denial to appeal: no `denied` or `partial` event, and no deadline the agency "
                "missed before that date",
                "Log the denial first, or wait until the agency's deadline has passed.",
            )
    if kind in ("appeal-granted", "appeal-denied") and not any(e.kind == "appealed" for e in before):
        return "no appeal was filed before it", "Log `appealed` first."
    return None


def check_event(
    history: Sequence[Happened],
    new: Happened,
    *,
    today: date,
    constructive_denial: date | None = None,
) -> None:
    """Refuse an event that makes no sense given the rest of the history, with a one-line reason.

    Raises:
        ValidationError: the reason, naming the event and the dates involved.
    """
    found = refusal(history, new, today=today, constructive_denial=constructive_denial)
    if found is not None:
        reason, hint = found
        raise ValidationError(f"cannot log {new.kind} on {new.day}: {reason}", hint=hint)


def check_details(kind: str, day: date, details: Mapping[str, object], *, today: date) -> None:
    """Refuse details the event cannot carry, and dates in them that contradict the event's own date.

    Raises:
        ValidationError: names the option at fault.
    """
    allowed = EVENT_DETAILS.get(kind, {})
    for key, value in details.items():
        if value in (None, "", [], ()):
            continue
        option = _OPTION.get(key, key)
        if key not in allowed:
            takes = ", ".join(
                f"{k} {o}" for k, opts in EVENT_DETAILS.items() for o in opts.values() if o == option
            )
            raise ValidationError(
                f"{option} does not apply to {kind}" + (f" (only to {takes})" if takes else "")
            )
        if isinstance(value, date):
            if value < day:
                raise ValidationError(f"{option} {value} is before the {kind} date {day}")
            if key == "received" and value > today:
                raise ValidationError(f"{option} {value} is after today ({today})")
        if key == "amount" and isinstance(value, (int, float)):
            if value < 0:
                raise ValidationError(f"{option} {value} is negative")
            if not math.isfinite(value) or value > 1e9:
                raise ValidationError(f"{option} {value}: give an amount in dollars, from 0 to 1000000000")


def _open_toll(events: Sequence[Happened]) -> date | None:
    start = None
    for event in events:
        if event.kind == "tolled" and start is None:
            start = event.day
        elif event.kind == "resumed":
            start = None
    return start


def status_filter(value: str | None, *, allow_all: bool = False) -> str | None:
    """A `--status` filter checked against the vocabulary: a typo is a usage error, not an empty list.

    Raises:
        UsageError: not a status (nor `all`, where every status is meant).
    """
    from foilbot.errors import UsageError

    if value is None or value in STATUSES or (allow_all and value == "all"):
        return value
    choices = ", ".join((*STATUSES, "all") if allow_all else STATUSES)
    raise UsageError(f"--status {value!r}: use one of {choices}")
