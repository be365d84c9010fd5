"""Re-run the README tour and rewrite its output in place, so the README shows what foilbot prints.

The tour is every indented code block of README.md whose first line starts with `$ `. In such a block
a line `$ foilbot ARGS` (continued on the next line after a trailing backslash) is a command and the
lines under it, up to the next `$ ` line, are what it prints: stdout and stderr as they reach a
terminal, in order. `$ export NAME=VALUE ...` sets variables for the commands after it (the tour
fixes the clock with FOILBOT_TODAY). A line of just `...` in an output stands for any number of lines
the README leaves out; it is the only liberty: everything else must match to the character.

The commands run in order through the installed `foilbot` entry point, in a new empty folder (a fresh
requests.db, the shipped agency directory and templates), with no FOILBOT_* variable, configuration
file or terminal width from your environment. tests/test_readme.py runs the tour the same way and
compares; when a command's output changes on purpose, run this script and review the diff:

    python scripts/gen_readme.py           # rewrite README.md
    python scripts/gen_readme.py --check   # exit 1 if README.md is stale

An elided output keeps its shape: each shown run of lines is taken again from where its first line
now appears. When that line is gone, the whole output is written and a warning asks you to elide it
again by hand. A command that fails stops the script: the tour must work, not record an error.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shlex
import shutil
import site
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
ELISION = "..."
INDENT = "    "
PROMPT = "$ "

# Variables that would change what a command prints in the tour folder: the user's own foilbot
# settings and clock, and Rich's terminal width and colour overrides.
_SCRUBBED = {"COLUMNS", "LINES", "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "TERM"}


@dataclass
class Step:
    """One `$ ` command of the tour and the output the README shows under it."""

    source: list[str]  # the command as written, continuation lines included, without the indent
    expected: list[str]

    @property
    def argv(self) -> list[str]:
        text = "\n".join(self.source)[len(PROMPT) :]
        return shlex.split(text.replace("\\\n", " "))

    @property
    def command(self) -> str:
        return " ".join(line.strip() for line in self.source)


@dataclass
class Block:
    """An indented code block of the tour: README lines [start, end)."""

    start: int
    end: int
    steps: list[Step]


@dataclass
class Result:
    returncode: int
    lines: list[str]


def _indented(line: str) -> bool:
    return line.startswith(INDENT)


def parse(text: str) -> list[Block]:
    """The tour blocks of a README, in order."""
    lines = text.split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        starts_block = _indented(lines[i]) and (i == 0 or not lines[i - 1].strip())
        if not starts_block:
            i += 1
            continue
        end = i
        j = i
        while j < len(lines) and (_indented(lines[j]) or not lines[j].strip()):
            if lines[j].strip():
                end = j + 1
            j += 1
        body = [line[len(INDENT) :] if line.strip() else "" for line in lines[i:end]]
        if body[0].startswith(PROMPT):
            blocks.append(Block(i, end, _steps(body)))
        i = max(end, i + 1)
    return blocks


def _steps(body: list[str]) -> list[Step]:
    steps: list[Step] = []
    k = 0
    while k < len(body):
        source = [body[k]]
        while source[-1].endswith("\\") and k + 1 < len(body):
            k += 1
            source.append(body[k])
        k += 1
        expected: list[str] = []
        while k < len(body) and not body[k].startswith(PROMPT):
            expected.append(body[k])
            k += 1
        steps.append(Step(source, expected))
    return steps


def tour_steps(blocks: list[Block]) -> list[Step]:
    return [step for block in blocks for step in block.steps]


def default_foilbot() -> str:
    """The `foilbot` script next to this Python (the one `make test` installs), else the one on PATH."""
    beside = Path(sys.executable).parent / "foilbot"
    if beside.is_file():
        return str(beside)
    found = shutil.which("foilbot")
    if not found:
        raise SystemExit("gen_readme: no foilbot entry point; install foilbot (make install) first")
    return found


def base_env(folder: Path) -> dict[str, str]:
    """The environment of a new user in an empty folder: nothing of yours but PATH and Python's own."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOILBOT_") and k not in _SCRUBBED}
    # A new HOME hides any foilbot.toml of yours (macOS keeps it under ~/Library, not XDG), but a
    # `pip install --user` foilbot must still import.
    env.setdefault("PYTHONUSERBASE", site.getuserbase())
    for name, sub in (("HOME", "home"), ("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        path = folder.parent / f".{folder.name}-{sub}"
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env["XDG_CACHE_HOME"] = str(folder.parent / f".{folder.name}-cache")
    # Unbuffered, so stdout and stderr reach the one pipe in the order a terminal would show them.
    env["PYTHONUNBUFFERED"] = "1"
    return env


def run_step(step: Step, folder: Path, env: dict[str, str], foilbot: str) -> Result:
    """Run one command of the tour in `folder`; an `export` updates `env` and prints nothing."""
    argv = step.argv
    if argv and argv[0] == "export":
        for assignment in argv[1:]:
            name, sep, value = assignment.partition("=")
            if not sep:
                raise ValueError(f"README tour: cannot run {step.command!r} (export NAME=VALUE only)")
            env[name] = value
        return Result(0, [])
    if not argv or argv[0] != "foilbot":
        raise ValueError(f"README tour: cannot run {step.command!r} (only foilbot and export)")
    done = subprocess.run(
        [foilbot, *argv[1:]],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    return Result(done.returncode, done.stdout.splitlines())


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line for line equal, where an ELISION line in `expected` stands for any run of lines."""
    m, n = len(expected), len(actual)
    # ok[i][j]: expected[i:] matches actual[j:]
    ok = [[False] * (n + 1) for _ in range(m + 1)]
    ok[m][n] = True
    for i in range(m - 1, -1, -1):
        for j in range(n, -1, -1):
            if expected[i] == ELISION:
                ok[i][j] = ok[i + 1][j] or (j < n and ok[i][j + 1])
            else:
                ok[i][j] = j < n and expected[i] == actual[j] and ok[i + 1][j + 1]
    return ok[0][0]


def refresh(expected: list[str], actual: list[str]) -> list[str] | None:
    """What the README should show now: `actual`, elided as `expected` was; None if that cannot be kept."""
    if ELISION not in expected:
        return list(actual)
    if matches(expected, actual):
        return list(expected)
    runs: list[list[str] | None] = []  # None is an elision
    for line in expected:
        if line == ELISION:
            runs.append(None)
        elif runs and runs[-1] is not None:
            runs[-1].append(line)
        else:
            runs.append([line])
    out: list[str] = []
    pos = 0
    for index, shown in enumerate(runs):
        if shown is None:
            out.append(ELISION)
            continue
        last = index == len(runs) - 1
        if index > 0:  # after an elision: the run starts where its first line now is
            try:
                pos = actual.index(shown[0], pos)
            except ValueError:
                return None
        taken = actual[pos:] if last else actual[pos : pos + len(shown)]
        out.extend(taken)
        pos += len(taken)
    return out if matches(out, actual) else None


def run_tour(text: str, folder: Path, foilbot: str | None = None) -> list[tuple[Step, Result]]:
    """Run every command of the README tour in order in `folder` (created empty)."""
    folder.mkdir(parents=True, exist_ok=False)
    env = base_env(folder)
    exe = foilbot or default_foilbot()
    return [(step, run_step(step, folder, env, exe)) for step in tour_steps(parse(text))]


def regenerate(text: str, results: list[tuple[Step, Result]]) -> tuple[str, list[str]]:
    """The README with every output block rewritten from `results`; also the warnings to show."""
    lines = text.split("\n")
    blocks = parse(text)
    outputs = iter(results)
    warnings: list[str] = []
    rewritten: dict[int, list[str]] = {}
    for block in blocks:
        body: list[str] = []
        for step in block.steps:
            ran, result = next(outputs)
            if ran.source != step.source:
                raise ValueError(f"gen_readme: results do not follow the tour at `{step.command}`")
            if result.returncode != 0:
                raise SystemExit(
                    f"gen_readme: `{step.command}` exited {result.returncode}; the tour must work:\n"
                    + "\n".join(result.lines)
                )
            shown = refresh(step.expected, result.lines)
            if shown is None:
                warnings.append(
                    f"`{step.command}`: its elided output changed; written in full, elide it again"
                )
                shown = result.lines
            body.extend(step.source)
            body.extend(shown)
        rewritten[block.start] = [INDENT + line if line else "" for line in body]
    for block in reversed(blocks):  # from the end, so earlier line numbers stay valid
        lines[block.start : block.end] = rewritten[block.start]
    return "\n".join(lines), warnings


def diff(old: str, new: str, name: str = "README.md") -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            f"{name} (as written)",
            f"{name} (as printed)",
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("readme", nargs="?", type=Path, default=README)
    parser.add_argument("--check", action="store_true", help="exit 1 if the README is stale; write nothing")
    parser.add_argument("--foilbot", help="the foilbot entry point to run (default: the installed one)")
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="foilbot-readme-") as tmp:
        results = run_tour(text, Path(tmp) / "tour", args.foilbot)
    new, warnings = regenerate(text, results)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if new == text:
        print(f"{args.readme}: up to date ({len(results)} commands)")
        return 0
    if args.check:
        sys.stdout.write(diff(text, new, args.readme.name))
        print(f"{args.readme} is stale: run python scripts/gen_readme.py", file=sys.stderr)
        return 1
    args.readme.write_text(new, encoding="utf-8")
    print(f"{args.readme}: rewrote the output of the tour ({len(results)} commands); review the diff")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
