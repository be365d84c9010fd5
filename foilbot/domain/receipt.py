"""Estimating when an agency received a request when only the date it was sent is known.

Email, portal, fax and hand delivery arrive the day they are sent, a weekend or holiday included (see
RECEIPT_RULE: the same rule as a recorded receipt date); mail takes a configurable number of business days
(default 3). A statutory receipt rule in laws.yaml wins over both (Michigan: email and fax are received
1 business day after transmission, MCL 15.235; Texas: mail with no provable receipt date is received on
the 3rd business day after the postmark, Tex. Gov't Code § 552.301(a-1)). The output always says the
date is estimated.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType

from foilbot.domain.calendar import business_calendar, fmt
from foilbot.domain.laws import get_law
from foilbot.errors import UsageError

VIAS = ("email", "portal", "fax", "hand", "mail")
# One rule for a request that arrives on a weekend or holiday, whether its receipt is recorded
# (`--received`) or estimated from `--sent ... --via email`: it is received that day. The periods run
# from receipt and the day of receipt is never counted, so a business-day count starts with the next
# business day (N.Y. Pub. Off. Law § 89(3)(a): "within five business days of the receipt"). No statute
# read deems such a request received on the next business day, which would start the count a day later;
# COOG FOIL-AO-17063 (a request received late in the day) is advisory and not applied.
RECEIPT_RULE = (
    "A request that arrives on a day that is not a business day is received that day; the day of receipt "
    "is not counted, so the count starts with the next business day (the same rule as a recorded receipt "
    "date; see docs/explanation/deadlines.md)."
)
_EMPTY: Mapping[date, str] = MappingProxyType({})


def estimate_receipt(
    jurisdiction: str,
    sent: date,
    via: str,
    *,
    mail_days: int,
    closures: Mapping[date, str] = _EMPTY,
    observes: Sequence[str] = (),
) -> tuple[date, tuple[str, ...]]:
    """The estimated receipt date of a request sent on `sent` by `via`, and the trace of the estimate.

    Raises:
        UsageError: unknown delivery method or a negative number of mail days.
    """
    method = (via or "").strip().lower()
    if method not in VIAS:
        raise UsageError(f"unknown delivery method {via!r}", hint=f"use one of: {', '.join(VIAS)}")
    if mail_days < 0:
        raise UsageError("mail days cannot be negative")
    law = get_law(jurisdiction)
    cal = business_calendar(jurisdiction, closures, observes)
    head = f"Receipt estimated (not known): sent by {method} on {fmt(sent)}."
    statutory = next((r for r in law.receipt_rules if r.via == method), None)
    if statutory is not None:
        due, lines = cal.add_business_days(sent, statutory.business_days)
        note = "" if statutory.verified == "yes" else f" ({statutory.verified} verified)"
        return due, (
            head,
            f"{statutory.text} ({statutory.citation}){note}.",
            *lines,
            f"Estimated receipt: {fmt(due)}.",
        )
    if method == "mail":
        if mail_days == 0:
            due = cal.next_business_day(sent)
            return due, (head, f"Mail assumed delivered the same business day: {fmt(due)}.")
        due, lines = cal.add_business_days(sent, mail_days)
        return due, (
            head,
            f"Mail is assumed to take {mail_days} business day(s) (configurable; no statutory rule in "
            f"the data).",
            *lines,
            f"Estimated receipt: {fmt(due)}.",
        )
    if cal.is_business_day(sent):
        return sent, (head, f"Delivered the same business day: {fmt(sent)}.")
    return sent, (head, f"Delivered the day it was sent, {fmt(sent)}. {RECEIPT_RULE}")
