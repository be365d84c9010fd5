"""`foilbot deadline`: statutory deadlines for a request, computed without a database."""

from __future__ import annotations

from typing import Any

import typer

from foilbot.cli import common

DATE = "DATE"


def deadline(
    jurisdiction: str = typer.Argument(
        ..., help="USPS code (NY, CA, DC, ...) or US for the federal FOIA.", metavar="JURISDICTION"
    ),
    received: str = typer.Option(
        None, "--received", metavar=DATE, help="Date the agency received the request."
    ),
    sent: str = typer.Option(
        None, "--sent", metavar=DATE, help="Date sent, when receipt is unknown (estimated)."
    ),
    via: str = typer.Option(
        "email", "--via", help="With --sent: email, portal, fax, hand or mail.", metavar="METHOD"
    ),
    mail_days: int = typer.Option(
        None,
        "--mail-days",
        min=0,
        max=30,  # the range of deadlines.mail_days (config.RANGES)
        help="With --via mail: business days in the post (default: deadlines.mail_days).",
        metavar="DAYS",
    ),
    acknowledged: str = typer.Option(
        None, "--acknowledged", metavar=DATE, help="Date the agency acknowledged."
    ),
    estimate: str = typer.Option(
        None, "--estimate", metavar=DATE, help="Approximate date the acknowledgment gave (NY)."
    ),
    extended: bool = typer.Option(False, "--extended", help="The agency took its statutory extension."),
    extended_on: str = typer.Option(
        None, "--extended-on", metavar=DATE, help="Date of the extension notice."
    ),
    extended_until: str = typer.Option(
        None,
        "--extended-until",
        metavar=DATE,
        help="Date the agency set in its extension (NY: date certain).",
    ),
    denied: str = typer.Option(
        None, "--denied", metavar=DATE, help="Date of the denial (or partial denial)."
    ),
    appeal_received: str = typer.Option(
        None, "--appeal-received", metavar=DATE, help="Date the appeal was received."
    ),
    expedite: str = typer.Option(
        None, "--expedite-requested", metavar=DATE, help="Date expedited processing was requested (federal)."
    ),
    paused: list[str] = typer.Option(
        [], "--paused", metavar="START[:END]", help="Clock paused (waiting on the requester); repeatable."
    ),
    closure: list[str] = typer.Option(
        [], "--closure", metavar="DATE[:REASON]", help="A day the agency was closed; repeatable."
    ),
    observes: list[str] = typer.Option(
        [],
        "--observes",
        metavar="HOLIDAY",
        help='An optional holiday the agency observes ("Good Friday" in Texas); repeatable.',
    ),
    explain: bool = typer.Option(False, "--explain", help="Show how each date was counted."),
    json_out: bool = typer.Option(False, "--json", help="Print JSON (a stable, documented shape)."),
) -> None:
    """Compute the statutory deadlines of a request and show how each date was reached.

    Example: foilbot deadline NY --received 2026-11-20 --acknowledged 2026-11-25 --explain
    """
    from foilbot.domain import calculator as calc

    dates = dict(received=received, sent=sent, acknowledged=acknowledged, estimate=estimate)
    dates |= dict(extended_on=extended_on, extended_until=extended_until, denied=denied)
    dates |= dict(appeal_received=appeal_received, expedite_requested=expedite)
    facts = calc.facts_from_options(dates, via=via, extended=extended, paused=paused)
    if mail_days is None:
        # deadlines.mail_days decides only a receipt estimated for a request sent by mail (the appeal's
        # receipt is always given here): the workspace, a server on PostgreSQL, is asked only then.
        by_mail = received is None and via.strip().lower() == "mail"
        mail_days = common.settings().mail_days if by_mail else 0
    schedule = calc.calculate(
        jurisdiction,
        facts,
        closures=calc.parse_closures(closure),
        observes=observes,
        mail_days=mail_days,
    )
    shown = [x for x in schedule.deadlines if not x.conditional and (x.kind != "appeal_filing" or denied)]
    if json_out:
        from foilbot import console

        console.print_object(_as_json(schedule, shown))
    else:
        _print(schedule, shown, explain)


def _deadline_json(x: Any) -> dict[str, Any]:
    return {
        "kind": x.kind,
        "due": x.due.isoformat(),
        "citation": x.citation,
        "explanation": list(x.explanation),
        "party": x.party,
        "verified": x.verified,
        "met": x.met.isoformat() if x.met else None,
        "estimated": x.estimated,
        "flags": list(x.flags),
    }


def _as_json(schedule: Any, shown: list[Any]) -> dict[str, Any]:
    law = schedule.law
    return {
        "jurisdiction": law.jurisdiction,
        "law": law.name,
        "citation": law.citation,
        "verified": law.verified,
        "received": schedule.received.isoformat() if schedule.received else None,
        "received_estimated": schedule.received_estimated,
        "deadlines": [_deadline_json(x) for x in shown],
        "if_no_response": [_deadline_json(x) for x in schedule.deadlines if x.conditional],
        "warnings": list(schedule.warnings),
    }


def _status(x: Any) -> str:
    if x.met is None:
        return "open"
    return f"met {x.met.isoformat()}" + (" (late)" if x.met > x.due else "")


def _print(schedule: Any, shown: list[Any], explain: bool) -> None:
    from foilbot import console

    law = schedule.law
    received = schedule.received.isoformat() if schedule.received else "-"
    title = f"{law.jurisdiction_name}: {law.name} ({law.citation}); verified: {law.verified}"
    rows = [
        (
            x.kind.replace("_", " "),
            x.due.isoformat() + (" (est.)" if x.estimated else ""),
            x.party,
            x.citation,
            x.verified,
            _status(x),
        )
        for x in shown
    ]
    console.table(
        title,
        ["Deadline", "Due", "Who", "Citation", "Verified", "Status"],
        rows,
        caption=f"Received {received}" + (" (estimated)" if schedule.received_estimated else ""),
    )
    for x in schedule.deadlines:
        if x.conditional:
            console.echo(f"If the agency stays silent: {x.kind.replace('_', ' ')} by {x.due.isoformat()}.")
    for x in shown:
        for flag in x.flags:
            console.echo(f"Flag ({x.kind.replace('_', ' ')}): {flag}.")
    for w in schedule.warnings:
        console.echo(f"Warning: {w}")
    if explain:
        for x in [*shown, *(y for y in schedule.deadlines if y.conditional)]:
            console.echo("")
            console.echo(f"{x.kind.replace('_', ' ')}: due {x.due.isoformat()}")
            for line in x.explanation:
                console.echo(f"  {line}")
