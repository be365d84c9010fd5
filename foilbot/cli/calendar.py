"""`foilbot calendar`: every open deadline as iCalendar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from foilbot.cli import common


def calendar(
    out: Path = typer.Option(
        None, "--out", "-o", help="Write the .ics file here (default: stdout).", metavar="FILE"
    ),
    agency: str = typer.Option(None, "--agency", help="Only this agency (id or name).", metavar="AGENCY"),
    campaign: str = typer.Option(None, "--campaign", help="Only this campaign.", metavar="NAME"),
    as_of: str = typer.Option(
        None,
        "--as-of",
        metavar="YYYY-MM-DD",
        help="Day the feed is made for (default today): appeal windows opened by a missed deadline "
        "before it are shown as open.",
    ),
) -> None:
    """Every open deadline as an iCalendar file, with an alarm a few days before each.

    Each deadline is an all-day event: the agency's ("FOIL-2026-0001 acknowledgment due — AGENCY",
    alarm 3 days before) and your own ("File appeal by …", alarm the day before). Its UID is the
    request reference and the deadline kind, so importing the file again moves events instead of
    duplicating them. The same data always gives the same file.

    Example: foilbot calendar --campaign cameras-2026 --out cameras.ics
    """
    import sys

    from foilbot import console
    from foilbot.files import streamed
    from foilbot.services.agencies import resolve_row
    from foilbot.services.calendar_export import entries, write_ics
    from foilbot.services.campaigns import known

    with common.reader(directory=bool(agency)) as db:  # the events are written as they are read
        found = resolve_row(db, agency) if agency else None
        items = entries(
            db,
            common.as_of(as_of),
            common.settings(),
            agency=found["id"] if found else None,
            campaign=known(db, campaign),
        )
        label = " — ".join(x for x in ("foilbot deadlines", campaign, found["name"] if found else None) if x)
        if out is None:
            write_ics(_all_of(sys.stdout.buffer), items, name=label)
            sys.stdout.flush()
            return
        with streamed(out) as file:
            count = write_ics(file.write, items, name=label)
    console.info(f"Wrote {count} deadline(s) to {out}.")


def _all_of(stream: Any) -> Callable[[bytes], None]:
    """Write every byte: under `python -u` (PYTHONUNBUFFERED) stdout's binary layer is the raw file,
    whose write may take part of a large piece (a pipe interrupted by a signal) and say so only in
    its return value."""

    def write(data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[stream.write(view) :]

    return write
