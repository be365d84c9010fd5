"""Letter rules checked before rendering: who the law reaches, whether an appeal exists, what is unverified.

Pure functions of the letter context and the law data; they raise or return warnings, never print.
"""

from __future__ import annotations

from typing import Any

from foilbot.domain import letter_policy as policy
from foilbot.errors import FoilbotError, TemplateError
from foilbot.render.context import AgencyInfo, LetterContext


def check_public(agency: AgencyInfo, law: Any, *, force: bool) -> None:
    """A request to a body the law does not reach (a private college) is refused unless forced."""
    if not agency.public and not force:
        raise FoilbotError(
            f"{agency.name} is marked as not subject to the {law.name} (not a public body)",
            hint="Check that this is the right agency; to write the letter anyway, run again with --force.",
        )


def appeal_checks(kind: str, template: str, law: Any, ctx: LetterContext) -> None:
    if ctx.history is None:
        raise TemplateError(
            f"{template}: history is missing (a {kind} needs the date the request was sent)",
            hint="Log the request as sent first (foilbot request sent ID --date DATE).",
        )
    if kind != "appeal":
        return
    refused = policy.no_appeal(law)
    if refused is not None:
        raise refused
    route = law.appeal_route
    if template == policy.PETITION and route.document not in ("petition", "mediation_request"):
        raise FoilbotError(
            f"{template}: the {law.name} names no reviewing body to petition (appeals go to the agency)",
            hint="Use --template appeal-denial or appeal-constructive-denial.",
        )
    if template.startswith("appeal-") and route.modeled and route.document != "appeal":
        raise FoilbotError(
            f"{template}: the {law.name} sends a challenge to the {route.hearer.replace('_', ' ')}, "
            f"not to the agency ({route.citation})",
            hint=f"Use the {policy.PETITION} template (the default for foilbot appeal).",
        )
    if template == "appeal-constructive-denial" and law.silence not in ("denial", "exhaustion"):
        raise FoilbotError(
            f"the {law.name} does not treat silence as a denial, so there is nothing to appeal",
            hint="Send a follow-up instead (--template followup).",
        )
    if template == "appeal-denial" and ctx.history.denied_on is None:
        raise TemplateError(
            f"{template}: history.denied_on is missing (the date of the written denial)",
            hint="Log the denial first (foilbot request log ID denied --date DATE).",
        )


def letter_warnings(kind: str, law: Any, ctx: LetterContext) -> list[str]:
    """Rules the letter would rely on that the law data does not mark verified: the letter omits them."""
    out: list[str] = []
    if law.verified != "yes":
        out.append(
            f"the law data for {law.jurisdiction} ({law.name}) is marked verified={law.verified}: "
            f"check the law's name and citation in the letter"
        )
    if kind == "request" and (law.response is None or law.response.verified != "yes"):
        state = "sets no fixed period" if law.response is None else f"verified={law.response.verified}"
        out.append(f"the {law.short_name or law.name} response period ({state}) is not stated in the letter")
    history = ctx.history
    if (
        kind in ("followup", "appeal")
        and history is not None
        and history.due
        and history.due_verified != "yes"
    ):
        out.append(
            f"the deadline of {history.due.isoformat()} rests on an unverified rule "
            f"(verified={history.due_verified}); the letter does not state it"
        )
    if kind == "appeal" and law.appeal_decision is not None and law.appeal_decision.verified != "yes":
        out.append(
            f"the {law.short_name} appeal decision period is not verified; the letter does not state it"
        )
    route = law.appeal_route
    if kind == "appeal" and not route.modeled:
        out.append(f"appeals under the {law.name} go to: {law.appeal_body}; check the addressee")
    elif kind == "appeal" and route.verified != "yes":
        out.append(
            f"the {law.short_name} appeal route ({route.citation}) is verified={route.verified}: "
            "check the addressee"
        )
    if kind == "appeal" and route.form:
        out.append(
            f"the {route.addressee[0] if route.addressee else route.hearer} takes a challenge only on its "
            f"{route.form} ({route.form_citation}; from {route.form_source}): file that form and attach this "
            "letter to it"
        )
    if kind == "appeal" and route.document != "appeal" and not route.address:
        out.append(f"no address for the {route.hearer.replace('_', ' ')} was read: add it before sending")
    return out
