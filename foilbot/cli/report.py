"""`foilbot report …`: scorecards for organizers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer

from foilbot.cli import common

app = typer.Typer(help="Reports for organizers.", no_args_is_help=True)
FORMATS = ("table", "csv", "json", "html")


@app.command("agencies")
def agencies(
    fmt: str = typer.Option("table", "--format", help="table, csv, json or html."),
    out: Path = typer.Option(None, "--out", "-o", help="Write to this file instead of stdout."),
    campaign: str = typer.Option(None, "--campaign", help="Only this campaign's requests."),
    as_of: str = typer.Option(None, "--as-of", metavar="YYYY-MM-DD", help="Count overdue as of this day."),
) -> None:
    """Per agency: requests sent, answered, answered on time, overdue now, median days, appeals.

    The definitions of every column are printed with the report (stderr for csv).

    Example: foilbot report agencies --campaign cameras-2026 --format html --out scorecard.html
    """
    import sys

    from foilbot import console
    from foilbot.errors import UsageError
    from foilbot.files import write_atomic
    from foilbot.services.report import COLUMNS, DEFINITIONS, agency_scores, to_html

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    day = common.parse_date(as_of, "--as-of") or date.today()
    with common.session() as s:
        scores = agency_scores(s, day, campaign=campaign)
    rows = [sc.as_dict() for sc in scores]
    if fmt == "table" and out is None:
        console.table(
            f"Agency scorecard as of {day}",
            [c.replace("_", " ") for c in COLUMNS[1:]],
            ([r[c] if r[c] is not None else "" for c in COLUMNS[1:]] for r in rows),
        )
        for key, text in DEFINITIONS.items():
            console.echo(f"  {key.replace('_', ' ')}: {text}")
        return
    if fmt == "json":
        text = (
            console.dumps_json(
                {"as_of": day, "campaign": campaign, "definitions": DEFINITIONS, "agencies": rows}
            )
            + "\n"
        )
    elif fmt == "csv":
        text = console.csv_text(COLUMNS, ([r[c] for c in COLUMNS] for r in rows))
        for key, definition in DEFINITIONS.items():
            console.info(f"{key}: {definition}")
    elif fmt == "html":
        text = to_html(scores, day, campaign)
    else:
        text = console.csv_text(COLUMNS, ([r[c] for c in COLUMNS] for r in rows))
    if out is None:
        sys.stdout.write(text)
        return
    write_atomic(out, text)
    console.info(f"Wrote {out}.")
