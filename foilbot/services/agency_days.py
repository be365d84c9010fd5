"""The days an agency keeps apart from its jurisdiction's calendar: closure days (a storm) and the
optional holidays it observes (Tex. Gov't Code § 552.0031(c), (e)).

Every schedule of a saved request is computed with these (services/schedule.py); this module is the one
place they are read, so a closure or an observance recorded once reaches every command.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from foilbot.errors import UsageError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.queries import Reader

_EMPTY: Mapping[date, str] = MappingProxyType({})


@dataclass(frozen=True)
class AgencyDays:
    """An agency's closure days (date -> reason) and the optional holidays it observes."""

    closures: Mapping[date, str] = field(default_factory=lambda: _EMPTY)
    observes: tuple[str, ...] = ()


Lookup = Callable[[str, str], AgencyDays]  # (agency id, jurisdiction) -> its days


def _lookup(closed: dict[str, dict[date, str]], observed: dict[tuple[str | None, str], list[str]]) -> Lookup:
    def days(agency_id: str, jurisdiction: str) -> AgencyDays:
        own = observed.get((agency_id, jurisdiction), [])
        default = observed.get((None, jurisdiction), [])
        names = tuple(dict.fromkeys([*default, *own]))  # the jurisdiction's default first, no repeats
        return AgencyDays(closed.get(agency_id, _EMPTY), names)

    return days


def loader(session: Session, agency_ids: list[str] | None = None) -> Lookup:
    """Every agency's days in two queries (of these agencies only, when given)."""
    from sqlalchemy import or_, select
    from sqlmodel import col

    from foilbot.models import AgencyClosure, HolidayObservance

    closures = select(col(AgencyClosure.agency_id), col(AgencyClosure.day), col(AgencyClosure.reason))
    observances = select(
        col(HolidayObservance.agency_id), col(HolidayObservance.jurisdiction), col(HolidayObservance.holiday)
    ).order_by(col(HolidayObservance.id))
    if agency_ids is not None:
        closures = closures.where(col(AgencyClosure.agency_id).in_(agency_ids))
        observances = observances.where(
            or_(col(HolidayObservance.agency_id).is_(None), col(HolidayObservance.agency_id).in_(agency_ids))
        )
    closed: dict[str, dict[date, str]] = {}
    for aid, day, reason in session.execute(closures):
        closed.setdefault(aid, {})[day] = reason or "agency closed"
    observed: dict[tuple[str | None, str], list[str]] = {}
    for aid, jurisdiction, holiday in session.execute(observances):
        observed.setdefault((aid, jurisdiction), []).append(holiday)
    return _lookup(closed, observed)


def of_agency(session: Session, agency_id: str, jurisdiction: str) -> AgencyDays:
    return loader(session, [agency_id])(agency_id, jurisdiction)


def reader_loader(db: Reader, agencies_sql: str, params: dict[str, Any]) -> Lookup:
    """As `loader`, through a Reader, for the agencies `agencies_sql` (a SELECT of agency ids) names."""
    from foilbot.queries import as_date

    closed: dict[str, dict[date, str]] = {}
    for c in db.rows(
        f"SELECT agency_id, day, reason FROM agencyclosure WHERE agency_id IN ({agencies_sql})", params
    ):
        day = as_date(c["day"])
        assert day is not None
        closed.setdefault(c["agency_id"], {})[day] = c["reason"] or "agency closed"
    observed: dict[tuple[str | None, str], list[str]] = {}
    for o in db.rows(
        "SELECT agency_id, jurisdiction, holiday FROM holidayobservance "
        f"WHERE agency_id IS NULL OR agency_id IN ({agencies_sql}) ORDER BY id",
        params,
    ):
        observed.setdefault((o["agency_id"], o["jurisdiction"]), []).append(o["holiday"])
    return _lookup(closed, observed)


def holiday_name(jurisdiction: str, given: str) -> str:
    """The calendar's own spelling of an optional holiday of `jurisdiction`.

    Raises:
        UsageError: the jurisdiction's calendar has no such optional holiday (the hint lists those it has).
    """
    from foilbot.domain.calendar import optional_holidays
    from foilbot.domain.laws import get_law

    law = get_law(jurisdiction)
    names = optional_holidays(law.jurisdiction)
    found = next((n for n in names if n.lower() == given.strip().lower()), None)
    if found is None:
        raise UsageError(
            f"{law.jurisdiction} has no optional holiday named {given.strip()!r}",
            hint=f"{law.jurisdiction}'s optional holidays: {', '.join(names)}"
            if names
            else f"the {law.jurisdiction} calendar has none: every holiday in it is already counted",
        )
    return found


def law_code(jurisdiction: str) -> str:
    from foilbot.domain.laws import get_law

    return get_law(jurisdiction).jurisdiction


def closures_for(session: Session, agency_id: str) -> dict[date, str]:
    from sqlmodel import col, select

    from foilbot.models import AgencyClosure

    rows = session.execute(
        select(col(AgencyClosure.day), col(AgencyClosure.reason)).where(
            col(AgencyClosure.agency_id) == agency_id
        )
    )
    return {d: (r or "agency closed") for d, r in rows}
