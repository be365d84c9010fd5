"""`foilbot inbox …`: agency replies, filed with their requests."""

from __future__ import annotations

from pathlib import Path

import typer

from foilbot.cli import common
from foilbot.cli.base import App

app = App(
    help="Import or fetch agency replies (.eml, mbox, IMAP) and file them with their requests.",
    no_args_is_help=True,
)

LIST_KEYS = ("id", "state", "reference", "matched_by", "day", "sender", "subject", "message_id")


@app.command("import")
def import_(
    files: list[Path] = typer.Argument(..., metavar="FILE...", help=".eml files or mbox files."),
    fmt: str = common.FormatOption,
) -> None:
    """File each message with its request (by reference, thread or agency address); each once.

    Example: foilbot inbox import ~/Downloads/reply.eml exported.mbox
    """
    from foilbot.cli.mail_out import print_filed
    from foilbot.services.inbox import import_files

    print_filed(import_files(common.session, files, common.settings()), common.output_format(fmt))


@app.command("fetch")
def fetch(
    folder: str = typer.Option(
        None, "--folder", metavar="FOLDER", help="Folder to read (default: imap.folder, INBOX)."
    ),
    move_to: str = typer.Option(
        None, "--move-to", metavar="FOLDER", help="Move each fetched message there (default: read-only)."
    ),
    fmt: str = common.FormatOption,
) -> None:
    """File the new messages of an IMAP folder (the imap table of foilbot.toml) like `inbox import`;
    only messages not fetched before, and nothing changes on the server unless --move-to.

    Example: foilbot inbox fetch --move-to Filed
    """
    from foilbot import console
    from foilbot.cli.mail_out import print_filed
    from foilbot.services.inbox_fetch import fetch as fetch_folder

    done = fetch_folder(common.session, common.settings(), folder=folder, move_to=move_to)
    out = common.output_format(fmt)
    if not done.results and out == "table":
        console.info(f"No new messages in {done.folder}.")
        return
    print_filed(done.results, out)
    if done.moved:
        console.info(f"Moved {done.moved} message(s) to {move_to}.")


@app.command("list")
def list_(
    everything: bool = typer.Option(False, "--all", help="Every imported message, not only unmatched ones."),
    fmt: str = common.FormatOption,
    json_out: bool = common.JsonOption,
) -> None:
    """Imported messages not yet filed with a request (--all: every one).

    Example: foilbot inbox list
    """
    from foilbot import console
    from foilbot.services.inbox import listing

    out = common.output_format(fmt, json_out)
    with common.session() as s:
        rows = listing(s, everything=everything)
    if console.print_items(out, rows, LIST_KEYS):
        return
    if not rows:
        console.info("No unmatched messages." if not everything else "No imported messages.")
        return
    keys = ("id", "state", "reference", "day", "sender", "subject")
    console.table(None, keys, ([r[k] for k in keys] for r in rows))


@app.command("assign")
def assign(
    message: str = typer.Argument(
        ..., help="The message's id in `inbox list`, or its Message-ID.", metavar="MESSAGE"
    ),
    ident: str = typer.Argument(..., metavar="REF", help="Request id or reference."),
) -> None:
    """File an unmatched message with a request (a `reply` event with its attachments).

    Example: foilbot inbox assign 3 FOIL-2026-0001
    """
    from foilbot import console
    from foilbot.services.inbox import assign as assign_message

    done = assign_message(common.session, message, ident, common.settings())
    console.echo(f"message {done.id}: filed with {done.reference} ({done.day}, {done.sender}).")


@app.command("review")
def review(
    ident: str = typer.Argument(None, metavar="[REF]", help="Only this request's replies."),
    accept: tuple[str, str] | None = typer.Option(
        None, "--accept", metavar="REF KIND", help="Confirm REF's oldest reply as KIND, no questions."
    ),
    on: str = typer.Option(
        None, "--date", metavar="YYYY-MM-DD", help="The event's date (default: the email's)."
    ),
) -> None:
    """Say what each filed reply is (foilbot suggests); only then is it logged and deadlines follow.

    Example: foilbot inbox review --accept FOIL-2026-0001 acknowledged --date 2026-12-02
    """
    from foilbot.cli.mail_out import review_each
    from foilbot.services.review import accept as accept_reply

    day = common.parse_date(on, "--date")
    if accept is None:
        review_each(ident, common.settings())
        return
    from foilbot import console

    message, logged = common.write(lambda s: accept_reply(s, accept[0], accept[1], common.settings(), on=day))
    what = (
        f"logged #{logged.event_id} {logged.kind} on {logged.day}; status {logged.status}"
        if logged
        else "nothing logged"
    )
    console.echo(f"{accept[0]}: message {message} reviewed: {what}.")
