"""The letter context: plain dataclasses the services fill in and every template sees.

Nothing here imports Jinja or WeasyPrint, so callers can build a context cheaply.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class AgencyInfo:
    """The addressee. ``address_lines`` are the street lines; city/state/zip make the last line."""

    name: str
    jurisdiction: str
    records_officer: str = ""
    address_lines: tuple[str, ...] = ()
    city: str = ""
    state: str = ""
    zip: str = ""
    email: str = ""
    public: bool = True
    kind: str = ""
    id: str = ""

    @property
    def city_line(self) -> str:
        tail = " ".join(p for p in (self.state, self.zip) if p)
        return ", ".join(p for p in (self.city, tail) if p)


@dataclass(frozen=True)
class RequesterInfo:
    """Who signs ([requester] in foilbot.toml). ``signature`` is a path to an image, or empty."""

    name: str
    organization: str = ""
    address_lines: tuple[str, ...] = ()
    email: str = ""
    phone: str = ""
    signature: str = ""

    @property
    def signature_url(self) -> str:
        return Path(self.signature).expanduser().resolve().as_uri() if self.signature else ""


@dataclass(frozen=True)
class RequestInfo:
    """The request as the letter states it. ``params`` are topic parameters (``--param KEY=VALUE``)."""

    date: date
    reference: str = ""
    subject: str = ""
    topics: tuple[str, ...] = ()
    params: Mapping[str, str] = field(default_factory=dict)
    fee_limit: int = 25
    delivery: str = "email"  # email | mail | portal | fax | hand
    fee_category: str = ""  # federal only: news-media | educational | scientific | other | commercial
    fee_waiver: str = ""  # federal only: why disclosure is in the public interest
    expedite: str = ""  # federal only: the compelling need, certified true


@dataclass(frozen=True)
class CitedExemption:
    """One exemption a denial relied on: its citation, the agency's words, and the requester's answer."""

    citation: str
    quoted: str = ""
    answer: str = ""


@dataclass(frozen=True)
class HistoryInfo:
    """What happened so far, for follow-ups and appeals (dates the tracking layer worked out)."""

    sent_on: date
    received_on: date | None = None
    received_estimated: bool = False
    due: date | None = None  # the missed (or pending) agency deadline
    due_kind: str = ""  # its kind (determination, acknowledgment, ...): what the letter says was owed
    due_citation: str = ""
    due_verified: str = "yes"
    acknowledged_on: date | None = None
    approximate_date: date | None = None
    denied_on: date | None = None
    denial_reference: str = ""
    denied_by: str = ""
    exemptions: tuple[CitedExemption, ...] = ()


@dataclass(frozen=True)
class Topic:
    """A topic block as the letter sees it: its name, title and the parameters it declared."""

    name: str
    title: str
    params: Mapping[str, Any]


@dataclass(frozen=True)
class LetterContext:
    """Everything a letter template may use; ``law`` is a foilbot.domain.laws.Law."""

    agency: AgencyInfo
    requester: RequesterInfo
    request: RequestInfo
    law: Any
    history: HistoryInfo | None = None
    created: datetime | None = None  # PDF metadata; SOURCE_DATE_EPOCH wins when set
