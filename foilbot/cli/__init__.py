"""The command-line interface: a thin Typer layer over foilbot.services."""

from __future__ import annotations


def main() -> None:
    """Console-script entry point (`foilbot`)."""
    from foilbot.cli.app import app

    app(prog_name="foilbot")


__all__ = ["main"]
