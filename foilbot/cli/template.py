"""`foilbot template …`: list, show and check letter templates and topic blocks."""

from __future__ import annotations

from pathlib import Path

import typer

from foilbot.cli import common

app = typer.Typer(help="List, show and check letter templates and topics.", no_args_is_help=True)


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
    name: str = typer.Argument(..., help="A template or topic name (see foilbot template list)."),
    json_out: bool = common.JsonOption,
) -> None:
    """Show a template's file, variables, topics and parameters.

    Example: foilbot template show retention-periods
    """
    from jinja2 import meta

    from foilbot import console
    from foilbot.errors import UsageError

    letters = _letters()
    try:
        info = letters.info(name)
    except UsageError:
        info = letters.info(name, topic=True)
    source = info.path.read_text(encoding="utf-8")
    variables = sorted(meta.find_undeclared_variables(letters.env.parse(source)))
    includes = sorted(r for r in meta.find_referenced_templates(letters.env.parse(source)) if r)
    data = {
        "name": info.name,
        "kind": info.kind,
        "source": info.source,
        "path": str(info.path),
        "overrides": str(info.overrides) if info.overrides else None,
        "description": info.description,
        "variables": variables,
        "includes": includes,
        "params": [{"name": p.name, "kind": p.kind, "help": p.help} for p in info.params],
        "topics": [t.name for t in letters.topics()] if info.kind == "request" else [],
    }
    if json_out:
        console.print_object(data)
        return
    console.fields(
        [
            ("name", info.name),
            ("kind", info.kind),
            ("description", info.description),
            ("file", f"{info.path} ({info.source})"),
            ("overrides", data["overrides"]),
            ("variables", ", ".join(variables)),
            ("includes", ", ".join(includes)),
            ("parameters", "\n".join(f"{p.name} ({p.kind}): {p.help}" for p in info.params) or "none"),
            ("topics", ", ".join(data["topics"]) or None),
        ]
    )


@app.command("check")
def check(
    path: Path = typer.Argument(None, help="A template file or folder (default: every template in use)."),
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
