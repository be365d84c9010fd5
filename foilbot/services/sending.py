"""`request send`: requests by email, never sent twice (issue 11).

The protocol, per request:
1. compose the message (letter as text, PDF attached, a fresh Message-ID) and keep its .eml in the
   attachment store (hashed, outside any transaction);
2. commit an `outbound_message` row in state `sending` with that Message-ID;
3. hand the message to the SMTP server;
4. in one transaction, mark the row `sent` and log the `sent` event (via email, the .eml attached).

The `sending` row carries a lease (services/send_lease.py): another run skips it while its holder
is alive, naming the holder, and takes it over once the holder stopped. A run killed before the
message's last line went to the server (step 3, `handed_at` empty) left a message the server cannot
have taken: the run taking over sends it, the same bytes, once. Killed later, the message may have
been taken: with [imap] configured the run looks for its Message-ID in the Sent folder and, when it
is there, records the `sent` event (step 4) without asking; otherwise it asks the user to reconcile
(`--reconcile sent` once the message is in the Sent folder, or `--reconcile unsent` to send it again
with a new Message-ID). A refusal (5xx, or temporary failures past the retries) marks the row
`failed` with the server's words; the batch goes on. `request send` and `campaign send` are this one path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from foilbot import clock
from foilbot.errors import ConfigError, FoilbotError, UsageError
from foilbot.services.send_state import SendResult, TakenOver, pending_row, reconcile_row, record_sent

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.mail.smtp import Sender
    from foilbot.services.inbox_fetch import SentFolder
    from foilbot.services.request_mail import Ready
    from foilbot.services.send_lease import Lease

Opener = Callable[[], AbstractContextManager["Session"]]
__all__ = ["SendResult", "send_requests", "send_one", "sendable", "targets", "dry_run"]
RECONCILE = ("sent", "unsent")


def targets(session: Session, refs: Sequence[str], campaign: str | None) -> list[int]:
    """The requests to send: the given ones in order, then the campaign's in campaign order (each once).

    Raises:
        UsageError: neither refs nor a campaign.
        NotFoundError: a reference names no request; no such campaign.
    """
    from foilbot.services.campaign_ops import campaign_requests
    from foilbot.services.requests import get_request

    if not refs and not campaign:
        raise UsageError("name requests to send (REF …) or --campaign NAME")
    ids = [int(get_request(session, r).id or 0) for r in refs]
    if campaign:
        ids += [int(r.id or 0) for r in campaign_requests(session, campaign)]
    return list(dict.fromkeys(ids))


def _keep_eml(data: bytes, root: Path) -> str:
    from foilbot.services.attachments import keep_bytes

    return keep_bytes(data, root).sha256


def send_one(
    opener: Opener,
    request_id: int,
    settings: Settings,
    sender: Sender,
    *,
    lease: Lease,
    reconcile: str | None = None,
    sent_box: SentFolder | None = None,
    ready: Ready | None = None,
) -> SendResult:
    """Send one request by the protocol above; every outcome is a result, never an exception,
    except a refused login or TLS (ConfigError), which stops the batch."""
    from foilbot.models import OutboundMessage, Request
    from foilbot.services.request_mail import compose, from_address

    today, now = clock.today(), clock.now()
    with opener() as s:
        reference = s.get_one(Request, request_id).reference
    done = reconcile_row(opener, request_id, reference, reconcile, settings, lease, sent_box)
    if isinstance(done, SendResult):
        return done
    if isinstance(done, TakenOver):
        data = _kept(settings.files_dir, done.sha256)
        if data is None:
            _mark(opener, lease, done.message_id, "failed", "its kept .eml is missing or damaged")
            return SendResult(
                reference,
                "failed",
                "taken over from a stopped run, but its kept .eml is missing or damaged; "
                "run again to send it afresh",
                done.message_id,
                done.recipient,
            )
        taken = "taken over from a stopped run; "
        return _hand_over(
            opener,
            reference,
            settings,
            sender,
            lease,
            data,
            from_address(settings),
            done.recipient,
            done.message_id,
            today,
            taken,
        )
    try:
        with opener() as s:
            out = compose(s, request_id, settings, on=today, when=now, pdfs=ready)
    except FoilbotError as exc:
        return SendResult(reference, "failed", exc.message + (f" ({exc.hint})" if exc.hint else ""))
    message_id = str(out.message["Message-ID"])
    data = out.message.as_bytes()  # the bytes kept are the bytes sent
    sha = _keep_eml(data, settings.files_dir)
    with opener() as s:
        # Claim the request: with its row held, no other run is sending it or has sent it since the
        # check above (two `request send --campaign` at once: issue 13); else this run sends nothing.
        from foilbot.services.requests import get_request
        from foilbot.services.send_lease import held_message

        req = get_request(s, request_id, lock=True)
        pending = pending_row(s, request_id)
        if pending is not None and pending.state == "sending":
            return SendResult(reference, "skipped", held_message(pending), "", out.recipient)
        if pending is not None or req.sent_on is not None:
            return SendResult(reference, "skipped", "already sent", "", out.recipient)
        row = OutboundMessage(
            request_id=request_id,
            message_id=message_id,
            state="sending",
            recipient=out.recipient,
            sha256=sha,
            created_at=now,
            updated_at=now,
        )
        lease.claim(row)
        s.add(row)
    return _hand_over(
        opener, reference, settings, sender, lease, data, out.sender, out.recipient, message_id, today, ""
    )


def _hand_over(
    opener: Opener,
    reference: str,
    settings: Settings,
    sender: Sender,
    lease: Lease,
    data: bytes,
    envelope_from: str,
    recipient: str,
    message_id: str,
    today: date,
    said: str,
) -> SendResult:
    """Step 3 and 4 for a row this run holds: hand the bytes over, `handed_at` recorded (while the row
    is still this run's) just before the message's last line; then record it sent."""
    from functools import partial

    from foilbot.mail.smtp import SendFailure, Uncertain
    from foilbot.models import OutboundMessage
    from foilbot.services.send_lease import LeaseLost

    try:
        sent = sender.send(
            data, envelope_from, recipient, before_end=partial(lease.mark_handed, opener, message_id)
        )
    except LeaseLost as exc:  # stalled past the lease: the run that took the row over sends it
        return SendResult(reference, "skipped", exc.message, message_id, recipient)
    except ConfigError as exc:  # login or TLS refused before the message was handed over
        _mark(opener, lease, message_id, "failed", exc.message)
        raise
    except SendFailure as exc:
        _mark(opener, lease, message_id, "failed", exc.words)
        kind = "refused" if exc.permanent else "temporary failure"
        return SendResult(reference, "failed", f"{said}{kind}: {exc.words}", message_id, recipient)
    except Uncertain as exc:
        lease.release(opener, message_id)  # nothing more this run can do: the next run asks
        return SendResult(
            reference, "uncertain", f"{exc}; check the Sent folder, then --reconcile", message_id
        )
    with opener() as s:
        from sqlmodel import col, select

        row = s.scalars(select(OutboundMessage).where(col(OutboundMessage.message_id) == message_id)).one()
        row.attempts = sent.attempts
        record_sent(s, row, settings, today, reference)
    return SendResult(reference, "sent", f"{said}{sent.attempts} attempt(s)", message_id, recipient)


def _kept(root: Path, sha256: str) -> bytes | None:
    """The .eml kept in the attachment store, if it is there and whole."""
    import hashlib

    try:
        data = (root / sha256[:2] / sha256).read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == sha256 else None


def _mark(opener: Opener, lease: Lease, message_id: str, state: str, error: str) -> None:
    """Record how a send this run holds ended; a row another run took over is that run's to record."""
    from sqlmodel import col, select

    from foilbot.models import OutboundMessage

    with opener() as s:
        row = s.scalars(
            select(OutboundMessage).where(
                col(OutboundMessage.message_id) == message_id, col(OutboundMessage.owner) == lease.owner
            )
        ).first()
        if row is not None:
            row.state, row.error, row.updated_at = state, error[:1000], clock.now()
            s.add(row)


def dry_run(
    opener: Opener, request_id: int, settings: Settings, out_dir: Path, ready: Ready | None = None
) -> SendResult:
    """Write the message as REFERENCE.eml in out_dir instead of sending it; records nothing."""
    from foilbot.files import write_atomic
    from foilbot.services.request_mail import compose

    try:
        with opener() as s:
            out = compose(s, request_id, settings, on=clock.today(), when=clock.now(), pdfs=ready)
    except FoilbotError as exc:
        from foilbot.models import Request

        with opener() as s:
            reference = s.get_one(Request, request_id).reference
        return SendResult(reference, "failed", exc.message + (f" ({exc.hint})" if exc.hint else ""))
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out {out_dir}: not a folder")
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{out.reference}.eml"
    write_atomic(path, out.message.as_bytes())
    return SendResult(out.reference, "written", str(path), str(out.message["Message-ID"]), out.recipient)


def sendable(session: Session, ids: Sequence[int]) -> list[int]:
    """Of `ids`, the drafts no run has sent or started to send whose agency has an address: the
    letters worth rendering before the batch (the others are skipped or refused one by one)."""
    from foilbot.queries import Reader

    wanted = set(ids)
    rows = Reader(session).rows(
        "SELECT r.id FROM request r JOIN agency a ON a.id = r.agency_id "
        "WHERE r.status = 'draft' AND r.sent_on IS NULL AND a.email != '' AND NOT EXISTS "
        "(SELECT 1 FROM outbound_message o WHERE o.request_id = r.id AND o.state IN ('sending', 'sent'))"
    )
    found = {int(r["id"]) for r in rows}
    return [i for i in ids if i in found and i in wanted]


def send_requests(
    opener: Opener,
    refs: Sequence[str],
    settings: Settings,
    *,
    campaign: str | None = None,
    dry_run_dir: Path | None = None,
    reconcile: str | None = None,
    sender_factory: Callable[[], Sender] | None = None,
) -> Iterator[SendResult]:
    """Send (or, with dry_run_dir, write) each request; results as they happen. `request send` and
    `campaign send` both come here.

    The letters to send are rendered first, in one batch on every core; then each request goes by
    the protocol above, at smtp.rate messages a minute. A `sending` row a stopped run left is looked
    for in the Sent folder when [imap] is configured, else the user is asked.

    Raises:
        UsageError: nothing to send, an unknown --reconcile, smtp.host unset.
        NotFoundError: no such campaign.
        ConfigError: no password, a refused login or TLS.
    """
    import tempfile

    from foilbot.config import smtp_settings
    from foilbot.mail.secrets import smtp_password
    from foilbot.mail.smtp import Sender
    from foilbot.services.inbox_fetch import sent_folder
    from foilbot.services.request_mail import prerender
    from foilbot.services.send_lease import Heartbeat, Lease, run_owner

    if reconcile is not None and reconcile not in RECONCILE:
        raise UsageError(f"--reconcile {reconcile!r}: use sent or unsent")
    with opener() as s:
        ids = targets(s, refs, campaign)
    cfg = smtp_settings(settings)
    if dry_run_dir is None and not cfg.host:
        raise UsageError("smtp.host is not set", hint="See docs/how-to/email.md, or try --dry-run first.")
    # The password before any letter is rendered: a missing one is said at once.
    password = smtp_password(cfg.user) if dry_run_dir is None and sender_factory is None else None
    with tempfile.TemporaryDirectory(prefix="foilbot-send-") as tmp:
        with opener() as s:
            ready = prerender(s, sendable(s, ids), settings, on=clock.today(), folder=Path(tmp))
        ready.start()
        try:
            if dry_run_dir is not None:
                for request_id in ids:
                    yield dry_run(opener, request_id, settings, dry_run_dir, ready)
                return
            sent = sent_folder(settings) if reconcile is None else None
            make = sender_factory or (lambda: Sender(cfg, password))
            lease = Lease(run_owner(settings.user), cfg.lease)
            try:
                with make() as sender, Heartbeat(lease, opener):
                    for request_id in ids:
                        yield send_one(
                            opener,
                            request_id,
                            settings,
                            sender,
                            lease=lease,
                            reconcile=reconcile,
                            sent_box=sent,
                            ready=ready,
                        )
            finally:
                if sent is not None:
                    sent.close()
        finally:
            ready.stop()
