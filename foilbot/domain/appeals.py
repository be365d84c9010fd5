"""The appeal links of a deadline chain: the requester's window to appeal (a written denial, or the
agency's silence where the law treats it as one) and the appeal body's time to decide.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from foilbot.domain.calendar import fmt
from foilbot.domain.laws import get_law
from foilbot.domain.model import Chain, Occurrence
from foilbot.domain.receipt import estimate_receipt
from foilbot.domain.vocabulary import APPEAL_DECIDED, DETERMINATIONS
from foilbot.errors import UsageError


def appeal_filing(c: Chain, adverse: Occurrence | None, appealed: Occurrence | None) -> None:
    law, filing = c.law, c.law.appeal_filing
    if filing is None:
        return
    body = f"Appeal to: {law.appeal_body.rstrip('.')}." if law.appeal_body else ""
    if filing.starts not in ("denial", "denial_or_due"):
        if adverse is not None:
            c.warn(
                f"The {law.short_name} appeal window ({filing.days} {filing.day_type} days, "
                f"{filing.citation}) "
                f"runs from the {filing.starts.replace('_', ' ')}, which is not tracked: not computed."
            )
        return
    if adverse is not None:
        c.add(
            "appeal_filing",
            filing,
            "file the appeal",
            adverse.on,
            (f"Start: {adverse.kind} on {fmt(adverse.on)} (that day is not counted).",),
            party="requester",
            met_by=appealed,
            extra=(body,) if body else (),
        )
        return
    if c.first(DETERMINATIONS, date.min) is not None:
        return
    if law.silence != "denial" and filing.starts != "denial_or_due":
        return
    agency = [d for d in c.deadlines if d.party == "agency" and d.kind != "expedite_decision"]
    if not agency or agency[-1].met is not None:
        return
    missed = agency[-1]
    deemed, lines = _deemed(law.jurisdiction, missed.due, missed.kind)
    c.add(
        "appeal_filing",
        filing,
        "file the appeal after a deemed denial",
        deemed,
        lines,
        party="requester",
        met_by=appealed,
        estimated=missed.estimated,
        conditional=appealed is None,
        extra=(body,) if body else (),
    )


@lru_cache(maxsize=4096)
def _deemed(code: str, due: date, kind: str) -> tuple[date, tuple[str, str]]:
    """The deemed-denial date after a missed `due`, and the trace lines that explain it."""
    law = get_law(code)
    if law.deemed_denied == "due":
        deemed, why = due, "the missed due date itself (the window runs from it)"
    else:
        deemed, why = due + timedelta(days=1), "the day after the missed due date"
    cite = law.silence_rule.citation or (law.appeal_filing.citation if law.appeal_filing else law.citation)
    return deemed, (
        f"Conditional: applies only if the agency does not answer by {fmt(due)} ({kind}).",
        f"Start: deemed denial {fmt(deemed)}, {why} ({cite}).",
    )


def appeal_decision(c: Chain, appealed: Occurrence, adverse: Occurrence | None = None) -> None:
    law, dec = c.law, c.law.appeal_decision
    if dec is None:
        c.warn(f"The data has no appeal decision period for {law.short_name}.")
        return
    if dec.starts == "denial":
        _decision_from_denial(c, appealed, adverse)
        return
    if dec.starts != "appeal_received":
        c.warn(
            f"The {law.short_name} appeal decision period runs from the {dec.starts.replace('_', ' ')}, "
            f"which is "
            "not tracked: not computed."
        )
        return
    lines: tuple[str, ...]
    if appealed.received is not None:
        if appealed.received < appealed.on:
            raise UsageError(
                f"the appeal was received ({appealed.received}) before it was filed ({appealed.on})"
            )
        start, est, lines = (
            appealed.received,
            False,
            (f"Start: appeal received {fmt(appealed.received)} (that day is not counted).",),
        )
    elif appealed.via:
        start, trace = estimate_receipt(
            law.jurisdiction, appealed.on, appealed.via, mail_days=c.mail_days, closures=c.cal.closures
        )
        est, lines = (
            True,
            (*trace, f"Start: estimated appeal receipt {fmt(start)} (that day is not counted)."),
        )
    else:
        start, est = appealed.on, True
        lines = (
            f"Start: appeal filed {fmt(start)}; its receipt date is not known, so it is counted from the "
            "filing date (estimated).",
        )
    if est:
        c.warn("The appeal's receipt date is estimated; record the actual date when known.")
    c.add(
        "appeal_determination",
        dec,
        f"decide the appeal ({law.appeal_body or 'appeal body'})",
        start,
        lines,
        estimated=est,
        met_by=c.first(APPEAL_DECIDED | {"records"}, appealed.on),
    )


def _decision_from_denial(c: Chain, appealed: Occurrence, adverse: Occurrence | None) -> None:
    """A review deemed completed a number of days after the denial itself, whenever the appeal was received
    (RCW 42.56.520: "deemed completed at the end of the second business day following the denial of
    inspection")."""
    law, dec = c.law, c.law.appeal_decision
    assert dec is not None
    if adverse is None:
        c.warn(
            f"The {law.short_name} review period ({dec.days} {dec.day_type} days, {dec.citation}) runs from "
            "the denial, and no denial is recorded: not computed."
        )
        return
    lines = [
        f"Start: {adverse.kind} on {fmt(adverse.on)} (that day is not counted); the statute counts the "
        "review from the denial, not from the receipt of the appeal.",
    ]
    if dec.text:
        lines.append(f"Rule in words: {dec.text}")
    c.add(
        "appeal_determination",
        dec,
        f"review deemed completed ({law.appeal_body or 'appeal body'})",
        adverse.on,
        tuple(lines),
        met_by=c.first(APPEAL_DECIDED | {"records"}, appealed.on),
        if_open=(
            f"Not decided by then: the review is deemed completed and the denial final ({dec.citation}); the "
            "remedy is then in court.",
        ),
    )
