"""`foilbot deadline` through the real root app."""

from __future__ import annotations

import json

import pytest

from tests.conftest import invoke


def test_json_shape_new_york(runner) -> None:
    r = invoke(runner, "deadline", "ny", "--received", "2026-11-20", "--acknowledged", "2026-11-25", "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert {"jurisdiction", "law", "citation", "verified", "deadlines"} <= set(data)
    assert data["jurisdiction"] == "NY" and data["verified"] == "yes"
    got = [(d["kind"], d["due"]) for d in data["deadlines"]]
    # ack: 5 BD after Fri 11-20 = Mon 11-30; determination: 20 BD after Wed 11-25 = Thu 12-24
    assert got == [("acknowledgment", "2026-11-30"), ("determination", "2026-12-24")]
    for d in data["deadlines"]:
        assert {"kind", "due", "citation", "explanation"} <= set(d)
        assert isinstance(d["explanation"], list) and d["explanation"]
    # appeal_filing only with --denied; the conditional one is reported separately
    assert [d["kind"] for d in data["if_no_response"]] == ["appeal_filing"]


def test_denied_and_appeal(runner) -> None:
    r = invoke(
        runner,
        "deadline",
        "NY",
        "--received",
        "2026-11-20",
        "--denied",
        "2026-11-25",
        "--appeal-received",
        "2027-01-25",
        "--json",
    )
    assert r.exit_code == 0, r.stderr
    data = {d["kind"]: d["due"] for d in json.loads(r.stdout)["deadlines"]}
    # denial Wed 11-25 + 30 = Fri 12-25 Christmas -> Mon 12-28 (§ 25-a); appeal: 10 BD after Mon 01-25 = Mon 02-08
    assert data == {
        "acknowledgment": "2026-11-30",
        "appeal_filing": "2026-12-28",
        "appeal_determination": "2027-02-08",
    }


def test_federal_extended(runner) -> None:
    r = invoke(runner, "deadline", "US", "--received", "2026-11-20", "--extended", "--json")
    assert r.exit_code == 0, r.stderr
    data = {d["kind"]: d["due"] for d in json.loads(r.stdout)["deadlines"]}
    assert data == {"determination": "2026-12-21", "extended_determination": "2027-01-06"}


def test_sent_by_mail_is_estimated(runner) -> None:
    r = invoke(runner, "deadline", "US", "--sent", "2027-12-20", "--via", "mail", "--json")
    assert r.exit_code == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["received"] == "2027-12-23" and data["received_estimated"] is True
    assert data["deadlines"][0]["due"] == "2028-01-25" and data["deadlines"][0]["estimated"] is True


def test_closure_and_pause(runner) -> None:
    r = invoke(
        runner, "deadline", "NY", "--received", "2026-11-20", "--closure", "2026-11-24:storm", "--json"
    )
    assert r.exit_code == 0, r.stderr
    ack = json.loads(r.stdout)["deadlines"][0]
    assert ack["due"] == "2026-12-01"
    assert any("agency closed: storm" in line for line in ack["explanation"])
    r = invoke(
        runner, "deadline", "US", "--received", "2026-11-20", "--paused", "2026-12-01:2026-12-08", "--json"
    )
    assert json.loads(r.stdout)["deadlines"][0]["due"] == "2026-12-29"


def test_table_and_explain(runner) -> None:
    r = invoke(runner, "deadline", "NY", "--received", "2026-11-20", "--explain")
    assert r.exit_code == 0, r.stderr
    assert "2026-11-30" in r.stdout
    assert "Thanksgiving Day" in r.stdout
    assert "If the agency stays silent: appeal filing by 2026-12-31." in r.stdout


def test_unverified_warning_in_table(runner) -> None:
    r = invoke(runner, "deadline", "PA", "--received", "2026-04-13")
    assert r.exit_code == 0, r.stderr
    assert "Warning:" in r.stdout and "python-holidays" in r.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ZZ", "--received", "2026-11-20"], "unknown jurisdiction"),
        (["NY", "--received", "2026-02-30"], "is not a date"),
        (
            ["NY", "--received", "2026-11-20", "--denied", "2026-12-01", "--appeal-received", "2026-11-30"],
            "before the denial",
        ),
        (["NY"], "exactly one of --received and --sent"),
        (["NY", "--received", "2026-11-20", "--acknowledged", "2026-11-19"], "before the request"),
        (["NY", "--received", "2026-11-20", "--estimate", "2026-12-01"], "--estimate needs --acknowledged"),
        (["NY", "--received", "2026-11-20", "--extended"], "no fixed extension"),
        (["NY", "--sent", "2026-11-20", "--via", "pigeon"], "unknown delivery method"),
    ],
)
def test_bad_input_is_a_one_line_usage_error(runner, args: list[str], message: str) -> None:
    r = invoke(runner, "deadline", *args)
    assert r.exit_code == 2
    assert r.stdout == ""
    assert r.stderr.startswith("Error: ") and message in r.stderr.splitlines()[0]
