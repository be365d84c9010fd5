"""What is already done about a request before a run sends it: sent, held by a live run, or left
unfinished by a stopped one (services/sending.py has the protocol; send_lease.py the lease)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from foilbot import clock

if TYPE_CHECKING:
    from collections.abc import Callable
    from contextlib import AbstractContextManager

    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.models import OutboundMessage
    from foilbot.services.inbox_fetch import SentFolder
    from foilbot.services.send_lease import Lease

    Opener = Callable[[], AbstractContextManager[Session]]


@dataclass(frozen=True)
class SendResult:
    reference: str
    state: str  # sent | failed | skipped | uncertain | written (dry run)
    detail: str = ""
    message_id: str = ""
    recipient: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("reference", "state", "recipient", "message_id", "detail")}


def pending_row(session: Session, request_id: int) -> OutboundMessage | None:
    from sqlmodel import col, select

    from foilbot.models import OutboundMessage

    return session.scalars(
        select(OutboundMessage)
        .where(
            col(OutboundMessage.request_id) == request_id, col(OutboundMessage.state).in_(("sending", "sent"))
        )
        .order_by(col(OutboundMessage.id).desc())
    ).first()


def record_sent(
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


@dataclass(frozen=True)
class TakenOver:
    """A `sending` row a stopped run left before its hand-over began, now this run's to send."""

    message_id: str
    recipient: str
    sha256: str


def reconcile_row(
    opener: Opener,
    request_id: int,
    reference: str,
    reconcile: str | None,
    settings: Settings,
    lease: Lease,
    sent_box: SentFolder | None = None,
) -> SendResult | TakenOver | None:
    """A request already sent, held by a live run, or left `sending` by a run that stopped; None when
    it may be sent afresh, TakenOver when this run now holds a stopped run's unsent message."""
    from foilbot.services.requests import get_request
    from foilbot.services.send_lease import held_message, holder, stopped_message

    with opener() as s:
        # The request's row held: of two runs looking at one stopped run's row, one takes it over.
        req = get_request(s, request_id, lock=True)
        row = pending_row(s, request_id)
        if row is None and reconcile is not None:
            return SendResult(reference, "skipped", "nothing to reconcile: no unfinished send")
        if row is None or row.state == "sent":
            if req.sent_on is not None or row is not None:
                return SendResult(reference, "skipped", f"already sent on {req.sent_on}")
            if req.status != "draft":
                return SendResult(reference, "skipped", f"status {req.status}: nothing to send")
            return None
        if holder(row, lease.owner) is not None:
            return SendResult(reference, "skipped", held_message(row), row.message_id, row.recipient)
        left_by = stopped_message(row)
        if reconcile == "sent":
            record_sent(s, row, settings, row.created_at.date(), reference)
            return SendResult(
                reference, "sent", "recorded as sent (reconciled)", row.message_id, row.recipient
            )
        if reconcile == "unsent":
            row.state, row.updated_at = "abandoned", clock.now()
            s.add(row)
            return None
        if row.handed_at is None:  # the server never saw its end: send it now, from this run
            lease.claim(row)
            s.add(row)
            return TakenOver(row.message_id, row.recipient, row.sha256)
        found = sent_box.has(row.message_id) if sent_box is not None else None
        if found:
            record_sent(s, row, settings, row.created_at.date(), reference)
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
            f"was being handed to the server when {left_by} stopped "
            f"(since {row.created_at:%Y-%m-%d %H:%M} UTC){checked}; look for Message-ID "
            f"{row.message_id} in your Sent folder, then run again with --reconcile sent (it is there) "
            "or --reconcile unsent (send it again)",
            row.message_id,
            row.recipient,
        )
