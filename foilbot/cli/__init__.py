"""The command-line interface: a thin Typer layer over foilbot.services."""

from __future__ import annotations


def main() -> None:
    """Console-script entry point (`foilbot`).

    Ctrl-C outside the command's error boundary (while the modules load, while Typer parses the
    command line or closes its context) ends the same way as inside it: `Interrupted.` and exit 130,
    no traceback.
    """
    import signal
    import sys

    try:
        from foilbot.cli.app import app

        app(prog_name="foilbot")
    except KeyboardInterrupt:
        sys.stderr.write("Interrupted.\n")
        sys.exit(130)
    except SystemExit as exc:
        told = getattr(sys.modules.get("foilbot.cli.app"), "Interrupted", ())
        if exc.code == 130 and not isinstance(exc.__context__, told):
            sys.stderr.write("Interrupted.\n")
        raise
    finally:
        # The command has ended (its work kept or rolled back, its message written): a Ctrl-C while
        # the interpreter shuts down must not turn that ending into "killed by SIGINT".
        signal.signal(signal.SIGINT, signal.SIG_IGN)


__all__ = ["main"]
