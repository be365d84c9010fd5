"""What the mail commands print: one line per message as it happens, or a versioned listing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from foilbot.config import Settings
    from foilbot.services.inbox import Filed
    from foilbot.services.sending import SendResult

SEND_KEYS = ("reference", "state", "recipient", "message_id", "detail")
_VERB = {
    "sent": "sent to",
    "written": "wrote",
    "failed": "NOT SENT:",
    "skipped": "skipped:",
    "uncertain": "UNCERTAIN:",
}


def print_send_results(results: Iterable[SendResult], fmt: str) -> None:
    """Each result as it happens (table) or all at the end (json/csv/ndjson); exit 1 when any
    request was not sent or is uncertain.

    Raises:
        FoilbotError: some requests failed (after everything was printed).
    """
    from foilbot import console
    from foilbot.errors import FoilbotError

    done = []
    for r in results:
        done.append(r)
        if fmt == "table":
            target = r.recipient if r.state == "sent" else (r.detail if r.state != "written" else r.detail)
            extra = f" ({r.message_id})" if r.state == "sent" else ""
            console.echo(f"{r.reference}: {_VERB[r.state]} {target}{extra}")
    console.print_items(fmt, [r.as_dict() for r in done], SEND_KEYS)
    bad = [r for r in done if r.state in ("failed", "uncertain")]
    if bad:
        raise FoilbotError(
            f"{len(bad)} of {len(done)} request(s) not sent: {', '.join(r.reference for r in bad[:10])}",
            hint="The lines above say why; fixed ones can be sent again (sent ones are skipped).",
        )


def print_filed(results: Sequence[Filed], fmt: str) -> None:
    """One line per imported message, then a count (table), or the listing (json/csv/ndjson); exit 1
    when a message was unreadable (an empty file, bytes that are no email), after the rest.

    Raises:
        FoilbotError: some messages were unreadable (after everything was printed).
    """
    from foilbot import console
    from foilbot.errors import FoilbotError
    from foilbot.services.inbox import KEYS

    if not console.print_items(fmt, [r.as_dict() for r in results], KEYS):
        for r in results:
            if r.state == "filed":
                console.echo(f"{r.origin}: filed with {r.reference} (by {r.matched_by}): {r.subject}")
            elif r.state == "unmatched":
                console.echo(f"{r.origin}: unmatched, message {r.id} ({r.detail}): {r.sender}: {r.subject}")
            else:
                console.echo(f"{r.origin}: {r.state}: {r.detail}")
        counts = {
            s: sum(r.state == s for r in results) for s in ("filed", "unmatched", "duplicate", "unreadable")
        }
        console.info(", ".join(f"{n} {s}" for s, n in counts.items()) + ".")
        if counts["unmatched"]:
            console.info("File the unmatched ones: foilbot inbox list, then foilbot inbox assign ID REF.")
    unreadable = [r.origin for r in results if r.state == "unreadable"]
    if unreadable:  # as `db check` does: every line first, then exit 1 (issue 9: an empty file "imported")
        raise FoilbotError(
            f"{len(unreadable)} of {len(results)} message(s) unreadable: {', '.join(unreadable[:5])}",
            hint="The lines above say why; the other messages were imported.",
        )


def _show(item: dict[str, Any]) -> None:
    from foilbot import console

    hint = item["suggestion"]
    detail = ", ".join(f"{k} {v}" for k, v in hint.items() if k not in ("kind", "evidence"))
    console.echo(f"\n#{item['id']} {item['reference']}  {item['day']}  {item['sender']}")
    console.echo(f"Subject: {item['subject']}")
    console.echo_lines(["  " + line for line in item["text"].strip().splitlines()[:12]])
    console.echo(
        f"Suggested: {hint.get('kind')}{f' ({detail})' if detail else ''} — {hint.get('evidence', '')}"
    )


def _confirm(s: Any, *, message: int, kind: str, settings: Settings, on: Any) -> Any:
    from foilbot.services.review import confirm

    return confirm(s, message, kind, settings, on=on)


def review_each(ident: str | None, settings: Settings) -> None:
    """The interactive review: one reply at a time; Enter accepts the suggestion, a kind changes it,
    `skip` leaves it for later, `quit` stops. Each answer is committed as it is given."""
    import typer

    from foilbot import console
    from foilbot.cli import common
    from foilbot.services.review import NOTHING, pending

    with common.session() as s:
        waiting = pending(s, ident)
    if not waiting:
        console.info("No replies awaiting review.")
        return
    for item in waiting:
        _show(item)
        kind = typer.prompt(
            "Log as (a kind, 'nothing', 'skip' or 'quit')", default=item["suggestion"].get("kind")
        )
        if kind in ("quit", "q"):
            return
        if kind in ("skip", "s"):
            continue
        kind = "nothing" if kind == "note" else kind  # the reply itself is already in the history
        on = (
            None
            if kind in NOTHING
            else common.parse_date(typer.prompt("Date", default=str(item["day"])), "date")
        )
        logged = common.write(partial(_confirm, message=item["id"], kind=kind, settings=settings, on=on))
        console.echo(
            f"{item['reference']}: "
            + (
                f"logged {logged.kind} on {logged.day}; status {logged.status}."
                if logged
                else "reviewed, nothing logged."
            )
        )
