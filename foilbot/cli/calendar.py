"""`foilbot calendar`: every open deadline as iCalendar."""

from __future__ import annotations

from pathlib import Path

import typer

from foilbot.cli import common


def calendar(
    out: Path = typer.Option(None, "--out", "-o", help="Write the .ics file here (default: stdout)."),
    agency: str = typer.Option(None, "--agency", help="Only this agency (id or name)."),
    campaign: str = typer.Option(None, "--campaign", help="Only this campaign."),
) -> None:
    """Every open deadline as an iCalendar file, with an alarm a few days before each.

    Each event's UID is the request reference and the deadline kind, so importing the file again
    updates the events instead of duplicating them.

    Example: foilbot calendar --out foil-deadlines.ics
    """
    import sys

    from foilbot import console
    from foilbot.files import write_atomic
    from foilbot.services.agencies import resolve
    from foilbot.services.calendar_export import entries, to_ics

    with common.session() as s:
        agency_id = resolve(s, agency).id if agency else None
        items = entries(s, agency=agency_id, campaign=campaign)
    data = to_ics(items, name=f"foilbot deadlines{f' — {campaign}' if campaign else ''}")
    if out is None:
        sys.stdout.buffer.write(data)
        return
    write_atomic(out, data)
    console.info(f"Wrote {len(items)} deadline(s) to {out}.")
