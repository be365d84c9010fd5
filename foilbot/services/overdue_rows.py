"""`overdue` and `due` as every format prints them: their rows made straight from the database's rows
by one formatter built for the listing, as a Listing (issue 14: 100,000 requests in well under a
second, memory flat while printing; its JSON and CSV text compiled from the columns, byte for byte
what the items' dicts would print as), a page of them counted by the database."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields
from datetime import date
from itertools import islice
from typing import TYPE_CHECKING, Any

from foilbot.listing import Listing
from foilbot.queries import as_date
from foilbot.services.overdue import DueItem, any_later, due, due_query, next_step, overdue, overdue_query

if TYPE_CHECKING:
    from foilbot.config import Settings
    from foilbot.queries import Reader

# An item's keys in their documented order; each value as the item's dict holds it.
KEYS = tuple(f.name for f in fields(DueItem))
COLUMNS = tuple((key, "value") for key in KEYS)


def overdue_listing(
    db: Reader,
    as_of: date,
    settings: Settings,
    *,
    agency: str | None = None,
    campaign: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> Listing:
    """`overdue`'s items in its order, each the values of `DueItem.as_dict` (what every format prints),
    made straight from the database's rows as it sorts them, by one formatter built for the listing: no
    item, no row dict (issue 14). When a request has events dated after `as_of`, the list is
    recomputed as it stood and sorted in memory. `limit`/`offset`: one page of the list in the same
    order, counted by the database."""
    if any_later(db, as_of, agency, campaign):
        items = overdue(db, as_of, settings, agency=agency, campaign=campaign)
        return Listing(COLUMNS, _page((tuple(i.as_dict().values()) for i in items), limit, offset))
    sql, params = overdue_query(db, as_of, agency, campaign)
    rows = db.tuples(sql + db.page(limit, offset), params)
    return Listing(COLUMNS, map(_formatter(as_of, late=True), rows))


def due_listing(
    db: Reader,
    as_of: date,
    within: int,
    settings: Settings,
    *,
    agency: str | None = None,
    campaign: str | None = None,
    limit: int | None = None,
    offset: int | None = None,
) -> Listing:
    """`due`'s items in its order, as `overdue_listing` makes them: a conditional appeal window only
    when its request is overdue, the same test `due` makes, made by the database."""
    if any_later(db, as_of, agency, campaign):
        items = due(db, as_of, within, settings, agency=agency, campaign=campaign)
        return Listing(COLUMNS, _page((tuple(i.as_dict().values()) for i in items), limit, offset))
    sql, params = due_query(db, as_of, within, agency, campaign)
    rows = db.tuples(sql + db.page(limit, offset), params)
    return Listing(COLUMNS, map(_formatter(as_of, late=False), rows))


def overdue_rows(db: Reader, as_of: date, settings: Settings, **scope: Any) -> Iterator[dict[str, Any]]:
    """`overdue_listing`'s items as dicts (`DueItem.as_dict`)."""
    return overdue_listing(db, as_of, settings, **scope).dicts()


def due_rows(
    db: Reader, as_of: date, within: int, settings: Settings, **scope: Any
) -> Iterator[dict[str, Any]]:
    """`due_listing`'s items as dicts (`DueItem.as_dict`)."""
    return due_listing(db, as_of, within, settings, **scope).dicts()


def _page(rows: Iterator[Any], limit: int | None, offset: int | None) -> Iterator[Any]:
    start = offset or 0
    return islice(rows, start, None if limit is None else start + limit)


_REF = "\x00"  # stands for the reference in a next step made once and reused (no reference holds NUL)


def _formatter(as_of: date, *, late: bool) -> Callable[[Sequence[Any]], tuple[Any, ...]]:
    """A function from one `_SELECT` row (a tuple) to its `DueItem.as_dict`'s values, computed
    as `_item` computes them: each distinct date parsed once, each next step written once with its
    reference left to fill in."""
    today = as_of.toordinal()
    days: dict[Any, tuple[int, str, date]] = {}
    steps: dict[tuple[Any, ...], str] = {}

    def day(value: Any) -> tuple[int, str, date]:
        found = days.get(value)
        if found is None:
            parsed = as_date(value)
            assert parsed is not None
            found = days[value] = (parsed.toordinal(), parsed.isoformat(), parsed)
        return found

    def row(r: Sequence[Any]) -> tuple[Any, ...]:
        rid, ref, agency_id, agency, jurisdiction, status, kind, due_raw, party, citation, verified = r[:11]
        appeal_raw, estimated = r[11], r[13]
        due_ord, due_iso, due_on = day(due_raw)
        if appeal_raw is None:
            appeal_ord, appeal_iso, appeal_on = None, None, None
        else:
            appeal_ord, appeal_iso, appeal_on = day(appeal_raw)
        requester = party == "requester"
        key = (kind, party, jurisdiction, due_raw if requester else appeal_raw)
        step = steps.get(key)
        if step is None:
            window = due_on if requester else appeal_on
            step = steps[key] = next_step(
                kind, party, jurisdiction, late=late, appeal_by=window, as_of=as_of, ref=_REF
            )
        if _REF in step:
            step = step.replace(_REF, ref)
        if today <= due_ord:  # domain.urgency.days_left
            left: int | None = due_ord - today
        elif appeal_ord is not None and today <= appeal_ord:
            left = appeal_ord - today
        else:
            left = None
        return (
            rid, ref, agency_id, agency, jurisdiction, kind, due_iso, party,
            today - due_ord if today > due_ord else 0, status, citation, verified, step, appeal_iso, left,
            bool(estimated),
        )  # fmt: skip

    return row
