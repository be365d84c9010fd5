"""domain.text.printable: the fast path (a regular-expression search) removes exactly the characters
the definition names (issue 14: `str.translate` with a dict cost 7 s of a 100,000-request calendar)."""

from __future__ import annotations

import pytest

from foilbot.domain.text import UNPRINTABLE, printable

REFERENCE = dict.fromkeys(UNPRINTABLE)  # the definition, applied the slow way


@pytest.mark.parametrize("block", range(0, 0x2100, 0x80))
def test_printable_removes_exactly_the_unprintable(block: int) -> None:
    chars = "".join(chr(c) for c in range(block, block + 0x80) if not 0xD800 <= c < 0xE000)
    text = f"a{chars}b\n\tc"
    assert printable(text) == text.translate(REFERENCE)


def test_printable_keeps_tab_newline_and_clean_text_as_is() -> None:
    clean = "Dept. of Transportation — § 89(3)(a)\n\tnext line"
    assert printable(clean) is clean
    assert printable("A\u202egency\x1b[31m") == "Agency[31m"
    # the bidi overrides and isolates: U+202A-U+202E and U+2066-U+2069; U+202F (a space) stays
    assert printable("\u202a\u202e\u202f\u2066\u2069\u206a") == "\u202f\u206a"
