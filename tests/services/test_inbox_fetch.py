"""`foilbot inbox fetch` against a real dovecot on loopback (issue 11): only new messages, by UID;
read-only unless --move-to; a clear one-line error for a refused login; and the Sent folder settles a
send a killed run left unfinished."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.conftest import YEAR, invoke, items, ok, sql_rows
from tests.imap_server import PASSWORD
from tests.services.test_inbox import fixture
from tests.smtp_server import send_killed_on_accept

ACK = "acknowledgment.eml"
DENIAL = "denial.eml"
OFFERS = (
    b"From: offers@shop.example.com\r\nTo: pat@example.org\r\nSubject: Weekly offers\r\n"
    b"Date: Mon, 05 Jan 2026 10:00:00 -0500\r\nMessage-ID: <offers-1@shop.example.com>\r\n\r\nBuy now.\r\n"
)


def deliver(imap, name: str, folder: Path, box: str = "INBOX") -> None:
    imap.append(fixture(name, folder).read_bytes().replace(b"\n", b"\r\n"), box)


def fetched(runner, *extra: str) -> list[dict]:
    return items(invoke(runner, "inbox", "fetch", "--format", "json", *extra))


def test_fetch_files_new_messages_once_and_leaves_the_server_alone(
    isolated, runner, imap, requests_with_email
) -> None:
    a, _ = requests_with_email
    deliver(imap, ACK, isolated)
    imap.append(OFFERS)
    before = imap.flags()
    assert before == {1: "", 2: ""}

    first = fetched(runner)
    assert [(r["origin"], r["state"], r["reference"]) for r in first] == [
        ("imap:INBOX#1", "filed", f"FOIL-{YEAR}-0001"),
        ("imap:INBOX#2", "unmatched", ""),
    ]
    # Read-only: EXAMINE and BODY.PEEK, so not even \Seen is set.
    assert imap.flags() == before
    # The position is remembered per folder: UIDVALIDITY and the last UID.
    [(validity, last)] = sql_rows("SELECT uidvalidity, last_uid FROM imap_folder WHERE folder = 'INBOX'")
    assert validity > 0 and last == 2

    again = ok(invoke(runner, "inbox", "fetch"))
    assert "No new messages in INBOX." in again.stderr
    assert fetched(runner) == []

    # A reply arriving between fetches is the only one read next time.
    deliver(imap, DENIAL, isolated)
    third = fetched(runner)
    assert [(r["origin"], r["state"], r["reference"]) for r in third] == [
        ("imap:INBOX#3", "filed", f"FOIL-{YEAR}-0001")
    ]
    assert sql_rows("SELECT count(*) FROM inbound_message") == [(3,)]
    replies = sql_rows(f"SELECT count(*) FROM event WHERE request_id = {a} AND kind = 'reply'")
    assert replies == [(2,)]
    assert imap.flags() == {1: "", 2: "", 3: ""}


def test_a_renumbered_folder_is_read_again_without_filing_anything_twice(
    isolated, runner, imap, requests_with_email
) -> None:
    imap.create("Replies")
    deliver(imap, ACK, isolated, "Replies")
    assert [r["state"] for r in fetched(runner, "--folder", "Replies")] == ["filed"]
    # Deleting and re-creating a folder gives it a new UIDVALIDITY (RFC 3501 § 2.3.1.1).
    client = imap.client()
    assert client.delete("Replies")[0] == "OK"
    client.logout()
    imap.create("Replies")
    deliver(imap, ACK, isolated, "Replies")
    deliver(imap, DENIAL, isolated, "Replies")
    states = [(r["origin"], r["state"]) for r in fetched(runner, "--folder", "Replies")]
    assert states == [("imap:Replies#1", "duplicate"), ("imap:Replies#2", "filed")]
    assert sql_rows("SELECT count(*) FROM inbound_message") == [(2,)]


def test_move_to_moves_only_what_was_filed(isolated, runner, imap, requests_with_email) -> None:
    imap.create("Filed")
    deliver(imap, ACK, isolated)
    imap.append(OFFERS)
    missing = invoke(runner, "inbox", "fetch", "--move-to", "Nowhere")
    assert missing.exit_code == 1
    assert "no folder 'Nowhere'" in missing.stderr
    assert sql_rows("SELECT count(*) FROM inbound_message") == [(0,)]

    result = ok(invoke(runner, "inbox", "fetch", "--move-to", "Filed"))
    assert "Moved 2 message(s) to Filed." in result.stderr
    assert imap.flags("INBOX") == {}
    assert len(imap.flags("Filed")) == 2
    assert sql_rows("SELECT count(*) FROM inbound_message") == [(2,)]
    assert fetched(runner) == []


def test_wrong_password_is_one_line_and_never_shown(runner, imap, monkeypatch) -> None:
    monkeypatch.setenv("FOILBOT_IMAP_PASSWORD", "not-the-password-Qq7")
    result = invoke(runner, "inbox", "fetch")
    assert result.exit_code == 1
    error = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert error == [
        f"Error: imap: 127.0.0.1:{imap.port} refused the login of 'pat': "
        "[AUTHENTICATIONFAILED] Authentication failed."
    ]
    assert "Traceback" not in result.stderr
    assert "not-the-password-Qq7" not in result.stdout + result.stderr
    assert PASSWORD not in result.stdout + result.stderr


def test_imap_not_configured_says_what_to_set(runner) -> None:
    result = invoke(runner, "inbox", "fetch")
    assert result.exit_code == 2
    assert "imap.host is not set" in result.stderr


def _killed_send(isolated: Path, smtp) -> str:
    """Run `request send` in a process killed (SIGKILL) as the server accepts the message; returns
    the Message-ID the server got (the run recorded only `sending`)."""
    proc = send_killed_on_accept(isolated, smtp, f"FOIL-{YEAR}-0001")
    assert proc.returncode == -signal.SIGKILL
    message_id = str(smtp.handler.messages[0]["Message-ID"])
    assert sql_rows("SELECT message_id, state FROM outbound_message") == [(message_id, "sending")]
    time.sleep(1.2)  # its one-second hold runs out: no live run holds the request (issue 13)
    return message_id


def test_sent_folder_settles_a_send_a_killed_run_left_unfinished(
    isolated, runner, smtp, imap, requests_with_email
) -> None:
    """The provider filed the message in Sent (as Gmail does for SMTP): the next run records `sent`
    from there, without asking and without sending it again."""
    message_id = _killed_send(isolated, smtp)
    imap.create("Sent")
    imap.append(smtp.handler.messages[0].as_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"), "Sent")

    result = ok(invoke(runner, "request", "send", f"FOIL-{YEAR}-0001"))
    assert f"FOIL-{YEAR}-0001: sent to foil@lockport.example.org ({message_id})" in result.stdout
    assert len(smtp.handler.messages) == 1
    assert sql_rows("SELECT state FROM outbound_message") == [("sent",)]
    events = sql_rows("SELECT kind FROM event WHERE kind = 'sent'")
    assert events == [("sent",)]
    detail = items(invoke(runner, "request", "send", f"FOIL-{YEAR}-0001", "--format", "json"))
    assert detail[0]["state"] == "skipped" and len(smtp.handler.messages) == 1


def test_not_in_the_sent_folder_still_asks(isolated, runner, smtp, imap, requests_with_email) -> None:
    message_id = _killed_send(isolated, smtp)
    imap.create("Sent")
    result = invoke(runner, "request", "send", f"FOIL-{YEAR}-0001")
    assert result.exit_code == 1
    assert (
        "UNCERTAIN: was being handed to the server when " in result.stdout and " stopped (" in result.stdout
    )
    assert "it is not in the Sent folder 'Sent'" in result.stdout and message_id in result.stdout
    assert len(smtp.handler.messages) == 1
    assert sql_rows("SELECT state FROM outbound_message") == [("sending",)]


def _tls(imap, isolated: Path, security: str, verify: bool) -> None:
    if imap.tls_port is None:
        pytest.skip("openssl is not installed: no certificate for the TLS test")
    port = imap.tls_port if security == "tls" else imap.port
    config = isolated / "foilbot.toml"
    text = config.read_text(encoding="utf-8").replace(
        f'port = {imap.port}\nsecurity = "none"', f'port = {port}\nsecurity = "{security}"'
    )
    config.write_text(text + f"verify = {'true' if verify else 'false'}\n", encoding="utf-8")


def test_tls_certificates_are_verified_by_default(isolated, runner, imap) -> None:
    """A self-signed certificate is refused (one line, no traceback) unless imap.verify is off."""
    _tls(imap, isolated, "tls", verify=True)
    refused = invoke(runner, "inbox", "fetch")
    assert refused.exit_code == 1
    assert (
        f"Error: imap: 127.0.0.1:{imap.tls_port}: the server's certificate is not trusted: " in refused.stderr
    )
    assert "Traceback" not in refused.stderr


@pytest.mark.parametrize("security", ["tls", "starttls"])
def test_tls_and_starttls_without_verification_for_a_test_server(isolated, runner, imap, security) -> None:
    _tls(imap, isolated, security, verify=False)
    imap.append(OFFERS)
    assert [r["state"] for r in fetched(runner)] == ["unmatched"]
