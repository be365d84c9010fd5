"""When a letter may be written, from the request's schedule: pure rules, one place.

- A follow-up says a deadline was missed: not before one has been.
- An appeal of silence needs the agency's deadline to have passed (or a written denial to appeal).
- An appeal after its window closed needs the requester to insist (--force), and says so.
Who the law reaches and whether it has an appeal at all are checked with the letter's content
(foilbot.render.rules).
"""

from __future__ import annotations

from datetime import date, timedelta

from foilbot.domain.model import Schedule
from foilbot.domain.vocabulary import is_late
from foilbot.errors import FoilbotError


def check_followup(reference: str, schedule: Schedule, on: date) -> None:
    """Raises FoilbotError while no agency deadline has passed on `on` (naming the first day one will)."""
    owed = [d for d in schedule.deadlines if d.party == "agency" and not d.conditional and d.met is None]
    if not owed or any(is_late(d.due, on) for d in owed):
        return
    first = min(owed, key=lambda d: d.due)
    raise FoilbotError(
        f"{reference}: nothing is late on {on}: "
        f"the agency's {first.kind.replace('_', ' ')} is due {first.due}",
        hint=f"A follow-up can be dated from {first.due + timedelta(days=1)} (foilbot followup {reference} "
        "--date DATE).",
    )


def check_appeal(
    reference: str, schedule: Schedule, on: date, *, written: bool, force: bool
) -> tuple[str, ...]:
    """Notes for an appeal dated `on`; raises FoilbotError when it cannot be filed without --force.

    Args:
        written: a written denial (or partial denial) is recorded; otherwise the appeal is of silence.
    """
    notes: list[str] = []
    window = next((d for d in schedule.deadlines if d.kind == "appeal_filing"), None)
    if window is not None and is_late(window.due, on):
        if not force:
            raise FoilbotError(
                f"the appeal window for {reference} closed on {window.due} ({window.citation})",
                hint="If you have grounds to file late (e.g. the agency's own rules allow more time), "
                "run again with --force.",
            )
        notes.append(f"the appeal window closed on {window.due}; drafted anyway (--force)")
    current = schedule.current
    silent = current is not None and current.party == "agency" and not is_late(current.due, on)
    if not written and silent and not force and current is not None:
        raise FoilbotError(
            f"{reference}: the agency's {current.kind.replace('_', ' ')} is not due until "
            f"{current.due}, and no denial is recorded",
            hint="Log the denial (foilbot request log ID denied --date DATE), or wait until the "
            "deadline has passed.",
        )
    return tuple(notes)
