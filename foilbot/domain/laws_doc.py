"""Render docs/reference/deadlines.md from laws.yaml: every rule with its citation and verification."""

from __future__ import annotations

from foilbot.domain.laws import Law, Period, all_laws, load_data

_DAYS = {"business": "business days", "calendar": "calendar days"}


def _cell(text: str | None) -> str:
    return (text or "-").replace("|", "\\|").replace("\n", " ")


def _period(p: Period | None) -> str:
    if p is None:
        return "-"
    return f"{p.days} {_DAYS[p.day_type]} from {p.starts.replace('_', ' ')}"


def _rows(law: Law) -> list[tuple[str, str, str | None, str]]:
    rows: list[tuple[str, str, str | None, str]] = []
    if law.response is not None:
        rows.append(
            (
                f"Initial period ({law.response_what})",
                _period(law.response),
                law.response.citation,
                law.response.verified,
            )
        )
    else:
        rows.append(("Initial period", "none fixed: " + law.response_text, law.citation, law.verified))
    if law.followup is not None:
        rows.append(("Follow-up period", _period(law.followup), law.followup.citation, law.followup.verified))
    ext = law.extension
    rows.append(
        (
            "Extension",
            _period(ext) if ext else law.extension_rule.text,
            ext.citation if ext else law.extension_rule.citation,
            law.extension_rule.verified,
        )
    )
    if law.tolling is not None:
        rows.append(("Tolling / pause", law.tolling.text, law.tolling.citation, law.tolling.verified))
    if law.expedite_decision is not None:
        rows.append(
            (
                "Expedited-processing decision",
                _period(law.expedite_decision),
                law.expedite_decision.citation,
                law.expedite_decision.verified,
            )
        )
    for r in law.receipt_rules:
        rows.append((f"Receipt ({r.via})", r.text, r.citation, r.verified))
    rows.append(
        (
            f"Silence: {law.silence}",
            law.silence_rule.text,
            law.silence_rule.citation,
            law.silence_rule.verified,
        )
    )
    if law.silence_period is not None:
        sp = law.silence_period
        rows.append(("Silence becomes a denial after", _period(sp), sp.citation, sp.verified))
    if law.delay_notice is not None:
        dn = law.delay_notice
        rows.append(("Notice of delay (checkpoint)", f"{_period(dn)}: {dn.text}", dn.citation, dn.verified))
    rows.append(("Appeal body", law.appeal_body or "-", None, law.verified))
    route = law.appeal_route
    if route.modeled:
        what = {
            "appeal": "an appeal to the agency",
            "petition": "a petition addressed to the body, copied to the agency",
            "mediation_request": "a request for dispute resolution, copied to the agency",
            "none": f"no letter; remedy: {route.remedy}; deadline: {route.remedy_deadline}",
        }[route.document]
        if route.form:
            what += f", filed on its {route.form} ({route.form_citation}) with the letter attached"
        rows.append((f"Appeal route: {route.hearer.replace('_', ' ')}", what, route.citation, route.verified))
    else:
        none = (law.appeal_body or "none").strip().lower().startswith("none")
        what = "no appeal letter (none in the reference)" if none else "an appeal to the agency is assumed"
        rows.append(("Appeal route", f"not read from statute: {what}", None, "no"))
    if law.appeal_filing is not None:
        rows.append(
            (
                "Appeal filing window",
                _period(law.appeal_filing),
                law.appeal_filing.citation,
                law.appeal_filing.verified,
            )
        )
    if law.appeal_decision is not None:
        rows.append(
            (
                "Appeal decision",
                _period(law.appeal_decision),
                law.appeal_decision.citation,
                law.appeal_decision.verified,
            )
        )
    roll = (
        "yes"
        if law.rolls_forward
        else ("no" if law.rolls_forward_known else "not in the reference (not rolled)")
    )
    if law.rolls_forward_rule.text:
        roll += f": {law.rolls_forward_rule.text}"
    rows.append(
        (
            "Weekend/holiday roll-forward",
            roll,
            law.rolls_forward_rule.citation,
            law.rolls_forward_rule.verified,
        )
    )
    if law.holidays.calendar == "python-holidays":
        calendar, cite = f"python-holidays {law.holidays.subdiv} (holiday statute not read)", None
    else:
        spec = load_data()["holiday_calendars"][law.holidays.calendar]
        calendar, cite = f"{spec['title']} (`{law.holidays.calendar}`)", spec["citation"]
    rows.append(("Holiday calendar", calendar, cite, law.holidays.verified))
    return rows


def _when(h: dict) -> str:
    if "easter" in h:
        return f"Easter Sunday {h['easter']:+d} days"
    if "day" in h:
        when = f"{h['month']:02d}-{h['day']:02d}"
        if h.get("only_on"):
            when += f" only when it falls on {'/'.join(h['only_on'])}"
        if h.get("shift"):
            when += ", moved " + ", ".join(f"{d} {n:+d} days" for d, n in h["shift"].items())
        return when + (f" {h['offset_days']:+d} days" if h.get("offset_days") else "")
    nth = "last" if h["nth"] == -1 else f"#{h['nth']}"
    offset = f" + {h['offset_days']} day" if h.get("offset_days") else ""
    return f"{nth} {h['weekday']} of month {h['month']}{offset}"


def _extra(h: dict) -> str:
    parts = [
        f"since {h['since']}" if "since" in h else "",
        "even years" if h.get("years") == "even" else "",
        f"every 4th year from {h['every_4_years_from']}" if "every_4_years_from" in h else "",
        "never moved" if h.get("observed") is False else "",
        "optional: only where the body observes it" if h.get("optional") else "",
        h.get("cite", ""),
        f"verified: {h['verified']}" if "verified" in h else "",
    ]
    text = ", ".join(p for p in parts if p)
    return f" ({text})" if text else ""


def render_deadlines_md() -> str:
    """The whole reference page (deterministic: a test compares it with the committed file)."""
    out = [
        "# Deadline rules by jurisdiction",
        "",
        "Generated from `foilbot/data/laws.yaml` by `python scripts/gen_deadline_docs.py`; do not edit "
        "by hand.",
        "Source: the researched reference `statutes.csv`/`statutes.md` (November 2026); holiday calendars,",
        "roll-forward rules and Alabama's clocks from statute text read for issue 10. `verified` is yes, "
        "partial",
        "or no per rule; foilbot warns whenever it uses a rule that is not `yes`. A `-` means the "
        "reference is",
        "silent and nothing was filled in.",
        "",
        "## Holiday calendars",
        "",
    ]
    for name, spec in load_data()["holiday_calendars"].items():
        out.append(f"### {spec['title']} (`{name}`): {spec['citation']}, verified: {spec['verified']}")
        out.append("")
        obs = f"Observance: `{spec['observance']}` (verified: {spec['observance_verified']}"
        if spec.get("observance_optional"):
            obs += f"; only where the body observes it, {spec.get('observance_citation', spec['citation'])}"
        out += [obs + ").", ""]
        for h in spec["holidays"]:
            out.append(f"- {h['name']}: {_when(h)}{_extra(h)}")
        for key, label in (("not_computed", "Not computed"), ("not_modeled", "Not modeled")):
            if spec.get(key):
                out += ["", f"{label}: {spec[key]}"]
        out.append("")
    out += [
        "Every other jurisdiction uses the python-holidays US subdivision calendar, unverified (its holiday "
        "statute was not read).",
        "",
    ]
    out += ["## Jurisdictions", ""]
    for law in all_laws():
        out.append(f"### {law.jurisdiction}: {law.jurisdiction_name}, {law.name} ({law.short_name})")
        out.append("")
        out.append(f"Citation: {law.citation}. Verified: **{law.verified}**.")
        out.append("")
        out.append("| Rule | Period | Citation | Verified |")
        out.append("|---|---|---|---|")
        for rule, period, cite, verified in _rows(law):
            out.append(f"| {_cell(rule)} | {_cell(period)} | {_cell(cite)} | {verified} |")
        out.append("")
        if law.notes:
            out += [f"Notes: {law.notes}", ""]
        out.append("Sources: " + "; ".join(law.sources) + ".")
        out.append("")
    return "\n".join(out)
