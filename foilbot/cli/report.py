"""`foilbot report …`: scorecards for organizers."""

from __future__ import annotations

from pathlib import Path

import typer

from foilbot.cli import common
from foilbot.cli.base import App

app = App(help="Reports for organizers.", no_args_is_help=True)
FORMATS = ("table", "csv", "json", "html")


@app.command("agencies")
def agencies(
    fmt: str = typer.Option("table", "--format", help="table, csv, json or html.", metavar="FORMAT"),
    out: Path = typer.Option(
        None, "--out", "-o", help="Write to this file instead of stdout.", metavar="FILE"
    ),
    campaign: str = typer.Option(None, "--campaign", help="Only this campaign's requests.", metavar="NAME"),
    as_of: str = typer.Option(
        None, "--as-of", metavar="YYYY-MM-DD", help="Count as things stood on this day (default today)."
    ),
) -> None:
    """Per agency: requests sent, acknowledged, answered, on time, overdue now, median days, appeals.

    The median counts business days from receipt to the first response; a total row comes last.

    Every column is defined in the report itself: below the table, in a definitions list (html), in a
    `definitions` object (json); for csv, whose rows stay plain data, the definitions go to stderr.

    Example: foilbot report agencies --campaign cameras-2026 --format html --out scorecard.html
    """
    import sys

    from foilbot import console
    from foilbot.errors import UsageError
    from foilbot.files import write_atomic
    from foilbot.services import report
    from foilbot.services.campaigns import known

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    with common.reader() as db:
        card = report.agency_scores(db, common.as_of(as_of), common.settings(), campaign=known(db, campaign))
    if fmt == "table" and out is None:
        columns = report.COLUMNS[1:]
        caption = "\n".join(report.definition_lines(columns))
        rows = report.table_rows(card, columns)
        console.table(report.title(card), [report.HEADINGS[c] for c in columns], rows, caption=caption)
        return
    if fmt == "csv":
        for line in report.definition_lines(report.COLUMNS, keys=True):
            console.info(line)
    text = report.render(card, fmt)
    if out is None:
        sys.stdout.write(text)
        return
    write_atomic(out, text)
    console.info(f"Wrote {out}.")
