"""`foilbot request send` against a real SMTP server on loopback (issue 11): never sent twice."""

from __future__ import annotations

import hashlib
import json
import signal
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from tests.conftest import BACKEND, YEAR, current_settings, invoke, items, new_request, ok
from tests.conftest import SMTP_PASSWORD as PASSWORD
from tests.smtp_server import send_killed_on_accept

LOCKPORT = "nces-3617670"


def db_rows(isolated: Path, sql: str) -> list[tuple]:
    """Rows of a query on the test's database, on either backend."""
    from tests.conftest import sql_rows

    return sql_rows(sql)


def test_send_records_message_id_sent_event_and_keeps_the_eml(
    isolated, runner, smtp, requests_with_email
) -> None:
    a, _ = requests_with_email
    result = ok(invoke(runner, "request", "send", f"FOIL-{YEAR}-0001"))
    assert result.stdout.startswith(f"FOIL-{YEAR}-0001: sent to foil@lockport.example.org (<")
    assert len(smtp.handler.messages) == 1
    got = smtp.handler.messages[0]
    assert got["Subject"] == f"FOIL request: bus cameras [FOIL-{YEAR}-0001]"
    assert got["To"] == "foil@lockport.example.org"
    assert got["From"] == "Pat Requester <pat@example.org>"
    body = got.get_body(("plain",)).get_content()
    assert "Public Officers Law" in body
    pdf = next(got.iter_attachments())
    assert pdf.get_filename() == f"FOIL-{YEAR}-0001.pdf" and pdf.get_content().startswith(b"%PDF")
    assert smtp.handler.logins == [(b"pat@example.org", PASSWORD.encode())]

    shown = json.loads(ok(invoke(runner, "request", "show", str(a), "--json")).stdout)
    assert shown["status"] == "sent"
    sent = [e for e in shown["events"] if e["kind"] == "sent"][0]
    assert sent["data"]["via"] == "email" and sent["data"]["message_id"] == got["Message-ID"]
    # The record shows exactly what was sent: the .eml, under its hash, is the message the server got.
    files = items(invoke(runner, "request", "files", str(a), "--json"))
    assert [f["filename"] for f in files] == [f"FOIL-{YEAR}-0001.eml"] and files[0]["state"] == "ok"
    kept = Path(files[0]["path"]).read_bytes()
    assert hashlib.sha256(kept).hexdigest() == files[0]["sha256"]
    assert message_from_bytes(kept, policy=policy.default)["Message-ID"] == got["Message-ID"]
    # The password is nowhere: not in the .eml, the output, the database.
    assert PASSWORD.encode() not in kept
    assert PASSWORD not in result.stdout + result.stderr
    if BACKEND == "sqlite":
        assert PASSWORD.encode() not in (isolated / "requests.db").read_bytes()
    assert not [r for r in db_rows(isolated, "SELECT error FROM outbound_message") if PASSWORD in str(r)]
    assert PASSWORD not in ok(invoke(runner, "config", "show")).stdout
    # The deadline follows at once.
    assert (
        db_rows(isolated, f"SELECT count(*) FROM deadline WHERE request_id = {a} AND is_open = TRUE")[0][0]
        >= 1
    )

    again = ok(invoke(runner, "request", "send", str(a)))
    assert "skipped: already sent" in again.stdout
    assert len(smtp.handler.messages) == 1


def test_campaign_goes_on_past_a_permanent_refusal(isolated, runner, smtp, requests_with_email) -> None:
    a, b = requests_with_email
    smtp.handler.plan = {
        "rcpt": ["550 5.1.1 <foil@lockport.example.org>: Recipient address rejected: User unknown"]
    }
    result = invoke(runner, "request", "send", "--campaign", "cameras")
    assert result.exit_code == 1
    assert (
        f"FOIL-{YEAR}-0001: NOT SENT: refused: 550 5.1.1 <foil@lockport.example.org>: Recipient address rejected"
        in result.stdout
    )
    assert f"FOIL-{YEAR}-0002: sent to records@starpoint.example.org" in result.stdout
    assert "1 of 2 request(s) not sent: FOIL" in result.stderr
    assert [m["To"] for m in smtp.handler.messages] == ["records@starpoint.example.org"]
    assert db_rows(isolated, "SELECT request_id, state, error FROM outbound_message ORDER BY id") == [
        (a, "failed", "550 5.1.1 <foil@lockport.example.org>: Recipient address rejected: User unknown"),
        (b, "sent", ""),
    ]
    # Fixed (the address), the campaign is sent again: the failed one goes, the sent one is skipped.
    ok(invoke(runner, "agency", "set", LOCKPORT, "--email", "foil@lockportschools.example.org"))
    rerun = ok(invoke(runner, "request", "send", "--campaign", "cameras", "--format", "json"))
    states = {r["reference"]: r["state"] for r in json.loads(rerun.stdout)["items"]}
    assert states == {f"FOIL-{YEAR}-0001": "sent", f"FOIL-{YEAR}-0002": "skipped"}
    assert len(smtp.handler.messages) == 2


def test_temporary_failure_and_dropped_connection_are_retried(runner, smtp, requests_with_email) -> None:
    smtp.handler.plan = {"rcpt": ["451 4.7.1 Greylisted, please try again later", "drop"]}
    ok(invoke(runner, "request", "send", f"FOIL-{YEAR}-0001"))
    assert len(smtp.handler.messages) == 1


def test_agency_without_email_is_refused_clearly(runner, smtp, directory) -> None:
    new_request(runner, LOCKPORT)
    result = invoke(runner, "request", "send", f"FOIL-{YEAR}-0001")
    assert result.exit_code == 1
    assert f"NOT SENT: FOIL-{YEAR}-0001: {LOCKPORT} has no email address; not sent" in result.stdout
    assert f"foilbot agency set {LOCKPORT} --email ADDRESS" in result.stdout
    assert smtp.handler.messages == []


def test_dry_run_writes_the_eml_and_records_nothing(
    isolated, runner, requests_with_email, monkeypatch
) -> None:
    a, _ = requests_with_email
    monkeypatch.setenv("FOILBOT_REQUESTER_NAME", "Pat Requester")
    nofrom = invoke(runner, "request", "send", str(a), "--dry-run")
    assert nofrom.exit_code == 1 and "no From address for sending" in nofrom.stdout
    monkeypatch.setenv("FOILBOT_REQUESTER_EMAIL", "pat@example.org")
    result = ok(invoke(runner, "request", "send", str(a), "--dry-run", "--out", str(isolated / "out")))
    path = isolated / "out" / f"FOIL-{YEAR}-0001.eml"
    assert result.stdout.strip() == f"FOIL-{YEAR}-0001: wrote {path}"
    msg = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert msg["To"] == "foil@lockport.example.org"
    assert db_rows(isolated, "SELECT count(*) FROM outbound_message") == [(0,)]
    assert json.loads(ok(invoke(runner, "request", "show", str(a), "--json")).stdout)["status"] == "draft"


def test_missing_password_is_a_clear_error(runner, smtp, requests_with_email, monkeypatch) -> None:
    monkeypatch.delenv("FOILBOT_SMTP_PASSWORD")
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    result = invoke(runner, "request", "send", f"FOIL-{YEAR}-0001")
    assert result.exit_code == 1
    assert "smtp.user is 'pat@example.org' but no password was found" in result.stderr
    assert "Traceback" not in result.stderr


def test_killed_between_acceptance_and_recording_is_never_sent_twice(
    isolated, runner, smtp, requests_with_email
) -> None:
    """The server takes the message, then the sending process is killed (SIGKILL) before it hears the
    answer or records anything: the next run sends nothing and asks to reconcile."""
    proc = send_killed_on_accept(isolated, smtp, f"FOIL-{YEAR}-0001")
    assert proc.returncode == -signal.SIGKILL
    assert len(smtp.handler.messages) == 1
    message_id = smtp.handler.messages[0]["Message-ID"]
    assert db_rows(isolated, "SELECT message_id, state FROM outbound_message") == [(message_id, "sending")]

    time.sleep(1.2)  # the killed run's one-second hold runs out (issue 13: no live run holds it)
    again = invoke(runner, "request", "send", f"FOIL-{YEAR}-0001")
    assert again.exit_code == 1
    # The hand-over had begun (the server took it): only the Sent folder or the user can tell.
    assert f"UNCERTAIN: was being handed to the server when {current_settings().user}@" in again.stdout
    assert f"pid {proc.pid} run " in again.stdout and "stopped" in again.stdout
    assert message_id in again.stdout and "--reconcile sent" in again.stdout
    assert len(smtp.handler.messages) == 1

    settled = ok(invoke(runner, "request", "send", f"FOIL-{YEAR}-0001", "--reconcile", "sent"))
    assert "sent to foil@lockport.example.org" in settled.stdout
    shown = json.loads(ok(invoke(runner, "request", "show", f"FOIL-{YEAR}-0001", "--json")).stdout)
    assert shown["status"] == "sent"
    assert [e["data"].get("message_id") for e in shown["events"] if e["kind"] == "sent"] == [message_id]
    ok(invoke(runner, "request", "send", f"FOIL-{YEAR}-0001"))
    assert len(smtp.handler.messages) == 1


def test_reconcile_unsent_sends_again_with_a_new_message_id(
    isolated, runner, smtp, requests_with_email
) -> None:
    send_killed_on_accept(isolated, smtp, f"FOIL-{YEAR}-0001")
    first = smtp.handler.messages[0]["Message-ID"]
    time.sleep(1.2)  # the killed run's hold runs out: --reconcile never settles a live run's send
    ok(invoke(runner, "request", "send", f"FOIL-{YEAR}-0001", "--reconcile", "unsent"))
    assert len(smtp.handler.messages) == 2 and smtp.handler.messages[1]["Message-ID"] != first
    assert db_rows(isolated, "SELECT state FROM outbound_message ORDER BY id") == [("abandoned",), ("sent",)]


def test_refused_login_stops_the_batch_and_leaves_nothing_uncertain(
    isolated, runner, smtp, requests_with_email
) -> None:
    """A server that refuses the login (535) took nothing: the request is failed, not `sending`."""
    from foilbot.cli import common
    from foilbot.errors import ConfigError
    from foilbot.services.sending import send_requests

    class Refusing:
        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def send(self, *args, **kwargs):
            raise ConfigError(
                "smtp: 127.0.0.1 refused the login of 'pat@example.org': 535 5.7.8 bad credentials"
            )

    results = send_requests(
        common.session, [], current_settings(), campaign="cameras", sender_factory=Refusing
    )
    with pytest.raises(ConfigError, match="535"):
        list(results)
    assert db_rows(isolated, "SELECT state, error FROM outbound_message") == [
        ("failed", "smtp: 127.0.0.1 refused the login of 'pat@example.org': 535 5.7.8 bad credentials")
    ]
    ok(invoke(runner, "request", "send", "--campaign", "cameras"))
    assert len(smtp.handler.messages) == 2
