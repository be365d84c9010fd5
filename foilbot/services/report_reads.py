"""The rows `report agencies` counts, read from the driver's tuples as they come (issue 14): each
distinct day parsed once, each distinct deadline made once, a date read only where a number needs it."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import chain
from typing import TYPE_CHECKING, Any

from foilbot.domain.scoring import ANSWERS, AgencyDue
from foilbot.domain.vocabulary import is_late

if TYPE_CHECKING:
    from foilbot.config import Settings
    from foilbot.domain.calendar import BusinessCalendar
    from foilbot.queries import Reader


class DayCounter:
    """BusinessCalendar.business_days_between through a running count, for many requests at once."""

    def __init__(self, cal: BusinessCalendar) -> None:
        self.cal = cal
        self.base: date | None = None
        self.running: list[int] = [0]  # running[i]: business days in (base, base + i]

    def between(self, start: date, end: date) -> int:
        """Business days d with start < d <= end (0 when end <= start)."""
        if end <= start:
            return 0
        if self.base is None or start < self.base:
            self.base, self.running = start, [0]
        while len(self.running) <= (end - self.base).days:
            day = self.base + timedelta(days=len(self.running))
            self.running.append(self.running[-1] + self.cal.is_business_day(day))
        return self.running[(end - self.base).days] - self.running[(start - self.base).days]


class Days:
    """A day column's value (ISO text from SQLite, a date from PostgreSQL) as a date, each distinct value
    parsed once; None stays None."""

    def __init__(self) -> None:
        self.seen: dict[Any, date | None] = {None: None}

    def __call__(self, raw: Any) -> Any:
        found = self.seen.get(raw, _UNSEEN)
        if found is _UNSEEN:
            from foilbot.queries import as_date

            found = self.seen[raw] = as_date(raw)
        return found


_UNSEEN = object()


def events(
    db: Reader,
    scope: str,
    params: dict[str, Any],
    campaign: str | None,
    agency_of: dict[int, str],
    day: Days,
) -> tuple[dict[int, date], set[int], set[int]]:
    """Each counted request's first answer (records/partial/no-records/denied), the requests acknowledged
    and those appealed, by `as_of`. The events are read plainly and kept when their request is counted
    (`agency_of`): SQLite reads them by the table faster than it groups them per request through a
    join; a campaign's requests are picked by the database."""
    answers = ", ".join(f"'{k}'" for k in ANSWERS)  # the vocabulary's own words, no user text
    chosen = f" AND e.request_id IN (SELECT r.id FROM request r WHERE {scope})" if campaign else ""
    answered: dict[int, Any] = {}  # the day as the database has it: ISO text compares as the day
    acknowledged: set[int] = set()
    appealed: set[int] = set()
    for rid, kind, when in db.tuples(
        "SELECT e.request_id, e.kind, e.day FROM event e WHERE e.removed_at IS NULL "
        f"AND e.kind IN ({answers}, 'acknowledged', 'appealed') AND e.day <= :as_of{chosen}",
        params,
    ):
        if rid not in agency_of:
            continue
        if kind == "acknowledged":
            acknowledged.add(rid)
        elif kind == "appealed":
            appealed.add(rid)
        else:
            first = answered.get(rid)
            if first is None or when < first:
                answered[rid] = when
    return {rid: day(when) for rid, when in answered.items()}, acknowledged, appealed


def deadlines(
    db: Reader,
    as_of: date,
    settings: Settings,
    campaign: str | None,
    scope: str,
    params: dict[str, Any],
    first_answer: dict[int, date],
    day: Days,
) -> tuple[dict[int, list[AgencyDue]], set[int]]:
    """The agency's deadlines of each answered request (chain order), and the requests overdue on
    `as_of`: stored rows, and for requests with events dated after `as_of` the rows as they stood."""
    from foilbot.services.schedule import deadlines_as_of

    stored = db.tuples(
        "SELECT d.request_id, d.kind, d.due, d.met_on, d.conditional, d.is_current FROM deadline d "
        "JOIN request r ON r.id = d.request_id WHERE d.party = 'agency' "
        f"AND (r.last_event_on IS NULL OR r.last_event_on <= :as_of) AND {scope} "
        "ORDER BY d.id",  # rows are stored in chain order
        params,
    )
    stood = [
        (r["request_id"], r["kind"], r["due"], r["met_on"], r["conditional"], r["is_current"])
        for r in deadlines_as_of(db, as_of, settings, campaign=campaign)
        if r["party"] == "agency"
    ]
    dues: dict[int, list[AgencyDue]] = {}
    made: dict[Any, AgencyDue] = {}  # each distinct deadline made once (they are frozen)
    late: dict[Any, bool] = {}  # is_late of each distinct due day
    overdue: set[int] = set()
    for row in chain(stored, stood):
        rid = row[0]
        if rid in first_answer:  # only an answer is measured against its deadlines
            key = row[1:5]
            due = made.get(key)
            if due is None:
                kind, when, met, conditional = key
                due = made[key] = AgencyDue(kind, day(when), day(met), bool(conditional))
            dues.setdefault(rid, []).append(due)
        if row[5]:  # current
            raw = row[2]
            is_overdue = late.get(raw)
            if is_overdue is None:
                when = day(raw)
                assert when is not None
                is_overdue = late[raw] = is_late(when, as_of)
            if is_overdue:
                overdue.add(rid)
    return dues, overdue


class Between:
    """Business days from receipt to first answer, through one running count per calendar: most agencies
    keep no days of their own, so one count per jurisdiction."""

    def __init__(self, db: Reader, params: dict[str, Any]) -> None:
        from foilbot.services.agency_days import reader_loader

        # every agency's closures and observances: a look-up by id, not a second scan of the requests
        self.kept = reader_loader(db, "SELECT a.id FROM agency a", params)
        self.calendars: dict[tuple[str, str], DayCounter] = {}
        self.counters: dict[tuple[str, tuple[date, ...], tuple[str, ...]], DayCounter] = {}

    def __call__(self, agency_id: str, jurisdiction: str, start: date, end: date) -> int:
        key = (jurisdiction, agency_id)
        counter = self.calendars.get(key)
        if counter is None:
            from foilbot.domain.calendar import business_calendar

            own = self.kept(agency_id, jurisdiction)
            shared = (jurisdiction, tuple(sorted(own.closures)), own.observes)
            if shared not in self.counters:
                self.counters[shared] = DayCounter(
                    business_calendar(jurisdiction, own.closures, own.observes)
                )
            counter = self.calendars[key] = self.counters[shared]
        return counter.between(start, end)
