"""`request send`: requests by email, never sent twice (issue 11).

The protocol, per request:
1. compose the message (letter as text, PDF attached, a fresh Message-ID) and keep its .eml in the
   attachment store (hashed, outside any transaction);
2. commit an `outbound_message` row in state `sending` with that Message-ID;
3. hand the message to the SMTP server;
4. in one transaction, mark the row `sent` and log the `sent` event (via email, the .eml attached).

A process killed between 3 and 4 leaves a `sending` row: the next run sends nothing for that request.
With [imap] configured it looks for the Message-ID in the Sent folder and, when it is there, records
the `sent` event (step 4) without asking; otherwise it asks the user to reconcile (`--reconcile sent`
once the message is in the Sent folder, or `--reconcile unsent` to send it again with a new
Message-ID). A refusal (5xx, or temporary failures past the retries) marks the row `failed` with the
server's words; the batch goes on. `request send` and `campaign send` are this one path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot import clock
from foilbot.errors import ConfigError, FoilbotError, UsageError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.mail.smtp import Sender
    from foilbot.models import OutboundMessage
    from foilbot.services.inbox_fetch import SentFolder
    from foilbot.services.request_mail import Ready

Opener = Callable[[], AbstractContextManager["Session"]]
RECONCILE = ("sent", "unsent")


@dataclass(frozen=True)
class SendResult:
    reference: str
    state: str  # sent | failed | skipped | uncertain | written (dry run)
    detail: str = ""
    message_id: str = ""
    recipient: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("reference", "state", "recipient", "message_id", "detail")}


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


def _pending(session: Session, request_id: int) -> OutboundMessage | None:
    from sqlmodel import col, select

    from foilbot.models import OutboundMessage

    return session.scalars(
        select(OutboundMessage)
        .where(
            col(OutboundMessage.request_id) == request_id, col(OutboundMessage.state).in_(("sending", "sent"))
        )
        .order_by(col(OutboundMessage.id).desc())
    ).first()


def _record_sent(
    session: Session, row: OutboundMessage, settings: Settings, day: date, reference: str
) -> None:
    from foilbot.services.attachments import Kept
    from foilbot.services.events import log_event

    now = clock.now()
    row.state, row.updated_at = "sent", now
    session.add(row)
    size = (settings.files_dir / row.sha256[:2] / row.sha256).stat().st_size
    log_event(
        session,
        row.request_id,
        "sent",
        day,
        settings,
        today=max(day, clock.today()),
        data={"via": "email", "message_id": row.message_id},
        files=[Kept(f"{reference}.eml", row.sha256, size)],
        now=now,
    )


def _reconcile(
    opener: Opener,
    request_id: int,
    reference: str,
    reconcile: str | None,
    settings: Settings,
    sent_box: SentFolder | None = None,
) -> SendResult | None:
    """A request already sent, or left `sending` by a run that stopped; None when it may be sent."""
    with opener() as s:
        from foilbot.models import Request

        req = s.get_one(Request, request_id)
        row = _pending(s, request_id)
        if row is None and reconcile is not None:
            return SendResult(reference, "skipped", "nothing to reconcile: no unfinished send")
        if row is None or row.state == "sent":
            if req.sent_on is not None or row is not None:
                return SendResult(reference, "skipped", f"already sent on {req.sent_on}")
            if req.status != "draft":
                return SendResult(reference, "skipped", f"status {req.status}: nothing to send")
            return None
        if reconcile == "sent":
            _record_sent(s, row, settings, row.created_at.date(), reference)
            return SendResult(
                reference, "sent", "recorded as sent (reconciled)", row.message_id, row.recipient
            )
        if reconcile == "unsent":
            row.state, row.updated_at = "abandoned", clock.now()
            s.add(row)
            return None
        found = sent_box.has(row.message_id) if sent_box is not None and reconcile is None else None
        if found:
            _record_sent(s, row, settings, row.created_at.date(), reference)
            return SendResult(
                reference,
                "sent",
                f"found in the Sent folder {sent_box.name!r} (reconciled)" if sent_box else "",
                row.message_id,
                row.recipient,
            )
        checked = ""
        if sent_box is not None:
            checked = (
                f"; it is not in the Sent folder {sent_box.name!r}"
                if found is not None
                else f"; the Sent folder could not be checked ({sent_box.problem})"
            )
        return SendResult(
            reference,
            "uncertain",
            "was being handed to the server when foilbot stopped, or another run is still sending it "
            f"(since {row.created_at:%Y-%m-%d %H:%M} UTC){checked}; once no run is, look for Message-ID "
            f"{row.message_id} in your Sent folder, then run again with --reconcile sent (it is there) "
            "or --reconcile unsent (send it again)",
            row.message_id,
            row.recipient,
        )


def _keep_eml(data: bytes, root: Path) -> str:
    from foilbot.services.attachments import keep_bytes

    return keep_bytes(data, root).sha256


def send_one(
    opener: Opener,
    request_id: int,
    settings: Settings,
    sender: Sender,
    *,
    reconcile: str | None = None,
    sent_box: SentFolder | None = None,
    ready: Ready | None = None,
) -> SendResult:
    """Send one request by the protocol above; every outcome is a result, never an exception,
    except a refused login or TLS (ConfigError), which stops the batch."""
    from foilbot.mail.smtp import SendFailure, Uncertain
    from foilbot.models import OutboundMessage, Request
    from foilbot.services.request_mail import compose

    today, now = clock.today(), clock.now()
    with opener() as s:
        reference = s.get_one(Request, request_id).reference
    done = _reconcile(opener, request_id, reference, reconcile, settings, sent_box)
    if done is not None:
        return done
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

        req = get_request(s, request_id, lock=True)
        taken = _pending(s, request_id)
        if taken is not None or req.sent_on is not None:
            why = "being sent by another run" if taken is not None and taken.state == "sending" else "sent"
            return SendResult(reference, "skipped", f"already {why}", "", out.recipient)
        row = OutboundMessage(
            request_id=request_id,
            message_id=message_id,
            state="sending",
            recipient=out.recipient,
            sha256=sha,
            created_at=now,
            updated_at=now,
        )
        s.add(row)
    try:
        sent = sender.send(data, out.sender, out.recipient)
    except ConfigError as exc:  # login or TLS refused before the message was handed over
        _mark(opener, message_id, "failed", exc.message)
        raise
    except SendFailure as exc:
        _mark(opener, message_id, "failed", exc.words)
        kind = "refused" if exc.permanent else "temporary failure"
        return SendResult(reference, "failed", f"{kind}: {exc.words}", message_id, out.recipient)
    except Uncertain as exc:
        return SendResult(
            reference, "uncertain", f"{exc}; check the Sent folder, then --reconcile", message_id
        )
    with opener() as s:
        from sqlmodel import col, select

        row = s.scalars(select(OutboundMessage).where(col(OutboundMessage.message_id) == message_id)).one()
        row.attempts = sent.attempts
        _record_sent(s, row, settings, today, reference)
    return SendResult(reference, "sent", f"{sent.attempts} attempt(s)", message_id, out.recipient)


def _mark(opener: Opener, message_id: str, state: str, error: str) -> None:
    from sqlmodel import col, select

    from foilbot.models import OutboundMessage

    with opener() as s:
        row = s.scalars(select(OutboundMessage).where(col(OutboundMessage.message_id) == message_id)).one()
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
            try:
                with make() as sender:
                    for request_id in ids:
                        yield send_one(
                            opener,
                            request_id,
                            settings,
                            sender,
                            reconcile=reconcile,
                            sent_box=sent,
                            ready=ready,
                        )
            finally:
                if sent is not None:
                    sent.close()
        finally:
            ready.stop()
