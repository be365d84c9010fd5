"""What a law says about an agency's silence, in the explanation of a deadline: the effect of a missed due
date (issue 10), a silence that becomes a denial on its own count from the request (La. R.S. 44:35(A)), and a
notice of delay owed early in the response period (Md. Code, Gen. Prov. § 4-203(b)(2)).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from foilbot.domain.calendar import fmt
from foilbot.domain.laws import Law, Period
from foilbot.domain.model import Chain
from foilbot.domain.periods import VERIFIED_WORDS, run_period

_SILENCE_LINES: dict[str, str] = {}


def silence_line(law: Law) -> str:
    hit = _SILENCE_LINES.get(law.jurisdiction)
    if hit is None:
        hit = _SILENCE_LINES[law.jurisdiction] = _silence_text(law)
    return hit


def _silence_text(law: Law) -> str:
    cite = law.silence_rule.citation or law.citation
    if law.presumed_denial is not None:
        return (
            "Missing this date is not yet a denial: the presumption of denial arises later (see below; "
            f"{cite})."
        )
    route = law.appeal_route
    court = (
        f" The remedy is in court ({route.citation})."
        if law.appeal_filing is None and route.modeled and route.hearer == "court"
        else ""
    )
    if law.silence == "denial" and law.silence_period is not None:
        return (
            "If the agency gives no written answer within the silence period stated next, the request may be "
            f"treated as denied ({cite}).{court}"
        )
    return {
        "denial": f"If the agency stays silent past the due date the request may be treated as denied "
        f"({cite}).{court}",
        "exhaustion": "If the agency misses the due date the requester is deemed to have exhausted "
        "administrative "
        f"remedies and may sue ({cite}).",
        "presumption": f"If the agency misses the due date the information is presumed public ({cite}).",
        "fee_waiver": f"If the agency misses the due date it may not charge fees ({cite}).",
        "review": "If the agency misses the due date the requester may ask the "
        f"{law.appeal_route.hearer.replace('_', ' ').title()} to review its silence ({cite}).",
        "none": "Silence has no statutory effect in the reference (the remedy is in court).",
        "unknown": "What silence means is not in the reference.",
    }[law.silence]


def silence_period_lines(c: Chain, received: date, estimated: bool) -> tuple[str, ...]:
    """The date a silence becomes a denial when the law counts it from the request itself
    (La. R.S. 44:35(A))."""
    rule = c.law.silence_period
    assert rule is not None
    run = run_period(c.cal, c.law, received, rule.days, rule.day_type, c.pauses)
    if run.due is None:
        return ()
    if rule.verified != "yes":
        c.warn(f"Unverified rule used: silence period, {rule.citation}.")
    kind = "business" if rule.day_type == "business" else "calendar"
    return (
        f"Silence period ({rule.citation}; {VERIFIED_WORDS[rule.verified]}): with no written determination "
        f"by the end of {fmt(run.due)}, {rule.days} {kind} days after the request was received "
        f"{fmt(received)}{' (estimated)' if estimated else ''}, the request may be treated as denied. "
        f"{rule.text}".rstrip(),
    )


DELAY_NOTICE = "delay_notice"


def delay_notice(
    c: Chain,
    rule: Period,
    received: date,
    estimated: bool,
    start_lines: Sequence[str],
    answers: frozenset[str],
) -> None:
    """A checkpoint inside the response period: an agency that will need longer than `rule` to produce
    must say so in writing by then (Md. Code, Gen. Prov. § 4-203(b)(2)); an acknowledgment or an extension
    notice, or the answer itself, meets it."""
    c.add(
        DELAY_NOTICE,
        rule,
        "checkpoint: produce, or say in writing how long production will take (only if it will take longer)",
        received,
        (*start_lines, f"Rule in words: {rule.text}") if rule.text else tuple(start_lines),
        estimated=estimated,
        met_by=c.first(answers | {"acknowledged", "extended"}, date.min),
        pauses=c.pauses,
    )
