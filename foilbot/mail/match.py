"""Which request an incoming message answers: by its headers, its reference, or its sender (pure)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

# FOIL-2026-0001, FOIA-2026-0012: what foilbot puts in brackets in every subject it sends.
REFERENCE = re.compile(r"\b([A-Z][A-Z0-9]{1,15}-(?:19|20|21)\d\d-\d{4,6})\b", re.IGNORECASE)
# Mailboxes anyone can have: a reply from one says nothing about which agency sent it.
SHARED_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "aol.com",
        "icloud.com",
        "me.com",
        "msn.com",
        "comcast.net",
        "verizon.net",
        "protonmail.com",
        "proton.me",
    }
)


@dataclass(frozen=True)
class Index:
    """What the database knows, loaded once per import."""

    references: Mapping[str, int]  # reference (upper case) -> request id
    message_ids: Mapping[str, int]  # a Message-ID foilbot sent or filed -> request id
    open_by_address: Mapping[str, Sequence[int]]  # agency email -> its requests awaiting an answer
    open_by_domain: Mapping[str, Sequence[int]]  # agency email domain -> the same


@dataclass(frozen=True)
class Match:
    request_id: int | None
    by: str  # in-reply-to | references | reference | address | domain | "" (unmatched)
    why: str = ""  # for an unmatched message: what was ambiguous


def _references(text: str, known: Mapping[str, int]) -> list[int]:
    found = [known[m.upper()] for m in REFERENCE.findall(text) if m.upper() in known]
    return list(dict.fromkeys(found))


def match(
    *,
    in_reply_to: Iterable[str],
    references: Iterable[str],
    subject: str,
    body: str,
    sender: str,
    index: Index,
) -> Match:
    """The request a message belongs to, most certain evidence first.

    A message's own headers (a reply to what foilbot sent) beat a reference in the subject, which beats
    one in the body (a forwarded thread may quote several); the sender's address, then its domain, is
    the last resort and counts only when that agency has exactly one request awaiting an answer.
    """
    for header, ids in (("in-reply-to", in_reply_to), ("references", references)):
        for mid in reversed(list(ids)):
            if mid in index.message_ids:
                return Match(index.message_ids[mid], header)
    in_subject = _references(subject, index.references)
    if len(in_subject) == 1:
        return Match(in_subject[0], "reference")
    in_body = _references(body, index.references)
    if len(in_subject) > 1 or len(in_body) > 1:
        return Match(None, "", "it names several requests")
    if in_body:
        return Match(in_body[0], "reference")
    address = sender.lower()
    for by, key, table in (
        ("address", address, index.open_by_address),
        ("domain", address.rpartition("@")[2], index.open_by_domain),
    ):
        if by == "domain" and key in SHARED_DOMAINS:
            continue
        found = list(dict.fromkeys(table.get(key, ())))
        if len(found) == 1:
            return Match(found[0], by)
        if len(found) > 1:
            return Match(None, "", f"{key} has {len(found)} requests awaiting an answer")
    return Match(None, "", "no reference, no known thread, no agency with that address")
