"""Recording that an agency, or every body of a jurisdiction, observes an optional holiday (issue 10):
`foilbot agency observe`. Tex. Gov't Code § 552.0031(c), (e): such days are non-business days only where
the body observes them, so foilbot never assumes them; a user who knows says so once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from foilbot.errors import UsageError, ValidationError
from foilbot.services.agency_days import holiday_name, law_code, of_agency

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings


@dataclass(frozen=True)
class Observed:
    """What `agency observe` recorded or removed: for whom, which holiday, requests recomputed."""

    whom: str  # an agency id, or "every TX body"
    jurisdiction: str
    holiday: str
    recomputed: int


def observe(
    session: Session,
    settings: Settings,
    holiday: str,
    *,
    agency_text: str | None = None,
    jurisdiction: str | None = None,
    remove: bool = False,
) -> Observed:
    """Record (or remove) that an agency, or every body of a jurisdiction, observes an optional holiday,
    then recompute the schedules it changes.

    Raises:
        UsageError: no such optional holiday, or neither/both of an agency and a jurisdiction.
        ValidationError: already recorded (or, removing, not recorded).
    """
    from sqlmodel import col, select

    from foilbot.models import HolidayObservance, Request
    from foilbot.services.agencies import resolve
    from foilbot.services.audit import record
    from foilbot.services.recompute import recompute_all

    if (agency_text is None) == (jurisdiction is None):
        raise UsageError("give an agency or --jurisdiction, not both and not neither")
    agency = resolve(session, agency_text) if agency_text is not None else None
    code = law_code(agency.jurisdiction if agency else str(jurisdiction))
    name = holiday_name(code, holiday)
    whom = agency.id if agency else f"every {code} body"
    agency_id = agency.id if agency else None
    existing = session.scalars(
        select(HolidayObservance).where(
            col(HolidayObservance.jurisdiction) == code,
            col(HolidayObservance.holiday) == name,
            col(HolidayObservance.agency_id).is_(None)
            if agency_id is None
            else col(HolidayObservance.agency_id) == agency_id,
        )
    ).first()
    if remove and existing is None:
        raise ValidationError(f"{whom}: {name} is not recorded as observed")
    if not remove and existing is not None:
        raise ValidationError(f"{whom}: {name} is already recorded as observed")
    if remove:
        session.delete(existing)
    else:
        session.add(HolidayObservance(jurisdiction=code, agency_id=agency_id, holiday=name))
    session.flush()
    action = "observance.remove" if remove else "observance.add"
    record(session, settings.user, action, subject=agency_id or code, detail=name)
    scope = select(col(Request.id)).where(col(Request.jurisdiction) == code)
    if agency_id is not None:
        scope = scope.where(col(Request.agency_id) == agency_id)
    ids = [int(i) for i in session.scalars(scope) if i is not None]
    return Observed(whom, code, name, recompute_all(session, settings, ids=ids) if ids else 0)


def observances(session: Session, agency_text: str) -> tuple[str, str, list[tuple[str, str]]]:
    """An agency's observed optional holidays: (agency id, jurisdiction, [(holiday, whose record)]), where
    whose record is "agency" or "jurisdiction" (the default for every body of the jurisdiction)."""
    from sqlmodel import col, select

    from foilbot.models import HolidayObservance
    from foilbot.services.agencies import resolve

    agency = resolve(session, agency_text)
    code = law_code(agency.jurisdiction)
    own = set(
        session.scalars(
            select(col(HolidayObservance.holiday)).where(
                col(HolidayObservance.agency_id) == agency.id, col(HolidayObservance.jurisdiction) == code
            )
        )
    )
    kept = of_agency(session, agency.id, code).observes
    return agency.id, code, [(h, "agency" if h in own else "jurisdiction") for h in kept]
