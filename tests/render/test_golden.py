"""Golden letters: the plain text of five letters, reviewed line by line by a person.

Regenerate on purpose only: UPDATE_GOLDEN=1 pytest tests/render/test_golden.py, then read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from foilbot.render.context import LetterContext
from tests.render.conftest import NY_DENIAL, NY_HISTORY, california_request, federal_request, ny_request

GOLDEN = Path(__file__).parent / "golden"

CASES = {
    "ny-request": ("request-ny-foil", lambda: ny_request()),
    "federal-request": ("request-federal-foia", federal_request),
    "california-request": ("request-state", california_request),
    "ny-appeal-constructive-denial": ("appeal-constructive-denial", lambda: ny_request(history=NY_HISTORY)),
    "ny-appeal-denial": ("appeal-denial", lambda: ny_request(history=NY_DENIAL)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_text(name: str, letters) -> None:
    template, make = CASES[name]
    ctx: LetterContext = make()
    text = letters.render_text(template, ctx)
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
