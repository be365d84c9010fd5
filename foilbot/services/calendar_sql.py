"""The SQL of a calendar export (services.calendar_export): the stored open deadlines in the file's
order, and the traces they name. bench/bench_reads.py runs the same text in the database's own client.
"""

from __future__ import annotations

from foilbot.queries import UNCHANGED_SINCE

# Observance changes (services.observances) per subject: an agency id, or a jurisdiction's code.
OBSERVANCES = (
    "(SELECT subject AS s, count(id) AS n FROM change "
    "WHERE action IN ('observance.add', 'observance.remove') GROUP BY subject)"
)
# Each stored open deadline with what its event needs, in the file's order (due day, then reference;
# the few rows one request has on one day are put in UID order as they come). Computed here rather
# than over all rows in Python, so each row is written as it is read (issue 14): the request's count of
# events (the covering index ix_event_request_removed), the due day of its current agency deadline (the
# one whose silence opens a conditional appeal window), and how many open deadlines of the same kind
# come before this one in its chain (their UIDs take -2, -3…).
_STORED = (
    "SELECT r.reference, a.name AS agency, r.jurisdiction, d.kind, d.due, d.party, d.conditional, "
    # The trace's digest: the few thousand distinct traces are read once each (_TRACES).
    "d.citation, d.verified, d.estimated, d.trace, r.updated_at, "
    # Every change that can move a date, counted: an event logged (+1), removed or replaced (+1), a
    # closure day recorded for the agency (+1), an optional holiday recorded or taken back for the
    # agency or its jurisdiction (+1 each, from the change log: the observance row itself is deleted
    # when taken back); `entries` adds the recomputes for new law data, a new engine or a changed
    # setting (schedule.REVISION). None of them ever decreases, so neither does SEQUENCE.
    "(SELECT count(*) + count(x.removed_at) FROM event x WHERE x.request_id = d.request_id) "
    "+ coalesce(c.n, 0) + coalesce(oa.n, 0) + coalesce(oj.n, 0) AS n_changes, "
    "CASE WHEN d.conditional = :yes THEN (SELECT y.due FROM deadline y WHERE y.request_id = d.request_id "
    "AND y.is_open = :yes AND y.is_current = :yes AND y.party = 'agency' ORDER BY y.id DESC LIMIT 1) "
    "END AS silent_after, "
    "(SELECT count(*) FROM deadline z WHERE z.request_id = d.request_id AND z.kind = d.kind "
    "AND z.is_open = :yes AND z.id < d.id) AS earlier "
    "FROM deadline d JOIN request r ON r.id = d.request_id JOIN agency a ON a.id = r.agency_id "
    "LEFT OUTER JOIN (SELECT agency_id AS aid, count(id) AS n FROM agencyclosure GROUP BY agency_id) c "
    "ON c.aid = a.id "
    f"LEFT OUTER JOIN {OBSERVANCES} oa ON oa.s = a.id "
    f"LEFT OUTER JOIN {OBSERVANCES} oj ON oj.s = r.jurisdiction "
    f"WHERE d.is_open = :yes AND {UNCHANGED_SINCE}"
)


# PostgreSQL runs _STORED's three per-row subqueries one row at a time after the parallel sort, in the
# leader alone (1.9 s of server time for 115,000 open deadlines): here they are two grouped joins and a
# window over the rows already read (1.0 s; issue 14). The same text took SQLite minutes.
_STORED_PG = (
    _STORED.split("(SELECT count(*) + count(x.removed_at)", 1)[0]
    + "coalesce(e.n, 0) + coalesce(c.n, 0) + coalesce(oa.n, 0) + coalesce(oj.n, 0) AS n_changes, "
    "CASE WHEN d.conditional = :yes THEN s.due END AS silent_after, "
    # A request's filters (as-of day, agency, campaign) keep or drop all its open rows together, so the
    # earlier open rows of its kind are the ones counted over the rows read.
    "row_number() OVER (PARTITION BY d.request_id, d.kind ORDER BY d.id) - 1 AS earlier "
    "FROM deadline d JOIN request r ON r.id = d.request_id JOIN agency a ON a.id = r.agency_id "
    "LEFT OUTER JOIN (SELECT request_id, count(*) + count(removed_at) AS n FROM event GROUP BY request_id) e "
    "ON e.request_id = d.request_id "
    "LEFT OUTER JOIN (SELECT DISTINCT ON (request_id) request_id, due FROM deadline WHERE is_open = :yes "
    "AND is_current = :yes AND party = 'agency' ORDER BY request_id, id DESC) s "
    "ON s.request_id = d.request_id "
    + _STORED.split(
        "FROM deadline d JOIN request r ON r.id = d.request_id JOIN agency a ON a.id = r.agency_id ", 1
    )[1]
)


# The traces _STORED's rows name, each once, as text on both drivers (psycopg would decode the JSON).
_TRACES = (
    "SELECT t.digest, CAST(t.lines AS TEXT) FROM trace t WHERE t.digest IN (SELECT d.trace "
    f"FROM deadline d JOIN request r ON r.id = d.request_id WHERE d.is_open = :yes AND {UNCHANGED_SINCE}"
)


def traces_sql(*, agency: bool = False, campaign: bool = False) -> str:
    """The SQL of the traces the stored open deadlines name (parameters as stored_sql's)."""
    return _filtered(_TRACES, agency, campaign) + ")"


def _filtered(sql: str, agency: bool, campaign: bool) -> str:
    if agency:
        sql += " AND r.agency_id = :agency"
    if campaign:
        sql += " AND r.campaign = :campaign"
    return sql


def stored_sql(*, postgres: bool, agency: bool = False, campaign: bool = False) -> str:
    """The SQL of the stored open deadlines in the file's order (parameters :yes, :as_of, :agency,
    :campaign); bench/bench_reads.py runs the same text in the database's own client."""
    sql = _STORED_PG if postgres else _STORED
    if not (postgres or agency or campaign):
        # SQLite, the whole workspace: the deadlines read in stored order (a request's rows together)
        # and sorted, not in due order through ix_deadline_open_due, which fetches each row and its
        # request's at random: 1.0 s against 1.45 s of CPU for 115,000 open deadlines (issue 14).
        sql = sql.replace("FROM deadline d ", "FROM deadline d NOT INDEXED ", 1)
    sql = _filtered(sql, agency, campaign)
    # By code point, as Python compares the UIDs (PostgreSQL's collation may not).
    return sql + (' ORDER BY d.due, r.reference COLLATE "C"' if postgres else " ORDER BY d.due, r.reference")
