"""Each public-records law as frozen data with its citations, loaded once from foilbot/data/laws.yaml.

The YAML is the reviewable source (a lawyer edits it, not Python); this module only checks its shape and turns
it into dataclasses. Values the reference does not support are null there and stay None here.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from foilbot.errors import UsageError

VERIFIED = ("yes", "partial", "no")
DAY_TYPES = ("business", "calendar")
SILENCE = ("denial", "exhaustion", "presumption", "fee_waiver", "review", "none", "unknown")
RESPONSE_WHAT = ("acknowledgment", "determination", "production", "none")
ROLLS_ON = ("weekend_and_holidays", "holidays", "sunday", "sunday_and_holidays")


@dataclass(frozen=True)
class Period:
    """A statutory period: `days` of `day_type`, running from `starts` (an event name; see laws.yaml)."""

    days: int
    day_type: str  # "business" | "calendar"
    citation: str
    verified: str  # "yes" | "partial" | "no"
    starts: str = "received"
    text: str = ""
    # A follow-up period the agency may replace with its own date (N.Y. § 89(3)(a): the approximate date in
    # the acknowledgment); otherwise a date the agency gives does not change the statutory count.
    agency_date: bool = False


@dataclass(frozen=True)
class PresumedDenial:
    """A rebuttable presumption of denial at the earlier of two counts from the acknowledgment (Alabama)."""

    business_days: int
    calendar_days: int
    citation: str
    verified: str
    text: str


@dataclass(frozen=True)
class Rule:
    """A rule stated in words (silence, tolling, an uncapped extension) with its citation."""

    text: str
    citation: str | None
    verified: str


@dataclass(frozen=True)
class ReceiptRule:
    """A statutory receipt rule: a request sent by `via` is received `business_days` after it was sent."""

    via: str
    business_days: int
    citation: str
    verified: str
    text: str


@dataclass(frozen=True)
class HolidaySource:
    """Which holiday calendar counts for this law: a rule-built one (ny-gcl-24, us-5usc6103) or
    python-holidays."""

    calendar: str
    subdiv: str | None
    text: str
    verified: str


HEARERS = ("agency_head", "attorney_general", "ombudsman", "commission", "mayor", "court", "none")
DOCUMENTS = ("appeal", "petition", "mediation_request", "none")


@dataclass(frozen=True)
class AppealRoute:
    """Who hears a requester's challenge and with what document (issue 10).

    hearer: agency_head | attorney_general | ombudsman | commission (an independent records office or
    commission, e.g. a state FOI commission) | mayor | court (the only remedy is a suit) | none.
    document: appeal (a letter to the agency) | petition (to the Attorney General or the Mayor, copying the
    agency) | mediation_request (to an ombudsman, copying the agency) | none (no letter: `remedy` is stated).
    """

    hearer: str
    document: str
    citation: str
    verified: str
    addressee: tuple[str, ...] = ()  # the body's name and office, one line each
    address: tuple[str, ...] = ()  # only where the statute or an official source gives it
    address_source: str = ""
    copy_agency: bool = False
    reviews_silence: bool = False  # the body reviews a failure to respond (KRS 61.880(2)(a))
    decides: str = ""  # what the body does and in what time, in words, with its pinpoint
    remedy: str = ""  # for document none: the remedy
    remedy_deadline: str = ""  # its deadline, or that none was found in the text read
    modeled: bool = True  # False: the default agency-head route, not read from statute
    salutation: str = ""  # the letter's greeting where the hearer's own is not the default one
    form: str = ""  # the body's own form, where a challenge must be filed on it; the letter is attached to it
    form_citation: str = ""
    form_source: str = ""  # where the form is obtained


@dataclass(frozen=True)
class Law:
    jurisdiction: str
    jurisdiction_name: str
    name: str
    short_name: str
    citation: str
    response: Period | None
    response_what: str
    response_text: str
    extension: (
        Period | None
    )  # a capped statutory extension; None when uncapped or absent (see extension_rule)
    silence: str
    appeal_body: str | None
    appeal_filing: Period | None
    appeal_decision: Period | None
    rolls_forward: bool
    verified: str
    sources: tuple[str, ...]
    notes: str
    # Additions beyond the shared contract.
    extension_rule: Rule  # the extension in words, capped or not
    followup: Period | None  # NY determination after the acknowledgment; OR completion after the ack deadline
    silence_rule: Rule
    deemed_denied: str | None  # "day_after_due" | "due": where a window from a deemed denial starts
    tolling: Rule | None
    tolling_once_for_information: bool
    expedite_decision: Period | None
    receipt_rules: tuple[ReceiptRule, ...]
    holidays: HolidaySource
    rolls_forward_rule: (
        Rule  # citation/verified of the roll-forward rule; verified "no" when the reference is silent
    )
    rolls_forward_known: bool
    # Which last days the roll-forward rule moves: "weekend_and_holidays" (Saturday, Sunday, legal holiday:
    # N.Y. Gen. Constr. Law § 25-a), "holidays" (a legal holiday, Sunday included, but not Saturday:
    # ORS 187.010(3)), "sunday" (RSMo § 1.040) or "sunday_and_holidays" (a Sunday or a legal holiday, to
    # the next day that is neither, which may be a Saturday: Ohio Rev. Code § 1.14).
    rolls_forward_on: str = "weekend_and_holidays"
    presumed_denial: PresumedDenial | None = None
    # A silence that becomes a denial on its own count from the request, not at the response due date
    # (La. R.S. 44:35(A): "the passage of five days, exclusive of Saturdays, Sundays, and legal public
    # holidays").
    silence_period: Period | None = None
    # A written notice the agency owes early when it will need longer than a short count to produce (Md. Code,
    # Gen. Prov. § 4-203(b)(2): within 10 working days, the time needed, a fee range and the reason).
    delay_notice: Period | None = None
    appeal_route: AppealRoute = AppealRoute("agency_head", "appeal", "", "no", modeled=False)


def _check(value: Any, allowed: tuple[str, ...], where: str) -> str:
    if value not in allowed:
        raise ValueError(
            f"laws.yaml {where}: {value!r} is not one of {', '.join(allowed)} (quote 'yes'/'no')"
        )
    return str(value)


def _period(raw: dict[str, Any] | None, where: str) -> Period | None:
    if raw is None or raw.get("days") is None:
        return None
    return Period(
        days=int(raw["days"]),
        day_type=_check(raw["day_type"], DAY_TYPES, f"{where}.day_type"),
        citation=str(raw["citation"]),
        verified=_check(raw["verified"], VERIFIED, f"{where}.verified"),
        starts=str(raw.get("starts") or "received"),
        text=str(raw.get("text") or ""),
        agency_date=bool(raw.get("agency_date")),
    )


def _rule(raw: dict[str, Any], where: str) -> Rule:
    return Rule(
        text=str(raw.get("text") or ""),
        citation=raw.get("citation"),
        verified=_check(raw["verified"], VERIFIED, f"{where}.verified"),
    )


def _presumed(raw: dict[str, Any] | None, where: str) -> PresumedDenial | None:
    if raw is None:
        return None
    return PresumedDenial(
        business_days=int(raw["business_days"]),
        calendar_days=int(raw["calendar_days"]),
        citation=str(raw["citation"]),
        verified=_check(raw["verified"], VERIFIED, f"{where}.verified"),
        text=str(raw.get("text") or ""),
    )


def _route(raw: dict[str, Any] | None, law_citation: str, where: str) -> AppealRoute:
    if raw is None:
        return AppealRoute("agency_head", "appeal", law_citation, "no", modeled=False)
    return AppealRoute(
        hearer=_check(raw["hearer"], HEARERS, f"{where}.hearer"),
        document=_check(raw["document"], DOCUMENTS, f"{where}.document"),
        citation=str(raw["citation"]),
        verified=_check(raw["verified"], VERIFIED, f"{where}.verified"),
        addressee=tuple(raw.get("addressee") or ()),
        address=tuple(raw.get("address") or ()),
        address_source=str(raw.get("address_source") or ""),
        copy_agency=bool(raw.get("copy_agency")),
        reviews_silence=bool(raw.get("reviews_silence")),
        decides=str(raw.get("decides") or ""),
        remedy=str(raw.get("remedy") or ""),
        remedy_deadline=str(raw.get("remedy_deadline") or ""),
        salutation=str(raw.get("salutation") or ""),
        form=str(raw.get("form") or ""),
        form_citation=str(raw.get("form_citation") or ""),
        form_source=str(raw.get("form_source") or ""),
    )


def _law(code: str, raw: dict[str, Any]) -> Law:
    w = f"jurisdictions.{code}"
    silence = raw["silence"]
    rolls = raw["rolls_forward"]
    hol = raw["holidays"]
    return Law(
        jurisdiction=code,
        jurisdiction_name=raw["jurisdiction_name"],
        name=raw["name"],
        short_name=raw["short_name"],
        citation=raw["citation"],
        response=_period(raw["response"], f"{w}.response"),
        response_what=_check(raw["response_what"], RESPONSE_WHAT, f"{w}.response_what"),
        response_text=raw["response_text"],
        extension=_period(raw["extension"], f"{w}.extension"),
        silence=_check(silence["effect"], SILENCE, f"{w}.silence.effect"),
        appeal_body=raw.get("appeal_body"),
        appeal_filing=_period(raw.get("appeal_filing"), f"{w}.appeal_filing"),
        appeal_decision=_period(raw.get("appeal_decision"), f"{w}.appeal_decision"),
        rolls_forward=bool(rolls["value"]),
        verified=_check(raw["verified"], VERIFIED, f"{w}.verified"),
        sources=tuple(raw.get("sources") or ()),
        notes=raw.get("notes") or "",
        extension_rule=_rule(raw["extension"], f"{w}.extension"),
        followup=_period(raw.get("followup"), f"{w}.followup"),
        silence_rule=_rule(silence, f"{w}.silence"),
        deemed_denied=silence.get("deemed_denied"),
        tolling=_rule(raw["tolling"], f"{w}.tolling") if raw.get("tolling") else None,
        tolling_once_for_information=bool((raw.get("tolling") or {}).get("once_for_information")),
        expedite_decision=_period(raw.get("expedite_decision"), f"{w}.expedite_decision"),
        receipt_rules=tuple(
            ReceiptRule(
                via=r["via"],
                business_days=int(r["business_days"]),
                citation=r["citation"],
                verified=_check(r["verified"], VERIFIED, f"{w}.receipt.verified"),
                text=r["text"],
            )
            for r in raw.get("receipt") or ()
        ),
        holidays=HolidaySource(
            calendar=hol["calendar"],
            subdiv=hol.get("subdiv"),
            text=hol.get("text") or "",
            verified=_check(hol["verified"], VERIFIED, f"{w}.holidays.verified"),
        ),
        rolls_forward_rule=_rule(rolls, f"{w}.rolls_forward"),
        rolls_forward_known=rolls["value"] is not None,
        presumed_denial=_presumed(raw.get("presumed_denial"), f"{w}.presumed_denial"),
        silence_period=_period(silence.get("period"), f"{w}.silence.period"),
        delay_notice=_period(raw.get("delay_notice"), f"{w}.delay_notice"),
        appeal_route=_route(raw.get("appeal_route"), str(raw["citation"]), f"{w}.appeal_route"),
        rolls_forward_on=_check(rolls.get("moves", ROLLS_ON[0]), ROLLS_ON, f"{w}.rolls_forward.moves"),
    )


@lru_cache(maxsize=1)
def load_data() -> dict[str, Any]:
    """The parsed laws.yaml (cached: read once per process).

    laws.yaml is the one source. Its parse is also shipped as laws.json (scripts/gen_laws_json.py), stamped
    with the SHA-256 of the YAML it came from: JSON loads in a millisecond where the YAML takes ~75 ms,
    which is most of `foilbot deadline`'s start (issue 14). A stamp that does not match the YAML (an edit
    not yet regenerated) is ignored and the YAML is parsed, so a stale copy is never read.
    """
    data_dir = resources.files("foilbot.data")
    raw = data_dir.joinpath("laws.yaml").read_bytes()
    data = _compiled(data_dir.joinpath("laws.json"), hashlib.sha256(raw).hexdigest())
    if data is None:
        data = parse_yaml(raw.decode("utf-8"))
    if not isinstance(data, dict) or "jurisdictions" not in data:
        raise ValueError("laws.yaml: expected top-level keys 'jurisdictions' and 'holiday_calendars'")
    return data


def parse_yaml(text: str) -> Any:
    import yaml

    # libyaml's safe loader parses the file ten times faster than the pure-Python one (issue 14);
    # both build the same plain data, and the pure one stays as the fallback where libyaml is missing.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader either way


def _compiled(path: Any, yaml_sha256: str) -> dict[str, Any] | None:
    """laws.json's data when it was generated from exactly this laws.yaml, else None."""
    import json

    try:
        shipped = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(shipped, dict) or shipped.get("source_sha256") != yaml_sha256:
        return None
    data = shipped.get("data")
    return data if isinstance(data, dict) else None


@lru_cache(maxsize=1)
def _laws() -> dict[str, Law]:
    return {code: _law(code, raw) for code, raw in load_data()["jurisdictions"].items()}


def all_laws() -> tuple[Law, ...]:
    """Every jurisdiction: US (federal) first, then by code."""
    return tuple(_laws().values())


def get_law(code: str) -> Law:
    """The law of a jurisdiction by USPS code (case-insensitive), or `US` for the federal FOIA.

    Raises:
        UsageError: the code names no jurisdiction in the data.
    """
    key = code.strip().upper()
    if key in ("FED", "FEDERAL", "USA"):
        key = "US"
    law = _laws().get(key)
    if law is None:
        raise UsageError(
            f"unknown jurisdiction {code!r}",
            hint="use a USPS code (NY, CA, DC, ...) or US for the federal FOIA",
        )
    return law


def holiday_calendar_spec(name: str) -> dict[str, Any]:
    """The rule-built holiday calendar `name` from laws.yaml (holiday_calendars)."""
    return dict(load_data()["holiday_calendars"][name])
