"""A campaign after it is created: list, show, record filing, letters, close (issue 12).

Every step can be run again after an interruption: filing skips requests already recorded as sent,
letters keep the files already written (`render_batch(resume=True)`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.errors import FoilbotError, NotFoundError, UsageError, ValidationError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.queries import Reader
    from foilbot.render.jobs import LetterJob

# Counted in subqueries, not GROUP BY: PostgreSQL cannot group by a json column (topics).
LIST_SQL = (
    "SELECT c.name, c.created_at, c.closed_on, c.topics, "
    "(SELECT COUNT(*) FROM request r WHERE r.campaign = c.name) AS requests, "
    "(SELECT COUNT(*) FROM request r WHERE r.campaign = c.name AND r.status = 'draft') AS drafts "
    "FROM campaign c ORDER BY c.name"
)
SHOW_SQL = (
    "SELECT r.reference, r.agency_id, a.name AS agency, r.status, r.sent_on, r.via, r.tracking, "
    "(SELECT MIN(d.due) FROM deadline d WHERE d.request_id = r.id AND d.is_current = :yes) AS due "
    "FROM request r JOIN agency a ON a.id = r.agency_id WHERE r.campaign = :name ORDER BY r.id"
)
SHOW_COLUMNS = ("reference", "agency_id", "agency", "status", "sent_on", "via", "tracking", "due")


def list_campaigns(db: Reader) -> list[dict[str, Any]]:
    """Every campaign with its number of requests and how many are still drafts."""
    from foilbot.queries import as_date, as_datetime, as_json

    return [
        {
            "name": r["name"],
            "topics": as_json(r["topics"]),
            "requests": int(r["requests"] or 0),
            "drafts": int(r["drafts"] or 0),
            "created_at": as_datetime(r["created_at"]),
            "closed_on": as_date(r["closed_on"]),
        }
        for r in db.rows(LIST_SQL)
    ]


def show(db: Reader, name: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(the campaign, its requests in campaign order with their current deadline).

    Raises:
        NotFoundError: no such campaign.
    """
    from foilbot.queries import as_date, as_datetime, as_json

    found = db.rows("SELECT * FROM campaign WHERE name = :name", {"name": name})
    if not found:
        raise NotFoundError(f"no campaign {name!r}", hint="List them with: foilbot campaign list")
    c = found[0]
    meta = {
        "campaign": c["name"],
        "template": c["template"],
        "subject": c["subject"],
        "topics": as_json(c["topics"]),
        "params": as_json(c["params"]),
        "created_at": as_datetime(c["created_at"]),
        "closed_on": as_date(c["closed_on"]),
    }
    rows = [
        {**dict(r), "sent_on": as_date(r["sent_on"]), "due": as_date(r["due"])}
        for r in db.rows(SHOW_SQL, {"name": name, "yes": db.flag(True)})
    ]
    return meta, rows


def campaign_requests(session: Session, name: str, only: Sequence[str] = ()) -> list[Any]:
    """The campaign's requests in campaign order (only the references given, when any)."""
    from sqlmodel import col, select

    from foilbot.models import Request
    from foilbot.services.campaigns import get_campaign

    get_campaign(session, name)
    found = list(
        session.scalars(select(Request).where(col(Request.campaign) == name).order_by(col(Request.id)))
    )
    if not only:
        return found
    by_ref = {r.reference.upper(): r for r in found}
    missing = [ref for ref in only if ref.strip().upper() not in by_ref]
    if missing:
        raise NotFoundError(f"--only {missing[0]}: not a request of campaign {name!r}")
    return [by_ref[ref.strip().upper()] for ref in only]


PAPERLESS = frozenset({"email", "portal", "fax"})


def on_paper(session: Session, name: str) -> tuple[list[Any], tuple[str, ...]]:
    """The campaign's requests that go, or went, by post, in campaign order; and the others, each with
    why: filed by email, portal or fax (a mixed campaign posts only the rest), or withdrawn before
    filing. Letters and mailings printed them all, so an emailed agency was also posted the request."""
    paper, passed = [], []
    for req in campaign_requests(session, name):
        if req.sent_on is not None and req.via in PAPERLESS:
            passed.append(f"{req.reference} (sent by {req.via})")
        elif req.sent_on is None and req.status != "draft":
            passed.append(f"{req.reference} ({req.status})")
        else:
            paper.append(req)
    return paper, tuple(passed)


@dataclass(frozen=True)
class Filed:
    recorded: tuple[str, ...]
    already: tuple[str, ...]
    passed_over: tuple[str, ...] = ()  # not sent and no longer drafts (withdrawn): never recorded


def mark_sent(
    session: Session,
    name: str,
    settings: Settings,
    *,
    day: date,
    via: str,
    today: date,
    only: Sequence[str] = (),
    tracking_from: Path | None = None,
) -> Filed:
    """Record the filing of every draft of the campaign (or of `only`); requests already sent are left
    as they are, so a run that was interrupted can be repeated without a second `sent` event.

    Args:
        tracking_from: a CSV of references and certified-mail article numbers, stored with each.

    Raises:
        ValidationError, NotFoundError: a bad tracking file, or a reference not in the campaign.
    """
    from foilbot.services.events import mark_sent as sent_one

    recorded, already = [], []
    requests = campaign_requests(session, name, only)
    numbers: dict[str, str] = {}
    if tracking_from is not None:
        numbers = read_tracking(tracking_from)
        check_references(numbers, [r.reference for r in requests], tracking_from, name)
    passed_over = []
    for req in requests:
        if req.sent_on is not None:
            already.append(req.reference)
            continue
        if req.status != "draft":  # withdrawn before it went out: it was recorded as sent, and published
            passed_over.append(req.reference)
            continue
        article = numbers.get(req.reference.upper())
        try:
            sent_one(session, int(req.id or 0), day, settings, today=today, via=via, tracking=article)
        except FoilbotError as exc:  # which request, of hundreds
            raise FoilbotError(
                f"{req.reference}: {exc.message}", hint=exc.hint, exit_code=exc.exit_code
            ) from None
        recorded.append(req.reference)
    return Filed(tuple(recorded), tuple(already), tuple(passed_over))


def letter_jobs(
    session: Session, name: str, settings: Settings, *, on: date, out_dir: Path
) -> tuple[list[LetterJob], tuple[str, ...]]:
    """The request letter of every request of the campaign that goes by post (`on_paper`), to
    `out_dir/REFERENCE.pdf`, in campaign order (agencies marked not subject to the law were included on
    purpose: they are printed); and the requests passed over, with why."""
    from foilbot.services.request_letters import prepare

    paper, passed = on_paper(session, name)
    jobs = [
        prepare(
            session,
            int(r.id or 0),
            "request",
            settings,
            on=on,
            out=out_dir / f"{r.reference}.pdf",
            force=True,
        ).job
        for r in paper
    ]
    return jobs, passed


def close(session: Session, name: str, today: date) -> date:
    """Close the campaign: it takes no more agencies. Returns the day it was closed.

    Raises:
        UsageError: it is already closed.
    """
    from foilbot.services.campaigns import get_campaign

    campaign = get_campaign(session, name)
    if campaign.closed_on is not None:
        raise UsageError(f"campaign {name!r} was already closed on {campaign.closed_on}")
    campaign.closed_on = today
    session.add(campaign)
    return today


def read_tracking(path: Path) -> dict[str, str]:
    """{reference: article number} from a CSV with `reference` and `article_number` (or `tracking`) columns.

    Raises:
        ValidationError: unreadable file, missing columns, a row without either value, a reference twice.
    """
    import csv

    from foilbot.files import read_bounded  # /dev/zero is refused, not read forever

    try:
        text = read_bounded(path, 50_000_000, "article numbers").decode("utf-8-sig")
        rows = list(csv.DictReader(text.splitlines()))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValidationError(f"{path}: cannot read the article numbers: {exc}") from None
    found: dict[str, str] = {}
    for number, row in enumerate(rows, 2):
        ref = (row.get("reference") or "").strip().upper()
        article = (row.get("article_number") or row.get("tracking") or "").strip()
        if not ref or not article:
            raise ValidationError(
                f"{path}, row {number}: needs a reference and an article number",
                hint="Columns: reference,article_number (the mail log CSV has both).",
            )
        if ref in found:
            raise ValidationError(f"{path}, row {number}: {ref} is listed twice")
        found[ref] = article
    return found


def check_references(tracking: dict[str, str], known: Sequence[str], path: Path, name: str) -> None:
    """Every reference of the tracking file must be one of the campaign's."""
    upper = {k.upper() for k in known}
    for ref in tracking:
        if ref not in upper:
            raise NotFoundError(f"{path}: {ref} is not a request of campaign {name!r}")
