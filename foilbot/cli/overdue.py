"""`foilbot overdue` and `foilbot due`: who is late, and what is coming."""

from __future__ import annotations

import typer

from foilbot import clock
from foilbot.cli import common

JSON_KEYS = (
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


def _print(items: list, fmt: str, *, title: str, empty: str, group: bool) -> None:
    from foilbot import console

    rows = [i.as_dict() for i in items]
    if fmt == "json":
        console.print_json(rows)
        return
    if fmt == "csv":
        console.print_csv(JSON_KEYS, ([r[k] for k in JSON_KEYS] for r in rows))
        return
    if not rows:
        console.info(empty)
        return
    if not group:
        console.table(
            title,
            ("due", "in days", "reference", "agency", "deadline", "who", "next step"),
            (
                (
                    r["due"],
                    r["days_left"],
                    r["reference"],
                    r["agency"],
                    r["kind"].replace("_", " "),
                    r["party"],
                    r["next_step"],
                )
                for r in rows
            ),
        )
        return
    by_agency: dict[str, list[dict]] = {}
    for r in rows:
        by_agency.setdefault(f"{r['agency']} ({r['agency_id']})", []).append(r)
    for agency, group_rows in by_agency.items():
        console.table(
            f"{agency}: {len(group_rows)} overdue",
            ("reference", "deadline", "due", "days late", "next step"),
            (
                (
                    r["reference"],
                    r["kind"].replace("_", " "),
                    f"{r['due']} (est.)" if r["estimated"] else r["due"],
                    r["days_overdue"],
                    r["next_step"],
                )
                for r in group_rows
            ),
        )


def overdue(
    as_of: str = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="Judge lateness as of this day (default: today)."
    ),
    agency: str = typer.Option(None, "--agency", help="Agency id or name."),
    campaign: str = typer.Option(None, "--campaign", help="Campaign name."),
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
    check: bool = typer.Option(False, "--check", help="Exit 3 when anything is overdue (for cron)."),
) -> None:
    """Open requests whose current deadline has passed, grouped by agency, with the next step.

    A request is overdue the day after its due date, not on it.

    Example: foilbot overdue --as-of 2026-12-15 --campaign face-recognition-2026
    """
    from foilbot.errors import EXIT_OVERDUE
    from foilbot.services import overdue as service

    fmt = common.output_format(json_out, csv_out)
    day = common.parse_date(as_of, "--as-of") or clock.today()
    items = _query(
        lambda db, agency_id: service.overdue(db, day, agency=agency_id, campaign=campaign), agency
    )
    _print(items, fmt, title="Overdue", empty=f"Nothing overdue as of {day}.", group=True)
    if check and items:
        raise typer.Exit(EXIT_OVERDUE)


def due(
    within: int = typer.Option(14, "--within", min=0, help="Days ahead to look."),
    as_of: str = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="Start from this day (default: today)."
    ),
    agency: str = typer.Option(None, "--agency", help="Agency id or name."),
    campaign: str = typer.Option(None, "--campaign", help="Campaign name."),
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
) -> None:
    """Upcoming deadlines, the agency's and your own (an appeal window about to close is the costliest miss).

    Example: foilbot due --within 7
    """
    from foilbot.services import overdue as service

    fmt = common.output_format(json_out, csv_out)
    day = common.parse_date(as_of, "--as-of") or clock.today()
    items = _query(
        lambda db, agency_id: service.due(db, day, within, agency=agency_id, campaign=campaign), agency
    )
    _print(
        items,
        fmt,
        title=f"Due within {within} days of {day}",
        empty=f"Nothing due in the {within} days from {day}.",
        group=False,
    )


def _query(run, agency: str | None) -> list:
    """Answer from the SQLite file directly when possible (fast start-up), else through a session."""
    from foilbot.storage import sqlite_reader

    if not agency:
        with sqlite_reader(common.database_url()) as con:
            if con is not None:
                return run(con, None)
    with common.session() as s:
        return run(s, _agency_id(s, agency))


def _agency_id(session, agency: str | None) -> str | None:
    if not agency:
        return None
    from foilbot.services.agencies import resolve

    return resolve(session, agency).id
