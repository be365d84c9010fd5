"""Requests and their events: create, file, log, correct, and keep stored deadlines in step.

Every change to a request's events recomputes its schedule with the pure deadline engine and stores
it (table `deadline`) in the same transaction, so `overdue` and `due` are plain indexed queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from foilbot import clock
from foilbot.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.listing import Listing
    from foilbot.models import Agency, Request
    from foilbot.queries import Reader


@dataclass(frozen=True)
class RequestView:
    """A request as commands show it (`--json` prints `as_dict()`)."""

    id: int
    reference: str
    agency_id: str
    agency: str
    jurisdiction: str
    status: str
    template: str
    subject: str
    topics: list[str]
    params: dict[str, Any]
    campaign: str | None
    sent_on: date | None
    received_on: date | None
    received_estimated: bool
    via: str | None
    created_at: datetime
    public: bool = True
    created_by: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def view(req: Request, agency: Agency) -> RequestView:
    return RequestView(
        id=int(req.id or 0),
        reference=req.reference,
        agency_id=agency.id,
        agency=agency.name,
        jurisdiction=req.jurisdiction,
        status=req.status,
        template=req.template,
        subject=req.subject,
        topics=list(req.topics),
        params=dict(req.params),
        campaign=req.campaign,
        sent_on=req.sent_on,
        received_on=req.received_on,
        received_estimated=req.received_estimated,
        via=req.via,
        created_at=req.created_at,
        public=agency.public,
        created_by=req.created_by,
    )


# The JSON columns as text on both drivers: psycopg would decode every row's (1.5 s of a 100,000-row
# listing on PostgreSQL), where the few distinct texts are decoded once each (listing's memo).
LIST_SQL = (
    "SELECT r.id, r.reference, r.agency_id, a.name AS agency, r.jurisdiction, r.status, r.template, "
    "r.subject, CAST(r.topics AS TEXT) AS topics, CAST(r.params AS TEXT) AS params, r.campaign, "
    "r.sent_on, r.received_on, r.received_estimated, r.via, "
    "r.created_at, a.public, r.created_by FROM request r JOIN agency a ON a.id = r.agency_id"
)


# LIST_SQL's columns and what each holds (foilbot.listing.KINDS), in its SELECT order.
LIST_KINDS = (
    ("id", "value"),
    ("reference", "value"),
    ("agency_id", "value"),
    ("agency", "value"),
    ("jurisdiction", "value"),
    ("status", "value"),
    ("template", "value"),
    ("subject", "value"),
    ("topics", "json"),
    ("params", "json"),
    ("campaign", "value"),
    ("sent_on", "day"),
    ("received_on", "day"),
    ("received_estimated", "flag"),
    ("via", "value"),
    ("created_at", "stamp"),
    ("public", "flag"),
    ("created_by", "value"),
)


def list_requests(
    db: Reader,
    *,
    status: str | None = None,
    agency_id: str | None = None,
    campaign: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> Listing:
    """Requests (the `RequestView` shape, dates as ISO text), newest first, one at a time as the
    database returns them: a Listing, whose `dicts()` are the rows as dicts and whose other forms
    print them without building one (issue 14).

    Args:
        limit, offset: a page of the list (`--limit/--offset`), counted in the database.
    """
    from foilbot.domain.status import status_filter
    from foilbot.listing import Listing
    from foilbot.queries import where_clause

    where, params = [], {"status": status_filter(status), "agency": agency_id, "campaign": campaign}
    for column, key in (("r.status", "status"), ("r.agency_id", "agency"), ("r.campaign", "campaign")):
        if params[key]:
            where.append(f"{column} = :{key}")
    sql = f"{LIST_SQL}{where_clause(where)} ORDER BY r.id DESC{db.page(limit, offset)}"
    return Listing(LIST_KINDS, db.tuples(sql, params))


def get_request(session: Session, ident: str | int, *, lock: bool = False) -> Request:
    """A request by numeric id or by reference (FOIL-2026-0001).

    Args:
        lock: hold the request's row until the transaction ends, so two people changing one request
            at once take turns and each sees the other's events (PostgreSQL; SQLite's write
            transactions already take turns).

    Raises:
        NotFoundError: no such request.
    """
    from sqlalchemy import func
    from sqlmodel import select

    from foilbot.domain.text import row_id
    from foilbot.models import Request

    text = str(ident).strip()
    number = row_id(text)
    found = session.get(Request, number, with_for_update=lock or None) if number is not None else None
    if found is None:
        query = select(Request).where(func.upper(Request.reference) == text.upper())
        found = session.scalars(query.with_for_update() if lock else query).first()
    if found is None:
        raise NotFoundError(f"no request {text!r}", hint="List them with: foilbot request list")
    return found


def event_numbers(session: Session, request_id: int) -> dict[int, int]:
    """{event id: its number in this request}: events are numbered 1, 2, 3… per request, in the order
    they were logged (removed ones keep their number), which is what people see and type."""
    from sqlmodel import col, select

    from foilbot.models import Event

    ids = session.scalars(
        select(col(Event.id)).where(col(Event.request_id) == request_id).order_by(col(Event.id))
    )
    return {int(event_id or 0): n for n, event_id in enumerate(ids, 1)}


def reference_prefix(law: Any) -> str:
    """The reference prefix of a law's requests: FOIL, FOIA, …"""
    return str(law.short_name).upper().replace(" ", "")


def allocate_reference(session: Session, prefix: str, year: int) -> str:
    """The next reference for (prefix, year), counted inside the database transaction."""
    return allocate_references(session, prefix, year, 1)[0]


def allocate_references(session: Session, prefix: str, year: int, count: int) -> list[str]:
    """The next `count` references for (prefix, year), in one counter update inside the transaction."""
    from sqlalchemy import update
    from sqlalchemy.exc import IntegrityError
    from sqlmodel import col, select

    from foilbot.models import ReferenceCounter

    if count < 1:
        return []
    for _ in range(3):
        stmt = (
            update(ReferenceCounter)
            .where(col(ReferenceCounter.prefix) == prefix, col(ReferenceCounter.year) == year)
            .values(last=col(ReferenceCounter.last) + count)
            .returning(col(ReferenceCounter.last))
        )
        last = session.execute(stmt).scalar()
        if last is None:
            try:
                with session.begin_nested():
                    session.add(ReferenceCounter(prefix=prefix, year=year, last=count))
                last = count
            except IntegrityError:  # another process created the counter first: count on it
                continue
        return [f"{prefix}-{year}-{n:04d}" for n in range(last - count + 1, last + 1)]
    last = session.scalar(select(col(ReferenceCounter.last)).where(col(ReferenceCounter.prefix) == prefix))
    raise UsageError(f"could not allocate a {prefix}-{year} reference (counter at {last})")


def create_request(
    session: Session,
    agency_text: str,
    *,
    topics: Sequence[str] = (),
    template: str = "",
    subject: str = "",
    params: dict[str, Any] | None = None,
    law: str | None = None,
    campaign: str | None = None,
    now: datetime | None = None,
    actor: str = "",
    settings: Settings | None = None,
) -> RequestView:
    """A draft request to an agency, under the agency's law unless `law` says otherwise.

    `actor` (Settings.user) is recorded as its creator and in the change log.

    Args:
        settings: when given, the template, topics and parameters are checked first
            (services.request_spec.validate), as `request new` does.

    Raises:
        UsageError: an unknown template, topic or parameter (with settings).
    """
    from foilbot.domain.laws import get_law
    from foilbot.domain.text import check_texts
    from foilbot.models import Request
    from foilbot.services.agencies import resolve
    from foilbot.services.audit import record

    check_texts(  # a campaign's name has a rule of its own (text.check_campaign_name), said in full
        [("--subject", subject), ("--template", template)]
        + [(f"--param {k}", v) for k, v in (params or {}).items()]
    )
    agency = resolve(session, agency_text)
    the_law = get_law(law or agency.jurisdiction)
    if settings is not None:
        from foilbot.services.request_spec import validate

        pairs = {k: str(v) for k, v in (params or {}).items()}
        validate(
            settings, jurisdictions=[the_law.jurisdiction], template=template, topics=topics, params=pairs
        )
    now = now or clock.now()
    if campaign:
        join_campaign(session, campaign, topics, template, subject, dict(params or {}), law, now)
    req = Request(
        reference=allocate_reference(session, reference_prefix(the_law), now.year),
        agency_id=agency.id,
        jurisdiction=the_law.jurisdiction,
        template=template,
        subject=subject,
        topics=list(topics),
        params=dict(params or {}),
        campaign=campaign or None,
        status="draft",
        created_at=now,
        updated_at=now,
        created_by=actor,
        updated_by=actor,
    )
    session.add(req)
    session.flush()
    record(session, actor, "request.new", subject=req.reference, request_id=req.id, detail=agency.id, at=now)
    return view(req, agency)


def join_campaign(
    session: Session,
    name: str,
    topics: Sequence[str],
    template: str,
    subject: str,
    params: dict[str, Any],
    law: str | None,
    now: datetime,
) -> None:
    """One model of a campaign (issue 12): a `campaign` row, and requests naming it. A request made with
    `request new --campaign NAME` creates the campaign when it is new (asking what this request
    asks), so `campaign list`, `show`, `send` and `add` see it; an existing one must ask the same.

    Raises:
        UsageError: the campaign is closed, or asks something else (says how to see what it asks); a
            new campaign's name breaks the rule (domain.text.CAMPAIGN_NAME_RULE).
    """
    from sqlalchemy.exc import IntegrityError

    from foilbot.domain.text import check_campaign_name
    from foilbot.models import Campaign

    asks: dict[str, Any] = {
        "template": template,
        "subject": subject,
        "topics": list(topics),
        "params": params,
        "law": law,
    }
    found = session.get(Campaign, name)
    if found is None:
        check_campaign_name(name)
        try:
            with session.begin_nested():
                session.add(Campaign(name=name, **asks, created_at=now))
            return
        except IntegrityError:  # another process created it first: join it as below
            found = session.get(Campaign, name)
            assert found is not None
    if found.closed_on is not None:
        raise UsageError(f"--campaign {name!r} was closed on {found.closed_on}; it takes no more requests")
    theirs = {k: getattr(found, k) for k in asks}
    theirs["topics"], theirs["params"] = list(found.topics), dict(found.params)
    if theirs != asks:
        differ = ", ".join(k for k in asks if theirs[k] != asks[k])
        raise UsageError(
            f"--campaign {name!r} asks something else (its {differ} differ from this request's)",
            hint=f"See what it asks: foilbot campaign show {name}; or add agencies with: "
            f"foilbot campaign add {name} --agencies FILE.csv; or choose another name.",
        )


def add_closure(
    session: Session, agency_text: str, day: date, reason: str, settings: Settings
) -> tuple[str, int]:
    """Record a day the agency was closed and recompute its requests; returns (agency id, requests updated).

    Raises:
        ValidationError: that day is already recorded for the agency.
    """
    from sqlmodel import col, select

    from foilbot.errors import ValidationError
    from foilbot.models import AgencyClosure
    from foilbot.services.agencies import resolve
    from foilbot.services.recompute import recompute_all

    agency = resolve(session, agency_text)
    if session.scalar(
        select(AgencyClosure).where(col(AgencyClosure.agency_id) == agency.id, col(AgencyClosure.day) == day)
    ):
        raise ValidationError(f"{agency.id} already has a closure on {day}")
    session.add(AgencyClosure(agency_id=agency.id, day=day, reason=reason))
    session.flush()
    from foilbot.services.audit import record

    record(session, settings.user, "closure.add", subject=agency.id, detail=f"{day} {reason}".strip())
    return agency.id, recompute_all(session, settings, agency.id)


def closures(session: Session, agency_text: str) -> tuple[str, list[tuple[date, str]]]:
    from foilbot.services.agencies import resolve
    from foilbot.services.agency_days import closures_for

    agency = resolve(session, agency_text)
    return agency.id, sorted(closures_for(session, agency.id).items())
