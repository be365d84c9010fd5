"""One truth for every date: every command shows the same deadline for the same request, under any
setting, and a past day's answer does not change when later events are logged (issue 8).

The case: a New York FOIL request to Lockport, mailed Tue 2026-09-01, receipt not known.
- deadlines.mail_days = 10: 10 business days in the post: 9/2 (1), 9/3 (2), 9/4 (3), [Sat 9/5, Sun 9/6,
  Mon 9/7 Labor Day, N.Y. Gen. Constr. Law § 24], 9/8 (4), 9/9 (5), 9/10 (6), 9/11 (7), 9/14 (8),
  9/15 (9), 9/16 (10): received (estimated) Wed 9/16. Acknowledgment, 5 business days (N.Y. Pub. Off.
  Law § 89(3)(a)): 9/17, 9/18, 9/21, 9/22, 9/23: due Wed 2026-09-23.
- deadlines.mail_days = 5: received 9/9 (9/2, 9/3, 9/4, 9/8, 9/9); acknowledgment 9/10, 9/11, 9/14,
  9/15, 9/16: due Wed 2026-09-16.
"""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import invoke, items, new_request, ok

LOCKPORT = "nces-3617670"


def ack_due_everywhere(runner, rid: int) -> dict[str, str]:
    """The acknowledgment due date as each reader shows it."""
    seen: dict[str, str] = {}
    show = json.loads(ok(invoke(runner, "request", "show", str(rid), "--json")).stdout)
    seen["request show"] = next(d["due"] for d in show["deadlines"] if d["kind"] == "acknowledgment")
    late = items(invoke(runner, "overdue", "--as-of", "2026-09-30", "--json"))
    seen["overdue"] = next(i["due"] for i in late if i["request_id"] == rid)
    soon = items(invoke(runner, "due", "--as-of", "2026-09-10", "--within", "20", "--json"))
    seen["due"] = next(i["due"] for i in soon if i["kind"] == "acknowledgment")
    from icalendar import Calendar

    ics = Calendar.from_ical(ok(invoke(runner, "calendar", "--as-of", "2026-09-10")).stdout)
    [event] = [e for e in ics.walk("VEVENT") if "-acknowledgment@" in str(e["UID"])]
    seen["calendar"] = event.decoded("DTSTART").isoformat()
    letter = " ".join(
        ok(invoke(runner, "followup", str(rid), "--text", "--date", "2026-09-30")).stdout.split()
    )
    found = re.search(r"was due (?:by |on )?(\w+ \d{1,2}, 2026)", letter)
    assert found is not None, letter
    from datetime import datetime

    seen["followup letter"] = datetime.strptime(found.group(1), "%B %d, %Y").date().isoformat()
    return seen


@pytest.fixture(autouse=True)
def signer(monkeypatch) -> None:
    monkeypatch.setenv("FOILBOT_REQUESTER_NAME", "Ana Ruiz")


def test_every_reader_shows_the_same_dates_for_an_unusual_setting(runner, directory, monkeypatch) -> None:
    monkeypatch.setenv("FOILBOT_MAIL_DAYS", "10")
    rid = new_request(runner, LOCKPORT)
    sent = ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-09-01", "--via", "mail"))
    assert "Received 2026-09-16 (estimated)." in sent.stdout
    assert "acknowledgment due 2026-09-23" in sent.stdout
    first = ack_due_everywhere(runner, rid)
    assert set(first.values()) == {"2026-09-23"}, first
    # Drafting the follow-up recorded an event and recomputed: still the same dates everywhere.
    assert ack_due_everywhere(runner, rid) == first
    calculator = json.loads(
        ok(invoke(runner, "deadline", "NY", "--sent", "2026-09-01", "--via", "mail", "--json")).stdout
    )
    assert calculator["deadlines"][0]["due"] == "2026-09-23"


def test_a_changed_setting_recomputes_every_stored_date(runner, directory, monkeypatch) -> None:
    monkeypatch.setenv("FOILBOT_MAIL_DAYS", "10")
    rid = new_request(runner, LOCKPORT)
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-09-01", "--via", "mail"))
    monkeypatch.setenv("FOILBOT_MAIL_DAYS", "5")
    from foilbot.cli import common

    common.reset(db=None, traceback=False)  # a new invocation reads the settings again
    late = invoke(runner, "overdue", "--as-of", "2026-09-30", "--json")
    assert "Recomputed the deadlines of 1 request(s)" in late.stderr
    assert [i["due"] for i in items(late)] == ["2026-09-16"]
    assert set(ack_due_everywhere(runner, rid).values()) == {"2026-09-16"}


@pytest.fixture
def replied_late(runner, directory) -> int:
    """Sent and received Fri 2026-06-12: acknowledgment due Mon 6/22 (Juneteenth skipped)."""
    rid = new_request(runner, LOCKPORT, "--campaign", "cams")
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    return rid


def snapshot(runner, rid: int) -> dict[str, str]:
    """Everything a published figure for Thu 2026-06-25 could come from."""
    day = ("--as-of", "2026-06-25")
    return {
        "overdue": ok(invoke(runner, "overdue", *day, "--json")).stdout,
        "overdue table": ok(invoke(runner, "overdue", *day)).stdout,
        "due": ok(invoke(runner, "due", *day, "--within", "60", "--json")).stdout,
        "report": ok(invoke(runner, "report", "agencies", *day, "--format", "json")).stdout,
        "calendar": ok(invoke(runner, "calendar", *day)).stdout,
        "show": json.dumps(
            {
                k: v
                for k, v in json.loads(
                    ok(invoke(runner, "request", "show", str(rid), *day, "--json")).stdout
                ).items()
                if k not in ("events", "sent_on", "via")  # the record itself, not the as-of view
            }
        ),
    }


def test_as_of_means_as_things_stood(runner, replied_late) -> None:
    rid = replied_late
    before = snapshot(runner, rid)
    late = items(invoke(runner, "overdue", "--as-of", "2026-06-25", "--json"))
    assert [(i["reference"][-4:], i["kind"], i["due"], i["days_overdue"]) for i in late] == [
        ("0001", "acknowledgment", "2026-06-22", 3)
    ]
    # The agency answers late; then the records come; both are logged after the figures were published.
    ok(
        invoke(
            runner,
            "request",
            "log",
            str(rid),
            "acknowledged",
            "--date",
            "2026-06-29",
            "--estimate",
            "2026-07-31",
        )
    )
    ok(invoke(runner, "request", "log", str(rid), "records", "--date", "2026-07-15"))
    after = snapshot(runner, rid)
    for name in before:
        assert after[name] == before[name], name
    # As things stand now, nothing is overdue and the request is done.
    assert items(invoke(runner, "overdue", "--as-of", "2026-07-20", "--json")) == []
    now = json.loads(ok(invoke(runner, "request", "show", str(rid), "--json")).stdout)
    assert now["status"] == "done"
    then = json.loads(
        ok(invoke(runner, "request", "show", str(rid), "--as-of", "2026-06-25", "--json")).stdout
    )
    assert then["status"] == "sent"
