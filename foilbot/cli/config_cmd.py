"""`foilbot config …`: what foilbot will use, and where each value came from."""

from __future__ import annotations

import typer

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


@app.command("workspace")
def workspace(
    key: str = typer.Argument(None, metavar="[KEY]", help="A workspace setting: deadlines.mail_days."),
    value: str = typer.Argument(None, metavar="[VALUE]", help="Its value for everyone using this database."),
    unset: bool = typer.Option(
        False, "--unset", help="Remove the database's value: each user's applies again."
    ),
) -> None:
    """Settings that belong to the database, so everyone sharing it computes the same deadlines.

    Without KEY, lists them. A value set here is used by every user and command of this database in
    place of their foilbot.toml or FOILBOT_* value; the stored deadlines are recomputed at once.

    Example: foilbot config workspace deadlines.mail_days 5
    """
    from foilbot import console
    from foilbot.errors import UsageError
    from foilbot.services import shared_settings as ws

    if key is None:
        settings = common.settings()
        rows = [(k, settings.get(k), settings.values[k].source) for k in ws.KEYS]
        console.table(None, ("setting", "value", "source"), rows)
        return
    ws.check_key(key)
    if (value is None) == (not unset):
        raise UsageError(
            f"give {key} a VALUE, or --unset to remove it", hint=f"foilbot config workspace {key} 5"
        )
    common.write(lambda s: ws.set_value(s, key, None if unset else value, common.settings()))
    now = common.refresh_settings()
    if unset:
        console.info(f"{key}: the database holds no value now; each user's applies (here {now.get(key)}).")
    else:
        console.info(f"{key} is now {now.get(key)} for everyone using this database.")
