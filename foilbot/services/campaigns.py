"""Campaigns: the same request to many agencies, created in one transaction (issue 12).

`create` chooses the agencies (a CSV of ids, or directory filters), skips the ones that cannot be
asked (not subject to the law, already in the campaign, no postal address), checks the template,
topics and parameters once, allocates every reference in one counter update per law, inserts the
requests in bulk and stores their schedules through `services.recompute.recompute_all`. Nothing is
written unless all of it is: an interrupted run leaves no request, and running it again skips the
agencies already in the campaign.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot import clock
from foilbot.errors import NotFoundError, UsageError, ValidationError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.models import Campaign
    from foilbot.queries import Reader

FILTERS = ("state", "kind", "county")
# Why an agency is left out of a campaign (shown beside it, and in `--format json`).
NOT_SUBJECT = "not subject to the public-records law (--include-private to ask anyway)"
ALREADY = "already in the campaign"
NO_ADDRESS = "no postal address in the directory"
LISTED_TWICE = "listed twice"


@dataclass(frozen=True)
class Spec:
    """What every request of a campaign asks."""

    topics: tuple[str, ...]
    template: str = ""
    subject: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    law: str | None = None


@dataclass(frozen=True)
class Created:
    reference: str
    agency_id: str
    agency: str


@dataclass(frozen=True)
class Skipped:
    agency_id: str
    agency: str
    reason: str


@dataclass(frozen=True)
class CampaignResult:
    name: str
    created: tuple[Created, ...]
    skipped: tuple[Skipped, ...]
    dry_run: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "campaign": self.name,
            "dry_run": self.dry_run,
            "created": [c.__dict__ for c in self.created],
            "skipped": [s.__dict__ for s in self.skipped],
        }


def read_agency_ids(path: Path) -> list[str]:
    """The `id` column of a CSV (as `agency list --csv` writes it), in file order.

    Raises:
        ValidationError: the file cannot be read, has no `id` column, or a row has no id.
    """
    import csv

    from foilbot.files import read_bounded  # /dev/zero is refused, not read forever

    try:
        text = read_bounded(path, 200_000_000, "agency list").decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path}: cannot read the agency list: {exc}") from None
    reader = csv.DictReader(text.splitlines())
    if "id" not in (reader.fieldnames or []):
        raise ValidationError(
            f"{path}: no 'id' column", hint="Write one with: foilbot agency list --state NY --csv > FILE.csv"
        )
    ids = []
    for row_number, row in enumerate(reader, 2):
        ident = (row.get("id") or "").strip()
        if not ident:
            raise ValidationError(f"{path}, row {row_number}: no agency id")
        ids.append(ident)
    return ids


def choose(
    session: Session, *, agencies_file: Path | None, filters: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The agencies named by the CSV (in its order) or matching every filter (by name).

    Raises:
        UsageError: neither or both of a file and filters; a filter other than state, kind, county.
        NotFoundError: an id in the file that is not in the directory (naming the file and row).
    """
    from foilbot.domain.agencies import COLUMNS
    from foilbot.queries import Reader
    from foilbot.services.agencies import search

    if (agencies_file is None) == (not filters):
        raise UsageError("choose the agencies with --agencies FILE.csv or --filter KEY=VALUE (not both)")
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise UsageError(f"--filter {unknown[0]}=…: filter by {', '.join(FILTERS)}")
    db = Reader(session)
    if agencies_file is None:
        return search(
            db, limit=None, state=filters.get("state"), kind=filters.get("kind"), county=filters.get("county")
        )
    ids = read_agency_ids(agencies_file)
    cols = ", ".join(COLUMNS)
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = {f"i{n}": ident for n, ident in enumerate(ids[start : start + 500])}
        marks = ", ".join(f":{k}" for k in chunk)
        for row in db.rows(f"SELECT {cols} FROM agency WHERE id IN ({marks})", chunk):
            found[row["id"]] = {**dict(row), "public": bool(row["public"])}
    for row_number, ident in enumerate(ids, 2):
        if ident not in found:
            raise NotFoundError(
                f"{agencies_file}, row {row_number}: no agency {ident!r} in the directory",
                hint="Use the ids `foilbot agency list --csv` prints.",
            )
    return [found[i] for i in ids]


def _skip_reason(agency: Mapping[str, Any], taken: set[str], include_private: bool) -> str | None:
    if agency["id"] in taken:
        return ALREADY
    if not agency["public"] and not include_private:
        return NOT_SUBJECT
    if not (str(agency["address"]).strip() and str(agency["city"]).strip() and str(agency["zip"]).strip()):
        return NO_ADDRESS
    return None


def get_campaign(session: Session, name: str) -> Campaign:
    """A campaign by name.

    Raises:
        NotFoundError: no such campaign.
    """
    from foilbot.models import Campaign

    found = session.get(Campaign, name)
    if found is None:
        raise NotFoundError(f"no campaign {name!r}", hint="List them with: foilbot campaign list")
    return found


def known(db: Reader, name: str | None) -> str | None:
    """`name` when there is such a campaign (a `--campaign` filter); None for none given.

    Raises:
        NotFoundError: no such campaign: a filter naming none would list nothing, and `overdue
            --check` would say all is well.
    """
    if name is not None and not db.rows("SELECT name FROM campaign WHERE name = :name", {"name": name}):
        raise NotFoundError(f"no campaign {name!r}", hint="List them with: foilbot campaign list")
    return name


def _spec_of(campaign: Campaign) -> Spec:
    return Spec(
        tuple(campaign.topics), campaign.template, campaign.subject, dict(campaign.params), campaign.law
    )


def create(
    session: Session,
    name: str,
    settings: Settings,
    *,
    spec: Spec | None,
    agencies_file: Path | None = None,
    filters: Mapping[str, str] | None = None,
    include_private: bool = False,
    dry_run: bool = False,
    now: datetime | None = None,
) -> CampaignResult:
    """One draft request per chosen agency, in the caller's transaction.

    Args:
        spec: what the requests ask; None adds agencies to an existing campaign (`campaign add`).

    Raises:
        UsageError: an unknown template, topic or parameter; `campaign new` on a name already taken
            (`campaign add` grows a campaign); a new name outside the rule (domain.text
            CAMPAIGN_NAME_RULE); a closed campaign; no agency chosen.
        NotFoundError: `campaign add` to a campaign that does not exist; an unknown agency id.
    """
    from foilbot.domain.laws import get_law
    from foilbot.domain.text import check_campaign_name
    from foilbot.locks import serialize
    from foilbot.models import Campaign
    from foilbot.services.request_spec import validate

    name = name.strip()
    if not name:
        raise UsageError("a campaign needs a name, e.g. cameras-2026")
    now = now or clock.now()
    # One process at a time creates or adds to a campaign: the next sees the agencies already in it
    # and no agency gets two requests (issue 13). SQLite's write transactions already take turns.
    serialize(session, f"campaign:{name}")
    existing = session.get(Campaign, name)
    if spec is None:
        spec = _spec_of(get_campaign(session, name))
    elif existing is not None:
        raise UsageError(
            f"campaign {name!r} already exists",
            hint=f"Add agencies to it with: foilbot campaign add {name} --filter … (or --agencies FILE.csv); "
            "or choose another name.",
        )
    else:
        check_campaign_name(name)
    if existing is not None and existing.closed_on is not None:
        raise UsageError(f"campaign {name!r} was closed on {existing.closed_on}; it takes no more agencies")
    chosen = choose(session, agencies_file=agencies_file, filters=filters or {})
    if not chosen:  # a misspelt county made an empty campaign, "Created 0 request(s)" (issue 9)
        given = " ".join(f"--filter {k}={v}" for k, v in (filters or {}).items()) or str(agencies_file)
        raise UsageError(
            f"no agency in the directory matches {given}",
            hint="See what a filter matches with: foilbot agency list --state NY --county Niagara --limit 0",
        )
    laws = {a["id"]: get_law(spec.law or a["jurisdiction"]) for a in chosen}
    validate(
        settings,
        jurisdictions=sorted({law.jurisdiction for law in laws.values()}),
        template=spec.template,
        topics=spec.topics,
        params=spec.params,
    )
    taken = _agencies_in(session, name)
    picked: list[dict[str, Any]] = []
    skipped: list[Skipped] = []
    for agency in chosen:
        reason = _skip_reason(agency, taken, include_private)
        if reason is None and agency["id"] in {a["id"] for a in picked}:
            reason = LISTED_TWICE
        if reason is None:
            picked.append(agency)
        elif reason != LISTED_TWICE:
            skipped.append(Skipped(agency["id"], agency["name"], reason))
    if dry_run:
        created = tuple(Created("", a["id"], a["name"]) for a in picked)
        return CampaignResult(name, created, tuple(skipped), True)
    if existing is None:
        session.add(Campaign(name=name, **_columns(spec), created_at=now))
    created = _insert(session, name, spec, picked, laws, settings, now)
    return CampaignResult(name, created, tuple(skipped), False)


def _columns(spec: Spec) -> dict[str, Any]:
    return {
        "template": spec.template,
        "subject": spec.subject,
        "topics": list(spec.topics),
        "params": dict(spec.params),
        "law": spec.law,
    }


def _agencies_in(session: Session, name: str) -> set[str]:
    from sqlmodel import col, select

    from foilbot.models import Request

    return set(session.scalars(select(col(Request.agency_id)).where(col(Request.campaign) == name)))


def _insert(
    session: Session,
    name: str,
    spec: Spec,
    agencies: Sequence[Mapping[str, Any]],
    laws: Mapping[str, Any],
    settings: Settings,
    now: datetime,
) -> tuple[Created, ...]:
    """Bulk-insert the drafts, references in campaign order, and store their schedules."""
    from sqlalchemy import insert
    from sqlmodel import col, select

    from foilbot.models import Request
    from foilbot.services.recompute import recompute_all
    from foilbot.services.requests import allocate_references, reference_prefix

    by_prefix: dict[str, list[str]] = {}
    for a in agencies:
        by_prefix.setdefault(reference_prefix(laws[a["id"]]), []).append(a["id"])
    references: dict[str, str] = {}
    for prefix, ids in by_prefix.items():
        references.update(zip(ids, allocate_references(session, prefix, now.year, len(ids)), strict=True))
    columns = _columns(spec)
    del columns["law"]
    rows = [
        {
            **columns,
            "reference": references[a["id"]],
            "agency_id": a["id"],
            "jurisdiction": laws[a["id"]].jurisdiction,
            "campaign": name,
            "status": "draft",
            "created_at": now,
            "updated_at": now,
            "sent_on": None,
            "received_on": None,
            "received_estimated": False,
            "via": None,
            "tracking": None,
            "last_event_on": None,
            "warnings": [],
        }
        for a in agencies
    ]
    if not rows:
        return ()
    session.execute(insert(Request), rows)
    refs = list(references.values())
    new_ids = list(
        session.scalars(
            select(col(Request.id)).where(col(Request.campaign) == name, col(Request.reference).in_(refs))
        )
    )
    recompute_all(session, settings, ids=[int(i or 0) for i in new_ids])
    return tuple(Created(references[a["id"]], a["id"], a["name"]) for a in agencies)
