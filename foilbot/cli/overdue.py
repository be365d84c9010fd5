"""`foilbot overdue` and `foilbot due`: who is late, and what is coming."""

from __future__ import annotations

from typing import Any

import typer

from foilbot.cli import common

KEYS = (
    "request_id",
    "reference",
    "agency_id",
    "agency",
    "jurisdiction",
    "kind",
    "due",
    "party",
    "days_overdue",
    "status",
    "citation",
    "verified",
    "next_step",
    "appeal_by",
    "days_left",
    "estimated",
)
AgencyOption = typer.Option(None, "--agency", help="Agency id or name.", metavar="AGENCY")
CampaignOption = typer.Option(None, "--campaign", help="Campaign name.", metavar="NAME")


def overdue(
    as_of: str = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="Judge as things stood on this day (default: today)."
    ),
    agency: str = AgencyOption,
    campaign: str = CampaignOption,
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
    check: bool = typer.Option(False, "--check", help="Exit 3 when anything is overdue (for cron)."),
) -> None:
    """Open requests whose current deadline has passed, the most urgent first, with the next step.

    Most urgent first: an appeal window that closes today, then the nearest closing window, then the
    most overdue; rows are grouped by agency in that order. A request is overdue the day after its
    due date, not on it. With --as-of, events dated after that day are ignored, so a list published
    for a date can be produced again later.

    Example: foilbot overdue --as-of 2026-12-15 --campaign face-recognition-2026
    """
    from foilbot import console
    from foilbot.errors import EXIT_OVERDUE
    from foilbot.services import overdue as service

    out = common.output_format(fmt, json_out, csv_out)
    day = common.as_of(as_of)
    with common.reader() as db:
        scope = {"agency": _agency_id(db, agency), "campaign": campaign}
        if out != "table":  # printed as the database sorts them: one row in memory (issue 14)
            rows = _counted(service.stream_overdue(db, day, common.settings(), **scope))
            console.print_items(out, rows, KEYS, {"as_of": day.isoformat()})
            found = rows.count
        else:
            table = [i.as_dict() for i in service.overdue(db, day, common.settings(), **scope)]
            _by_agency(table, empty=f"Nothing overdue as of {day}.")
            found = len(table)
    if check and found:
        raise typer.Exit(EXIT_OVERDUE)


def due(
    within: int = typer.Option(
        14, "--within", min=0, max=3660, help="Days ahead to look (up to ten years).", metavar="DAYS"
    ),
    as_of: str = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="Start from this day, as things stood (default: today)."
    ),
    agency: str = AgencyOption,
    campaign: str = CampaignOption,
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
) -> None:
    """Upcoming deadlines, the agency's and your own (an appeal window about to close is the costliest miss).

    Example: foilbot due --within 7
    """
    from foilbot import console
    from foilbot.services import overdue as service

    out = common.output_format(fmt, json_out, csv_out)
    day = common.as_of(as_of)
    with common.reader() as db:
        scope = {"agency": _agency_id(db, agency), "campaign": campaign}
        if out != "table":  # printed as the database sorts them (issue 14)
            rows = _counted(service.stream_due(db, day, within, common.settings(), **scope))
            console.print_items(out, rows, KEYS, {"as_of": day.isoformat(), "within": within})
            return
        items = service.due(db, day, within, common.settings(), **scope)
    _soonest_first(
        [i.as_dict() for i in items],
        title=f"Due within {within} days of {day}",
        empty=f"Nothing due in the {within} days from {day}.",
    )


class _counted:  # noqa: N801 - used as a function
    """Items as dicts, counted as they go by (`--check` asks whether any was found)."""

    def __init__(self, items: Any) -> None:
        self.items, self.count = items, 0

    def __iter__(self) -> Any:
        for item in self.items:
            self.count += 1
            yield item.as_dict()


def _soonest_first(rows: list[dict[str, Any]], *, title: str, empty: str) -> None:
    from foilbot import console

    if not rows:
        console.info(empty)
        return
    console.table(
        title,
        ("due", "in days", "reference", "agency", "deadline", "who", "next step"),
        (
            [
                r["due"],
                r["days_left"],
                r["reference"],
                r["agency"],
                _words(r["kind"]),
                r["party"],
                r["next_step"],
            ]
            for r in rows
        ),
    )


def _by_agency(rows: list[dict[str, Any]], *, empty: str) -> None:
    """Agencies in the order of their most urgent row (rows arrive most urgent first)."""
    from foilbot import console

    if not rows:
        console.info(empty)
        return
    groups: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        groups.setdefault(f"{r['agency']} ({r['agency_id']})", []).append(r)
    today = sum(1 for r in rows if r["appeal_by"] and r["days_left"] == 0)
    agencies = f"{len(groups)} agenc{'y' if len(groups) == 1 else 'ies'}"
    closing = f"; {today} appeal window(s) close TODAY" if today else ""
    console.grouped_table(
        f"Overdue: {len(rows)} deadline(s) at {agencies}{closing}",
        ("reference", "deadline", "due", "days late", "appeal window", "next step"),
        (
            (
                f"{agency}: {len(late)} overdue",
                (
                    [
                        r["reference"],
                        _words(r["kind"]),
                        f"{r['due']}{' (est.)' * r['estimated']}",
                        r["days_overdue"],
                        _window(r),
                        r["next_step"],
                    ]
                    for r in late
                ),
            )
            for agency, late in groups.items()
        ),
    )


def _window(r: dict[str, Any]) -> str:
    """The appeal window of an overdue row: closes TODAY, its last day and the days left, or closed."""
    if not r["appeal_by"]:
        return ""
    if r["days_left"] is None:
        return f"closed {r['appeal_by']}"
    if r["days_left"] == 0:
        return "closes TODAY"
    days = r["days_left"]
    return f"closes in {days} day{'s' if days != 1 else ''} ({r['appeal_by']})"


def _words(kind: str) -> str:
    return kind.replace("_", " ")


def _agency_id(db: Any, agency: str | None) -> str | None:
    if not agency:
        return None
    from foilbot.services.agencies import resolve_id

    return resolve_id(db, agency)
