"""`foilbot inbox review`: suggestions the user confirms; deadlines follow at once (issue 11)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from foilbot import clock
from foilbot.domain.replies import suggest
from tests.conftest import YEAR, invoke, ok
from tests.services.test_inbox import day, fixture, imported


@pytest.fixture
def sent(runner, requests_with_email) -> tuple[int, int]:
    a, b = requests_with_email
    for ident in (a, b):
        ok(invoke(runner, "request", "sent", str(ident), "--date", day(1, 5), "--via", "email"))
    return a, b


def show(runner, ident: int) -> dict:
    return json.loads(ok(invoke(runner, "request", "show", str(ident), "--json")).stdout)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We acknowledge receipt of your request and expect to respond by 12/18/2026.",
            {"kind": "acknowledged", "estimate": "2026-12-18"},
        ),
        (
            "Your request is denied pursuant to Public Officers Law section 87(2)(g).",
            {"kind": "denied", "exemptions": ["Pub. Off. Law § 87(2)(g)"]},
        ),
        (
            "The records are attached with redactions under § 87(2)(b); the remainder is denied.",
            {"kind": "partial", "exemptions": ["Pub. Off. Law § 87(2)(b)"]},
        ),
        ("The fee for 40 pages at $.25 per page is $10.00.", {"kind": "fee-estimate", "amount": 10.0}),
        ("A diligent search found no records responsive to your request.", {"kind": "no-records"}),
        ("Thanks, Bob", {"kind": "note"}),
    ],
)
def test_suggestions(text: str, expected: dict) -> None:
    got = suggest(text, day=date(2026, 12, 1)).as_dict()
    assert {k: got[k] for k in expected} == expected


def test_auto_reply_is_never_an_acknowledgment() -> None:
    assert suggest("Thank you, we have received your message.", auto=True).kind == "auto-reply"


def test_accept_logs_the_suggestion_and_deadlines_follow(isolated, runner, sent) -> None:
    a, _ = sent
    imported(runner, fixture("acknowledgment.eml", isolated), fixture("denial.eml", isolated))
    before = show(runner, a)
    assert before["status"] == "sent"
    done = ok(invoke(runner, "inbox", "review", "--accept", f"FOIL-{YEAR}-0001", "acknowledged"))
    ack_day = min(date(YEAR, 1, 7), clock.today())
    assert "logged #" in done.stdout and f"acknowledged on {ack_day}; status acknowledged" in done.stdout
    after = show(runner, a)
    ack = [e for e in after["events"] if e["kind"] == "acknowledged"][0]
    assert ack["data"] == {"estimate": f"{YEAR}-02-03"}
    assert after["deadlines"] != before["deadlines"]
    # The next one is the denial, with the exemptions it cites.
    day = min(date(YEAR, 3, 2), clock.today())
    ok(invoke(runner, "inbox", "review", "--accept", f"FOIL-{YEAR}-0001", "denied", "--date", str(day)))
    denied = [e for e in show(runner, a)["events"] if e["kind"] == "denied"][0]
    assert denied["data"]["exemptions"] == ["Pub. Off. Law § 87(2)(e)", "Pub. Off. Law § 87(2)(b)"]
    assert show(runner, a)["status"] == "denied"
    none_left = invoke(runner, "inbox", "review", "--accept", f"FOIL-{YEAR}-0001", "records")
    assert none_left.exit_code == 1 and "no reply awaiting review" in none_left.stderr


def test_interactive_review_one_at_a_time(isolated, runner, sent) -> None:
    a, b = sent
    imported(
        runner,
        fixture("auto-reply.eml", isolated),
        fixture("no-reference.eml", isolated),
        fixture("extension.eml", isolated),
    )
    # auto-reply: Enter accepts "auto-reply" (nothing logged); no-reference: Enter accepts no-records
    # with the email's date; extension: skipped for later.
    result = ok(invoke(runner, "inbox", "review", input="\n\n\nskip\n"))
    assert (
        "Suggested: auto-reply — an automatic reply (out of office), not an acknowledgment" in result.stdout
    )
    assert "Suggested: no-records" in result.stdout
    assert f"FOIL-{YEAR}-0001: reviewed, nothing logged." in result.stdout
    assert (
        f"FOIL-{YEAR}-0002: logged no-records on {min(date(YEAR, 1, 9), clock.today())}; status done."
        in result.stdout
    )
    assert [e["kind"] for e in show(runner, a)["events"]] == ["sent", "reply", "reply"]
    assert show(runner, b)["status"] == "done"
    rest = ok(invoke(runner, "inbox", "review", "--accept", f"FOIL-{YEAR}-0001", "extended"))
    assert "extended" in rest.stdout


def test_nonsense_is_refused_and_leaves_the_reply_waiting(isolated, runner, sent) -> None:
    imported(runner, fixture("acknowledgment.eml", isolated))
    bad = invoke(runner, "inbox", "review", "--accept", f"FOIL-{YEAR}-0001", "appeal-granted")
    assert bad.exit_code == 1 and "no appeal was filed before it" in bad.stderr
    unknown = invoke(runner, "inbox", "review", "--accept", f"FOIL-{YEAR}-0001", "maybe")
    assert unknown.exit_code == 2 and "unknown kind 'maybe'" in unknown.stderr
    ok(invoke(runner, "inbox", "review", "--accept", f"FOIL-{YEAR}-0001", "acknowledged"))
