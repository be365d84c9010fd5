"""A listing's compiled row formatters write what the dict of each row wrote (issue 14)."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest

from foilbot import console, csvsafe
from foilbot.listing import Listing, json_encoder

COLUMNS = (
    ("id", "value"),
    ("name", "value"),
    ("tags", "json"),
    ("sent_on", "day"),
    ("public", "flag"),
    ("created_at", "stamp"),
    ("score", "value"),
)
# As SQLite hands them over (text for JSON, dates and stamps; 0/1 for flags), and as psycopg does
# (decoded JSON, date and datetime objects, booleans), with the values that trip a writer up.
ROWS = [
    (
        1,
        'Écoles «A» "q" \\ \x1b[2J \u202e',
        '["=1+2", "b"]',
        "2026-06-11",
        1,
        "2026-11-01 00:00:00.000000",
        1.5,
    ),
    (2, None, "[]", None, 0, "2026-11-01 12:30:00.250000", None),
    (3, '=HYPERLINK("x")', '{"k": "-3", "n": null}', "2026-06-11", 0, "2026-11-01 00:00:00.000000", -3),
    (4, "'=guarded", '"@lone string"', "2026-01-02", 1, "2026-11-01 00:00:00+00:00", True),
    (5, "+1", ["decoded", {"k": 1}], date(2026, 6, 11), True, datetime(2026, 11, 1, 9, 0), float("nan")),
    (6, "-2", None, date(2026, 1, 2), False, None, "tab\tnew\nline"),
]


def _listing(rows=ROWS) -> Listing:
    return Listing(COLUMNS, iter(rows))


def test_json_items_are_the_dicts_encoded() -> None:
    encode = json_encoder()
    assert list(_listing().json_items()) == [encode(d) for d in _listing().dicts()]


@pytest.mark.parametrize("raw", ["0", "1"])
def test_csv_rows_are_the_dicts_written(monkeypatch, raw) -> None:
    monkeypatch.setenv(csvsafe.RAW_ENV, raw)
    names = [n for n, _ in COLUMNS]
    before, after = io.StringIO(), io.StringIO()
    console.print_csv(names, ([d[k] for k in names] for d in _listing().dicts()), stream=before)
    csvsafe.write_safe_rows(after, names, _listing().csv_rows())
    assert after.getvalue() == before.getvalue()


def test_cells_are_the_dicts_as_text() -> None:
    expected = [["" if v is None else str(v) for v in d.values()] for d in _listing().dicts()]
    assert list(_listing().cells()) == expected
    assert list(_listing().cells(["name", "id"])) == [[r[1], r[0]] for r in expected]


def test_a_long_table_is_the_text_it_was(capsys) -> None:
    """The plain table of a listing: each line the cells padded and joined, made safe for a terminal."""
    rows = [ROWS[i % len(ROWS)] for i in range(console.RICH_ROWS + 1)]
    cells = [["" if v is None else str(v) for v in d.values()] for d in _listing(rows).dicts()]
    safe_cells = [[console.safe(v) for v in row] for row in cells]
    names = [n for n, _ in COLUMNS]
    widths = [max(len(v) for v in col) for col in zip(names, *safe_cells, strict=True)]

    def line(values) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    console.table("T", names, _listing(rows).cells(), text=True)
    expected = ["T", "", line(names), "  ".join("-" * w for w in widths), *map(line, safe_cells)]
    assert capsys.readouterr().out == "\n".join(expected) + "\n"


def test_empty_reads_the_first_row_and_keeps_it() -> None:
    listing = _listing()
    assert not listing.empty()
    assert [d["id"] for d in listing.dicts()] == [1, 2, 3, 4, 5, 6]
    assert Listing(COLUMNS, iter([])).empty()
    with pytest.raises(ValueError, match="kind 'date'"):
        Listing([("x", "date")], iter([]))
