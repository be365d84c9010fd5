"""`foilbot config …`: what foilbot will use, and where each value came from."""

from __future__ import annotations

from foilbot.cli import common
from foilbot.cli.base import App

app = App(help="Show the effective configuration.", no_args_is_help=True)


@app.command("show")
def show(json_out: bool = common.JsonOption) -> None:
    """Print every effective setting and its source (default, file, FOILBOT_* variable, --db).

    Example: FOILBOT_REQUESTER_NAME="Ana Ruiz" foilbot config show
    """
    from foilbot import console
    from foilbot.config import mask_url

    settings = common.settings()
    rows = []
    for setting in settings.values.values():
        value = setting.value
        if setting.key == "database.url":
            value = mask_url(str(value))
        rows.append({"key": setting.key, "value": value, "source": setting.source})
    if json_out:
        console.print_object(
            {"config_file": str(settings.config_file) if settings.config_file else None, "settings": rows}
        )
        return
    console.echo(f"config file: {settings.config_file or '(none found)'}")
    console.table(None, ("setting", "value", "source"), ((r["key"], r["value"], r["source"]) for r in rows))
