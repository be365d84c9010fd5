"""The command-line interface: a thin Typer layer over foilbot.services."""

from __future__ import annotations


def main() -> None:
    """Console-script entry point (`foilbot`).

    Ctrl-C before the error boundary is up (while the modules load) or after it (while the output is
    flushed) ends the same way as inside a command: `Interrupted.` and exit 130, no traceback.
    """
    import sys

    try:
        from foilbot.cli.app import app

        app(prog_name="foilbot")
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)


__all__ = ["main"]
