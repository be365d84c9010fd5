"""What the mail commands print: one line per message as it happens, or a versioned listing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
    """One line per imported message, then a count (table), or the listing (json/csv/ndjson)."""
    from foilbot import console
    from foilbot.services.inbox import KEYS

    if console.print_items(fmt, [r.as_dict() for r in results], KEYS):
        return
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
