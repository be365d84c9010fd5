"""A request's schedule: computed in one place, stored, and read back by every command.

`recompute` is the only code that runs the deadline engine for a saved request. It stores the status,
the receipt date, the warnings and one row per deadline, so `request show`, the letters, `overdue`,
`due`, `calendar` and `report` all read the same dates. `standing` reads them back as things stand,
or as things stood on an earlier day (events dated after it ignored: computed, never stored).
`recompute.ensure_current` recomputes every stored schedule when the engine, the law data or the `deadlines.*`
settings differ from what they were computed with, so a changed setting never leaves stale dates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from foilbot import clock
from foilbot.domain.scoring import answer_facts
from foilbot.domain.vocabulary import AS_NOTES, FINISHED
from foilbot.services.agency_days import AgencyDays, of_agency, reader_loader

# The engine is imported where it runs: readers that find every stored schedule current (the
# everyday case) never load it.
if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.domain.deadlines import Deadline, Occurrence, Schedule

    class EventLike(Protocol):
        """An event as the engine needs it: a stored Event, or a plain row read by a fast reader."""

        @property
        def id(self) -> int | None: ...
        @property
        def kind(self) -> str: ...
        @property
        def day(self) -> date: ...
        @property
        def data(self) -> dict[str, Any]: ...

    from foilbot.models import Request
    from foilbot.queries import Reader

KEY = "schedule_key"
# "N TIMESTAMP": how many times the stored schedules were recomputed for another engine, law data or
# setting (recompute.ensure_current), and when last; a calendar's SEQUENCE counts them.
REVISION = "schedule_revision"


def revision(value: str | None) -> tuple[int, datetime | None]:
    """A stored REVISION value as (count, when); (0, None) when there is none."""
    number, _, when = (value or "0 ").partition(" ")
    return int(number), datetime.fromisoformat(when) if when else None


# What neither the deadline engine nor the status reads: notes, and the drafted letters and replies it
# takes as notes (occurrence). Left out of what `compute` gives the engine, so a bulk recompute can
# leave them out of a history too and find more requests with the same one.
NOT_READ = frozenset({"note", *AS_NOTES})


@dataclass(frozen=True)
class Standing:
    """Where a request stands (or stood on `as_of`): its status and its schedule."""

    status: str
    schedule: Schedule
    as_of: date | None = None  # None: as things stand now


def schedule_key(settings: Settings) -> str:
    """What a stored schedule depends on besides the history (foilbot.domain.revision)."""
    from foilbot.domain.revision import schedule_key as key

    return key(settings.mail_days)


def occurrence(kind: str, day: date, data: Mapping[str, Any] | None) -> Occurrence:
    """A stored event as the deadline engine reads it (drafted letters are history, not facts)."""
    from foilbot.domain.deadlines import Occurrence

    kind = "note" if kind in AS_NOTES else kind
    if not data:
        return Occurrence(kind, day)

    def when(key: str) -> date | None:
        value = data.get(key)
        if value is None or isinstance(value, date):
            return value
        return date.fromisoformat(value)

    until = when("estimate") if kind == "acknowledged" else when("until") if kind == "extended" else None
    return Occurrence(kind=kind, on=day, received=when("received"), via=data.get("via"), until=until)


def compute(jurisdiction: str, events: Sequence[EventLike], days: AgencyDays, settings: Settings) -> Standing:
    """The engine's answer for a history (live events only, in date order), with the agency's own days."""
    from foilbot.domain import status as lifecycle

    status = lifecycle.derive_status([lifecycle.Happened(e.kind, e.day, e.id or 0) for e in events])
    read = [occurrence(e.kind, e.day, e.data) for e in events if e.kind not in NOT_READ]
    return compute_read(jurisdiction, read, status, days, settings)


def compute_read(
    jurisdiction: str, occurrences: Sequence[Occurrence], status: str, days: AgencyDays, settings: Settings
) -> Standing:
    """`compute` from what it gives the engine: the bulk recompute converts each distinct event once."""
    from foilbot.domain.deadlines import compute_schedule

    closures, observes = days.closures, days.observes
    schedule = compute_schedule(
        jurisdiction, occurrences, closures=closures, observes=observes, mail_days=settings.mail_days
    )
    return Standing(status, schedule)


# A deadline's values after its request_id, in the order deadline_values gives them; stored with the
# explanation's lines as the digest of a trace row (`trace`, services.traces).
DEADLINE_FIELDS = (
    "kind", "due", "party", "citation", "verified", "is_open", "is_current", "conditional", "appeal_by",
    "met_on", "estimated", "explanation", "flags",
)  # fmt: skip


def deadline_values(standing: Standing) -> list[tuple[Any, ...]]:
    """The stored form of a schedule: one row per deadline (DEADLINE_FIELDS), flagged open/current for
    fast queries."""
    schedule = standing.schedule
    finished = standing.status in FINISHED
    appeal_if_silent = next((d.due for d in schedule.deadlines if d.conditional), None)
    current = schedule.current
    return [
        (
            d.kind,
            d.due,
            d.party,
            d.citation,
            d.verified,
            d.met is None and not finished,
            d is current and not finished,
            d.conditional,
            appeal_if_silent if d.party == "agency" else None,
            d.met,
            d.estimated,
            list(d.explanation),
            list(d.flags),
        )
        for d in schedule.deadlines
    ]


def deadline_rows(request_id: int, standing: Standing) -> list[dict[str, Any]]:
    """`deadline_values` as the rows' dicts, with their request_id."""
    return [
        {"request_id": request_id, **dict(zip(DEADLINE_FIELDS, values, strict=True))}
        for values in deadline_values(standing)
    ]


def request_fields(events: Sequence[EventLike], standing: Standing) -> dict[str, Any]:
    """The request columns that follow from its history (filing, receipt, status, the scorecard's
    facts)."""
    sent = next((e for e in events if e.kind == "sent"), None)
    data = (sent.data or {}) if sent else {}
    schedule = standing.schedule
    sent_on = sent.day if sent else None
    facts = answer_facts(events, schedule, schedule.received or sent_on)
    return {
        "status": standing.status,
        "sent_on": sent_on,
        "via": data.get("via"),
        "tracking": data.get("tracking"),
        "received_on": schedule.received,
        "received_estimated": schedule.received_estimated,
        "last_event_on": max((e.day for e in events), default=None),
        "warnings": list(schedule.warnings),
        "acknowledged_on": facts.acknowledged_on,
        "answered_on": facts.answered_on,
        "answered_on_time": facts.answered_on_time,
        "answer_days": facts.answer_days,
        "appealed_on": facts.appealed_on,
    }


def live_events(session: Session, request_id: int) -> list[Any]:
    from sqlmodel import col, select

    from foilbot.models import Event

    stmt = select(Event).where(col(Event.request_id) == request_id, col(Event.removed_at).is_(None))
    return sorted(session.scalars(stmt), key=lambda e: (e.day, e.id or 0))


def recompute(session: Session, req: Request, settings: Settings, *, now: datetime | None = None) -> Standing:
    """Rebuild the request's status, receipt date and stored deadlines from its live events."""
    from sqlalchemy import delete, insert, select
    from sqlmodel import col

    from foilbot.models import Deadline as DeadlineRow
    from foilbot.services import traces

    events = live_events(session, int(req.id or 0))
    standing = compute(
        req.jurisdiction, events, of_agency(session, req.agency_id, req.jurisdiction), settings
    )
    for name, value in request_fields(events, standing).items():
        setattr(req, name, value)
    req.updated_at = now or clock.now()
    mine = col(DeadlineRow.request_id) == req.id
    old = set(session.scalars(select(col(DeadlineRow.trace)).where(mine)))
    session.execute(delete(DeadlineRow).where(mine))
    rows = deadline_rows(int(req.id or 0), standing)
    made = {}
    for row in rows:  # each trace stored once, named by its digest
        key, made[key] = traces.keyed(row.pop("explanation"))
        row["trace"] = key
    con, postgres = traces.driver(session)
    traces.keep(con, postgres, made)
    if rows:
        session.execute(insert(DeadlineRow), rows)
    traces.prune(con, postgres, old - made.keys())
    session.add(req)
    return standing


def is_current(session: Session, settings: Settings) -> bool:
    """Whether the stored schedules were computed with this engine, law data and settings."""
    from foilbot.models import WorkspaceSetting

    stored = session.get(WorkspaceSetting, KEY)
    return stored is not None and stored.value == schedule_key(settings)


def stored(session: Session, req: Request) -> Schedule:
    """The stored schedule, as the engine returned it when the request last changed."""
    from sqlmodel import col, select

    from foilbot.domain.deadlines import Schedule
    from foilbot.domain.laws import get_law
    from foilbot.models import Deadline as DeadlineRow
    from foilbot.models import Trace

    rows = session.execute(
        select(DeadlineRow, Trace.lines)
        .join(Trace, col(Trace.digest) == col(DeadlineRow.trace))
        .where(col(DeadlineRow.request_id) == req.id)
        .order_by(col(DeadlineRow.id))
    ).all()
    deadlines = tuple(_deadline(r, lines) for r, lines in rows)
    current = next((d for d, (r, _) in zip(deadlines, rows, strict=True) if r.is_current), None)
    return Schedule(
        get_law(req.jurisdiction),
        req.received_on,
        req.received_estimated,
        deadlines,
        current,
        tuple(req.warnings or ()),
    )


def _deadline(row: Any, lines: list[str]) -> Deadline:
    from foilbot.domain.deadlines import Deadline

    return Deadline(
        row.kind,
        row.due,
        row.party,
        row.citation,
        row.verified,
        tuple(lines),
        row.met_on,
        row.estimated,
        tuple(row.flags or ()),
        row.conditional,
    )


def standing(session: Session, req: Request, settings: Settings, *, as_of: date | None = None) -> Standing:
    """Where the request stands: the stored schedule, or the one it had on `as_of` if later events exist."""
    if as_of is None or req.last_event_on is None or req.last_event_on <= as_of:
        return Standing(req.status, stored(session, req), None)
    events = [e for e in live_events(session, int(req.id or 0)) if e.day <= as_of]
    days = of_agency(session, req.agency_id, req.jurisdiction)
    return as_it_stood(req.jurisdiction, events, days, settings, as_of)


def as_it_stood(
    jurisdiction: str,
    events: Iterable[EventLike],
    days: AgencyDays,
    settings: Settings,
    as_of: date,
) -> Standing:
    """The standing computed from the events dated on or before `as_of` only."""
    kept = sorted((e for e in events if e.day <= as_of), key=lambda e: (e.day, e.id or 0))
    found = compute(jurisdiction, kept, days, settings)
    return Standing(found.status, found.schedule, as_of)


def later_requests(agency: str | None, campaign: str | None) -> str:
    """`FROM … WHERE …` of the requests with an event dated after :as_of (of one agency or campaign)."""
    sql = "FROM request r JOIN agency a ON a.id = r.agency_id WHERE r.last_event_on > :as_of"
    if agency:
        sql += " AND r.agency_id = :agency"
    if campaign:
        sql += " AND r.campaign = :campaign"
    return sql


def deadlines_as_of(
    db: Reader,
    as_of: date,
    settings: Settings,
    *,
    agency: str | None = None,
    campaign: str | None = None,
) -> list[dict[str, Any]]:
    """Deadline rows, as they stood on `as_of`, of the requests that have events dated after it.

    Every other request's stored rows already are what they were on `as_of` (nothing has happened to it
    since), so a reader takes those from the `deadline` table and these from here: an overdue list or a
    scorecard for a past day comes out the same however many replies are logged later.
    Each row has the stored deadline columns plus the request's (reference, agency, status…).
    """
    from foilbot.queries import as_date, as_json

    params = {"as_of": db.day(as_of), "agency": agency, "campaign": campaign}
    later = later_requests(agency, campaign)
    requests = db.rows(
        "SELECT r.id AS request_id, r.reference, r.agency_id, a.name AS agency, r.jurisdiction, "
        f"r.updated_at {later}",
        params,
    )
    if not requests:
        return []
    subquery = f"SELECT r.id {later}"
    events: dict[int, list[_Event]] = {}
    for e in db.rows(
        "SELECT id, request_id, kind, day, data FROM event WHERE removed_at IS NULL AND day <= :as_of "
        f"AND request_id IN ({subquery}) ORDER BY day, id",
        params,
    ):
        day = as_date(e["day"])
        assert day is not None
        events.setdefault(e["request_id"], []).append(
            _Event(e["id"], e["kind"], day, as_json(e["data"]) or {})
        )
    days = reader_loader(db, f"SELECT r.agency_id {later}", params)
    out: list[dict[str, Any]] = []
    for r in requests:
        found = as_it_stood(
            r["jurisdiction"],
            events.get(r["request_id"], []),
            days(r["agency_id"], r["jurisdiction"]),
            settings,
            as_of,
        )
        head = {**dict(r), "status": found.status}
        out.extend({**head, **row} for row in deadline_rows(r["request_id"], found))
    return out


@dataclass(frozen=True)
class _Event:
    id: int | None
    kind: str
    day: date
    data: dict[str, Any]
