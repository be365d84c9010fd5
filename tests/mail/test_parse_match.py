"""foilbot.mail.parse and foilbot.mail.match: pure, on hostile and ordinary input."""

from __future__ import annotations

import pytest

from foilbot.errors import ValidationError
from foilbot.mail.match import Index, match
from foilbot.mail.parse import html_to_text, message_id_of, read_message, safe_name


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\evil.exe", "evil.exe"),
        ("report\x00.pdf\r\n", "report.pdf"),
        ("", "attachment-3.pdf"),
        ("...", "attachment-3.pdf"),
        ("a" * 300 + ".pdf", "a" * 116 + ".pdf"),
    ],
)
def test_attachment_names_are_labels_only(name: str, label: str) -> None:
    assert safe_name(name, 3, "application/pdf") == label


def test_html_is_reduced_to_text_without_remote_content() -> None:
    text = html_to_text(
        '<html><head><title>x</title><script>fetch("https://evil.example")</script></head>'
        '<body><img src="https://evil.example/p.gif"><p>Denied under &sect; 87(2)(e).</p></body></html>'
    )
    assert text == "Denied under § 87(2)(e)."


def test_malformed_mime_is_read_as_far_as_it_goes() -> None:
    raw = (
        b"From: clerk@district.example.org\r\nSubject: FOIL-2026-0001\r\nContent-Type: multipart/mixed\r\n"
        b"Message-ID: <m@x>\r\n\r\nno boundary anywhere\r\n--\r\nContent-Transfer-Encoding: base64\r\n\r\n!!!"
    )
    msg = read_message(raw, "broken.eml", max_part=10**6)
    assert msg.message_id == "<m@x>" and msg.sender == "clerk@district.example.org" and msg.defects >= 1


def test_a_message_without_id_is_named_by_its_bytes() -> None:
    one = read_message(b"From: a@b.example.org\n\nhello\n", "a.eml", max_part=10)
    two = read_message(b"From: a@b.example.org\n\nhello\n", "b.eml", max_part=10)
    assert one.message_id == two.message_id and one.message_id.endswith("@foilbot.invalid>")


def test_unreadable_bytes_name_their_origin(monkeypatch: pytest.MonkeyPatch) -> None:
    import foilbot.mail.parse as parse

    def boom(*a, **k):
        raise RecursionError("deeply nested")

    monkeypatch.setattr(parse.BytesParser, "parsebytes", boom)
    with pytest.raises(ValidationError, match=r"^box.mbox#4: not a readable email message \(RecursionError"):
        read_message(b"x", "box.mbox#4", max_part=10)


INDEX = Index(
    references={"FOIL-2026-0001": 1, "FOIL-2026-0002": 2},
    message_ids={"<sent-1@example.org>": 1},
    open_by_address={"foil@a.example.org": [1], "records@b.example.org": [2, 3]},
    open_by_domain={"a.example.org": [1], "b.example.org": [2, 3], "gmail.com": [4]},
)


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"in_reply_to": ["<sent-1@example.org>"], "subject": "FOIL-2026-0002"}, (1, "in-reply-to")),
        ({"references": ["<x@y>", "<sent-1@example.org>"]}, (1, "references")),
        ({"subject": "RE: FOIL request [foil-2026-0002]", "body": "see FOIL-2026-0001"}, (2, "reference")),
        ({"body": "FOIL-2026-0001 and FOIL-2026-0002"}, (None, "")),
        ({"body": "FOIL-2026-0009 unknown", "sender": "foil@a.example.org"}, (1, "address")),
        ({"sender": "jsmith@a.example.org"}, (1, "domain")),
        ({"sender": "records@b.example.org"}, (None, "")),
        ({"sender": "someone@gmail.com"}, (None, "")),
    ],
)
def test_match_order(kw: dict, expected: tuple) -> None:
    args = {"in_reply_to": [], "references": [], "subject": "", "body": "", "sender": ""} | kw
    found = match(index=INDEX, **args)
    assert (found.request_id, found.by) == expected


@pytest.mark.parametrize(
    "raw",
    [
        b"From: a@b.example\r\nMessage-ID: <one@b.example>\r\nSubject: x\r\n\r\nbody\r\n",
        b"From: a@b.example\nmessage-id:\n <folded@b.example>\nSubject: x\n\nbody\n",
        b"Subject: no id\n\nMessage-ID: <in-the-body@b.example>\n",
        b"Message-Id: <first@b.example>\nMessage-Id: <second@b.example>\n\n",
        b"Subject: headers only, no body\nMessage-ID: <only@b.example>",
    ],
)
def test_message_id_without_parsing_is_the_parsers(raw: bytes) -> None:
    """The quick header scan that checks a mailbox for duplicates finds the id the parser finds (the
    first Message-ID header, folded or not; never a line of the body; a hash when there is none)."""
    assert message_id_of(raw) == read_message(raw, "x", max_part=10**6).message_id
