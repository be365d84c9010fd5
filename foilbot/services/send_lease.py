"""Who is sending a request right now: a lease on each `sending` row (issue 13).

A run that claims a request for sending writes its name on the outbound_message row (`owner`: user,
host, process id and a run token) and `lease_until` (now + smtp.lease seconds), and renews it every
quarter of that from a heartbeat thread while it runs. Another run that meets the row:

- lease running: the holder is alive; the request is skipped, naming the holder (a campaign sent by
  two people at once is shared out between their runs, each request once);
- lease run out, or none (a row from before schema 0008): the holder stopped without finishing
  (killed, crashed, the machine lost power or network). The row is taken over: its owner becomes
  this run, so the stopped one, should it wake up, can no longer hand the message over. If the
  hand-over never began (`handed_at` empty: the server never saw the message's last line, so it
  cannot have taken it), the same message (the same bytes, the same Message-ID) is sent now, once.
  Otherwise it may have been taken: the Sent folder is asked ([imap]), else the user (--reconcile).

`handed_at` is set only while the run still owns the row (`mark_handed`, one transaction), just
before the last line goes: of a stopped run and the one that took over, only one can ever hand
the message over. Times come from clock.instant(), the real time even when FOILBOT_TODAY fixes the
day; the team's machines' clocks must agree to well within smtp.lease (NTP keeps them within a
second).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from foilbot import clock
from foilbot.errors import FoilbotError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.models import OutboundMessage

Opener = Callable[[], AbstractContextManager["Session"]]


def run_owner(user: str) -> str:
    """This run's name on the rows it holds: who, where, which process, and a token of its own (a
    process id can come back after a reboot)."""
    return f"{user}@{socket.gethostname()} pid {os.getpid()} run {secrets.token_hex(3)}"


def _utc(value: datetime | None) -> datetime | None:
    """A stored timestamp as aware UTC (SQLite gives it back without its zone; it was written in UTC)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class Lease:
    """One sending run's hold on the rows it claims."""

    owner: str
    seconds: int

    def until(self) -> datetime:
        return clock.instant() + timedelta(seconds=self.seconds)

    def claim(self, row: OutboundMessage) -> None:
        """Make `row` this run's (a new row, or one taken over), in the caller's transaction."""
        row.owner, row.lease_until, row.updated_at = self.owner, self.until(), clock.now()

    def renew(self, opener: Opener) -> int:
        """Push back the lease of every row this run still holds; how many."""
        from sqlalchemy import update
        from sqlmodel import col

        from foilbot.models import OutboundMessage

        with opener() as s:
            done = s.execute(
                update(OutboundMessage)
                .where(col(OutboundMessage.owner) == self.owner, col(OutboundMessage.state) == "sending")
                .values(lease_until=self.until())
            )
        return int(getattr(done, "rowcount", 0) or 0)

    def mark_handed(self, opener: Opener, message_id: str) -> None:
        """Record that the hand-over begins, if this run still holds the row.

        Raises:
            LeaseLost: another run took the row over (this one was not heard from for smtp.lease
                seconds); the message must not be handed over from here.
        """
        from sqlalchemy import update
        from sqlmodel import col

        from foilbot.models import OutboundMessage

        with opener() as s:
            done = s.execute(
                update(OutboundMessage)
                .where(
                    col(OutboundMessage.message_id) == message_id,
                    col(OutboundMessage.owner) == self.owner,
                    col(OutboundMessage.state) == "sending",
                )
                .values(handed_at=clock.instant(), lease_until=self.until())
            )
            if not getattr(done, "rowcount", 0):
                raise LeaseLost(message_id)

    def release(self, opener: Opener, message_id: str | None = None) -> None:
        """Let go of a row this run can do no more with (the server's answer was lost), or of every
        row it still holds (the run ends, Ctrl-C): the next run finds them stopped at once, without
        waiting for the lease to run out."""
        from sqlalchemy import update
        from sqlmodel import col

        from foilbot.models import OutboundMessage

        mine = [col(OutboundMessage.owner) == self.owner, col(OutboundMessage.state) == "sending"]
        if message_id is not None:
            mine.append(col(OutboundMessage.message_id) == message_id)
        with opener() as s:
            s.execute(update(OutboundMessage).where(*mine).values(lease_until=clock.instant()))


class LeaseLost(FoilbotError):
    """Another run took over a row this run was sending: this run was not heard from in time."""

    def __init__(self, message_id: str) -> None:
        super().__init__(
            f"message {message_id}: another run took it over while this one was stalled; not sent from here",
            hint="Raise smtp.lease if runs stall that long (a busy machine, a slow database).",
        )


def holder(row: OutboundMessage, me: str) -> str | None:
    """The live run holding `row` (its owner), or None when the row is free to take over."""
    until = _utc(row.lease_until)
    if row.owner == me or until is None or until <= clock.instant():
        return None
    return row.owner


def held_message(row: OutboundMessage) -> str:
    """Why a run skips a row another live run holds: who holds it, and until when at least."""
    until = _utc(row.lease_until)
    assert until is not None
    return (
        f"being sent by {row.owner} (it holds it until {until:%H:%M:%S} UTC and renews that while it "
        "runs); run again once it has finished"
    )


def stopped_message(row: OutboundMessage) -> str:
    """Who left an unfinished row, and when they were last heard from."""
    until = _utc(row.lease_until)
    if not row.owner or until is None:
        return "a run that stopped"
    return f"{row.owner}, last heard from before {until:%Y-%m-%d %H:%M:%S} UTC"


class Heartbeat:
    """A thread renewing the lease every quarter of it while the run goes on (rendering, pacing,
    a slow server): a live run never looks stopped. A failed renewal (the database busy or away)
    is tried again at the next beat."""

    def __init__(self, lease: Lease, opener: Opener) -> None:
        self.lease = lease
        self.opener = opener
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="foilbot-send-lease", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.lease.seconds / 4):
            try:
                self.lease.renew(self.opener)
            except Exception:  # noqa: BLE001 - the next beat tries again; the lease has 3 more beats
                continue

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        # A run that ends holds nothing (a Ctrl-C mid-send); if this fails, the lease runs out by itself.
        with contextlib.suppress(Exception):
            self.lease.release(self.opener)
