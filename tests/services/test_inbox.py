"""`foilbot inbox import|list|assign` with replies written the way district clerks answer (issue 11)."""

from __future__ import annotations

import json
import mailbox
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from foilbot import clock
from tests.conftest import FIXTURES, YEAR, current_settings, invoke, items, ok, sql_rows

MAIL = FIXTURES / "mail"


def fixture(name: str, folder: Path) -> Path:
    """A fixture with its year moved to the clock's (references and dates), copied to `folder`."""
    out = folder / name
    out.write_bytes((MAIL / name).read_bytes().replace(b"2026", str(YEAR).encode()))
    return out


def day(month: int, d: int) -> str:
    """A fixture's date as foilbot files it: never after today."""
    return str(min(date(YEAR, month, d), clock.today()))


@pytest.fixture
def sent(runner, requests_with_email) -> tuple[int, int]:
    a, b = requests_with_email
    for ident in (a, b):
        ok(invoke(runner, "request", "sent", str(ident), "--date", day(1, 5), "--via", "email"))
    return a, b


def events(runner, ident: int) -> list[dict]:
    return json.loads(ok(invoke(runner, "request", "show", str(ident), "--json")).stdout)["events"]


def imported(runner, *paths: Path) -> dict[str, dict]:
    rows = items(invoke(runner, "inbox", "import", *map(str, paths), "--format", "json"))
    return {
        Path(r["origin"].split("#")[0]).name
        + ("#" + r["origin"].split("#")[1] if "#" in r["origin"] else ""): r
        for r in rows
    }


def test_replies_are_filed_by_reference_thread_and_address(isolated, runner, sent) -> None:
    a, b = sent
    names = [
        "acknowledgment.eml",
        "extension.eml",
        "fee-estimate.eml",
        "denial.eml",
        "no-reference.eml",
        "forwarded.eml",
        "auto-reply.eml",
    ]
    got = imported(runner, *(fixture(n, isolated) for n in names))
    by = {n: (got[n]["state"], got[n]["reference"], got[n]["matched_by"]) for n in names}
    ref = f"FOIL-{YEAR}-0001"
    assert by == {
        "acknowledgment.eml": ("filed", ref, "reference"),
        "extension.eml": ("filed", ref, "reference"),
        "fee-estimate.eml": ("filed", ref, "reference"),  # the reference without brackets
        "denial.eml": ("filed", ref, "reference"),  # in an HTML body only
        "no-reference.eml": ("filed", f"FOIL-{YEAR}-0002", "address"),
        "forwarded.eml": ("filed", ref, "reference"),  # quoted in a forwarded thread
        "auto-reply.eml": ("filed", ref, "reference"),
    }
    replies = [e for e in events(runner, a) if e["kind"] == "reply"]
    assert [e["date"] for e in replies] == sorted(
        [day(1, 5), day(1, 7), day(1, 13), day(2, 3), day(2, 11), day(3, 2)]
    )
    denial = next(e for e in replies if e["note"] == "Your records request")
    assert (
        "exempt from\ndisclosure" in denial["data"]["text"]
        or "exempt from disclosure" in denial["data"]["text"]
    )
    assert (
        "tracker.example.com" not in denial["data"]["text"]
        and "document.location" not in denial["data"]["text"]
    )
    assert denial["data"]["from"] == "jsmith@lockport.example.org"
    # A reply changes nothing by itself: the status waits for the user to say what it means.
    shown = json.loads(ok(invoke(runner, "request", "show", str(a), "--json")).stdout)
    assert shown["status"] == "sent"


def test_reimport_does_nothing_and_mbox_is_read(isolated, runner, sent) -> None:
    box_path = isolated / "export.mbox"
    box = mailbox.mbox(str(box_path))
    for name in ("acknowledgment.eml", "records-attached.eml"):
        box.add(message_from_bytes(fixture(name, isolated).read_bytes(), policy=policy.compat32))
    box.add(
        message_from_bytes(
            b"From: news@shop.example.com\nSubject: 20% off\nMessage-ID: <n1@shop.example.com>\n\nSale!\n"
        )
    )
    box.flush()
    box.close()
    first = ok(invoke(runner, "inbox", "import", str(box_path)))
    assert f"{box_path}#1: filed with FOIL-{YEAR}-0001 (by reference)" in first.stdout
    assert (
        f"{box_path}#3: unmatched, message 3 (no reference, no known thread, no agency with that address): news@shop.example.com: 20% off"
        in first.stdout
    )
    assert "2 filed, 1 unmatched, 0 duplicate, 0 unreadable." in first.stderr
    again = ok(invoke(runner, "inbox", "import", str(box_path), str(fixture("acknowledgment.eml", isolated))))
    assert "0 filed, 0 unmatched, 4 duplicate, 0 unreadable." in again.stderr
    assert sql_rows("SELECT count(*) FROM inbound_message") == [(3,)]
    assert sql_rows("SELECT count(*) FROM event WHERE kind = 'reply'") == [(2,)]


def test_unmatched_are_listed_and_assigned(isolated, runner, sent, requests_with_email) -> None:
    # Two requests to Starpoint now: its address alone no longer says which one.
    from tests.conftest import new_request

    c = new_request(runner, "nces-3628050")
    ok(invoke(runner, "request", "sent", str(c), "--date", day(1, 5)))
    got = imported(runner, fixture("no-reference.eml", isolated))
    assert got["no-reference.eml"]["state"] == "unmatched"
    assert (
        got["no-reference.eml"]["detail"] == "records@starpoint.example.org has 2 requests awaiting an answer"
    )
    listed = items(invoke(runner, "inbox", "list", "--json"))
    assert [(m["id"], m["sender"], m["subject"]) for m in listed] == [
        (1, "records@starpoint.example.org", "Records request")
    ]
    done = ok(invoke(runner, "inbox", "assign", "1", str(c)))
    assert done.stdout.startswith(f"message 1: filed with FOIL-{YEAR}-0003")
    assert items(invoke(runner, "inbox", "list", "--json")) == []
    assert [e["kind"] for e in events(runner, c)] == ["sent", "reply"]
    again = invoke(runner, "inbox", "assign", "1", str(c))
    assert again.exit_code == 1 and "already filed" in again.stderr
    missing = invoke(runner, "inbox", "assign", "99", str(c))
    assert missing.exit_code == 1 and "no imported message '99'" in missing.stderr


def test_a_reply_to_what_foilbot_sent_is_matched_by_its_thread(
    isolated, runner, smtp, requests_with_email
) -> None:
    ok(invoke(runner, "request", "send", f"FOIL-{YEAR}-0002"))
    sent_id = smtp.handler.messages[0]["Message-ID"]
    reply = isolated / "thread.eml"
    reply.write_text(
        "From: Someone <someone@elsewhere.example.net>\nSubject: Re: your email\n"
        f"Message-ID: <r1@elsewhere.example.net>\nIn-Reply-To: {sent_id}\nReferences: {sent_id}\n\n"
        "We received it. The reference you gave, FOIL-1999-0001, is not ours.\n",
        encoding="utf-8",
    )
    got = imported(runner, reply)
    assert (got["thread.eml"]["reference"], got["thread.eml"]["matched_by"]) == (
        f"FOIL-{YEAR}-0002",
        "in-reply-to",
    )


def test_hostile_mail_does_no_harm(isolated, runner, sent, monkeypatch) -> None:
    a, _ = sent
    mixed = invoke(
        runner,
        "inbox",
        "import",
        str(fixture("records-attached.eml", isolated)),
        str(MAIL / "binary-junk.eml"),
    )
    # Bytes that are no email (no header at all) are unreadable, never filed; the rest is imported
    # and the command ends with exit 1 naming what it could not read (issue 9).
    assert mixed.exit_code == 1 and "1 of 2 message(s) unreadable" in mixed.stderr
    assert "binary-junk.eml: unreadable:" in mixed.stdout and "has no header" in mixed.stdout
    assert "records-attached.eml: filed with" in mixed.stdout
    files = items(invoke(runner, "request", "files", str(a), "--json"))
    assert [f["filename"] for f in files] == ["message.eml", "Retention schedule.pdf", "bashrc"]
    root = current_settings().files_dir
    for f in files:
        assert f["state"] == "ok" and Path(f["path"]).parent.parent == root  # stored under the hash only
    assert not (isolated.parent / "home").exists() and not list(isolated.rglob(".bashrc"))
    # An attachment over the limit is listed, not kept.
    monkeypatch.setenv("FOILBOT_INBOX_MAX_ATTACHMENT_MB", "1")
    big = isolated / "big.eml"
    from email.message import EmailMessage

    msg = EmailMessage()
    msg["From"], msg["Subject"], msg["Message-ID"] = (
        "foil@lockport.example.org",
        f"FOIL-{YEAR}-0001 video",
        "<big@x.example.org>",
    )
    msg.set_content("The footage is attached.")
    msg.add_attachment(b"\0" * 2_500_000, maintype="video", subtype="mp4", filename="bus.mp4")
    big.write_bytes(msg.as_bytes())
    ok(invoke(runner, "inbox", "import", str(big)))
    reply = [e for e in events(runner, a) if e["kind"] == "reply" and e["note"].endswith("video")][0]
    assert [x["filename"] for x in reply["attachments"]] == ["message.eml"]


def test_a_message_too_big_to_read_is_named_with_its_size_not_read(
    isolated, runner, sent, monkeypatch
) -> None:
    """An 800 MB message took 6.9 GB of memory to parse. Over the cap it is reported unreadable with its
    size, in an .eml and inside an mbox, and the rest is filed. The cap here: three times a 1 MB
    attachment limit (the 300 MB floor lowered)."""
    from foilbot.services import inbox

    monkeypatch.setattr(inbox, "MESSAGE_FLOOR", 1_000_000)
    monkeypatch.setenv("FOILBOT_INBOX_MAX_ATTACHMENT_MB", "1")
    big = (
        b"From: foil@lockport.example.org\nSubject: big\nMessage-ID: <big@x.example.org>\n\n"
        + b"x" * 3_600_000
    )
    (isolated / "big.eml").write_bytes(big)
    box_path = isolated / "box.mbox"
    box = mailbox.mbox(str(box_path))
    box.add(message_from_bytes(big, policy=policy.compat32))
    box.add(message_from_bytes(fixture("acknowledgment.eml", isolated).read_bytes(), policy=policy.compat32))
    box.flush()
    box.close()
    result = invoke(runner, "inbox", "import", str(isolated / "big.eml"), str(box_path))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"{isolated / 'big.eml'}: unreadable: 4 MB, more than the 3 MB a message may be" in result.stdout
    assert f"{box_path}#1: unreadable: 4 MB, more than the 3 MB" in result.stdout
    assert f"{box_path}#2: filed with FOIL-{YEAR}-0001" in result.stdout


def test_missing_file_is_one_clear_error(runner, isolated) -> None:
    result = invoke(runner, "inbox", "import", str(isolated / "nope.eml"))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {isolated / 'nope.eml'}: no such file")
