"""`foilbot template …`: list, show and check letter templates and topic blocks."""

from __future__ import annotations

from pathlib import Path

import typer

from foilbot.cli import common
from foilbot.cli.base import App

app = App(help="List, show and check letter templates and topics.", no_args_is_help=True)


def _letters():
    from foilbot.render.templates import Letters, user_templates_dir

    return Letters(user_templates_dir(common.settings().templates_dir))


@app.command("list")
def list_(
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
    csv_out: bool = common.CsvOption,
) -> None:
    """List letter templates and topics, and where each comes from (user folder or shipped).

    Example: foilbot template list
    """
    from foilbot import console

    letters = _letters()
    rows = [
        ("template", t.name, t.kind, t.source, t.description)
        for t in letters.templates()
        if t.kind != "layout"
    ]
    rows += [("topic", t.name, "topic", t.source, t.description) for t in letters.topics()]
    keys = ("type", "name", "kind", "source", "description")
    if not console.print_items(
        common.output_format(fmt, json_out, csv_out), [dict(zip(keys, r, strict=True)) for r in rows], keys
    ):
        console.table(None, keys, rows)


@app.command("show")
def show(
    name: str = typer.Argument(
        ..., help="A template or topic name (see foilbot template list).", metavar="NAME"
    ),
    json_out: bool = common.JsonOption,
) -> None:
    """Show a template's file, variables, topics and parameters.

    Example: foilbot template show retention-periods
    """
    from foilbot import console
    from foilbot.render.templates import describe

    data = describe(_letters(), name)
    if json_out:
        console.print_object(data)
        return
    params = "\n".join(f"{p['name']} ({p['kind']}): {p['help']}" for p in data["params"]) or "none"
    console.fields(
        [
            ("name", data["name"]),
            ("kind", data["kind"]),
            ("description", data["description"]),
            ("file", f"{data['path']} ({data['source']})"),
            ("overrides", data["overrides"]),
            ("variables", ", ".join(data["variables"])),
            ("includes", ", ".join(data["includes"])),
            ("parameters", params),
            ("topics", ", ".join(data["topics"]) or None),
        ]
    )


@app.command("check")
def check(
    path: Path = typer.Argument(
        None, help="A template file or folder (default: every template in use).", metavar="FILE_OR_FOLDER"
    ),
) -> None:
    """Check templates: syntax, undeclared variables and parameters, unknown topics, with file and line.

    Exit status 1 when any problem is found. Example: foilbot template check templates/letters
    """
    from foilbot import console
    from foilbot.render.check import check_templates

    letters = _letters()
    problems = check_templates(letters, [path] if path else None)
    for problem in problems:
        console.echo(str(problem))
    if problems:
        console.error(f"{len(problems)} problem(s) found")
        raise typer.Exit(1)
    console.info("No problems found.")
