"""`foilbot overdue` and `foilbot due` with --limit/--offset (issue 14): a page is the slice of the whole
list in its most-urgent (overdue) or soonest (due) order, in every format, through the real app."""

from __future__ import annotations

import csv
import io
import json

from tests.conftest import invoke, items, ok
from tests.services.test_overdue_rows import workspace  # noqa: F401 - a fixture

# 2026-03-27: requests with events dated later are read as they stood; 2026-09-01: none are.
DAYS = ("2026-03-27", "2026-09-01")


def refs(result) -> list[str]:
    return [i["reference"] for i in items(result)]


def test_overdue_pages_in_every_format(runner, workspace) -> None:  # noqa: F811 - the fixture
    for day in DAYS:
        whole = refs(invoke(runner, "overdue", "--as-of", day, "--json"))
        assert len(whole) >= 5, day
        for limit, offset in ((2, None), (None, 3), (2, 3), (3, 1000)):
            page = [*(["--limit", str(limit)] if limit is not None else [])]
            page += ["--offset", str(offset)] if offset is not None else []
            end = None if limit is None else (offset or 0) + limit
            expected = whole[offset:end]
            assert refs(invoke(runner, "overdue", "--as-of", day, "--json", *page)) == expected
            lines = ok(invoke(runner, "overdue", "--as-of", day, "--format", "ndjson", *page)).stdout
            assert [json.loads(line)["reference"] for line in lines.splitlines()] == expected
            text = ok(invoke(runner, "overdue", "--as-of", day, "--csv", *page)).stdout
            assert [r["reference"] for r in csv.DictReader(io.StringIO(text))] == expected


def test_overdue_table_page(runner, workspace) -> None:  # noqa: F811 - the fixture
    day = DAYS[1]
    whole = items(invoke(runner, "overdue", "--as-of", day, "--json"))
    result = ok(invoke(runner, "overdue", "--as-of", day, "--limit", "2", "--offset", "3"))
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Overdue: 2 deadline(s) at ") and lines[0].endswith("(rows 4-5 of the list)")
    shown = [line.split()[0] for line in lines if line.startswith("  ") and "FOI" in line]
    assert shown == [i["reference"] for i in whole[3:5]]
    # The whole list, as before: no page in the title.
    assert "(rows" not in ok(invoke(runner, "overdue", "--as-of", day)).stdout.splitlines()[0]
    # Past the end: nothing, said on stderr. --check answers for the whole list, not the page: a cron
    # job's `--limit 0 --check` (no output, just the answer) said all was well (exit 0).
    past = invoke(runner, "overdue", "--as-of", day, "--offset", "1000", "--check")
    assert past.exit_code == 3 and past.stdout == ""
    assert past.stderr == "No overdue rows past row 1000.\n"
    assert invoke(runner, "overdue", "--as-of", day, "--limit", "1", "--check").exit_code == 3
    quiet = invoke(runner, "overdue", "--as-of", day, "--limit", "0", "--check", "--json")
    assert quiet.exit_code == 3 and json.loads(quiet.stdout)["items"] == []
    before = invoke(runner, "overdue", "--as-of", "2026-01-02", "--limit", "0", "--check")
    assert before.exit_code == 0  # nothing overdue yet: all clear, page or not


def test_due_pages(runner, workspace) -> None:  # noqa: F811 - the fixture
    for day in ("2026-01-26", "2026-03-27"):
        whole = refs(invoke(runner, "due", "--as-of", day, "--within", "60", "--json"))
        assert len(whole) >= 3, day
        for limit, offset in ((1, None), (None, 1), (2, 1)):
            page = [*(["--limit", str(limit)] if limit is not None else [])]
            page += ["--offset", str(offset)] if offset is not None else []
            end = None if limit is None else (offset or 0) + limit
            found = invoke(runner, "due", "--as-of", day, "--within", "60", "--json", *page)
            assert refs(found) == whole[offset:end]
            table = ok(invoke(runner, "due", "--as-of", day, "--within", "60", *page)).stdout
            assert [r for r in whole if r in table] == sorted(set(whole[offset:end]), key=whole.index)


def test_help_names_the_pages(runner) -> None:
    for command in ("overdue", "due"):
        text = ok(invoke(runner, command, "--help")).stdout
        assert "--limit" in text and "--offset" in text


def test_a_page_past_what_a_database_counts_is_a_usage_error(runner) -> None:
    """A number no database takes (SQLite and PostgreSQL stop at 2**63 - 1) is refused by its option,
    not met as a database error that named none ("datatype mismatch … Check --db")."""
    for command in (["request", "list"], ["overdue"], ["due"]):
        for option in ("--limit", "--offset"):
            result = invoke(runner, *command, option, "9223372036854775808")
            assert result.exit_code == 2, (command, option, result.stderr)
            assert f"Invalid value for '{option}'" in result.stderr and "Traceback" not in result.stderr
    assert invoke(runner, "request", "list", "--limit", str(2**31 - 1)).exit_code == 0
