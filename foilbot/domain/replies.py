"""What an agency's reply probably is, from its words: a suggestion the user confirms, never a fact.

Pure and deliberately plain (regular expressions over the text a clerk writes). The kinds are the
events `request log` records; `auto-reply` (an out-of-office notice) is not an acknowledgment and
suggests logging nothing (issue 11).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_DATE = re.compile(
    r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?\s+(\d{1,2}),?\s+(\d{4})\b", re.I
)
_NUMERIC = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_BY = re.compile(
    r"(on or before|no later than|by|until|on approximately|approximately|on or about)\s*$", re.I
)
# Pub. Off. Law § 87(2)(e), "section 87(2)(b)", "87 (2) (g)"
_EXEMPTION = re.compile(r"(?:§+|section|sec\.)?\s*87\s*\(\s*2\s*\)\s*\(\s*([a-n])\s*\)", re.I)
_AMOUNT = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})*(?:\.\d{2})?|\d+(?:\.\d{2})?)")

_NO_RECORDS = re.compile(
    r"no (?:responsive )?records (?:responsive|were found|exist|could be located)|has no records|"
    r"(?:unable|not able) to locate any records|did not locate any records|no such records",
    re.I,
)
_DENIED = re.compile(
    r"\b(?:is|are|hereby|must be|been)\s+denied\b|\bdenial\b|\bwithheld\b|exempt from disclosure", re.I
)
_PARTIAL = re.compile(r"\bin part\b|\bredact(?:ed|ions)\b|\bpartial(?:ly)?\b", re.I)
_FEE = re.compile(r"\b(?:cost|fee|fees|payment|remit|payable|per page)\b", re.I)
_EXTENDED = re.compile(r"additional time|\bextend(?:ed|ing)?\b|\bextension\b", re.I)
_ACK = re.compile(r"acknowledg|receipt of your|(?:have|has) received your|in receipt of", re.I)
_RECORDS = re.compile(r"\battached\b|\benclosed\b|responsive records|records responsive", re.I)


@dataclass(frozen=True)
class Suggestion:
    kind: str  # an event kind, "auto-reply", or "note" when nothing is recognised
    on: date | None = None  # the estimate (acknowledged) or the new date (extended)
    amount: float | None = None
    exemptions: tuple[str, ...] = ()
    evidence: str = ""  # the words that gave it away
    details: dict[str, object] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"kind": self.kind, "evidence": self.evidence}
        if self.on is not None:
            out["estimate" if self.kind == "acknowledged" else "until"] = self.on.isoformat()
        if self.amount is not None:
            out["amount"] = self.amount
        if self.exemptions:
            out["exemptions"] = list(self.exemptions)
        return out


def dates(text: str) -> list[tuple[int, date, bool]]:
    """Every date written in the text: (position, date, introduced by "on or before"/"by"/…)."""
    found = []
    for m in _DATE.finditer(text):
        try:
            d = date(int(m.group(3)), _MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
        except ValueError:
            continue
        found.append((m.start(), d, bool(_BY.search(text[max(0, m.start() - 30) : m.start()]))))
    for m in _NUMERIC.finditer(text):
        try:
            d = date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        except ValueError:
            continue
        found.append((m.start(), d, bool(_BY.search(text[max(0, m.start() - 30) : m.start()]))))
    return sorted(found)


def _promised(text: str, after: date | None) -> date | None:
    """The date the agency promises: one introduced by "on or before"/"by", else the last one after
    the message's own day."""
    found = [(d, by) for _, d, by in dates(text) if after is None or d >= after]
    introduced = [d for d, by in found if by]
    if introduced:
        return introduced[-1]
    return found[-1][0] if found else None


def _evidence(pattern: re.Pattern[str], text: str) -> str:
    m = pattern.search(text)
    if m is None:
        return ""
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    return " ".join(text[start : end if end != -1 else len(text)].split())[:200]


def suggest(
    text: str, *, subject: str = "", auto: bool = False, has_pdf: bool = False, day: date | None = None
) -> Suggestion:
    """The most specific reading of a reply; `day` is the message's date (promised dates follow it)."""
    words = f"{subject}\n{text}"
    if auto:
        return Suggestion("auto-reply", evidence="an automatic reply (out of office), not an acknowledgment")
    if _NO_RECORDS.search(words):
        return Suggestion("no-records", evidence=_evidence(_NO_RECORDS, words))
    exemptions = tuple(
        dict.fromkeys(f"Pub. Off. Law § 87(2)({m.lower()})" for m in _EXEMPTION.findall(words))
    )
    if _DENIED.search(words):
        kind = "partial" if (_PARTIAL.search(words) or has_pdf) else "denied"
        return Suggestion(kind, exemptions=exemptions, evidence=_evidence(_DENIED, words))
    amounts = [float(a.replace(",", "")) for a in _AMOUNT.findall(words)]
    if amounts and _FEE.search(words):
        return Suggestion("fee-estimate", amount=max(amounts), evidence=_evidence(_AMOUNT, words))
    if _EXTENDED.search(words):
        return Suggestion("extended", on=_promised(words, day), evidence=_evidence(_EXTENDED, words))
    if has_pdf and _RECORDS.search(words):
        return Suggestion("records", evidence=_evidence(_RECORDS, words))
    if _ACK.search(words):
        return Suggestion("acknowledged", on=_promised(words, day), evidence=_evidence(_ACK, words))
    if _RECORDS.search(words) and has_pdf:
        return Suggestion("records", evidence=_evidence(_RECORDS, words))
    return Suggestion("note", evidence="nothing recognised: read it and choose")
