"""Open deadlines as an iCalendar feed that a calendar can re-import without duplicating anything.

Each event's UID is the request reference and the deadline kind, so a re-import updates the event in
place (RFC 5545 § 3.8.4.7). SEQUENCE, LAST-MODIFIED and DTSTAMP come from the stored data, never from
the clock, so the same database (and as-of day) always gives the same bytes, and any change that can
move a date raises SEQUENCE (RFC 5545 § 3.8.7.4), which is what makes a client accept the update.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any, NamedTuple

from foilbot.domain.vocabulary import is_late
from foilbot.queries import Memo
from foilbot.services.calendar_ics import ALARM_HOUR, CALDESC, PRODID, alarm_days, to_ics, write_ics
from foilbot.services.calendar_sql import OBSERVANCES, stored_sql, traces_sql

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.queries import Reader

__all__ = ["ALARM_HOUR", "CALDESC", "PRODID", "CalendarEntry", "alarm_days", "entries", "to_ics", "write_ics"]

UID_DOMAIN = "foilbot"
_KIND_WORDS = {
    "acknowledgment": "acknowledgment",
    "determination": "determination",
    "extended_determination": "determination (extended)",
    "reasons_date_certain": "reason and date certain (N.Y. § 89(3)(a) checkpoint)",
    "delay_notice": "notice of the time production will take (Md. § 4-203(b)(2) checkpoint)",
    "appeal_determination": "appeal decision",
    "expedite_decision": "expedited-processing decision",
}


class CalendarEntry(NamedTuple):
    """One open deadline as it goes into the calendar (a tuple: an export makes one per deadline, and
    a frozen dataclass cost 2 µs each to make, issue 14)."""

    uid: str
    reference: str
    agency: str
    jurisdiction: str
    kind: str
    due: date
    party: str
    conditional: bool  # an appeal window that opens only if the agency stays silent past `if_silent_after`
    if_silent_after: date | None
    citation: str
    verified: str
    estimated: bool
    explanation: tuple[str, ...]
    sequence: int
    stamp: datetime

    @property
    def summary(self) -> str:
        """`FOIL-2026-0001 acknowledgment due — AGENCY`; the requester's own deadlines as instructions."""
        if self.kind == "appeal_filing":
            what = f"File appeal by {self.due.isoformat()}"
            if self.conditional and self.if_silent_after is not None:
                what = f"If no response by {self.if_silent_after.isoformat()}: file appeal by {self.due}"
            return f"{what} — {self.reference} — {self.agency}"
        if self.party == "requester":
            what = self.kind.replace("_", " ")
            return f"Act by {self.due.isoformat()} ({what}) — {self.reference} — {self.agency}"
        words = _KIND_WORDS.get(self.kind, self.kind.replace("_", " "))
        return f"{self.reference} {words} due — {self.agency}"

    @property
    def description(self) -> str:
        """The rule, whether it is verified, and the trace a paralegal can check line by line."""
        return "\n".join([*self.heading, "", "How it was counted:", *self.explanation])

    @property
    def heading(self) -> list[str]:
        """The description's lines above the trace: the request, whose deadline, the rule."""
        return [self.title, *self.rule]

    @property
    def title(self) -> str:
        return f"{self.reference} — {self.agency} ({self.jurisdiction})"

    @property
    def rule(self) -> list[str]:
        """The heading's lines after the title: whose deadline, the rule and its citation."""
        whose = "Your deadline (the requester's)." if self.party == "requester" else "The agency's deadline."
        lines = [whose]
        if self.conditional and self.if_silent_after is not None:
            lines.append(
                f"Applies only if the agency does not answer by {self.if_silent_after} (constructive denial)."
            )
        check = "verified" if self.verified == "yes" else f"verified: {self.verified}; check it yourself"
        lines.append(f"Citation: {self.citation} ({check}).")
        if self.estimated:
            lines.append(
                "Counted from an ESTIMATED receipt date; record the real one with "
                f"`foilbot request sent {self.reference} --date … --received …`."
            )
        return lines

    @property
    def rule_key(self) -> tuple[Any, ...] | None:
        """Every field `rule` and the trace are made of (the .ics writer writes them once per key, for
        the many deadlines that share them); None when they name the request (an estimated receipt)."""
        if self.estimated:
            return None
        return (
            self.party,
            self.conditional,
            self.if_silent_after,
            self.citation,
            self.verified,
            self.explanation,
        )


def entries(
    db: Reader | Session,
    as_of: date,
    settings: Settings,
    *,
    agency: str | None = None,
    campaign: str | None = None,
) -> Iterator[CalendarEntry]:
    """Every open deadline (of one agency id or campaign) as things stood on `as_of`, soonest first
    (by due day, reference and UID), one at a time as the database hands them over.

    `as_of` also decides whether a conditional appeal window has opened: once the agency's deadline has
    passed unanswered (as_of after its due date, the rule `overdue` uses) the window is real and is
    worded so, with a higher SEQUENCE and a LAST-MODIFIED on the day of the constructive denial.
    Read it while `db` is open.
    """
    from foilbot.queries import Reader
    from foilbot.services.schedule import deadlines_as_of

    db = db if isinstance(db, Reader) else Reader(db)
    stood = [
        r for r in deadlines_as_of(db, as_of, settings, agency=agency, campaign=campaign) if r["is_open"]
    ]
    revision = _revision(db)
    stored = _stored(db, as_of, agency, campaign, revision)
    if not stood:
        return stored
    # The requests read as they stood (an event dated after as_of) are computed, so held: a past day's
    # file is bounded by the requests changed since, not by the workspace.
    counts = _change_counts(db, as_of, agency, campaign)
    later = sorted(_stood(stood, counts, as_of, revision), key=_order)
    return heapq.merge(stored, later, key=_order)


def _revision(db: Reader) -> tuple[int, datetime]:
    """How many times new law data, a new engine or a changed setting recomputed the stored schedules
    (schedule.REVISION), and when last: every event's SEQUENCE counts them (a date may have moved with
    no event logged) and its LAST-MODIFIED is no earlier."""
    from foilbot.services.schedule import REVISION, revision

    found = db.rows("SELECT value FROM workspace_setting WHERE key = :key", {"key": REVISION})
    number, when = revision(found[0]["value"] if found else None)
    return number, _utc(when) if when else datetime.min.replace(tzinfo=timezone.utc)


def _order(e: CalendarEntry) -> tuple[date, str, str]:
    return e.due, e.reference, e.uid


def _entry(
    uid: str,
    d: tuple[Any, ...],
    silent_after: date | None,
    n_changes: int,
    stamp: datetime,
    as_of: date,
) -> CalendarEntry:
    """One event from a deadline's columns (reference, agency, jurisdiction, kind, due, party,
    conditional, citation, verified, estimated, explanation) and its request's count of changes."""
    reference, agency, jurisdiction, kind, due, party, conditional, citation, verified, estimated, trace = d
    sequence = 2 * n_changes
    conditional = bool(conditional)
    if conditional and silent_after is not None and is_late(silent_after, as_of):
        conditional = False  # the agency missed it: constructive denial the next day
        sequence += 1  # odd: between this history's count and the next change's
        denial = datetime.combine(silent_after + timedelta(days=1), time(0), timezone.utc)
        stamp = max(stamp, denial)
    return CalendarEntry(
        f"{uid}@{UID_DOMAIN}",
        reference,
        agency,
        jurisdiction,
        kind,
        due,
        party,
        conditional,
        silent_after,
        citation,
        verified,
        bool(estimated),
        trace,
        sequence,
        stamp,
    )


def _stood(
    rows: list[dict[str, Any]], counts: dict[int, dict[str, Any]], as_of: date, revision: tuple[int, datetime]
) -> Iterator[CalendarEntry]:
    """The events of the requests read as they stood on `as_of` (deadlines_as_of's rows)."""
    rows = sorted(rows, key=lambda r: r["reference"])  # stable: each request's rows stay in chain order
    # The agency deadline whose silence opens a conditional appeal window is the request's current one.
    current = {d["request_id"]: d["due"] for d in rows if d["is_current"] and d["party"] == "agency"}
    seen: dict[str, int] = {}
    utc = Memo(lambda raw: max(_utc(raw), revision[1]))
    for d in rows:
        uid = f"{d['reference']}-{d['kind']}"
        seen[uid] = seen.get(uid, 0) + 1
        if seen[uid] > 1:  # never two events with one UID in a file (a kind repeated in one chain)
            uid = f"{uid}-{seen[uid]}"
        count = counts[d["request_id"]]
        columns = (*(d[c] for c in _COLUMNS), tuple(d["explanation"]))
        changes = int(count["n_events"] or 0) + int(count["n_closures"] or 0) + revision[0]
        silent_after = current.get(d["request_id"]) if d["conditional"] else None
        yield _entry(uid, columns, silent_after, changes, utc(count["updated_at"]), as_of)


_COLUMNS = (
    "reference",
    "agency",
    "jurisdiction",
    "kind",
    "due",
    "party",
    "conditional",
    "citation",
    "verified",
    "estimated",
)


def _utc(updated: datetime) -> datetime:
    """A stored timestamp (naive ones are UTC) in UTC, to the second."""
    stamp = (updated if updated.tzinfo else updated.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    return stamp.replace(microsecond=0)


def _stored(
    db: Reader, as_of: date, agency: str | None, campaign: str | None, revision: tuple[int, datetime]
) -> Iterator[CalendarEntry]:
    """Open stored deadlines of the requests with no event dated after `as_of`, in the file's order."""
    from foilbot.queries import as_date, as_datetime

    # Dates and stamps repeat across a workspace's deadlines: each stored value decoded once.
    days = Memo(as_date)
    stamps = Memo(lambda raw: max(_utc(as_datetime(raw)), revision[1]))  # type: ignore[arg-type]
    params = {"yes": db.flag(True), "as_of": db.day(as_of), "agency": agency, "campaign": campaign}
    # Each trace one tuple, shared by the events that name it (the writer escapes it once).
    traces = {
        key: tuple(json.loads(text))
        for key, text in db.tuples(traces_sql(agency=bool(agency), campaign=bool(campaign)), params)
    }
    sql = stored_sql(postgres=db.native_dates, agency=bool(agency), campaign=bool(campaign))
    group: list[CalendarEntry] = []
    for row in db.tuples(sql, params):
        d = (*row[:4], days(row[4]), *row[5:10], traces[row[10]])
        earlier = row[14]
        uid = f"{d[0]}-{d[3]}-{earlier + 1}" if earlier else f"{d[0]}-{d[3]}"
        entry = _entry(uid, d, days(row[13]), int(row[12]) + revision[0], stamps(row[11]), as_of)
        if group and (entry.due != group[0].due or entry.reference != group[0].reference):
            yield from sorted(group, key=_uid) if len(group) > 1 else group
            group = []
        group.append(entry)
    yield from sorted(group, key=_uid) if len(group) > 1 else group


def _uid(e: CalendarEntry) -> str:
    return e.uid


def _change_counts(
    db: Reader, as_of: date, agency: str | None, campaign: str | None
) -> dict[int, dict[str, Any]]:
    """updated_at, n_events and n_closures of the requests read as they stood on `as_of` (those with an
    event dated after it): counted over the events dated on or before it, so the same day's file comes
    out the same after later events."""
    from foilbot.queries import as_datetime
    from foilbot.services.schedule import later_requests

    later = f"IN (SELECT r.id {later_requests(agency, campaign)})"
    params = {"as_of": db.day(as_of), "agency": agency, "campaign": campaign}
    rows = db.rows(
        "SELECT request_id, count(id) + count(removed_at) AS n, max(created_at) AS logged, "
        f"max(removed_at) AS removed FROM event WHERE day <= :as_of AND request_id {later} "
        "GROUP BY request_id",
        params,
    )
    closures = {
        c["id"]: c["n"]
        for c in db.rows(
            "SELECT q.id, count(c.id) AS n FROM request q JOIN agencyclosure c ON c.agency_id = q.agency_id "
            f"WHERE q.id {later} GROUP BY q.id",
            params,
        )
    }
    for c in db.rows(
        f"SELECT q.id, coalesce(oa.n, 0) + coalesce(oj.n, 0) AS n FROM request q "
        f"LEFT OUTER JOIN {OBSERVANCES} oa ON oa.s = q.agency_id "
        f"LEFT OUTER JOIN {OBSERVANCES} oj ON oj.s = q.jurisdiction WHERE q.id {later}",
        params,
    ):
        closures[c["id"]] = closures.get(c["id"], 0) + c["n"]
    out = {}
    for r in rows:
        stamps = (as_datetime(r["logged"]), as_datetime(r["removed"]))
        out[r["request_id"]] = {
            "updated_at": max(t for t in stamps if t is not None),
            "n_events": r["n"],
            "n_closures": closures.get(r["request_id"], 0),
        }
    return out
