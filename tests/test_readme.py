"""The README tour is real: each command runs, in order, and prints exactly what the README shows.

The tour runs through the installed `foilbot` entry point in a fresh folder, with the clock the README
itself fixes (FOILBOT_TODAY), by scripts/gen_readme.py: the same code that rewrites the README when a
command's output changes on purpose.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import REPO

README = REPO / "README.md"
STALE = (
    "README.md does not show what the tour prints. If the output changed on purpose, run "
    "`python scripts/gen_readme.py` and review the diff; otherwise fix the command.\n"
)


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_readme", REPO / "scripts" / "gen_readme.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_readme"] = module
    spec.loader.exec_module(module)
    return module


gen = _load()


def test_the_tour_is_every_foilbot_command_of_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    steps = gen.tour_steps(gen.parse(text))
    programs = [step.argv[0] for step in steps]
    assert set(programs) == {"export", "foilbot"}
    assert programs.count("foilbot") == text.count("$ foilbot ") >= 8
    # The clock is fixed before the first command, so nothing depends on the day the tour runs.
    first = steps[0].argv
    assert first[0] == "export" and any(arg.startswith("FOILBOT_TODAY=") for arg in first[1:])


@pytest.mark.slow
def test_readme_tour_prints_what_the_readme_shows(tmp_path: Path) -> None:
    text = README.read_text(encoding="utf-8")
    results = gen.run_tour(text, tmp_path / "tour")

    for step, result in results:
        assert result.returncode == 0, f"`{step.command}` exited {result.returncode}:\n" + "\n".join(
            result.lines
        )
    assert (tmp_path / "tour" / "requests.db").is_file()
    new, warnings = gen.regenerate(text, results)
    if new != text:
        pytest.fail(STALE + gen.diff(text, new), pytrace=False)
    assert warnings == []


TOUR = """\
# Title

Some prose.

    make demo    # not a tour block

Then:

    $ export FOILBOT_TODAY=2026-06-12
    $ foilbot one --subject "a b" \\
        --more
    out 1

    out 2
    $ foilbot two
    ...
    keep a
    keep b
    ...
  not code
"""


def test_parse_reads_commands_continuations_and_outputs() -> None:
    (block,) = gen.parse(TOUR)
    lines = TOUR.split("\n")
    assert lines[block.start] == "    $ export FOILBOT_TODAY=2026-06-12"
    assert lines[block.end - 1] == "    ..."
    export, one, two = block.steps
    assert export.argv == ["export", "FOILBOT_TODAY=2026-06-12"] and export.expected == []
    assert one.argv == ["foilbot", "one", "--subject", "a b", "--more"]
    assert one.expected == ["out 1", "", "out 2"]
    assert two.expected == ["...", "keep a", "keep b", "..."]


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        (["a", "b"], ["a", "b"], True),
        (["a", "b"], ["a", "b", "c"], False),
        (["a", "b "], ["a", "b"], False),  # nothing is normalised, not even trailing spaces
        (["...", "b"], ["a", "b"], True),
        (["...", "b"], ["b"], True),
        (["...", "b", "..."], ["a", "b", "c", "d"], True),
        (["...", "c", "..."], ["a", "b"], False),
        (["a", "...", "d"], ["a", "b", "c", "d"], True),
        (["a", "...", "d"], ["a", "b", "c"], False),
    ],
)
def test_elision_matches_any_run_of_lines_and_nothing_else(expected, actual, ok) -> None:
    assert gen.matches(expected, actual) is ok


def test_refresh_keeps_an_elided_excerpt_where_its_first_line_now_is() -> None:
    expected = ["...", "due 2026-11-30", "  old rule", "..."]
    actual = ["header", "new header line", "due 2026-11-30", "  new rule", "tail"]
    assert gen.refresh(expected, actual) == ["...", "due 2026-11-30", "  new rule", "..."]
    assert gen.refresh(expected, ["x", "due 2026-11-30", "  old rule"]) == expected  # still matches
    assert gen.refresh(expected, ["the anchor line is gone"]) is None
    assert gen.refresh(["a", "b"], ["a", "c", "d"]) == ["a", "c", "d"]  # no elision: the whole output


def test_regenerate_rewrites_only_outputs_and_refuses_a_failing_command() -> None:
    steps = gen.tour_steps(gen.parse(TOUR))
    results = [
        (steps[0], gen.Result(0, [])),
        (steps[1], gen.Result(0, ["new out"])),
        (steps[2], gen.Result(0, ["z", "keep a", "keep c", "z"])),
    ]
    new, warnings = gen.regenerate(TOUR, results)
    assert warnings == []
    assert new == TOUR.replace("    out 1\n\n    out 2\n", "    new out\n").replace("keep b", "keep c")
    results[1] = (steps[1], gen.Result(1, ["Error: no"]))
    with pytest.raises(SystemExit, match="exited 1"):
        gen.regenerate(TOUR, results)
