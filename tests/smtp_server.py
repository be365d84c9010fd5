"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the sending tests, with scripted failures."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Handler:
    """Accepts mail into `messages`; `plan[stage]` lists answers to give first ("451 …", "550 …",
    "drop" to close the connection), consumed one per command. `on_rcpt` runs at each RCPT (before
    the message); while `hold` is set, a RCPT waits (the client waits for its answer) until it is
    cleared, once per `hold` given. `holding` is set once a RCPT is being held: a test waits for it
    rather than guess when the client has reached its RCPT."""

    messages: list[EmailMessage] = field(default_factory=list)
    plan: dict[str, list[str]] = field(default_factory=dict)
    on_accept: Callable[[], None] | None = None
    logins: list[tuple[bytes, bytes]] = field(default_factory=list)
    on_rcpt: Callable[[], None] | None = None
    hold: threading.Event | None = None
    holding: threading.Event = field(default_factory=threading.Event)
    rcpts: int = 0

    def _next(self, stage: str) -> str | None:
        queue = self.plan.get(stage) or []
        return queue.pop(0) if queue else None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        self.rcpts += 1
        if self.on_rcpt is not None:
            self.on_rcpt()
        held, self.hold = self.hold, None
        if held is not None:
            self.holding.set()
        while held is not None and held.is_set():
            await asyncio.sleep(0.02)  # other connections go on meanwhile
        action = self._next("rcpt")
        if action == "drop":
            server.transport.close()
            return "421 4.4.2 connection dropped"
        if action:
            return action
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        action = self._next("data")
        if action:
            return action
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
        if self.on_accept is not None:
            self.on_accept()
        return "250 2.0.0 Ok: queued"


class Server:
    def __init__(self, password: str | None = None) -> None:
        from aiosmtpd.controller import Controller

        self.handler = Handler()
        self.port = free_port()
        kwargs = {}
        if password is not None:
            from aiosmtpd.smtp import AuthResult

            def check(server, session, envelope, mechanism, auth_data):
                self.handler.logins.append((auth_data.login, auth_data.password))
                return AuthResult(success=auth_data.password == password.encode())

            kwargs = {"authenticator": check, "auth_require_tls": False}
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def __enter__(self) -> Server:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()


def send_killed_on_accept(folder: Path, smtp: Any, reference: str) -> Any:
    """`foilbot request send REFERENCE` in a process of its own, killed (SIGKILL) the moment the server
    accepts the message, before it hears the answer or records anything past `sending`. Its hold on the
    request (smtp.lease) is one second. Returns the finished process (its pid and exit code)."""
    import os
    import signal
    import subprocess
    import sys

    from tests.conftest import REPO

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(REPO)}
    env["FOILBOT_SMTP_LEASE"] = "1"  # the killed run's hold runs out a second after it was last renewed
    proc = subprocess.Popen(
        [sys.executable, "-m", "foilbot", "request", "send", reference],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    smtp.handler.on_accept = lambda: os.kill(proc.pid, signal.SIGKILL)
    try:
        proc.communicate(timeout=120)
    finally:
        smtp.handler.on_accept = None
    return proc
