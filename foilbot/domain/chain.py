"""The chain of deadlines a law attaches to a request: initial response, follow-up, extension, appeal.

New York (Pub. Off. Law § 89(3)(a), (4)(a)): acknowledgment in 5 business days; once acknowledged, the
determination on the approximate date given or 20 business days after the acknowledgment; silence = denial;
appeal within 30 days (§ 25-a roll-forward); appeal decided in 10 business days. Federal (5 U.S.C. §
552(a)(6)):
determination in 20 working days, one extension of up to 10, tolling, appeal within 90 days, decided in 20
working days, expedite decision in 10 days. Every other law: whatever periods laws.yaml has for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from foilbot.domain.appeals import appeal_decision, appeal_filing
from foilbot.domain.calendar import fmt
from foilbot.domain.laws import Period
from foilbot.domain.model import Chain, Deadline, Occurrence
from foilbot.domain.periods import VERIFIED_WORDS, Run, run_period
from foilbot.domain.silence import delay_notice, silence_line, silence_period_lines
from foilbot.domain.vocabulary import ADVERSE, DETERMINATIONS
from foilbot.errors import UsageError

_WHAT = {
    "acknowledgment": "acknowledge, grant or deny",
    "determination": "determine and notify the requester",
    "production": "produce the records or respond in writing",
}


def _agency_rule(period: Period, text: str) -> Period:
    """A pseudo-period for a date the agency set (no statutory count), keeping the rule's citation."""
    return Period(0, "calendar", period.citation, period.verified, period.starts, text)


def build(
    c: Chain, received: date, estimated: bool, start_lines: Sequence[str], answers: frozenset[str]
) -> None:
    law = c.law
    silence: tuple[str, ...] = (silence_line(law),)
    any_date = date.min
    if len([e for e in c.events if e.kind == "tolled"]) > 1 and law.tolling_once_for_information:
        c.warn(
            f"{law.tolling.citation if law.tolling else law.citation} lets the agency toll only once for "
            "information from the requester; a later pause is valid only for fee clarification."
        )
    if c.pauses and law.tolling is None:
        c.warn(
            f"The reference has no tolling rule for {law.short_name}; the recorded pause is applied as "
            f"recorded."
        )

    # 1. The initial period.
    response: Deadline | None = None
    if law.silence_period is not None and law.response is not None:
        silence = (*silence, *silence_period_lines(c, received, estimated))
    # A notice of delay owed early (Md. Code, Gen. Prov. § 4-203(b)(2)), emitted first so that the response
    # period stays the last agency deadline a deemed denial is counted from.
    if law.delay_notice is not None and law.response is not None:
        delay_notice(c, law.delay_notice, received, estimated, start_lines, answers)
    if law.response is None:
        c.warn(f"{law.short_name} sets no fixed response period: {law.response_text}.")
    else:
        kind = "acknowledgment" if law.response_what == "acknowledgment" else "determination"
        extra_start: tuple[str, ...] = ()
        if law.response.starts != "received":
            extra_start = (
                f"The statute counts from the {law.response.starts.replace('_', ' ')}; counted here "
                "from receipt.",
            )
            c.warn(f"{law.short_name} counts from the {law.response.starts.replace('_', ' ')}, not receipt.")
        response = c.add(
            kind,
            law.response,
            f"initial response: {_WHAT[law.response_what]}",
            received,
            (*start_lines, *extra_start),
            estimated=estimated,
            met_by=c.first(answers, any_date),
            pauses=c.pauses,
            if_open=silence,
        )

    # 2. Expedited processing decision (federal: 5 U.S.C. § 552(a)(6)(E)(ii)(I)).
    expedite = c.first({"expedite-requested"}, any_date)
    if expedite is not None:
        if law.expedite_decision is None:
            c.warn(f"The data has no expedited-processing period for {law.short_name}.")
        else:
            start = expedite.received or expedite.on
            c.add(
                "expedite_decision",
                law.expedite_decision,
                "decide the request for expedited processing",
                start,
                (f"Start: expedited processing requested, received {fmt(start)} (that day is not counted).",),
                met_by=c.first(answers | {"acknowledged"}, expedite.on),
            )

    # 3. The follow-up period (NY: determination after the acknowledgment; OR: completion after the ack
    # deadline).
    target = response if response is not None and response.kind == "determination" else None
    fu = law.followup
    if fu is not None and fu.starts == "acknowledgment":
        ack = c.first({"acknowledged"}, any_date)
        answered = c.first(DETERMINATIONS, any_date)
        if ack is not None and (answered is None or answered.on >= ack.on):
            target = _after_ack(c, fu, ack, silence)
    elif fu is not None and fu.starts == "response_due" and response is not None:
        answered = c.first(DETERMINATIONS, any_date)
        target = c.add(
            "determination",
            fu,
            "complete the response or give an estimated completion date",
            response.due,
            (f"Start: the acknowledgment deadline {fmt(response.due)} (the period runs from it).",),
            estimated=estimated,
            met_by=answered,
            pauses=c.pauses,
            if_open=silence,
        )

    # 4. Extension.
    extensions = [e for e in c.events if e.kind == "extended"]
    if extensions:
        target = _extension(c, extensions, target, received, estimated, start_lines, silence) or target

    # 5. Appeal filing: from an adverse determination, or conditionally from a deemed denial.
    adverse = c.first(ADVERSE, any_date)
    appealed = c.first({"appealed"}, any_date)
    if adverse is not None and appealed is not None and (appealed.received or appealed.on) < adverse.on:
        raise UsageError(
            f"the appeal ({appealed.received or appealed.on}) is dated before the denial ({adverse.on})"
        )
    appeal_filing(c, adverse, appealed)

    # 6. Appeal determination.
    if appealed is not None:
        appeal_decision(c, appealed, adverse)


def _after_ack(c: Chain, fu: Period, ack: Occurrence, silence: Sequence[str]) -> Deadline | None:
    """The determination after the acknowledgment: NY § 89(3)(a) on the approximate date given, or 20
    business days after the acknowledgment; elsewhere (Ala. Code § 36-12-44(a)(4)) the statutory count."""
    met_by = c.first(DETERMINATIONS | {"extended"}, ack.on)
    twenty = run_period(c.cal, c.law, ack.on, fu.days, fu.day_type, c.pauses)
    start = (f"Start: acknowledged {fmt(ack.on)} (that day is not counted).",)
    if_open = (*silence, *_presumed_denial_lines(c, ack.on))
    if not fu.agency_date:
        extra: tuple[str, ...] = ()
        if ack.until is not None:
            extra = (f"The acknowledgment named {fmt(ack.until)}; it does not change the statutory period.",)
        return c.emit(
            "determination",
            twenty,
            fu,
            "determination after the acknowledgment",
            (*start, *extra),
            met_by=met_by,
            if_open=if_open,
        )
    label = "determination after the acknowledgment (on the approximate date given, else 20 business days)"
    if ack.until is None:
        return c.emit(
            "determination",
            twenty,
            fu,
            label,
            (*start, "The acknowledgment gave no approximate date."),
            met_by=met_by,
            if_open=if_open,
        )
    if ack.until < ack.on:
        raise UsageError(f"the approximate date {ack.until} is before the acknowledgment ({ack.on})")
    flags: list[str] = []
    lines = [
        *twenty.lines,
        f"For comparison: {fu.days} business days after the acknowledgment is "
        f"{fmt(twenty.due) if twenty.due else '-'}.",
        f"The acknowledgment gave the approximate date {fmt(ack.until)}: due then.",
    ]
    if twenty.due is not None and ack.until > twenty.due:
        flags.append(
            "approximate date is more than 20 business days after the acknowledgment: the agency owes a "
            "written reason and a date certain (COOG FOIL-AO-19644)"
        )
        lines.append(f"Flag: {flags[0]}.")
        _date_certain_checkpoint(c, fu, twenty, start, met_by)
    return c.emit(
        "determination",
        Run(ack.until, lines, twenty.unverified),
        fu,
        label,
        start,
        met_by=met_by,
        if_open=if_open,
        flags=flags,
    )


DATE_CERTAIN = "reasons_date_certain"
_DATE_CERTAIN_CITE = "N.Y. Pub. Off. Law § 89(3)(a)"


def _date_certain_checkpoint(
    c: Chain, fu: Period, twenty: Run, start: Sequence[str], met_by: Occurrence | None
) -> None:
    """N.Y. § 89(3)(a): an agency that cannot grant within 20 business days of the acknowledgment must by
    then state in writing the reason and a date certain; failing that, the failure is a denial of access.
    The point stays in the schedule (and the overdue list) even when the agency's approximate date is later.
    """
    rule = Period(fu.days, fu.day_type, _DATE_CERTAIN_CITE, fu.verified, fu.starts, fu.text)
    c.emit(
        DATE_CERTAIN,
        twenty,
        rule,
        "checkpoint: a determination, or a written reason and a date certain, 20 business days after the "
        "acknowledgment",
        (
            *start,
            "The approximate date given is later than this point, so by this point the agency must grant, "
            f"deny, or state in writing the reason and a date certain ({_DATE_CERTAIN_CITE}); an `extended` "
            "event with its date records that statement.",
        ),
        met_by=met_by,
        if_open=(
            f"Not met by then: the failure may be treated as a denial of access and appealed "
            f"({_DATE_CERTAIN_CITE}; § 89(4)(a)). The conditional appeal window below still runs from the "
            "approximate date; an appeal may be filed from the day after this checkpoint.",
        ),
    )


def _presumed_denial_lines(c: Chain, ack: date) -> tuple[str, ...]:
    """Ala. Code § 36-12-44(a)(5): presumed denied after the earlier of N business or M calendar days."""
    rule = c.law.presumed_denial
    if rule is None:
        return ()
    by_business = run_period(c.cal, c.law, ack, rule.business_days, "business", c.pauses).due
    by_calendar = ack + timedelta(days=rule.calendar_days)
    if by_business is None:
        return ()
    earlier = min(by_business, by_calendar)
    if rule.verified != "yes":
        c.warn(f"Unverified rule used: presumed denial, {rule.citation}.")
    return (
        f"Presumed denied ({rule.citation}; {VERIFIED_WORDS[rule.verified]}) if there is still no "
        f"substantive response after the earlier of {rule.business_days} business days "
        f"({fmt(by_business)}) or {rule.calendar_days} calendar days ({fmt(by_calendar)}) from the "
        f"acknowledgment: {fmt(earlier)}.",
    )


def _extension(
    c: Chain,
    extensions: list[Occurrence],
    target: Deadline | None,
    received: date,
    estimated: bool,
    start_lines: Sequence[str],
    silence: Sequence[str],
) -> Deadline | None:
    law, ext = c.law, extensions[-1]
    flags = ["more than one extension recorded; most statutes allow one"] if len(extensions) > 1 else []
    met_by = c.first(DETERMINATIONS, ext.on)
    cap = law.extension
    if (
        cap is not None
        and cap.starts in ("due", "received")
        and (cap.starts == "received" or target is not None)
    ):
        lines: tuple[str, ...]
        if cap.starts == "due" and target is not None and target.counted_to is not None:
            # The extension lengthens the period, not the day a roll-forward moved its end to.
            start, lines = (
                target.counted_to,
                (
                    f"Start: the original period's last day, {fmt(target.counted_to)} (not a business day, "
                    f"so its due date moved to {fmt(target.due)}); the extension adds to that day.",
                ),
            )
            est = target.estimated
        elif cap.starts == "due" and target is not None:
            start, lines = (
                target.due,
                (f"Start: the original due date {fmt(target.due)}; the extension adds to it.",),
            )
            est = target.estimated
        else:
            start, lines, est = received, tuple(start_lines), estimated
        run = run_period(c.cal, law, start, cap.days, cap.day_type, c.pauses)
        if ext.until is not None and run.due is not None:
            if ext.until <= run.due:
                run = Run(
                    ext.until,
                    [
                        *run.lines,
                        f"The agency set {fmt(ext.until)}, within the statutory maximum "
                        f"{fmt(run.due)}: due then.",
                    ],
                    run.unverified,
                )
            else:
                flags.append(f"the agency's date {ext.until} is later than the statutory maximum {run.due}")
                run.lines.append(
                    f"The agency set {fmt(ext.until)}, later than the statute allows: due {fmt(run.due)}."
                )
        lines = (*lines, f"Extension rule: {law.extension_rule.text}.")
        return c.emit(
            "extended_determination",
            run,
            cap,
            "statutory extension (at most)",
            lines,
            estimated=est,
            met_by=met_by,
            if_open=silence,
            flags=flags,
        )
    if ext.until is None:
        c.warn(
            f"An extension was recorded, but {law.short_name} sets no fixed extension period in the data; "
            "record the date the agency gave."
        )
        return None
    rule = law.extension_rule
    period = _agency_rule(Period(0, "calendar", rule.citation or law.citation, rule.verified), rule.text)
    if rule.verified != "yes":
        c.warn(f"Unverified rule used: extension, {period.citation}.")
    run = Run(ext.until, [f"The agency set {fmt(ext.until)} in its extension notice of {fmt(ext.on)}."])
    d = c.emit(
        "extended_determination",
        run,
        period,
        "extension",
        (f"Rule in words: {rule.text}.",),
        met_by=met_by,
        if_open=silence,
        flags=flags,
    )
    if d is not None:  # the pseudo-period's "0 calendar days" rule line would mislead: restate it
        fixed = (
            f"Rule: extension to a date the agency sets ({period.citation}; {rule.verified} verified).",
            *d.explanation[1:],
        )
        c.deadlines[-1] = d = Deadline(
            d.kind, d.due, d.party, d.citation, d.verified, fixed, d.met, d.estimated, d.flags, d.conditional
        )
    return d
