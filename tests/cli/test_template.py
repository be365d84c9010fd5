"""`foilbot template list|show|check` through the real root app."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import invoke


def test_list_shows_templates_and_topics(runner) -> None:
    result = invoke(runner, "template", "list", "--json")
    assert result.exit_code == 0
    rows = {(r["type"], r["name"]): r for r in json.loads(result.stdout)["items"]}
    for name in (
        "request-ny-foil",
        "request-federal-foia",
        "request-state",
        "followup",
        "appeal-constructive-denial",
        "appeal-denial",
    ):
        assert rows[("template", name)]["source"] == "shipped"
    topics = {n for t, n in rows if t == "topic"}
    assert {
        "retention-periods",
        "database-access",
        "camera-locations",
        "vendor-contracts",
        "policies",
        "law-enforcement-sharing",
        "accuracy-testing",
        "privacy-assessments",
        "incidents",
        "training",
        "board-records",
        "funding",
    } <= topics
    assert ("template", "_base") not in rows


def test_user_folder_overrides_and_adds(runner, tmp_path: Path) -> None:
    topics = tmp_path / "templates" / "letters" / "topics"
    topics.mkdir(parents=True)
    (topics / "retention-periods.html.j2").write_text("{#- topic\ntitle: Mine\n-#}\n<p>x</p>\n")
    (topics / "drones.html.j2").write_text("{#- topic\ntitle: Drone flights\n-#}\n<p>y</p>\n")
    rows = {r["name"]: r for r in json.loads(invoke(runner, "template", "list", "--json").stdout)["items"]}
    assert (
        rows["retention-periods"]["source"] == "user" and rows["retention-periods"]["description"] == "Mine"
    )
    assert rows["drones"]["source"] == "user"


def test_show_lists_parameters(runner) -> None:
    result = invoke(runner, "template", "show", "camera-locations", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["kind"] == "topic"
    assert {p["name"]: p["kind"] for p in data["params"]} == {"system": "text", "buildings": "list"}
    assert "params" in data["variables"]


def test_show_unknown_is_usage_error(runner) -> None:
    result = invoke(runner, "template", "show", "nope")
    assert result.exit_code == 2
    assert "unknown topic 'nope'" in result.stderr


def test_check_clean_and_broken(runner, tmp_path: Path) -> None:
    assert invoke(runner, "template", "check").exit_code == 0
    bad = tmp_path / "bad.html.j2"
    bad.write_text(
        "{#- letter\nkind: request\ndescription: b\n-#}\n<p>{{ agency.nam }}{{ whoami }}</p>\n"
        "{% include 'topics/nothing.html.j2' %}\n"
    )
    result = invoke(runner, "template", "check", str(bad))
    assert result.exit_code == 1
    assert f"{bad}:5: undeclared variable 'whoami'" in result.stdout
    assert f"{bad}:6: unknown topic 'nothing'" in result.stdout
    assert "2 problem(s) found" in result.stderr
