"""`foilbot overdue` and `foilbot due`: who is late, and what is coming."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import typer

from foilbot.cli import common

AgencyOption = typer.Option(None, "--agency", help="Agency id or name.", metavar="AGENCY")
CampaignOption = typer.Option(None, "--campaign", help="Campaign name.", metavar="NAME")


def overdue(
    as_of: str = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="Judge as things stood on this day (default: today)."
    ),
    agency: str = AgencyOption,
    campaign: str = CampaignOption,
    limit: int = common.LimitOption,
    offset: int = common.OffsetOption,
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
    check: bool = typer.Option(
        False, "--check", help="Exit 3 when anything is overdue, on the page printed or not (for cron)."
    ),
) -> None:
    """Open requests whose current deadline has passed, the most urgent first, with the next step.

    Most urgent first: an appeal window that closes today, then the nearest closing window, then the
    most overdue; rows are grouped by agency in that order. A request is overdue the day after its
    due date, not on it. With --as-of, events dated after that day are ignored, so a list published
    for a date can be produced again later. The whole list is printed; --limit and --offset print
    one page of it, counted in the same most-urgent order (--offset 50 --limit 50: rows 51 to 100).

    Example: foilbot overdue --as-of 2026-12-15 --campaign face-recognition-2026 --limit 50
    """
    from foilbot import console
    from foilbot.errors import EXIT_OVERDUE
    from foilbot.services import overdue_rows as service
    from foilbot.services.campaigns import known

    out = common.output_format(fmt, json_out, csv_out)
    day = common.as_of(as_of)
    with common.reader() as db:
        scope = {"agency": _agency_id(db, agency), "campaign": known(db, campaign)}
        found = service.overdue_listing(db, day, common.settings(), **scope, limit=limit, offset=offset)
        found.rows = rows = _counted(found.rows)
        # Printed as the database sorts them: one row in memory (issue 14); a table keeps its cells.
        if not console.print_listing(out, found, service.KEYS, {"as_of": day.isoformat()}):
            empty = f"Nothing overdue as of {day}." if not offset else f"No overdue rows past row {offset}."
            page = None if limit is None and offset is None else offset or 0
            _by_agency(found.dicts(), empty=empty, page=page)
        anything = rows.count > 0
        if check and not anything and (limit is not None or offset):  # an empty page, not an empty list
            first = service.overdue_listing(db, day, common.settings(), **scope, limit=1, offset=None)
            anything = bool(list(first.rows))
    if check and anything:
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
    limit: int = common.LimitOption,
    offset: int = common.OffsetOption,
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
) -> None:
    """Upcoming deadlines, the agency's and your own (an appeal window about to close is the costliest miss).

    Soonest first; --limit and --offset print one page of the list in that order.

    Example: foilbot due --within 7
    """
    from foilbot import console
    from foilbot.services import overdue_rows as service
    from foilbot.services.campaigns import known

    out = common.output_format(fmt, json_out, csv_out)
    day = common.as_of(as_of)
    with common.reader() as db:
        scope = {"agency": _agency_id(db, agency), "campaign": known(db, campaign)}
        found = service.due_listing(db, day, within, common.settings(), **scope, limit=limit, offset=offset)
        if not console.print_listing(out, found, service.KEYS, {"as_of": day.isoformat(), "within": within}):
            _soonest_first(
                found.dicts(),
                title=f"Due within {within} days of {day}",
                empty=f"Nothing due in the {within} days from {day}.",
            )


class _counted:  # noqa: N801 - used as a function
    """Rows counted as they go by (`--check` asks whether any was found)."""

    def __init__(self, rows: Iterator[Any]) -> None:
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        row = next(self.rows)
        self.count += 1
        return row


def _soonest_first(rows: Iterable[dict[str, Any]], *, title: str, empty: str) -> None:
    from foilbot import console

    cells = [
        [r["due"], r["days_left"], r["reference"], r["agency"], _words(r["kind"]), r["party"], r["next_step"]]
        for r in rows
    ]
    if not cells:
        console.info(empty)
        return
    console.table(title, ("due", "in days", "reference", "agency", "deadline", "who", "next step"), cells)


def _by_agency(rows: Iterable[dict[str, Any]], *, empty: str, page: int | None = None) -> None:
    """Agencies in the order of their most urgent row (rows arrive most urgent first); only each row's
    cells are kept. `page`: the rows skipped before this page (--offset), when a page is shown."""
    from foilbot import console

    groups: dict[str, list[list[Any]]] = {}
    n = today = 0
    for r in rows:
        n += 1
        today += bool(r["appeal_by"] and r["days_left"] == 0)
        cells = [
            r["reference"],
            _words(r["kind"]),
            f"{r['due']}{' (est.)' * r['estimated']}",
            r["days_overdue"],
            _window(r),
            r["next_step"],
        ]
        group = groups.get(key := f"{r['agency']} ({r['agency_id']})")
        if group is None:
            groups[key] = [cells]
        else:
            group.append(cells)
    if not n:
        console.info(empty)
        return
    agencies = f"{len(groups)} agenc{'y' if len(groups) == 1 else 'ies'}"
    closing = f"; {today} appeal window(s) close TODAY" if today else ""
    shown = f" (rows {page + 1}-{page + n} of the list)" if page is not None else ""
    console.grouped_table(
        f"Overdue: {n} deadline(s) at {agencies}{closing}{shown}",
        ("reference", "deadline", "due", "days late", "appeal window", "next step"),
        ((f"{agency}: {len(late)} overdue", late) for agency, late in groups.items()),
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
