"""One request in full, as `request show` prints it: the record, its timeline, its stored deadlines
(or those it had on an earlier day) and the suggested next step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.services.requests import RequestView
    from foilbot.services.schedule import Standing


@dataclass(frozen=True)
class RequestDetail:
    view: RequestView
    standing: Standing
    events: list[dict[str, Any]]
    next_step: str
    as_of: date

    @property
    def status(self) -> str:
        return self.standing.status

    def deadlines(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": d.kind,
                "due": d.due,
                "party": d.party,
                "citation": d.citation,
                "verified": d.verified,
                "met": d.met,
                "estimated": d.estimated,
                "conditional": d.conditional,
                "flags": list(d.flags),
                "explanation": list(d.explanation),
            }
            for d in self.standing.schedule.deadlines
        ]

    def lines(self) -> list[str]:
        """The text `request show` prints: the record, the timeline, each deadline and how it was reached."""
        info, schedule = self.view, self.standing.schedule
        received = "-"
        if schedule.received:
            received = f"{schedule.received}{' (estimated)' if schedule.received_estimated else ''}"
        pairs = [
            ("reference", info.reference),
            ("agency", f"{info.agency} ({info.agency_id})"),
            ("law", f"{schedule.law.name} ({schedule.law.jurisdiction})"),
            ("status", self.status),
            ("topics", ", ".join(info.topics)),
            ("sent", f"{info.sent_on} via {info.via}" if info.sent_on else "not yet"),
            ("received", received),
        ]
        if self.standing.as_of is not None:
            pairs.append(("as of", f"{self.as_of} (events dated after it are not counted)"))
        width = max(len(k) for k, _ in pairs) + 1
        out = [f"{k + ':':<{width}} {v}" for k, v in pairs]
        out += ["", "Timeline:", *(_event_line(e) for e in self.events), "", "Deadlines:"]
        for d in schedule.deadlines:
            state = "if no response" if d.conditional else "open"
            if d.met:
                state = f"answered late {d.met}" if d.met > d.due else f"met {d.met}"
            out.append(f"  {d.kind.replace('_', ' ')}: due {d.due} ({state}; verified: {d.verified})")
            out.extend(f"      {line}" for line in d.explanation)
        return out

    def as_dict(self) -> dict[str, Any]:
        """The documented `request show --json` shape (docs/reference/json.md)."""
        schedule = self.standing.schedule
        return {
            **self.view.as_dict(),
            "status": self.status,
            "received_on": schedule.received,
            "received_estimated": schedule.received_estimated,
            "law": schedule.law.name,
            "as_of": self.as_of,
            "events": self.events,
            "deadlines": self.deadlines(),
            "warnings": list(schedule.warnings),
            "next_step": self.next_step,
        }


def _event_line(e: dict[str, Any]) -> str:
    fix = f", replaced by #{e['replaced_by']}" if e["replaced_by"] else ""
    who = f" by {e['removed_by']}" if e.get("removed_by") else ""
    gone = f"  [removed {e['removed_at']:%Y-%m-%d}{who}{fix}]" if e["removed_at"] else ""
    logged = f"  (logged {e['logged_at']:%Y-%m-%d %H:%M} by {e['logged_by'] or 'unknown'})"
    extra = ", ".join(f"{k}={v}" for k, v in (e["data"] or {}).items())
    files = "".join(f"\n      file: {a['filename']} (sha256 {a['sha256'][:12]}…)" for a in e["attachments"])
    details = f" ({extra})" if extra else ""
    note = f" — {e['note']}" if e["note"] else ""
    return f"  #{e['id']} {e['date']} {e['kind']}{details}{note}{gone}{logged}{files}"


def detail(session: Session, ident: str | int, settings: Settings, *, as_of: date) -> RequestDetail:
    """The request as it stood on `as_of` (as it stands, unless events are dated after that day)."""
    from foilbot.models import Agency
    from foilbot.services.events import timeline
    from foilbot.services.overdue import suggest
    from foilbot.services.requests import get_request, view
    from foilbot.services.schedule import standing

    req = get_request(session, ident)
    info = view(req, session.get_one(Agency, req.agency_id))
    found = standing(session, req, settings, as_of=as_of)
    step = suggest(found.schedule, found.status, as_of, info.reference)
    return RequestDetail(info, found, timeline(session, req), step, as_of)
