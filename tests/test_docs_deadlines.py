"""docs/reference/deadlines.md is generated from laws.yaml and must match it."""

from __future__ import annotations

from foilbot.domain.laws import all_laws
from foilbot.domain.laws_doc import render_deadlines_md
from tests.conftest import REPO


def test_deadline_reference_is_current() -> None:
    committed = (REPO / "docs" / "reference" / "deadlines.md").read_text(encoding="utf-8")
    assert committed == render_deadlines_md(), (
        "docs/reference/deadlines.md is stale: run python scripts/gen_deadline_docs.py"
    )


def test_every_jurisdiction_and_citation_is_listed() -> None:
    text = render_deadlines_md()
    for law in all_laws():
        assert f"### {law.jurisdiction}: " in text
        if law.response is not None:
            assert law.response.citation in text
