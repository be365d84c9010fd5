"""When a letter may be written, from the request's schedule: pure rules, one place.

- A follow-up says a deadline was missed: not before one has been.
- An appeal of silence needs the agency's deadline to have passed (or a written denial to appeal).
- An appeal after its window closed needs the requester to insist (--force), and says so.
- Which document a challenge takes follows the law's appeal route (laws.yaml `appeal_route`): an appeal to
  the agency, a petition to the body the statute names, or no letter and the remedy stated.
Who the law reaches is checked with the letter's content (foilbot.render.rules).
"""

from __future__ import annotations

from datetime import date, timedelta

from foilbot.domain.laws import Law
from foilbot.domain.model import Schedule
from foilbot.domain.vocabulary import is_late
from foilbot.errors import FoilbotError


def default_template(law: Law) -> str:
    """The request template for a law: FOIL for New York, FOIA for federal agencies, else the state letter."""
    return {"NY": "request-ny-foil", "US": "request-federal-foia"}.get(law.jurisdiction, "request-state")


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
    reference: str, schedule: Schedule, on: date, *, denied_on: date | None, force: bool
) -> tuple[str, ...]:
    """Notes for an appeal dated `on`; raises FoilbotError when it cannot be filed without --force, or
    at all (dated before the denial it appeals).

    Args:
        denied_on: the recorded written denial (or partial denial); None: the appeal is of silence.
    """
    written = denied_on is not None
    if denied_on is not None and on < denied_on:
        raise FoilbotError(
            f"{reference}: an appeal dated {on} would come before the denial it appeals ({denied_on})",
            hint=f"Date it {denied_on} or later (--date).",
        )
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


PETITION = "petition-review"  # the document to a reviewing body (Attorney General, Mayor, ombudsman)


def no_appeal(law: Law) -> FoilbotError | None:
    """The refusal where the law gives the requester no letter to write: the remedy and its deadline."""
    route = law.appeal_route
    if route.modeled and route.document == "none":
        who = "only a court hears it" if route.hearer == "court" else "there is no requester appeal"
        return FoilbotError(
            f"the {law.name} provides no administrative appeal ({who}): remedies: {route.remedy} "
            f"({route.citation}); deadline: {route.remedy_deadline}",
            hint="foilbot writes no appeal letter for this law; see a lawyer about the remedy, or send a "
            "follow-up (foilbot followup REF).",
        )
    body = (law.appeal_body or "").strip()
    if not route.modeled and (not body or body.lower().startswith("none")):
        return FoilbotError(
            f"the {law.name} provides no administrative appeal",
            hint=f"The remedy is usually a court action; see the law's notes: {law.citation}",
        )
    return None


def appeal_template(reference: str, law: Law, *, written: bool) -> str:
    """The letter the law provides for challenging a denial (`written`) or silence.

    An appeal to the agency (appeal-denial / appeal-constructive-denial); a petition or mediation request
    addressed to the body the law names, copying the agency (petition-review); or, where the only remedy is
    a court or there is no requester appeal, a FoilbotError that states the remedy and its deadline.
    """
    refused = no_appeal(law)
    if refused is not None:
        raise refused
    route = law.appeal_route
    if route.document == "appeal":
        return "appeal-denial" if written else "appeal-constructive-denial"
    if not written and not route.reviews_silence:
        raise FoilbotError(
            f"{reference}: the {law.name} gives the {route.hearer.replace('_', ' ')} no review of a failure "
            f"to respond ({route.citation})",
            hint="Send a follow-up instead (foilbot followup REF).",
        )
    return PETITION
