"""`foilbot campaign send` against a real SMTP server on loopback (issues 11 and 12): the same path as
`request send --campaign`; a refusal marks one request failed and the batch goes on; nothing is sent
twice; the send rate holds. And one model of a campaign: requests made with `request new --campaign`
are a campaign `campaign list`, `show` and `send` know."""

from __future__ import annotations

import json
import time
from email import message_from_bytes, policy
from pathlib import Path

from tests.conftest import YEAR, invoke, items, new_request, ok, sql_rows

NIAGARA = ("--filter", "state=NY", "--filter", "county=Niagara", "--filter", "kind=school_district")
LOCKPORT, WHEATFIELD, STARPOINT = "nces-3617670", "nces-3620850", "nces-3628050"


def sent_items(runner, *args: str, code: int = 1) -> list[dict]:
    """The per-request results of a send that left some unsent (exit 1): printed all the same."""
    result = invoke(runner, *args, "--format", "json")
    assert result.exit_code == code, result.stderr
    return json.loads(result.stdout)["items"]


def _campaign(runner, *, emails: dict[str, str]) -> None:
    for agency, address in emails.items():
        ok(invoke(runner, "agency", "set", agency, "--email", address))
    # By name: LOCKPORT 0001, NIAGARA-WHEATFIELD 0002, STARPOINT 0003.
    ok(invoke(runner, "campaign", "new", "cams", "--topic", "retention-periods", *NIAGARA))


def test_campaign_send_goes_on_past_a_refusal_and_never_sends_twice(runner, smtp, directory) -> None:
    _campaign(
        runner, emails={LOCKPORT: "foil@lockport.example.org", STARPOINT: "records@starpoint.example.org"}
    )
    smtp.handler.plan = {"rcpt": ["550 5.1.1 <foil@lockport.example.org>: User unknown"]}
    result = invoke(runner, "campaign", "send", "cams")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"FOIL-{YEAR}-0001: NOT SENT: refused: 550 5.1.1 <foil@lockport.example.org>: User unknown"
    )
    assert lines[1].startswith(f"FOIL-{YEAR}-0002: NOT SENT: FOIL-{YEAR}-0002: {WHEATFIELD} has no email")
    assert lines[2].startswith(f"FOIL-{YEAR}-0003: sent to records@starpoint.example.org (<")
    assert "2 of 3 request(s) not sent" in result.stderr
    assert [m["To"] for m in smtp.handler.messages] == ["records@starpoint.example.org"]
    shown = json.loads(ok(invoke(runner, "campaign", "show", "cams", "--format", "json")).stdout)["items"]
    assert [(r["reference"], r["status"], r["via"]) for r in shown] == [
        (f"FOIL-{YEAR}-0001", "draft", None),
        (f"FOIL-{YEAR}-0002", "draft", None),
        (f"FOIL-{YEAR}-0003", "sent", "email"),
    ]

    # Run again once fixed: the refused one goes, the sent one is skipped; Wheatfield still has no address.
    again = sent_items(runner, "campaign", "send", "cams")
    assert [(r["reference"], r["state"]) for r in again] == [
        (f"FOIL-{YEAR}-0001", "sent"),
        (f"FOIL-{YEAR}-0002", "failed"),
        (f"FOIL-{YEAR}-0003", "skipped"),
    ]
    assert [m["To"] for m in smtp.handler.messages] == [
        "records@starpoint.example.org",
        "foil@lockport.example.org",
    ]
    # `request send --campaign` is the same path: nothing left to send twice.
    same = sent_items(runner, "request", "send", "--campaign", "cams")
    assert [r["state"] for r in same] == ["skipped", "failed", "skipped"]
    assert len(smtp.handler.messages) == 2
    assert sql_rows("SELECT count(*) FROM event WHERE kind = 'sent'") == [(2,)]


def test_campaign_send_keeps_the_send_rate(runner, smtp, directory, monkeypatch) -> None:
    """smtp.rate = 600 a minute: at least 0.1 s between two messages the server accepts."""
    _campaign(
        runner,
        emails={
            LOCKPORT: "foil@lockport.example.org",
            WHEATFIELD: "foil@nwcsd.example.org",
            STARPOINT: "records@starpoint.example.org",
        },
    )
    accepted: list[float] = []
    smtp.handler.on_accept = lambda: accepted.append(time.monotonic())
    monkeypatch.setenv("FOILBOT_SMTP_RATE", "600")
    ok(invoke(runner, "campaign", "send", "cams"))
    assert len(accepted) == 3
    gaps = [b - a for a, b in zip(accepted, accepted[1:], strict=False)]
    assert min(gaps) >= 0.09, gaps


def test_campaign_send_dry_run_writes_each_message_and_records_nothing(
    runner, smtp, directory, tmp_path: Path
) -> None:
    _campaign(
        runner, emails={LOCKPORT: "foil@lockport.example.org", STARPOINT: "records@starpoint.example.org"}
    )
    out = tmp_path / "outbox"
    result = invoke(runner, "campaign", "send", "cams", "--dry-run", "--out", str(out))
    assert result.exit_code == 1  # Wheatfield has no address: said, and the others are written
    assert sorted(p.name for p in out.iterdir()) == [f"FOIL-{YEAR}-0001.eml", f"FOIL-{YEAR}-0003.eml"]
    msg = message_from_bytes((out / f"FOIL-{YEAR}-0003.eml").read_bytes(), policy=policy.default)
    assert msg["To"] == "records@starpoint.example.org"
    pdf = next(msg.iter_attachments())
    assert pdf.get_filename() == f"FOIL-{YEAR}-0003.pdf" and pdf.get_content().startswith(b"%PDF")
    assert smtp.handler.messages == []
    assert sql_rows("SELECT count(*) FROM outbound_message") == [(0,)]


def test_unknown_campaign_is_named(runner, smtp, directory) -> None:
    result = invoke(runner, "campaign", "send", "nope")
    assert result.exit_code == 1
    assert "no campaign 'nope'" in result.stderr


def test_requests_made_with_request_new_campaign_are_a_campaign(runner, smtp, directory) -> None:
    """One model: a `campaign` row and requests naming it, however the requests were made."""
    ok(invoke(runner, "agency", "set", LOCKPORT, "--email", "foil@lockport.example.org"))
    new_request(runner, LOCKPORT, "--campaign", "buses", "--subject", "bus cameras")
    new_request(runner, STARPOINT, "--campaign", "buses", "--subject", "bus cameras")
    listed = items(invoke(runner, "campaign", "list", "--format", "json"))
    assert [(c["name"], c["topics"], c["requests"], c["drafts"]) for c in listed] == [
        ("buses", ["retention-periods"], 2, 2)
    ]
    shown = json.loads(ok(invoke(runner, "campaign", "show", "buses", "--format", "json")).stdout)
    assert shown["subject"] == "bus cameras"
    assert [r["agency_id"] for r in shown["items"]] == [LOCKPORT, STARPOINT]
    # It is the same campaign for `campaign add`, which asks the same question.
    ok(invoke(runner, "campaign", "add", "buses", *NIAGARA))  # Wheatfield joins
    assert [c["requests"] for c in items(invoke(runner, "campaign", "list", "--format", "json"))] == [3]
    # A request asking something else cannot join it silently.
    other = invoke(
        runner,
        "request",
        "new",
        "--agency",
        WHEATFIELD,
        "--topic",
        "retention-periods",
        "--campaign",
        "buses",
    )
    assert other.exit_code == 2
    assert "--campaign 'buses' asks something else (its subject differ" in other.stderr
    # And `campaign send` sends it.
    sent = sent_items(runner, "campaign", "send", "buses")
    assert [r["state"] for r in sent] == ["sent", "failed", "failed"]
    ok(invoke(runner, "campaign", "close", "buses"))
    closed = invoke(
        runner,
        "request",
        "new",
        "--agency",
        LOCKPORT,
        "--topic",
        "retention-periods",
        "--campaign",
        "buses",
        "--subject",
        "bus cameras",
    )
    assert closed.exit_code == 2 and "was closed on" in closed.stderr


def test_the_sent_letter_is_what_request_letter_prints(runner, smtp, directory, tmp_path: Path) -> None:
    """Letters rendered in one batch before sending are the letters `request letter` prints: the same
    text and positions in the PDF, the same plain text in the body."""
    from io import BytesIO

    from pypdf import PdfReader

    _campaign(
        runner, emails={LOCKPORT: "foil@lockport.example.org", STARPOINT: "records@starpoint.example.org"}
    )
    sent_items(runner, "campaign", "send", "cams")  # Wheatfield has no address
    assert len(smtp.handler.messages) == 2
    for msg in smtp.handler.messages:
        reference = str(msg["Subject"]).rsplit("[", 1)[1].rstrip("]")
        attached = next(msg.iter_attachments()).get_content()
        printed = tmp_path / f"{reference}.pdf"
        ok(invoke(runner, "request", "letter", reference, "--out", str(printed)))

        def layout(data: bytes) -> list[tuple[str, float, float]]:
            found: list[tuple[str, float, float]] = []
            for page in PdfReader(BytesIO(data)).pages:
                page.extract_text(
                    visitor_text=lambda t, cm, tm, *_: (
                        found.append((t, round(tm[4], 1), round(tm[5], 1))) if t.strip() else None
                    )
                )
            return found

        assert layout(attached) == layout(printed.read_bytes())
        text = ok(invoke(runner, "request", "letter", reference, "--text")).stdout
        body = msg.get_body(("plain",)).get_content()
        assert body.replace("\r\n", "\n").strip() == text.replace("\r\n", "\n").strip()
