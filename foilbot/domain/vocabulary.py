"""The words foilbot's records are made of: event kinds, delivery methods, statuses, and lateness.

Each list is written here once; the engine, the lifecycle, the services and the CLI import it.
"""

from __future__ import annotations

from datetime import date

# How a request (or an appeal) reaches an agency: `request sent --via`, `letter --via`.
VIAS = ("email", "mail", "portal", "fax", "hand")

# A federal FOIA requester's fee category (5 U.S.C. § 552(a)(4)(A)(ii)): `letter --fee-category`.
FEE_CATEGORIES = ("news-media", "educational", "scientific", "other", "commercial")

# Events a user logs with `request log`, in the order a request usually meets them.
LOGGABLE = (
    "acknowledged",
    "extended",
    "tolled",
    "resumed",
    "fee-estimate",
    "expedite-requested",
    "partial",
    "records",
    "no-records",
    "denied",
    "appealed",
    "appeal-granted",
    "appeal-denied",
    "litigation",
    "withdrawn",
    "closed",
    "note",
)
# Letters foilbot drafted: history for people, not facts for the deadline engine.
DRAFTED = frozenset({"followup-drafted", "appeal-drafted"})
# Recorded by foilbot itself: filing, the letters it drafted, and an agency's email filed with its
# request (`inbox import`; what the reply means is logged separately, once the user confirms it).
INTERNAL = ("sent", "followup-drafted", "appeal-drafted", "reply")
# History for people that the deadline engine reads as notes.
AS_NOTES = DRAFTED | {"reply"}
EVENT_KINDS = frozenset(LOGGABLE + INTERNAL)
# The events the deadline engine reads (drafted letters reach it as notes).
OCCURRENCE_KINDS = frozenset(("sent", *LOGGABLE))

DETERMINATIONS = frozenset({"records", "partial", "no-records", "denied"})
ADVERSE = frozenset({"denied", "partial"})  # an adverse determination opens the appeal window
ENDS = frozenset({"withdrawn", "closed", "litigation"})
APPEAL_DECIDED = frozenset({"appeal-granted", "appeal-denied"})

STATUSES = (
    "draft",
    "sent",
    "acknowledged",
    "extended",
    "partial",
    "done",
    "denied",
    "appealing",
    "appeal decided",
    "litigation",
    "closed",
    "withdrawn",
)
# Nothing more is expected from the agency in these.
FINISHED = frozenset({"done", "appeal decided", "closed", "withdrawn"})


def is_late(due: date, as_of: date) -> bool:
    """Late the day after the due date, never on it (an answer on the due day is on time).

    The SQL of the overdue queries states the same rule as `due < :as_of`.
    """
    return as_of > due
