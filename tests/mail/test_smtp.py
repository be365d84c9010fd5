"""foilbot.mail.smtp against a real SMTP server on loopback: retries, refusals, drops."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from foilbot.config import SmtpSettings
from foilbot.mail.compose import request_message, subject_line
from foilbot.mail.smtp import Sender, SendFailure
from tests.smtp_server import Server


def settings(port: int, **kw) -> SmtpSettings:
    base = dict(
        host="127.0.0.1",
        port=port,
        security="none",
        verify=True,
        user="",
        from_address="",
        rate=0,
        retries=2,
        backoff=0,
    )
    return SmtpSettings(**(base | kw))


def message(subject: str = "test") -> object:
    return request_message(
        sender="requester@example.org",
        sender_name="Pat Requester",
        recipient="foil@district.example.org",
        subject=subject,
        body="Dear Records Access Officer:\n",
        pdf=b"%PDF-1.7\n",
        pdf_name="FOIL.pdf",
        message_id="<1@example.org>",
        when=datetime(2026, 11, 30, 12, tzinfo=timezone.utc),
    )


def test_temporary_refusals_and_a_dropped_connection_are_retried() -> None:
    slept: list[float] = []
    with Server() as server:
        server.handler.plan = {"rcpt": ["451 4.7.1 Greylisted, try again", "drop"]}
        with Sender(settings(server.port, backoff=3), None, sleep=slept.append) as sender:
            sent = sender.send(message(), "requester@example.org", "foil@district.example.org")
    assert sent.attempts == 3
    assert slept == [3, 6]  # backoff, then doubled
    assert len(server.handler.messages) == 1


def test_permanent_refusal_is_not_retried() -> None:
    with Server() as server:
        server.handler.plan = {"rcpt": ["550 5.1.1 <foil@district.example.org>: Recipient address rejected"]}
        with (
            Sender(settings(server.port), None, sleep=lambda s: None) as sender,
            pytest.raises(SendFailure) as err,
        ):
            sender.send(message(), "requester@example.org", "foil@district.example.org")
    assert err.value.permanent
    assert err.value.words == "550 5.1.1 <foil@district.example.org>: Recipient address rejected"
    assert server.handler.messages == []


def test_an_address_that_is_not_ascii_is_a_permanent_refusal_not_a_crash() -> None:
    """`josé@…` stopped a whole campaign send with "unexpected UnicodeEncodeError" (smtplib sends
    addresses as ASCII); it is refused for that message, and the next goes on the same connection."""
    with Server() as server, Sender(settings(server.port), None, sleep=lambda s: None) as sender:
        with pytest.raises(SendFailure) as err:
            sender.send(message(), "requester@example.org", "josé@district.example.org")
        sender.send(message(), "requester@example.org", "foil@district.example.org")
    assert err.value.permanent and "is not plain ASCII" in err.value.words
    assert len(server.handler.messages) == 1


def test_retries_run_out() -> None:
    with Server() as server:
        server.handler.plan = {"data": ["452 4.3.1 Insufficient system storage"] * 5}
        with (
            Sender(settings(server.port, retries=1), None, sleep=lambda s: None) as sender,
            pytest.raises(SendFailure) as err,
        ):
            sender.send(message(), "requester@example.org", "foil@district.example.org")
    assert (
        not err.value.permanent and "452 4.3.1" in err.value.words and "after 2 attempts" in err.value.words
    )


def _bound(sock) -> int:
    sock.bind(("127.0.0.1", 0))
    return int(sock.getsockname()[1])


def test_nobody_listening_is_a_temporary_failure() -> None:
    import socket

    # A port bound and never listened on: refused for the whole test, and nobody else can take it.
    with (
        socket.socket() as bound,
        Sender(settings(_bound(bound), retries=1), None, sleep=lambda s: None) as sender,
        pytest.raises(SendFailure) as err,
    ):
        sender.send(message(), "requester@example.org", "foil@district.example.org")
    assert "cannot reach 127.0.0.1" in err.value.words


def test_subject_cannot_inject_headers() -> None:
    subject = subject_line("FOIL", "bus cameras\r\nBcc: everyone@example.org", "FOIL-2026-0001")
    assert subject == "FOIL request: bus cameras Bcc: everyone@example.org [FOIL-2026-0001]"
    raw = message(subject).as_bytes()
    assert b"\r\nBcc:" not in raw
