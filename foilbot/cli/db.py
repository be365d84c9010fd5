"""`foilbot init` and `foilbot db …`: create and migrate the database."""

from __future__ import annotations

import typer

from foilbot.cli import common

app = typer.Typer(help="Database schema and migrations.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Apply the schema migrations (also done automatically on first use); never drops data.

    Example: foilbot --db postgresql+psycopg://foil@localhost/foil db upgrade
    """
    from foilbot import console, storage
    from foilbot.config import mask_url

    url = common.database_url()
    before, after = storage.upgrade(url, revision)
    if before == after:
        console.echo(f"{mask_url(url)}: schema already at {after}.")
    else:
        console.echo(f"{mask_url(url)}: schema upgraded from {before or 'empty'} to {after}.")


@app.command("status")
def status() -> None:
    """Show the database URL (password masked) and its schema revision.

    Example: foilbot db status
    """
    from foilbot import console, storage
    from foilbot.config import mask_url

    url = common.database_url()
    rev = storage.current_revision(storage.get_engine(url))
    console.echo(f"{mask_url(url)}: schema {rev or 'not created'} (this foilbot: {storage.SCHEMA_HEAD})")


def init() -> None:
    """Create the database and import the shipped agency directory.

    Example: foilbot init
    """
    from foilbot import console
    from foilbot.config import mask_url
    from foilbot.resources import shipped_agencies_csv
    from foilbot.services.agencies import import_file

    with common.session() as s:
        result = import_file(s, shipped_agencies_csv(), shipped=True)
    console.echo(
        f"{mask_url(common.database_url())}: ready. Shipped directory: added {result.added}, "
        f"updated {result.updated}, unchanged {result.unchanged}."
    )
