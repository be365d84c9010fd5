"""A request's lifecycle, derived from its events, and which new events make sense.

Pure: the status is never stored by hand. It follows from the history, so an event logged late or
corrected changes the status the way it would have changed it on the day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from foilbot.errors import ValidationError

# Events a user logs with `request log` (the CLI names), in the order a request usually meets them.
LOGGABLE = (
    "acknowledged",
    "extended",
    "tolled",
    "resumed",
    "fee-estimate",
    "partial",
    "records",
    "no-records",
    "denied",
    "appealed",
    "appeal-granted",
    "appeal-denied",
    "litigation",
    "withdrawn",
    "closed",
    "note",
)
# Recorded by foilbot itself: filing, and the letters it drafted.
INTERNAL = ("sent", "followup-drafted", "appeal-drafted")
EVENT_KINDS = frozenset(LOGGABLE + INTERNAL)

STATUSES = (
    "draft",
    "sent",
    "acknowledged",
    "extended",
    "partial",
    "done",
    "denied",
    "appealing",
    "appeal decided",
    "litigation",
    "closed",
    "withdrawn",
)
# Nothing more is expected from the agency in these.
FINISHED = frozenset({"done", "appeal decided", "closed", "withdrawn"})

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


def ordered(events: Sequence[Happened]) -> list[Happened]:
    return sorted(events, key=lambda e: (e.day, e.seq))


def derive_status(events: Sequence[Happened]) -> str:
    """The status after all events, applied in date order (tolling, fees and notes leave it as is)."""
    status = "draft"
    for event in ordered(events):
        status = _STATUS_AFTER.get(event.kind, status)
    return status


def check_event(
    history: Sequence[Happened],
    new: Happened,
    *,
    today: date,
    constructive_denial: date | None = None,
) -> None:
    """Refuse an event that makes no sense given the rest of the history, with a one-line reason.

    Args:
        history: the request's live events (without `new`).
        new: the event to add.
        today: the date the user is working on (never read from the clock here).
        constructive_denial: the first day silence counted as a denial, if the schedule has one.

    Raises:
        ValidationError: the reason, naming the event and the dates involved.
    """
    kind, day = new.kind, new.day

    def refuse(reason: str, hint: str | None = None) -> None:
        raise ValidationError(f"cannot log {kind} on {day}: {reason}", hint=hint)

    if kind not in EVENT_KINDS:
        refuse(f"unknown event; use one of: {', '.join(LOGGABLE)}")
    if day > today:
        refuse(f"that date is after today ({today})", "Log events when they have happened.")
    events = ordered(history)
    sent = next((e for e in events if e.kind == "sent"), None)
    if kind == "sent" and sent is not None:
        refuse(f"the request was already sent on {sent.day}", "Correct it with `request unlog` first.")
    if kind in ("note", "withdrawn", "sent"):
        return
    if sent is None:
        refuse(
            "the request has not been sent yet", "Record filing first: foilbot request sent ID --date DATE"
        )
    assert sent is not None
    if day < sent.day:
        refuse(f"that is before the request was sent ({sent.day})")
    ended = next((e for e in events if e.kind in ("closed", "withdrawn") and e.day <= day), None)
    if ended is not None:
        refuse(
            f"the request was {ended.kind} on {ended.day}", "Only notes can be added to a finished request."
        )
    before = [e for e in events if e.day <= day]
    if kind == "resumed" and _open_toll(before) is None:
        refuse("the clock is not paused (no `tolled` event before it)")
    if kind == "tolled" and _open_toll(before) is not None:
        refuse(f"the clock is already paused since {_open_toll(before)}")
    if kind == "appealed":
        denial = next((e for e in reversed(before) if e.kind in ("denied", "partial")), None)
        silent = constructive_denial is not None and constructive_denial <= day
        if denial is None and not silent:
            refuse(
                "there is no denial to appeal: no `denied` or `partial` event, and no deadline the agency "
                "missed before that date",
                "Log the denial first, or wait until the agency's deadline has passed.",
            )
    if kind in ("appeal-granted", "appeal-denied") and not any(e.kind == "appealed" for e in before):
        refuse("no appeal was filed before it", "Log `appealed` first.")


def _open_toll(events: Sequence[Happened]) -> date | None:
    start = None
    for event in events:
        if event.kind == "tolled" and start is None:
            start = event.day
        elif event.kind == "resumed":
            start = None
    return start
