"""Attack foilbot as a hostile user would, through the real entry point, and count what held (issue 9).

    python scripts/attack_run.py [--quick] [--postgres URL] [--only CATEGORY] [--jobs N] [--log FILE]

Every case runs `python -m foilbot …` in a subprocess, in a fresh copy of a small workspace (the test
fixture directory, three requests, a campaign) with FOILBOT_TODAY fixed, and is judged:

- clean error: the exit code docs/reference/exit-codes.md gives (1, 2, 130), an `Error:` line on
  stderr (or Typer's usage box for exit 2), no traceback, no "unexpected", no SQL text, no password,
  no personal note text;
- unexpected: anything else (a traceback, a signal, a hang, a wrong exit code, bad input accepted);
- data lost: after a refused command the workspace (the database's rows, every file) is not as it
  was, or a temporary file stayed behind; after a kill, a re-run does not end with every row once.

Categories: bad inputs (300+ cases over every command and option), kills (SIGKILL and SIGINT at
several points, then a re-run), concurrent writers (SQLite, and PostgreSQL with --postgres or
FOILBOT_TEST_POSTGRES_URL), injection (hostile agency data in every output format).
It prints a table and every unexpected case with its command; exit status 1 when any case was
unexpected or lost data. --quick runs a representative subset in under two minutes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TREE = REPO  # the foilbot source under attack (--tree: another checkout, e.g. to measure before a fix)
MEMORY_LIMIT = 3 << 30  # each foilbot process may use 3 GB: a runaway template must not exhaust the machine
TODAY = "2026-11-30"
YEAR = TODAY[:4]
PW = "s3cr3t-PW-4471"  # a password that must never be shown
NOTE = "PERSONAL-NOTE-7731"  # personal text that must never reach an error message
LOCKPORT, STARPOINT, BUFFALO = "nces-3617670", "nces-3628050", "nces-3605850"
TOPIC = ("--topic", "retention-periods")
TOML = """[requester]
name = "Ana Ruiz"
address = '''
100 Main Street
Buffalo, NY 14202'''
email = "aruiz@example.org"
"""
SQL_RE = re.compile(
    r"\[SQL:|\bSELECT\b.+\bFROM\b|\bINSERT INTO\b|\bUPDATE \w+ SET\b|\bDELETE FROM\b|\bCREATE TABLE\b"
    r"|\bsqlite3\.\w+Error|psycopg\.|Background on this error",
    re.S,
)
TMP_RE = re.compile(r"(\.tmp$|\.incoming-|\.part$)")
DB_FILES = {"requests.db", "requests.db-wal", "requests.db-shm", "requests.db-journal"}


# ---------------------------------------------------------------------------------------------- runs


@dataclass
class Result:
    args: list[str]
    rc: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False


def base_env(ws: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FOILBOT_")}
    env.update(
        FOILBOT_TODAY=TODAY,
        PYTHONPATH=str(TREE),
        XDG_CONFIG_HOME=str(ws / ".xdg-config"),
        XDG_DATA_HOME=str(ws / ".xdg-data"),
        COLUMNS="120",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(extra or {})
    return env


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    # A shell's background job ignores SIGINT and its children inherit that: restore it, so Ctrl-C
    # reaches foilbot as it does at a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def foilbot(ws: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> Result:
    """`python -m foilbot ARGS` in ws; a hang past `timeout` is killed with its process group."""
    cmd = [sys.executable, "-m", "foilbot", *args]
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd,
        cwd=ws,
        env=base_env(ws, env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_limit_memory,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        timed_out = True
    return Result(
        list(args),
        proc.returncode,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
        time.monotonic() - started,
        timed_out,
    )


def must(res: Result) -> Result:
    if res.rc != 0:
        raise SystemExit(f"setup failed: foilbot {' '.join(res.args)}\n{res.stdout}{res.stderr}")
    return res


# ------------------------------------------------------------------------------------------ workspace


def fixture_rows() -> list[dict[str, str]]:
    with open(REPO / "tests" / "fixtures" / "agencies.csv", newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def build_base(root: Path) -> Path:
    """The workspace every bad-input case copies: the fixture directory, three requests, a campaign."""
    ws = root / "base"
    ws.mkdir()
    (ws / "foilbot.toml").write_text(TOML, encoding="utf-8")
    load_fixture(ws)
    must(foilbot(ws, "agency", "set", LOCKPORT, "--email", "foil@lockport.example.org"))
    must(foilbot(ws, "agency", "set", STARPOINT, "--email", "records@starpoint.example.org"))
    must(foilbot(ws, "request", "new", "--agency", LOCKPORT, *TOPIC, "--subject", "cameras"))  # 1 draft
    must(foilbot(ws, "request", "new", "--agency", STARPOINT, *TOPIC))  # 2 sent, acknowledged
    must(foilbot(ws, "request", "sent", "2", "--date", "2026-10-01", "--via", "email"))
    must(
        foilbot(
            ws,
            "request",
            "log",
            "2",
            "acknowledged",
            "--date",
            "2026-10-05",
            "--note",
            f"{NOTE} call 555-0199",
        )
    )
    must(foilbot(ws, "request", "new", "--agency", BUFFALO, *TOPIC))  # 3 sent, denied
    must(foilbot(ws, "request", "sent", "3", "--date", "2026-09-01", "--via", "email"))
    must(foilbot(ws, "request", "log", "3", "denied", "--date", "2026-09-20", "--note", NOTE))
    must(foilbot(ws, "campaign", "new", "cams", *TOPIC, "--filter", "county=Erie County"))
    must(foilbot(ws, "request", "show", "2"))
    return ws


LOAD = """
import sys
from pathlib import Path
from foilbot.cli.common import database_url
from foilbot.services.agencies import import_file
from foilbot.storage import session_scope
with session_scope(database_url()) as s:
    import_file(s, Path(sys.argv[1]), shipped=True)
"""


def load_fixture(ws: Path, env: dict[str, str] | None = None) -> None:
    """The test fixture's 12 agencies as the shipped directory (as tests/conftest.py does), so the
    25,000 shipped agencies are not loaded into every workspace."""
    fixture = str(REPO / "tests" / "fixtures" / "agencies.csv")
    done = subprocess.run(
        [sys.executable, "-c", LOAD, fixture], cwd=ws, env=base_env(ws, env), capture_output=True, text=True
    )
    if done.returncode != 0:
        raise SystemExit(f"setup failed: loading {fixture}\n{done.stderr}")


def copy_ws(base: Path, root: Path, name: str) -> Path:
    ws = root / name
    shutil.copytree(base, ws, symlinks=True)
    return ws


def db_digest(db: Path) -> str:
    """The rows of a SQLite file (read from a copy, so nothing is changed), else its bytes."""
    if not db.is_file():
        return f"not a file: {db.exists()}"
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "c.db"
        try:
            shutil.copyfile(db, copy)
            wal = db.with_name(db.name + "-wal")
            if wal.is_file():
                shutil.copyfile(wal, copy.with_name("c.db-wal"))
            con = sqlite3.connect(copy)
            try:
                return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
            finally:
                con.close()
        except (sqlite3.Error, OSError):
            h = hashlib.sha256()
            for p in (db, db.with_name(db.name + "-wal")):
                if p.is_file():
                    h.update(p.read_bytes())
            return "raw:" + h.hexdigest()


def snapshot(ws: Path) -> dict[str, str]:
    """Every regular file of the workspace (by hash) and the database's rows."""
    files: dict[str, str] = {}
    for dirpath, _dirnames, filenames in os.walk(ws):
        for name in filenames:
            p = Path(dirpath) / name
            rel = str(p.relative_to(ws))
            if rel in DB_FILES or rel.startswith(".xdg"):
                continue
            try:
                st = os.lstat(p)
            except OSError:
                continue
            if not stat.S_ISREG(st.st_mode):
                files[rel] = f"mode {stat.S_IFMT(st.st_mode)}"
            elif st.st_size > 20_000_000:
                files[rel] = f"size {st.st_size}"
            else:
                files[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    files["<db rows>"] = db_digest(ws / "requests.db")
    return files


def diff(before: dict[str, str], after: dict[str, str]) -> list[str]:
    out = []
    for k in sorted(set(before) | set(after)):
        if before.get(k) != after.get(k):
            what = "new" if k not in before else "gone" if k not in after else "changed"
            out.append(f"{k} {what}")
    return out


# -------------------------------------------------------------------------------------------- judging


@dataclass
class Case:
    cat: str
    args: list[str]
    expect: str = "error"  # error | ok | any
    codes: tuple[int, ...] = (1, 2)
    setup: Callable[[Path], None] | None = None
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = 40
    check: Callable[[Path, Result], str | None] | None = None
    quick: bool = False
    note: str = ""


@dataclass
class Verdict:
    cat: str
    command: str
    kind: str  # clean | ok | unexpected
    reason: str = ""
    lost: str = ""


def leaks(res: Result) -> list[str]:
    both = res.stdout + res.stderr
    found = []
    if res.timed_out:
        found.append("hangs (killed after the time limit)")
    elif res.rc < 0 or (res.rc >= 128 and res.rc != 130):
        found.append(f"died: exit {res.rc}")
    if "Traceback (most recent call last)" in both:
        found.append("traceback")
    if "Error: unexpected" in res.stderr:
        found.append("unexpected error")
    if SQL_RE.search(res.stderr):
        found.append("SQL text in the message")
    if PW in both:
        found.append("password shown")
    if NOTE in res.stderr:
        found.append("personal note in the message")
    return found


def has_error_line(res: Result) -> bool:
    if re.search(r"^Error: \S", res.stderr, re.M):
        return True
    return res.rc == 2 and "─ Error ─" in res.stderr  # Typer's usage box


def judge(case: Case, res: Result, before: dict[str, str], after: dict[str, str]) -> Verdict:
    command = "foilbot " + " ".join(_show_arg(a) for a in case.args)
    if case.note:
        command += f"   [{case.note}]"
    problems = leaks(res)
    if not problems:
        if res.rc == 0:
            if case.expect == "error":
                problems.append("bad input accepted (exit 0)")
        elif case.expect == "ok":
            problems.append(f"failed (exit {res.rc}): {_first_error(res)}")
        elif res.rc not in case.codes:
            problems.append(
                f"exit {res.rc}, documented {'/'.join(map(str, case.codes))}: {_first_error(res)}"
            )
        elif not has_error_line(res):
            problems.append(f"no `Error:` line: {res.stderr.strip()[:120]!r}")
    if not problems and case.check is not None:
        extra = case.check(Path(), res)
        if extra:
            problems.append(extra)
    lost = ""
    if res.rc != 0 or res.timed_out:
        changed = [d for d in diff(before, after) if not d.endswith(" new") or TMP_RE.search(d.split()[0])]
        new_files = [d for d in diff(before, after) if d.endswith(" new") and not TMP_RE.search(d.split()[0])]
        if changed or new_files:
            lost = "; ".join(changed + [f"half-written {d}" for d in new_files])
    else:
        stale = [d for d in diff(before, after) if TMP_RE.search(d.split()[0])]
        if stale:
            lost = "temporary file left: " + "; ".join(stale)
    kind = "unexpected" if problems else ("ok" if res.rc == 0 else "clean")
    reason = "; ".join(problems)
    if problems:
        reason += f"\n      stderr: {_first_error(res)}"
    return Verdict(case.cat, command, kind, reason, lost)


def _first_error(res: Result) -> str:
    lines = [ln for ln in res.stderr.strip().splitlines() if ln.strip()]
    pick = next((ln for ln in lines if ln.startswith("Error")), lines[-1] if lines else "")
    return pick[:200]


def _show_arg(a: str) -> str:
    shown = a if len(a) <= 60 else a[:40] + f"…({len(a)} chars)"
    shown = shown.encode("unicode_escape").decode("ascii")
    return shown if re.fullmatch(r"[\w@%+=:,./-]+", shown) else repr(shown)


def run_case(case: Case, base: Path, root: Path, n: int) -> Verdict:
    ws = copy_ws(base, root, f"c{n}")
    try:
        if case.setup:
            case.setup(ws)
        before = snapshot(ws)
        args = [a.replace("{WS}", str(ws)) for a in case.args]
        env = {k: v.replace("{WS}", str(ws)) for k, v in case.env.items()}
        res = foilbot(ws, *args, env=env, timeout=case.timeout)
        after = snapshot(ws)
        if case.check is not None:
            inner = case.check
            case = Case(**{**case.__dict__, "check": lambda _p, r: inner(ws, r)})
        return judge(case, res, before, after)
    finally:
        _rmtree(ws)


def _rmtree(path: Path) -> None:
    for dirpath, dirnames, _ in os.walk(path):
        for d in dirnames:
            with suppress(OSError):
                os.chmod(Path(dirpath) / d, 0o755)
    shutil.rmtree(path, ignore_errors=True)


# ------------------------------------------------------------------------------------ bad-input cases

MALFORMED_DATES = [
    "2026-13-01",
    "2026-02-29",
    "2026-00-10",
    "2026-11-31",
    "20261010",
    "2026-W40-1",
    "2026-1-1",
    "yesterday",
    "",
    "2026-11-30T10:00",
    "2026/11/30",
    "\u0662\u0660\u0662\u0666-\u0661\u0661-\u0663\u0660",
    "\uff12\uff10\uff12\uff16-\uff11\uff11-\uff13\uff10",
    "-2026-11-30",
    "+2026-11-30",
    "99999-01-01",
    "2026-11-30 junk",
    "0",
    "2026-11-30\x1b[2J",
]
EXTREME_DATES = ["0001-01-01", "9999-12-31", "1900-01-01"]

DATE_COMMANDS: list[tuple[list[str], str]] = [
    # (args with D, what an extreme but well-formed date should get: error or any)
    (["request", "sent", "1", "--date", "D"], "error"),
    (["request", "sent", "1", "--date", "2026-11-02", "--received", "D"], "error"),
    (["request", "log", "2", "note", "--date", "D"], "error"),
    (["request", "log", "2", "acknowledged", "--date", "2026-11-02", "--estimate", "D"], "error"),
    (["request", "log", "2", "extended", "--date", "2026-11-02", "--until", "D"], "error"),
    (["request", "log", "3", "appealed", "--date", "2026-11-02", "--received", "D"], "error"),
    (["overdue", "--as-of", "D"], "any"),
    (["due", "--as-of", "D"], "any"),
    (["calendar", "--as-of", "D"], "any"),
    (["report", "agencies", "--as-of", "D"], "any"),
    (["request", "show", "2", "--as-of", "D"], "any"),
    (["campaign", "sent", "cams", "--date", "D"], "error"),
    (["campaign", "scorecard", "cams", "--as-of", "D", "--out", "sc"], "any"),
    (["agency", "closure", "add", LOCKPORT, "--date", "D"], "error"),
    (["deadline", "NY", "--received", "D"], "any"),
    (["deadline", "NY", "--sent", "D", "--via", "mail"], "any"),
    (["deadline", "US", "--received", "2026-11-02", "--expedite-requested", "D"], "any"),
    (["deadline", "NY", "--received", "2026-11-02", "--closure", "D"], "any"),
    (["letter", "--agency", LOCKPORT, *TOPIC, "--date", "D", "--text"], "any"),
    (["letter", "--agency", LOCKPORT, *TOPIC, "--param", "start=D", "--text"], "any"),
    (["followup", "2", "--date", "D", "--text"], "any"),
    (["appeal", "3", "--date", "D", "--text", "--force"], "any"),
    (["db", "log", "--since", "D"], "any"),
    (["request", "new", "--agency", LOCKPORT, *TOPIC, "--param", "end=D"], "any"),
]

BAD_IDS = [
    "0",
    "-1",
    "99999999999999999999",
    "1e3",
    f"FOIL-{YEAR}-9999",
    "FOIL-9999-0001",
    "' OR 1=1 --",
    "%",
    "*",
    "../1",
    "\uff11",
    "",
    "1\x1b[2J",
]
ID_COMMANDS = [
    ["request", "show", "I"],
    ["request", "letter", "I", "--text"],
    ["request", "log", "I", "note", "--date", "2026-11-02"],
    ["request", "sent", "I", "--date", "2026-11-02"],
    ["request", "unlog", "I", "1"],
    ["request", "files", "I"],
    ["followup", "I", "--text"],
    ["appeal", "I", "--text", "--force"],
    ["request", "send", "I", "--dry-run", "--out", "eml"],
]
BAD_AGENCIES = ["long-1", "nces-", "", "%", "nces-3617670' --", "NONEXISTENT XYZ", "a" * 5000, "\x1b[2J"]
AGENCY_COMMANDS = [
    ["agency", "show", "A"],
    ["request", "new", "--agency", "A", *TOPIC],
    ["letter", "--agency", "A", *TOPIC, "--text"],
    ["agency", "set", "A", "--email", "x@example.org"],
    ["agency", "closure", "add", "A", "--date", "2026-11-02"],
    ["overdue", "--agency", "A"],
    ["calendar", "--agency", "A"],
    ["request", "list", "--agency", "A"],
]
BAD_AMOUNTS = ["nan", "inf", "-inf", "1e400", "-5", "1e30", "", "abc", "0x10", "1,000"]
LISTINGS = [
    ["agency", "list"],
    ["request", "list"],
    ["overdue"],
    ["due"],
    ["db", "log"],
    ["db", "check"],
    ["template", "list"],
    ["agency", "closure", "list", LOCKPORT],
]


def write(rel: str, data: str | bytes) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        p = ws / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            p.write_bytes(data)
        else:
            p.write_text(data, encoding="utf-8")

    return setup


def chain(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        for s in steps:
            s(ws)

    return setup


def sql(*statements: str) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        con = sqlite3.connect(ws / "requests.db")
        try:
            for s in statements:
                con.execute(s)
            con.commit()
        finally:
            con.close()

    return setup


def run_first(*args: str) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        must(foilbot(ws, *args))

    return setup


def mkfifo(rel: str) -> Callable[[Path], None]:
    """A FIFO that a thread writes a few bytes of garbage into (an input nobody should hang on)."""

    def setup(ws: Path) -> None:
        os.mkfifo(ws / rel)

        def feed() -> None:
            try:
                fd = os.open(ws / rel, os.O_WRONLY)
                os.write(fd, b"\x00garbage\n" * 10)
                os.close(fd)
            except OSError:
                pass

        threading.Thread(target=feed, daemon=True).start()

    return setup


def symlink(rel: str, target: str) -> Callable[[Path], None]:
    return lambda ws: os.symlink(target.replace("{WS}", str(ws)), ws / rel)


def corrupt(how: str) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        db = ws / "requests.db"
        con = sqlite3.connect(db)
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        con.execute("PRAGMA journal_mode=DELETE")
        con.close()
        for extra in ("requests.db-wal", "requests.db-shm"):
            (ws / extra).unlink(missing_ok=True)
        data = db.read_bytes()
        if how == "half":
            db.write_bytes(data[: len(data) // 2])
        elif how == "100 bytes":
            db.write_bytes(data[:100])
        elif how == "random":
            db.write_bytes(random.Random(1).randbytes(65536))
        elif how == "text":
            db.write_text("id,name\n1,not a database\n")
        elif how == "pages":
            rnd = random.Random(2)
            buf = bytearray(data)
            for off in range(8192, len(buf) - 4096, 16384):
                buf[off : off + 2048] = rnd.randbytes(2048)
            db.write_bytes(bytes(buf))
        elif how == "header":
            db.write_bytes(b"SQLite format 3\x00" + random.Random(3).randbytes(len(data) - 16))
        elif how == "directory":
            db.unlink()
            db.mkdir()

    return setup


DB_FAULTS: list[tuple[str, Callable[[Path], None]]] = [
    ("truncated to half", corrupt("half")),
    ("truncated to 100 bytes", corrupt("100 bytes")),
    ("random bytes", corrupt("random")),
    ("a text file", corrupt("text")),
    ("garbage pages", corrupt("pages")),
    ("garbage after the header", corrupt("header")),
    ("a directory", corrupt("directory")),
    ("unknown schema revision", sql("UPDATE alembic_version SET version_num = 'ffff'")),
    ("no schema revision row", sql("DELETE FROM alembic_version")),
    ("no alembic_version table", sql("DROP TABLE alembic_version")),
    ("two schema revisions", sql("INSERT INTO alembic_version VALUES ('0001')")),
    ("an older revision stamped", sql("UPDATE alembic_version SET version_num = '0002'")),
    ("a table dropped", sql("DROP TABLE deadline")),
]
DB_COMMANDS: list[tuple[list[str], str]] = [
    (["request", "list"], "error"),
    (["request", "show", "2"], "error"),
    (["request", "log", "2", "note", "--date", "2026-11-02", "--note", "x"], "error"),
    (["agency", "list", "--limit", "2"], "error"),
    (["overdue"], "error"),
    (["db", "status"], "any"),
    (["db", "check"], "error"),
    (["init"], "error"),
    (["db", "upgrade"], "error"),
    (["report", "agencies"], "error"),
]

OUT_COMMANDS = [
    ["letter", "--agency", LOCKPORT, *TOPIC, "--out", "P"],
    ["request", "letter", "1", "--out", "P"],
    ["followup", "2", "--out", "P"],
    ["appeal", "3", "--force", "--out", "P"],
    ["calendar", "--out", "P"],
    ["report", "agencies", "--format", "csv", "--out", "P"],
    ["agency", "export", "P"],
    ["db", "backup", "P"],
    ["db", "export", "P"],
]
FOLDER_COMMANDS = [
    ["request", "letters", "--out-dir", "P", "--status", "draft"],
    ["campaign", "letters", "cams", "--out", "P"],
    ["campaign", "mailing", "cams", "--out", "P"],
    ["campaign", "scorecard", "cams", "--out", "P"],
    ["request", "send", "--campaign", "cams", "--dry-run", "--out", "P"],
]


def _still_devnull(ws: Path, res: Result) -> str | None:
    st = os.stat("/dev/null")
    return None if stat.S_ISCHR(st.st_mode) else "/dev/null is no longer a device"


def _fifo_reader(rel: str) -> Callable[[Path], None]:
    def setup(ws: Path) -> None:
        os.mkfifo(ws / rel)

        def drain() -> None:
            try:
                fd = os.open(ws / rel, os.O_RDONLY)
                while os.read(fd, 65536):
                    pass
                os.close(fd)
            except OSError:
                pass

        threading.Thread(target=drain, daemon=True).start()

    return setup


def _release_fifo(ws: Path, rel: str) -> None:
    """Open the FIFO for writing (non-blocking) so a reader thread still waiting can end."""
    try:
        fd = os.open(ws / rel, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass


def out_targets(cmd: list[str]) -> list[tuple[str, str, Callable[[Path], None] | None, str]]:
    """(path, expect, setup, note) for one --out command."""
    ext = ".csv" if cmd[0] in ("report", "agency") else ".ics" if cmd[0] == "calendar" else ".pdf"
    if cmd[:2] == ["db", "export"]:
        ext = ".zip"
    if cmd[:2] == ["db", "backup"]:
        ext = ".db"
    # db backup and db export write a file by name (SQLite's backup, a zip): refusing a device is fine.
    through = "any" if cmd[0] == "db" else "ok"
    return [
        ("/dev/null", through, None, "a device"),
        ("/dev/full", "error", None, "a full device"),
        ("fifo" + ext, through, _fifo_reader("fifo" + ext), "a FIFO with a reader"),
        (
            "link" + ext,
            "error",
            chain(write("victim.txt", "keep me"), symlink("link" + ext, "victim.txt")),
            "a link",
        ),
        ("devlink" + ext, through, symlink("devlink" + ext, "/dev/null"), "a link to /dev/null"),
        ("adir", "error", lambda ws: (ws / "adir").mkdir(), "a directory"),
        ("/proc/foilbot-attack" + ext, "error", None, "/proc"),
        ("missing/dir/x" + ext, "error", None, "a missing folder"),
        ("n" * 300 + ext, "error", None, "a name too long"),
        (
            "ro" + ext,
            "error",
            chain(write("ro" + ext, "read-only"), lambda ws: os.chmod(ws / ("ro" + ext), 0o444)),
            "read-only",
        ),
    ]


def template_cases() -> list[Case]:
    head = "{#- topic\ntitle: Boom\nsummary: x\nparams: {}\n-#}\n"
    bodies = {
        "division by zero": "{{ 1/0 }}",
        "a huge range": "{% for i in range(10**9) %}x{% endfor %}",
        "a huge string": "{{ 'x' * 10**10 }}",
        "a huge power": "{{ 2 ** 100000 }}",
        "an undefined attribute": "{{ nothing.at.all }}",
        "a dunder": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "include of a relative path": '{% include "../../../../etc/passwd" %}',
        "include of an absolute path": '{% include "/etc/passwd" %}',
        "extends a missing template": '{% extends "nope.html.j2" %}',
        "a syntax error": "{% for x in %}",
        "an unclosed block": "{% if true %}x",
        "a huge lipsum": "{{ lipsum(10**7) }}",
        "a NUL byte": "text \x00 more",  # the user's own template: accepted or refused, either is fine
        "recursion": '{% include "topics/boom.html.j2" %}',
        "a huge list": "{{ [1] * 10**9 }}",
        "format string": "{{ '%s' % ('x' * 10**9) }}",
    }
    cases = []
    for what, body in bodies.items():
        setup = write("templates/letters/topics/boom.html.j2", head + body)
        expect = "any" if what == "a NUL byte" else "error"
        for cmd in (["--text"], ["--out", "b.pdf"]):
            cases.append(
                Case(
                    "templates",
                    ["letter", "--agency", LOCKPORT, "--topic", "boom", *cmd],
                    expect=expect,
                    setup=setup,
                    note=what,
                )
            )
        check_expect = (
            "any"
            if what
            in (
                "a NUL byte",
                "division by zero",
                "a huge range",
                "a huge string",
                "a huge power",
                "an undefined attribute",
                "a huge lipsum",
                "a huge list",
                "format string",
                "recursion",
                "a dunder",  # the sandbox refuses it when the letter is made; a static check may not
                "include of an absolute path",
            )
            else "error"
        )
        cases.append(
            Case(
                "templates",
                ["template", "check", "templates/letters"],
                expect=check_expect,
                setup=setup,
                codes=(1,),
                note=what,
            )
        )
    link = chain(
        lambda ws: (ws / "templates/letters/topics").mkdir(parents=True),
        symlink("templates/letters/topics/pw.html.j2", "/etc/passwd"),
    )
    cases.append(
        Case(
            "templates",
            ["letter", "--agency", LOCKPORT, "--topic", "pw", "--text"],
            setup=link,
            note="a topic that links to /etc/passwd",
        )
    )
    cases.append(
        Case(
            "templates",
            ["letter", "--agency", LOCKPORT, "--topic", "pw", "--text"],
            setup=chain(
                write("templates/letters/topics/pw.html.j2", head + '{% include "sub/pw.html.j2" %}'),
                lambda ws: (ws / "templates/letters/sub").mkdir(),
                symlink("templates/letters/sub/pw.html.j2", "/etc/passwd"),
            ),
            note="include through a link to /etc/passwd",
            check=lambda ws, r: "root:" in r.stdout and "/etc/passwd read" or None,
        )
    )
    cases.append(Case("templates", ["template", "show", "../../../etc/passwd"], note="template show outside"))
    cases.append(Case("templates", ["template", "check", "/dev/zero"], note="check /dev/zero", timeout=30))
    cases.append(Case("templates", ["template", "check", "nowhere"], note="check a missing path"))
    cases.append(
        Case(
            "templates",
            ["template", "check", "bin.html.j2"],
            setup=write("bin.html.j2", random.Random(4).randbytes(4096)),
            codes=(1,),
            note="check a binary file",
        )
    )
    return cases


def config_cases() -> list[Case]:
    probes = [
        ["request", "list"],
        ["letter", "--agency", LOCKPORT, *TOPIC, "--text"],
        ["config", "show"],
        ["overdue"],
    ]
    tomls: dict[str, str | bytes] = {
        "binary foilbot.toml": random.Random(5).randbytes(2048),
        "invalid TOML": "[requester\nname = ",
        "a NUL byte": '[requester]\nname = "A\x00B"\n',
        "fee_limit a word": '[letters]\nfee_limit = "abc"\n',
        "fee_limit negative": "[letters]\nfee_limit = -5\n",
        "fee_limit nan": "[letters]\nfee_limit = nan\n",
        "fee_limit inf": "[letters]\nfee_limit = inf\n",
        "mail_days negative": "[deadlines]\nmail_days = -1\n",
        "mail_days huge": "[deadlines]\nmail_days = 1000000000\n",
        "requester a list": "requester = [1, 2]\n",
        "database url a number": "[database]\nurl = 5\n",
        "templates_dir missing": '[letters]\ntemplates_dir = "nowhere"\n',
        "files.dir under /proc": '[files]\ndir = "/proc/foilbot-files"\n',
        "UTF-16 file": "\ufeff[requester]\nname = 'x'\n".encode("utf-16"),
    }
    cases = []
    for i, (what, body) in enumerate(tomls.items()):
        for j, probe in enumerate(probes):
            expect = (
                "any"
                if what in ("templates_dir missing", "files.dir under /proc", "requester a list")
                else "error"
            )
            if what == "database url a number" or probe == ["config", "show"]:
                expect = "any" if expect == "any" or probe == ["config", "show"] else expect
            cases.append(
                Case(
                    "config",
                    probe,
                    expect=expect,
                    setup=write("foilbot.toml", body),
                    note=what,
                    quick=(i + j) % 5 == 0,
                )
            )
    envs = {
        "FOILBOT_TODAY=2026-13-01": {"FOILBOT_TODAY": "2026-13-01"},
        "FOILBOT_TODAY=garbage": {"FOILBOT_TODAY": "garbage"},
        "FOILBOT_MAIL_DAYS=abc": {"FOILBOT_MAIL_DAYS": "abc"},
        "FOILBOT_FEE_LIMIT=nan": {"FOILBOT_FEE_LIMIT": "nan"},
        "FOILBOT_FEE_LIMIT=1e400": {"FOILBOT_FEE_LIMIT": "1e400"},
        "FOILBOT_SMTP_PORT=99999999": {"FOILBOT_SMTP_PORT": "99999999"},
        "FOILBOT_CONFIG=/dev/zero": {"FOILBOT_CONFIG": "/dev/zero"},
        "FOILBOT_CONFIG=missing": {"FOILBOT_CONFIG": "nowhere.toml"},
        "FOILBOT_CONFIG=a folder": {"FOILBOT_CONFIG": "/tmp"},
        "FOILBOT_REQUESTER_SIGNATURE=/dev/zero": {"FOILBOT_REQUESTER_SIGNATURE": "/dev/zero"},
    }
    for what, env in envs.items():
        for probe in (["request", "list"], ["letter", "--agency", LOCKPORT, *TOPIC, "--out", "x.pdf"]):
            expect = (
                "any"
                # request list reads neither the clock nor these settings: accepting them there is fine
                if what.startswith(("FOILBOT_SMTP_PORT", "FOILBOT_REQUESTER_SIGNATURE", "FOILBOT_TODAY"))
                and probe[0] == "request"
                else "error"
            )
            cases.append(Case("config", probe, expect=expect, env=env, note=what, timeout=30))
    sigs = {
        "signature a text file": ("sig.png", "not an image"),
        "signature random bytes": ("sig.png", random.Random(6).randbytes(3000)),
        "signature missing": ("other.png", None),
        "signature a folder": ("sigdir", "dir"),
        "signature an SVG with a remote image": (
            "sig.svg",
            '<svg xmlns="http://www.w3.org/2000/svg"><image href="http://127.0.0.1:9/x.png"/></svg>',
        ),
    }
    for what, (name, data) in sigs.items():

        def setup(ws: Path, name: str = name, data: object = data) -> None:
            (ws / "foilbot.toml").write_text(
                TOML.replace(
                    'email = "aruiz@example.org"', f'email = "aruiz@example.org"\nsignature = "{name}"'
                )
            )
            if data == "dir":
                (ws / name).mkdir()
            elif isinstance(data, bytes):
                (ws / name).write_bytes(data)
            elif isinstance(data, str):
                (ws / name).write_text(data)

        cases.append(
            Case("config", ["letter", "--agency", LOCKPORT, *TOPIC, "--out", "x.pdf"], setup=setup, note=what)
        )
        cases.append(Case("config", ["request", "letter", "1", "--out", "x.pdf"], setup=setup, note=what))
    return cases


def url_cases() -> list[Case]:
    urls = {
        "refused connection": f"postgresql+psycopg://foil:{PW}@127.0.0.1:1/foil",
        "malformed": f"postgresql+psycopg://foil:{PW}@@@host:xx/db",
        "?password=": f"postgresql+psycopg://foil@127.0.0.1:1/foil?password={PW}",
        "both forms": f"postgresql://foil:{PW}@127.0.0.1:1/foil?password={PW}",
        "unknown driver": f"mysql://foil:{PW}@127.0.0.1:1/foil",
        "not a URL": "not a url",
        "a password but no host": f"postgresql+psycopg://foil:{PW}@/",
        "sqlite under /proc": "sqlite:////proc/foilbot-attack.db",
        "sqlite in a missing folder": "sqlite:///nowhere/deep/x.db",
        "sqlite read-only": "sqlite:///file:requests.db?mode=ro&uri=true",
        "sqlite in memory": "sqlite://",
    }
    probes: list[tuple[list[str], str]] = [
        (["db", "status"], "any"),
        (["config", "show"], "any"),
        (["request", "list"], "error"),
        (["init"], "error"),
        (["request", "log", "2", "note", "--date", "2026-11-02", "--note", NOTE], "error"),
    ]
    cases = []
    for i, (what, url) in enumerate(urls.items()):
        for j, (probe, expect) in enumerate(probes):
            if (
                what == "sqlite read-only"
                and probe[0] in ("db", "config")
                or probe == ["request", "list"]
                and what == "sqlite read-only"
            ):
                expect = "any"
            if what == "sqlite in memory" and probe[0] in ("db", "config"):
                expect = "any"
            cases.append(
                Case(
                    "urls",
                    ["--db", url, *probe],
                    expect=expect,
                    note=what,
                    timeout=30,
                    quick=(i + j) % 6 == 0,
                )
            )
        cases.append(
            Case(
                "urls",
                probes[2][0],
                env={"FOILBOT_DATABASE_URL": url},
                expect="any" if "read-only" in what else "error",
                note=what + " (variable)",
                timeout=30,
            )
        )
    return cases


def input_file_cases() -> list[Case]:
    rows = fixture_rows()
    header = list(rows[0])

    def csv_text(rs: list[dict[str, str]], cols: list[str] | None = None) -> str:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=cols or header, extrasaction="ignore")
        w.writeheader()
        w.writerows(rs)
        return buf.getvalue()

    new_row = dict(rows[0], id="attack-1", name="ATTACK CSD")
    imports: dict[str, tuple[str | bytes | None, str, Callable[[Path], None] | None]] = {
        "/dev/zero": (None, "error", None),
        "/dev/null": (None, "error", None),
        "a missing file": (None, "error", None),
        "a folder": (None, "error", lambda ws: (ws / "in.csv").mkdir()),
        "random bytes": (random.Random(7).randbytes(5000), "error", None),
        "a duplicated header": (
            "id,name,name,kind,jurisdiction\nattack-1,A,B,school_district,NY\n",
            "error",
            None,
        ),
        "a NUL byte": (csv_text([dict(new_row, name="ATT\x00ACK")]), "error", None),
        "Latin-1 bytes": (csv_text([dict(new_row, name="CAF\u00c9")]).encode("latin-1"), "error", None),
        "an unknown kind": (csv_text([dict(new_row, kind="bogus")]), "error", None),
        "an unknown state": (csv_text([dict(new_row, state="ZZ", jurisdiction="ZZ")]), "error", None),
        "an empty id": (csv_text([dict(new_row, id="")]), "error", None),
        "a 3 MB line": (csv_text([dict(new_row, notes="x" * 3_000_000)]), "any", None),
        "a header only": (",".join(header) + "\n", "any", None),
        "no id column": ("name,kind\nA,school_district\n", "error", None),
        "UTF-16": (csv_text([new_row]).encode("utf-16"), "any", None),
        "one bad row of two": (
            csv_text([new_row, dict(new_row, id="attack-2", kind="bogus")]),
            "error",
            None,
        ),
        "a quoted newline": (csv_text([dict(new_row, name="ATTACK\nCSD")]), "any", None),
        "partial columns (must not blank)": (
            csv_text(
                [{"id": LOCKPORT, "name": rows[0]["name"], "email": "new@lockport.example.org"}],
                ["id", "name", "email"],
            ),
            "ok",
            None,
        ),
        "a duplicated id": (csv_text([new_row, new_row]), "error", None),
        "an email with a newline": (
            csv_text([dict(new_row, email="a@b.org\nBcc: evil@example.com")]),
            "error",
            None,
        ),
        "a javascript: website": (csv_text([dict(new_row, website="javascript:alert(1)")]), "error", None),
        "a FIFO": (None, "error", mkfifo("in.csv")),
    }
    cases = []
    for what, (data, expect, setup) in imports.items():
        path = {"/dev/zero": "/dev/zero", "/dev/null": "/dev/null", "a missing file": "missing.csv"}.get(
            what, "in.csv"
        )
        s = setup or (write("in.csv", data) if data is not None else None)
        check = None
        if what.startswith("partial"):

            def check(ws: Path, r: Result) -> str | None:
                res = foilbot(ws, "agency", "show", LOCKPORT, "--json")
                shown = json.loads(res.stdout or "{}")
                agency = shown.get("agency", shown)
                blank = [
                    k for k in ("address", "city", "zip", "county", "phone", "beds_code") if not agency.get(k)
                ]
                return f"partial import blanked {blank}" if blank else None

        cases.append(
            Case(
                "input files",
                ["agency", "import", path],
                expect=expect,
                setup=s,
                note=what,
                timeout=30,
                check=check,
            )
        )
        if what in ("/dev/zero", "random bytes", "a duplicated header", "a NUL byte"):
            cases.append(
                Case(
                    "input files",
                    ["agency", "import", path, "--dry-run"],
                    expect=expect,
                    setup=s,
                    note=what,
                    timeout=30,
                )
            )
    cases.append(
        Case(
            "input files",
            ["agency", "import", "in.csv", "--map", "name=Missing"],
            setup=write("in.csv", csv_text([new_row])),
            note="--map to a missing header",
        )
    )
    cases.append(
        Case(
            "input files",
            ["agency", "import", "in.csv", "--map", "bogus"],
            setup=write("in.csv", csv_text([new_row])),
            note="--map without =",
        )
    )
    cases.append(
        Case(
            "input files",
            ["agency", "import", "in.csv", "--map", "nosuch=name"],
            setup=write("in.csv", csv_text([new_row])),
            note="--map an unknown column",
        )
    )
    for what, path, setup in [
        ("/dev/zero", "/dev/zero", None),
        ("random bytes", "m.eml", write("m.eml", random.Random(8).randbytes(4000))),
        ("a folder", "m.eml", lambda ws: (ws / "m.eml").mkdir()),
        ("an empty file", "m.eml", write("m.eml", "")),
        ("a missing file", "missing.eml", None),
        ("a 1 MB header", "m.eml", write("m.eml", "Subject: " + "x" * 1_000_000 + "\n\nbody\n")),
        ("a FIFO", "m.eml", mkfifo("m.eml")),
    ]:
        cases.append(
            Case(
                "input files",
                ["inbox", "import", path],
                expect="any" if "bytes" in what or "empty" in what or "header" in what else "error",
                setup=setup,
                note=what,
                timeout=30,
            )
        )
    for what, path, setup in [
        ("/dev/zero", "/dev/zero", None),
        ("not a PDF", "d.pdf", write("d.pdf", "plain text")),
        ("a folder", "d.pdf", lambda ws: (ws / "d.pdf").mkdir()),
        ("a missing file", "missing.pdf", None),
        ("an empty file", "d.pdf", write("d.pdf", "")),
        ("a truncated PDF", "d.pdf", write("d.pdf", b"%PDF-1.7\n1 0 obj<<>>")),
        ("a FIFO", "d.pdf", mkfifo("d.pdf")),
    ]:
        cases.append(
            Case(
                "input files",
                ["appeal", "3", "--packet", path, "--out", "a.pdf"],
                setup=setup,
                note=what,
                timeout=40,
            )
        )
    for what, path, setup in [
        ("/dev/zero", "/dev/zero", None),
        ("a folder", "att", lambda ws: (ws / "att").mkdir()),
        ("a missing file", "missing.bin", None),
        ("a FIFO", "att", mkfifo("att")),
        ("/proc/self/environ", "/proc/self/environ", None),
    ]:
        cases.append(
            Case(
                "input files",
                ["request", "log", "2", "records", "--date", "2026-11-02", "--attach", path],
                setup=setup,
                note=what,
                timeout=30,
            )
        )
    for what, path, setup in [
        ("/dev/zero", "/dev/zero", None),
        ("not a zip", "w.zip", write("w.zip", "plain text")),
        ("an empty zip", "w.zip", lambda ws: zipfile.ZipFile(ws / "w.zip", "w").close()),
        (
            "a zip of junk",
            "w.zip",
            lambda ws: _zip(ws / "w.zip", {"tables/agency.json": "[{]", "manifest.json": "{}"}),
        ),
        ("a missing file", "missing.zip", None),
    ]:
        cases.append(Case("input files", ["db", "import", path], setup=setup, note=what, timeout=30))
    for what, path, setup in [
        ("/dev/zero", "/dev/zero", None),
        ("a missing file", "missing.csv", None),
        ("no id column", "ids.csv", write("ids.csv", "name\nx\n")),
        ("unknown ids", "ids.csv", write("ids.csv", "id\nnope-1\n")),
    ]:
        cases.append(
            Case(
                "input files",
                ["campaign", "new", "c2", *TOPIC, "--agencies", path],
                setup=setup,
                note=what,
                timeout=30,
            )
        )
    for what, path, setup in [
        ("/dev/zero", "/dev/zero", None),
        ("a missing file", "missing.csv", None),
        ("malformed rows", "t.csv", write("t.csv", "reference,article_number\nnot-a-ref,\n")),
    ]:
        cases.append(
            Case(
                "input files",
                ["campaign", "sent", "cams", "--date", "2026-11-02", "--tracking-from", path],
                setup=setup,
                note=what,
                timeout=30,
            )
        )
    return cases


def _zip(path: Path, members: dict[str, str]) -> None:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def request_cases() -> list[Case]:
    new = ["request", "new", "--agency", LOCKPORT]
    camp = ["campaign", "new", "c2", "--filter", "county=Niagara County"]
    variants: dict[str, list[str]] = {
        "an unknown topic": ["--topic", "retension-periods"],
        "no topic": [],
        "a duplicated topic": [*TOPIC, *TOPIC],
        "a malformed param date": [*TOPIC, "--param", "start=2026-13-01"],
        "end before start": [*TOPIC, "--param", "start=2026-11-01", "--param", "end=2026-01-01"],
        "an unknown param": [*TOPIC, "--param", "bogus=1"],
        "a param without =": [*TOPIC, "--param", "noequals"],
        "a param without a name": [*TOPIC, "--param", "=x"],
        "a topic path": ["--topic", "../../../etc/passwd"],
        "an empty topic": ["--topic", ""],
        "an unknown template": [*TOPIC, "--template", "nonexistent"],
        "a template path": [*TOPIC, "--template", "../../etc/passwd"],
        "an appeal template": [*TOPIC, "--template", "appeal-denial"],
        "an unknown law": [*TOPIC, "--law", "XX"],
        "an empty law": [*TOPIC, "--law", ""],
    }
    cases = []
    for what, extra in variants.items():
        cases.append(Case("requests", [*new, *extra], note=what))
        cases.append(Case("requests", [*camp, *extra], note=what))
        cases.append(Case("requests", ["letter", "--agency", LOCKPORT, *extra, "--text"], note=what))
    cases += [
        Case("requests", [*new, *TOPIC, "--subject", "s" * 100_000], expect="any", note="a 100k subject"),
        Case("requests", [*new, *TOPIC, "--campaign", ""], note="an empty campaign name"),
        Case(
            "requests", ["request", "log", "1", "records", "--date", "2026-11-02"], note="records before sent"
        ),
        Case(
            "requests", ["request", "log", "1", "appealed", "--date", "2026-11-02"], note="appeal of a draft"
        ),
        Case(
            "requests",
            ["request", "log", "2", "bogus", "--date", "2026-11-02"],
            codes=(2,),
            note="an unknown event",
        ),
        Case("requests", ["request", "log", "2", "note", "--date", "2026-12-31"], note="a future date"),
        Case(
            "requests",
            ["request", "log", "2", "extended", "--date", "2026-11-02", "--until", "2026-01-01"],
            note="extended to a past day",
        ),
        Case(
            "requests",
            ["request", "log", "2", "withdrawn", "--date", "2026-11-03"],
            setup=run_first("request", "log", "2", "closed", "--date", "2026-11-02"),
            note="withdrawn after closed",
        ),
        Case("requests", ["request", "sent", "2", "--date", "1900-01-01"], note="sent in 1900"),
        Case(
            "requests",
            ["request", "log", "2", "denied", "--date", "2026-11-02", "--exemption", ""],
            note="an empty exemption",
        ),
        Case(
            "requests",
            ["request", "log", "2", "note", "--date", "2026-11-02", "--corrects", "999999"],
            note="corrects a missing event",
        ),
        Case(
            "requests",
            ["request", "log", "2", "note", "--date", "2026-11-02", "--corrects", "-1"],
            note="corrects -1",
        ),
        Case("requests", ["followup", "1", "--text"], note="a follow-up of a draft"),
        Case("requests", ["appeal", "1", "--text"], note="an appeal of a draft"),
        Case(
            "requests",
            ["request", "letters", "--out-dir", "o", "--status", "bogus"],
            note="an unknown status",
        ),
        Case("requests", ["request", "list", "--status", "bogus"], note="an unknown status"),
        Case(
            "requests",
            ["letter", "--agency", LOCKPORT, *TOPIC, "--out", "x.docx"],
            note="an unknown extension",
        ),
        Case("requests", ["followup", "2", "--out", "x.docx"], note="an unknown extension"),
        Case("requests", ["db", "upgrade", "ffff"], note="an unknown revision"),
        Case("requests", ["db", "upgrade", "0001"], note="a downgrade"),
        Case("requests", ["inbox", "assign", "999", "2"], note="an unknown message"),
        Case("requests", ["inbox", "review", "--accept", "bogus"], note="an unknown kind"),
        Case("requests", ["request", "send", "1", "--reconcile", "maybe"], note="an unknown reconcile"),
        Case("requests", ["request", "send", "1"], note="no SMTP host"),
        Case("requests", ["campaign", "add", "nope", "--filter", "state=NY"], note="an unknown campaign"),
        Case("requests", ["campaign", "add", "cams", "--filter", "bogus=1"], note="an unknown filter"),
        Case("requests", ["campaign", "add", "cams", "--filter", "state"], note="a filter without ="),
        Case("requests", ["campaign", "add", "cams", "--filter", "county=Nowhere"], note="no agency matches"),
        Case(
            "requests",
            ["campaign", "sent", "cams", "--date", "2026-11-02", "--only", "FOIL-1999-0001"],
            note="--only not in it",
        ),
        Case("requests", ["campaign", "close", "nope"], note="close an unknown campaign"),
        Case(
            "requests",
            ["campaign", "new", "cams", *TOPIC, "--filter", "state=NY"],
            note="a campaign that exists",
        ),
        Case(
            "requests",
            ["campaign", "new", "c\x1b[2J", *TOPIC, "--filter", "state=NY"],
            note="a name with a terminal escape",
        ),
        Case(
            "requests",
            ["campaign", "new", "../../x", *TOPIC, "--filter", "state=NY"],
            note="a name that is a path",
        ),
    ]
    for amount in BAD_AMOUNTS:
        cases.append(
            Case(
                "requests",
                ["request", "log", "2", "fee-estimate", "--date", "2026-11-02", "--amount", amount],
                note="amount",
            )
        )
        cases.append(
            Case(
                "requests",
                ["letter", "--agency", LOCKPORT, *TOPIC, "--fee-limit", amount, "--text"],
                note="fee limit",
            )
        )
    for ev in ["0", "-1", "999999", "abc", "99999999999999999999", "1.5"]:
        cases.append(Case("requests", ["request", "unlog", "2", ev], note="event number"))
    for value in ["-1", "abc", "99999999999999999999"]:
        cases.append(Case("requests", ["agency", "list", "--limit", value], note="limit"))
        cases.append(Case("requests", ["due", "--within", value], note="within"))
        cases.append(
            Case(
                "requests",
                ["deadline", "NY", "--received", "2026-11-02", "--via", "mail", "--mail-days", value],
                expect="any" if value == "-1" else "error",
                note="mail days",
            )
        )
    cases.append(Case("requests", ["due", "--within", "1000000000"], expect="any", note="a huge window"))
    for via in ["pigeon", "", "EMAIL"]:
        cases.append(
            Case(
                "requests",
                ["request", "sent", "1", "--date", "2026-11-02", "--via", via],
                expect="any" if via == "EMAIL" else "error",
                note="via",
            )
        )
        cases.append(
            Case(
                "requests",
                ["campaign", "sent", "cams", "--date", "2026-11-02", "--via", via],
                expect="any" if via == "EMAIL" else "error",
                note="via",
            )
        )
    for j in ["XX", "", "N Y", "US-CA", "ny"]:
        cases.append(
            Case(
                "requests",
                ["deadline", j, "--received", "2026-11-02"],
                expect="any" if j == "ny" else "error",
                codes=(2,),
                note="jurisdiction",
            )
        )
    for field_, value in [
        ("--email", "a@b.org\r\nBcc: evil@example.com"),
        ("--email", "not an email"),
        ("--email", "a@b.org, c@d.org"),
        ("--portal", "javascript:alert(1)"),
        ("--website", "file:///etc/passwd"),
        ("--phone", "x" * 10_000),
    ]:
        cases.append(
            Case(
                "requests",
                ["agency", "set", LOCKPORT, field_, value],
                expect="any" if field_ == "--phone" else "error",
                note=field_,
            )
        )
    for cmd in LISTINGS:
        cases.append(Case("formats", [*cmd, "--format", "xml"], codes=(2,), note="an unknown format"))
        cases.append(Case("formats", [*cmd, "--json", "--csv"], codes=(2,), note="two formats"))
    cases.append(
        Case("formats", ["report", "agencies", "--format", "bogus"], codes=(2,), note="an unknown format")
    )
    cases.append(Case("formats", ["request", "show", "2", "--bogus"], codes=(2,), note="an unknown option"))
    cases.append(Case("formats", ["agency", "list", "--kind", "bogus"], note="an unknown kind"))
    cases.append(Case("formats", ["agency", "list", "--state", "ZZ"], note="an unknown state"))
    cases.append(Case("formats", ["agency", "list", "--missing", "bogus"], note="an unknown column"))
    return cases


def bad_input_cases() -> list[Case]:
    cases: list[Case] = []
    for i, (cmd, extreme) in enumerate(DATE_COMMANDS):
        values = [MALFORMED_DATES[(i * 3 + k) % len(MALFORMED_DATES)] for k in range(8)] + EXTREME_DATES
        for value in values:
            malformed = value not in EXTREME_DATES
            cases.append(
                Case(
                    "dates",
                    [value if a == "D" else a.replace("=D", "=" + value) for a in cmd],
                    expect="error" if malformed else extreme,
                    codes=(2,) if malformed and "=D" not in " ".join(cmd) else (1, 2),
                    note="a malformed date" if malformed else "an extreme date",
                )
            )
    for cmd in ID_COMMANDS:
        for value in BAD_IDS:
            cases.append(Case("ids", [value if a == "I" else a for a in cmd], note="a bad id"))
    for cmd in AGENCY_COMMANDS:
        for value in BAD_AGENCIES:
            # an empty --agency is refused everywhere, filters included (an unset shell variable must
            # not widen a listing to every agency)
            cases.append(Case("agencies", [value if a == "A" else a for a in cmd], note="a bad agency"))
    cases += request_cases()
    cases += input_file_cases()
    cases += config_cases()
    cases += url_cases()
    for what, setup in DB_FAULTS:
        for cmd, expect in DB_COMMANDS:
            exp = expect
            if what == "an older revision stamped" or (
                what == "a table dropped"
                and cmd[0] != "db"
                or cmd == ["db", "upgrade"]
                and what == "a table dropped"
            ):
                exp = "any"
            cases.append(Case("database files", cmd, expect=exp, setup=setup, note=what, timeout=30))
    for cmd, expect in [
        (["request", "list"], "any"),
        (["request", "log", "2", "note", "--date", "2026-11-02"], "error"),
        (["request", "new", "--agency", LOCKPORT, *TOPIC], "error"),
    ]:
        cases.append(
            Case(
                "database files",
                ["--db", "sqlite:///file:{WS}/requests.db?mode=ro&uri=true", *cmd],
                expect=expect,
                note="a read-only database",
            )
        )
    for cmd in OUT_COMMANDS:
        for path, expect, setup, what in out_targets(cmd):
            check = _still_devnull if path == "/dev/null" else None
            cases.append(
                Case(
                    "outputs",
                    [path if a == "P" else a for a in cmd],
                    expect=expect,
                    setup=setup,
                    note=what,
                    timeout=60,
                    check=check,
                )
            )
    for cmd in FOLDER_COMMANDS:
        for path, expect, setup, what in [
            ("afile", "error", write("afile", "x"), "a file"),
            ("/proc/foilbot-attack", "error", None, "/proc"),
            ("/dev/null", "error", None, "a device"),
            ("deep/new/folder", "ok", None, "a new folder"),
        ]:
            if cmd[:2] == ["request", "send"] and expect == "ok":
                expect = "any"  # the fixture's agencies have no email address
            cases.append(
                Case(
                    "outputs",
                    [path if a == "P" else a for a in cmd],
                    expect=expect,
                    setup=setup,
                    note=what,
                    timeout=90,
                )
            )
    cases += template_cases()
    return cases


# -------------------------------------------------------------------------------------------- kills


@dataclass
class Outcome:
    cat: str
    command: str
    kind: str
    reason: str = ""
    lost: str = ""


def integrity(ws: Path) -> str | None:
    con = sqlite3.connect(ws / "requests.db")
    try:
        got = con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
    return None if got == "ok" else f"integrity_check: {got}"


def count(ws: Path, query: str) -> int:
    con = sqlite3.connect(ws / "requests.db")
    try:
        return int(con.execute(query).fetchone()[0])
    finally:
        con.close()


def children_in(ws: Path) -> list[int]:
    """Processes still running with their working folder in ws (orphan workers)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cwd = os.readlink(f"/proc/{entry}/cwd")
        except OSError:
            continue
        if cwd == str(ws) or cwd.startswith(str(ws) + "/"):
            pids.append(int(entry))
    return pids


def stale_files(ws: Path) -> list[str]:
    return [str(p.relative_to(ws)) for p in ws.rglob("*") if TMP_RE.search(p.name)]


def start(ws: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "foilbot", *args],
        cwd=ws,
        env=base_env(ws, env),
        stdin=subprocess.DEVNULL,
        preexec_fn=_limit_memory,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def kill_when(
    proc: subprocess.Popen, sig: int, ready: Callable[[], bool], limit: float = 90
) -> tuple[bool, str]:
    """Send sig to the process (not its group: its workers must die with it) once ready() holds."""
    deadline = time.monotonic() + limit
    while not ready():
        if proc.poll() is not None:
            out, err = proc.communicate()
            return False, f"ended (exit {proc.returncode}) before the kill point: {err.decode()[-300:]}"
        if time.monotonic() > deadline:
            proc.kill()
            proc.communicate()
            return False, "kill point never reached"
        time.sleep(0.01)
    proc.send_signal(sig)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        return True, "did not stop within 60 s of the signal"
    text = err.decode("utf-8", "replace")
    if sig == signal.SIGINT:
        if proc.returncode == 0:
            return True, ""  # it finished before the signal landed
        # Killed by SIGINT itself (the signal landed before Python set up its handler, or CPython chose
        # to exit through SIGINT) is what a shell reports as 130 too.
        if proc.returncode not in (130, -signal.SIGINT):
            return True, f"Ctrl-C: exit {proc.returncode}, documented 130: {text.strip()[-200:]}"
        if "Traceback" in text:
            return True, "Ctrl-C printed a traceback"
    return True, ""


def big_csv(path: Path, n: int, county: str = "Killtown County", prefix: str = "kill") -> None:
    rows = fixture_rows()
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        for i in range(n):
            w.writerow(
                dict(
                    rows[0],
                    id=f"{prefix}-{i}",
                    name=f"{prefix.upper()} DISTRICT {i}",
                    county=county,
                    beds_code="",
                )
            )


def kill_scenarios(base: Path, root: Path, quick: bool) -> Iterator[Outcome]:
    sigs = [signal.SIGKILL, signal.SIGINT]
    n = 0

    def ws_for(name: str) -> Path:
        nonlocal n
        n += 1
        return copy_ws(base, root, f"k{n}-{name}")

    def finish(cat: str, command: str, problems: list[str], lost: list[str], ws: Path) -> Outcome:
        left = children_in(ws)
        if left:
            problems.append(f"{len(left)} process(es) still running: {left}")
            for pid in left:
                with suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        stale = stale_files(ws)
        if stale:
            lost.append(f"stale temporary files: {stale[:3]}")
        bad = integrity(ws)
        if bad:
            lost.append(bad)
        _rmtree(ws)
        return Outcome(
            cat, command, "unexpected" if problems else "clean", "; ".join(problems), "; ".join(lost)
        )

    # 1. agency import of a large CSV, killed at several points: all rows or none, then all once.
    for sig in sigs:
        for delay in [0.6] if quick else [0.4, 1.0, 2.0]:
            ws = ws_for("import")
            big_csv(ws / "big.csv", 4000)
            before = count(ws, "SELECT count(*) FROM agency")
            proc = start(ws, "agency", "import", "big.csv")
            t0 = time.monotonic()
            killed, why = kill_when(proc, sig, lambda t0=t0, delay=delay: time.monotonic() - t0 > delay)
            problems = [why] if why and killed else []
            mid = count(ws, "SELECT count(*) FROM agency")
            lost = (
                []
                if mid in (before, before + 4000)
                else [f"half an import kept: {mid - before} of 4000 rows"]
            )
            again = foilbot(ws, "agency", "import", "big.csv", timeout=120)
            if again.rc != 0:
                problems.append(f"re-run failed: {_first_error(again)}")
            after = count(ws, "SELECT count(*) FROM agency")
            if after != before + 4000:
                lost.append(f"agencies {after - before}, expected 4000")
            yield finish(
                "kills", f"{signal.Signals(sig).name} agency import after {delay}s", problems, lost, ws
            )

    # 2. campaign new over 3000 agencies: one transaction, so all or none; the re-run creates each once.
    for sig in sigs:
        for delay in [0.8] if quick else [0.5, 1.5]:
            ws = ws_for("campaign")
            big_csv(ws / "big.csv", 3000)
            must(foilbot(ws, "agency", "import", "big.csv", timeout=120))
            before = count(ws, "SELECT count(*) FROM request")
            args = ("campaign", "new", "kc", *TOPIC, "--filter", "county=Killtown County")
            proc = start(ws, *args)
            t0 = time.monotonic()
            killed, why = kill_when(proc, sig, lambda t0=t0, delay=delay: time.monotonic() - t0 > delay)
            problems = [why] if why and killed else []
            mid = count(ws, "SELECT count(*) FROM request")
            lost = [] if mid in (before, before + 3000) else [f"half a campaign kept: {mid - before}"]
            if mid == before:
                again = foilbot(ws, *args, timeout=180)
            else:
                again = foilbot(
                    ws, "campaign", "add", "kc", "--filter", "county=Killtown County", timeout=180
                )
            if again.rc != 0:
                problems.append(f"re-run failed: {_first_error(again)}")
            made = count(ws, "SELECT count(*) FROM request")
            distinct = count(
                ws, "SELECT count(DISTINCT agency_id) FROM request WHERE agency_id LIKE 'kill-%'"
            )
            if made - before != 3000 or distinct != 3000:
                lost.append(f"requests {made - before}, distinct agencies {distinct}, expected 3000")
            yield finish(
                "kills", f"{signal.Signals(sig).name} campaign new after {delay}s", problems, lost, ws
            )

    # 3. request letters --resume: kill after some letters; re-run; every letter once, no temp files.
    for sig in sigs:
        for after_n in [1] if quick else [1, 3]:
            ws = ws_for("letters")
            must(foilbot(ws, "campaign", "new", "k8", *TOPIC, "--filter", "state=NY", "--include-private"))
            drafts = count(ws, "SELECT count(*) FROM request WHERE id NOT IN (SELECT request_id FROM event)")
            out = ws / "letters"
            args = ("request", "letters", "--out-dir", "letters", "--resume", "--force")
            proc = start(ws, *args)
            killed, why = kill_when(
                proc, sig, lambda out=out, n=after_n: len(list(out.glob("*.pdf"))) >= n, limit=180
            )
            problems = [why] if why else []
            time.sleep(1.0)  # workers get a moment to notice
            kept = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
            orphans = children_in(ws)
            if orphans:
                problems.append(f"{len(orphans)} worker(s) outlived the parent")
            lost = [] if len(kept) >= after_n else [f"finished letters lost: {len(kept)} kept"]
            again = foilbot(ws, *args, timeout=300)
            if again.rc != 0:
                problems.append(f"re-run failed: {_first_error(again)}")
            names = sorted(p.name for p in out.iterdir())
            pdfs = [x for x in names if x.endswith(".pdf")]
            if len(pdfs) != drafts or len(names) != len(pdfs):
                lost.append(
                    f"{len(pdfs)} letters for {drafts} drafts; "
                    f"other files: {sorted(set(names) - set(pdfs))[:3]}"
                )
            changed = [k for k, v in kept.items() if (out / k).exists() and (out / k).stat().st_mtime_ns != v]
            if changed:
                problems.append(f"finished letters rewritten: {changed[:3]}")
            yield finish(
                "kills",
                f"{signal.Signals(sig).name} request letters --resume after {after_n} letter(s)",
                problems,
                lost,
                ws,
            )

    # 4. an attachment copy (a 300 MB file): killed mid-copy; re-run; one event, one stored file.
    for sig in sigs:
        ws = ws_for("attach")
        big = ws / "big.bin"
        with open(big, "wb") as fh:
            block = random.Random(9).randbytes(1 << 20)
            for _ in range(300 if not quick else 120):
                fh.write(block)
        before = count(ws, "SELECT count(*) FROM event")
        args = ("request", "log", "2", "records", "--date", "2026-11-02", "--attach", "big.bin")
        proc = start(ws, *args)
        files_dir = ws / "requests.files"
        killed, why = kill_when(
            proc,
            sig,
            lambda: (
                any(p.name.startswith(".incoming") for p in files_dir.rglob("*"))  # noqa: B023
                if files_dir.exists()  # noqa: B023
                else False
            ),
        )
        problems = [why] if why and killed else []
        again = foilbot(ws, *args, timeout=120)
        if again.rc != 0:
            problems.append(f"re-run failed: {_first_error(again)}")
        events = count(ws, "SELECT count(*) FROM event") - before
        want = 2 if proc.returncode == 0 else 1  # the first run may finish before the signal lands
        lost = [] if events == want else [f"{events} events, expected {want}"]
        check = foilbot(ws, "db", "check")
        if check.rc != 0:
            lost.append(f"db check: {_first_error(check)}")
        big.unlink()
        yield finish("kills", f"{signal.Signals(sig).name} request log --attach (copy)", problems, lost, ws)

    # 5. request send to a real SMTP server on loopback, killed after some messages; re-run: each once.
    sys.path.insert(0, str(REPO))
    try:
        from tests.smtp_server import Server
    except ImportError:
        Server = None  # noqa: N806
    if Server is not None:
        for sig in sigs:
            for after_n in [1] if quick else [1, 3]:
                ws = ws_for("send")
                with Server() as server:
                    (ws / "foilbot.toml").write_text(
                        TOML
                        + f'[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "none"\n'
                        + "rate = 0\nbackoff = 0\nretries = 1\n"
                    )
                    made = []
                    for i, row in enumerate(fixture_rows()):
                        if row["state"] == "NY" and row["public"] == "true":
                            must(foilbot(ws, "agency", "set", row["id"], "--email", f"r{i}@example.org"))
                            made.append(row["id"])
                    must(foilbot(ws, "campaign", "new", "mailk", *TOPIC, "--filter", "state=NY"))
                    total = count(ws, "SELECT count(*) FROM request WHERE campaign = 'mailk'")
                    args = ("request", "send", "--campaign", "mailk")
                    proc = start(ws, *args)
                    killed, why = kill_when(
                        proc, sig, lambda s=server, n=after_n: len(s.handler.messages) >= n
                    )
                    problems = [why] if why and killed else []
                    again = foilbot(ws, *args, timeout=120)
                    if again.rc not in (0, 1):
                        problems.append(f"re-run: exit {again.rc}: {_first_error(again)}")
                    if "uncertain" in again.stdout + again.stderr or again.rc == 1:
                        settle = foilbot(ws, *args, "--reconcile", "sent", timeout=120)
                        if settle.rc != 0:
                            problems.append(f"reconcile failed: {_first_error(settle)}")
                        again = foilbot(ws, *args, timeout=120)
                    refs = [str(m["Subject"]) for m in server.handler.messages]
                    ids = [
                        re.search(r"FOIL-\d{4}-\d{4}", s).group(0) if re.search(r"FOIL-\d{4}-\d{4}", s) else s
                        for s in refs
                    ]
                    dupes = sorted({r for r in ids if ids.count(r) > 1})
                    lost = []
                    if dupes:
                        lost.append(f"sent twice: {dupes}")
                    if len(set(ids)) != total:
                        lost.append(f"{len(set(ids))} of {total} requests sent")
                yield finish(
                    "kills",
                    f"{signal.Signals(sig).name} request send after {after_n} message(s)",
                    problems,
                    lost,
                    ws,
                )


# -------------------------------------------------------------------------------------- concurrency

WORKER = """
import io, sys
from contextlib import redirect_stderr, redirect_stdout
from foilbot.cli.app import app
worker, events = int(sys.argv[1]), int(sys.argv[2])
refs = sys.argv[3:]
for i in range(events):
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        try:
            code = int(app(["request", "log", refs[(worker + i) % len(refs)], "note", "--date", "2026-11-02",
                            "--note", f"w{worker}-{i}"], standalone_mode=False) or 0)
        except SystemExit as exc:
            code = int(exc.code or 0)
        except BaseException as exc:
            code = 99
            err.write(f"{type(exc).__name__}: {exc}")
    if code:
        print(f"FAIL w{worker}-{i} {code} {err.getvalue().strip()[:300]}", flush=True)
"""


def concurrency(base: Path, root: Path, quick: bool, postgres: str | None) -> Iterator[Outcome]:
    procs, events = (4, 12) if quick else (8, 50)
    backends: list[tuple[str, str | None]] = [("SQLite", None)]
    if postgres:
        backends.append(("PostgreSQL", postgres))
    for label, server in backends:
        ws = copy_ws(base, root, f"conc-{label}")
        env: dict[str, str] = {}
        dbname = None
        try:
            if server:
                dbname, url = _pg_create(server)
                env["FOILBOT_DATABASE_URL"] = url
                load_fixture(ws, env)
                for ag in (LOCKPORT, STARPOINT, BUFFALO):
                    must(foilbot(ws, "request", "new", "--agency", ag, *TOPIC, env=env))
                must(
                    foilbot(ws, "campaign", "new", "cams", *TOPIC, "--filter", "county=Erie County", env=env)
                )
            (ws / "w.py").write_text(WORKER)
            for k in range(3):
                big_csv(ws / f"imp{k}.csv", 20, county=f"Conc{k} County", prefix=f"conc{k}")
            writers = [
                subprocess.Popen(
                    [sys.executable, "w.py", str(w), str(events), "1", "2", "3"],
                    cwd=ws,
                    env=base_env(ws, env),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                )
                for w in range(procs)
            ]
            side: list[Result] = []
            for k in range(3):
                side.append(foilbot(ws, "agency", "import", f"imp{k}.csv", env=env, timeout=120))
                side.append(
                    foilbot(
                        ws,
                        "campaign",
                        "add",
                        "cams",
                        "--filter",
                        f"county=Conc{k} County",
                        env=env,
                        timeout=120,
                    )
                )
                side.append(
                    foilbot(ws, "request", "new", "--agency", f"conc{k}-0", *TOPIC, env=env, timeout=120)
                )
            problems = []
            for w in writers:
                out, _ = w.communicate(timeout=900)
                for line in out.decode("utf-8", "replace").splitlines():
                    if line.strip():
                        problems.append(line.strip()[:200])
            for r in side:
                if r.rc != 0 or leaks(r):
                    problems.append(f"foilbot {' '.join(r.args)}: exit {r.rc}: {_first_error(r)}")
            shown = " ".join(problems).lower()
            for word in ("database is locked", "serializ", "deadlock"):
                if word in shown:
                    problems.insert(0, f"users saw {word!r}")
            res = foilbot(ws, "db", "log", "--format", "json", env=env, timeout=120)
            notes = _event_notes(ws, server, env)
            want = {f"w{w}-{i}" for w in range(procs) for i in range(events)}
            lost = []
            missing = want - set(notes)
            twice = {n for n in notes if notes.count(n) > 1 and n in want}
            if missing:
                lost.append(f"{len(missing)} of {len(want)} events missing")
            if twice:
                lost.append(f"{len(twice)} events twice")
            camp = _campaign_agencies(ws, env)
            expect_new = {f"conc{k}-{i}" for k in range(3) for i in range(20)}
            got = [a for a in camp if a.startswith("conc")]
            if set(got) != expect_new or len(got) != len(expect_new):
                lost.append(
                    f"campaign adds: {len(set(got))} agencies, {len(got)} requests, "
                    f"expected {len(expect_new)}"
                )
            if res.rc != 0:
                problems.append(f"db log: {_first_error(res)}")
            if not server:
                bad = integrity(ws)
                if bad:
                    lost.append(bad)
            yield Outcome(
                "concurrency",
                f"{label}: {procs} writers x {events} events + 3 imports, 3 campaign adds, 3 new requests",
                "unexpected" if problems else "clean",
                "; ".join(problems[:5]) + (f" (+{len(problems) - 5} more)" if len(problems) > 5 else ""),
                "; ".join(lost),
            )
        finally:
            if server and dbname:
                _pg_drop(server, dbname)
            _rmtree(ws)


def _event_notes(ws: Path, server: str | None, env: dict[str, str]) -> list[str]:
    notes = []
    for ref in ("1", "2", "3"):
        res = foilbot(ws, "request", "show", ref, "--json", env=env, timeout=120)
        data = json.loads(res.stdout or "{}")
        for ev in data.get("events", data.get("timeline", [])):
            note = ev.get("note") or ""
            if re.fullmatch(r"w\d+-\d+", note):
                notes.append(note)
    return notes


def _campaign_agencies(ws: Path, env: dict[str, str]) -> list[str]:
    res = foilbot(ws, "campaign", "show", "cams", "--format", "json", env=env, timeout=120)
    return [i["agency_id"] for i in json.loads(res.stdout or '{"items": []}')["items"]]


def _pg_create(server: str) -> tuple[str, str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"foilbot_attack_{os.getpid()}_{random.randrange(10**6)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, make_url(server).set(database=name).render_as_string(hide_password=False)


def _pg_drop(server: str, name: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


# ---------------------------------------------------------------------------------------- injection

ESC_CLEAR = "\x1b[2J"
RLO = "\u202e"
HOSTILE_NAME = f"EVIL {{{{ 7*7 }}}} <img src=http://127.0.0.1:9/x> {ESC_CLEAR}{RLO}DSC SD"
FORMULAS = {
    "records_officer": '=HYPERLINK("http://127.0.0.1:9","x")',
    "phone": "+1+2",
    "address": "@SUM(1+1)",
    "notes": "-2+3 {{ 7*7 }} <link rel=stylesheet href=http://127.0.0.1:9/s.css>",
}
INJECT_ID = "evil-1"


def _typed(text: str) -> str:
    """What a user can type of a hostile text: without the control and bidi characters foilbot refuses."""
    return text.replace(ESC_CLEAR, "[2J").replace(RLO, "")


def injection(base: Path, root: Path, quick: bool) -> Iterator[Outcome]:
    ws = copy_ws(base, root, "inject")
    try:
        row = dict(
            fixture_rows()[0],
            id=INJECT_ID,
            name=HOSTILE_NAME,
            county="Evil County",
            email="foil@evil.example.org",
            beds_code="",
        )
        row.update(FORMULAS)
        (ws / "evil.csv").write_text(_csv([row]), encoding="utf-8")
        imp = foilbot(ws, "agency", "import", "evil.csv")
        if imp.rc != 0:  # refused at the door: what can be typed goes in, then the name as a hostile
            # shared database would hold it
            (ws / "evil.csv").write_text(_csv([{**row, "name": _typed(HOSTILE_NAME)}]), encoding="utf-8")
            must(foilbot(ws, "agency", "import", "evil.csv"))
            con = sqlite3.connect(ws / "requests.db")
            con.execute("UPDATE agency SET name = ? WHERE id = ?", [HOSTILE_NAME, INJECT_ID])
            con.commit()
            con.close()
        # Control characters are refused at the door too (subject, note): what the CLI takes goes in
        # that way, the rest is then stored as a database written by another program would hold it.
        subject = f"{{{{ 7*7 }}}} <script>alert(1)</script> {ESC_CLEAR} =1+1"
        note = f"=cmd|' /C calc'!A0 {ESC_CLEAR}{RLO}x"
        (ws / "ids.csv").write_text(f"id\n{INJECT_ID}\n")
        must(
            foilbot(
                ws, "campaign", "new", "evil", *TOPIC, "--agencies", "ids.csv", "--subject", _typed(subject)
            )
        )
        ref = json.loads(
            must(foilbot(ws, "request", "list", "--campaign", "evil", "--format", "json")).stdout
        )["items"][0]
        rid = str(ref.get("id") or ref.get("reference"))
        must(foilbot(ws, "request", "sent", rid, "--date", "2026-09-01", "--via", "email"))
        must(
            foilbot(
                ws,
                "request",
                "log",
                rid,
                "note",
                "--date",
                "2026-09-02",
                "--note",
                _typed(note),
            )
        )
        con = sqlite3.connect(ws / "requests.db")
        con.execute("UPDATE request SET subject = ? WHERE campaign = 'evil'", [subject])
        con.execute("UPDATE event SET note = ? WHERE kind = 'note' AND note = ?", [note, _typed(note)])
        con.commit()
        con.close()
        must(
            foilbot(
                ws, "request", "log", rid, "denied", "--date", "2026-09-20", "--note", "<script>x</script>"
            )
        )
        checks: list[tuple[str, list[str], Callable[[Result, Path], list[str]]]] = []
        for cmd in (
            ["agency", "list", "--county", "Evil County"],
            ["request", "list"],
            ["overdue"],
            ["due", "--within", "400"],
            ["campaign", "show", "evil"],
            ["db", "log"],
            ["agency", "closure", "list", INJECT_ID],
        ):
            for fmt in ("table", "json", "csv", "ndjson"):
                checks.append((fmt, [*cmd, "--format", fmt], _check_format(fmt)))
        checks += [
            ("table", ["agency", "show", INJECT_ID], _check_format("table")),
            ("table", ["request", "show", rid], _check_format("table")),
            ("json", ["request", "show", rid, "--json"], _check_format("json")),
            ("text", ["request", "letter", rid, "--text"], _check_letter_text),
            ("html", ["request", "letter", rid, "--html"], _check_html),
            ("html", ["report", "agencies", "--format", "html"], _check_html),
            ("csv", ["report", "agencies", "--format", "csv"], _check_format("csv")),
            ("json", ["report", "agencies", "--format", "json"], _check_format("json")),
            ("table", ["report", "agencies"], _check_format("table")),
            ("csv", ["agency", "export"], _check_format("csv")),
            ("ics", ["calendar", "--as-of", "2026-10-15"], _check_ics),
            ("pdf", ["request", "letter", rid, "--out", "l.pdf"], _check_pdf("l.pdf")),
            ("pdf", ["appeal", rid, "--out", "a.pdf", "--force"], _check_pdf("a.pdf")),
            ("eml", ["request", "send", rid, "--dry-run", "--out", "eml"], _check_eml),
            ("scorecard", ["campaign", "scorecard", "evil", "--out", "sc"], _check_scorecard),
            ("pdf", ["campaign", "mailing", "evil", "--out", "mail"], _check_mailing),
        ]
        if quick:
            checks = [
                c
                for i, c in enumerate(checks)
                if i % 3 == 0 or c[0] not in ("table", "json", "csv", "ndjson")
            ]
        for fmt, args, check in checks:
            res = foilbot(ws, *args, timeout=120)
            problems = leaks(res)
            if res.rc != 0 and not problems and not has_error_line(res):
                problems.append(f"exit {res.rc} without an error line: {res.stdout.strip()[-200:]}")
            if not problems and res.rc == 0:
                problems += check(res, ws)
            yield Outcome(
                "injection",
                f"[{fmt}] foilbot " + " ".join(_show_arg(a) for a in args),
                "unexpected" if problems else "clean",
                "; ".join(problems),
            )
    finally:
        _rmtree(ws)


def _csv(rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def _terminal(text: str) -> list[str]:
    found = []
    if "\x1b[2J" in text or re.search(r"\x1b(?!\[[0-9;]*m)", text):
        found.append("a terminal escape reached the output")
    if re.search("[\u202a-\u202e\u2066-\u2069]", text):
        found.append("a bidi override reached the output")
    return found


def _controls(text: str) -> list[str]:
    if re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text):
        return ["a control character (ESC…) reached the file"]
    return []


def _check_format(fmt: str) -> Callable[[Result, Path], list[str]]:
    def check(res: Result, ws: Path) -> list[str]:
        out = res.stdout
        found = []
        if fmt == "table":
            found += _terminal(out + res.stderr)
            if "49" in out and "7*7" not in out:
                found.append("a template expression was evaluated")
        elif fmt == "json":
            try:
                json.loads(out)
            except ValueError as exc:
                found.append(f"not JSON: {exc}")
        elif fmt == "ndjson":
            for line in out.splitlines():
                try:
                    json.loads(line)
                except ValueError as exc:
                    found.append(f"not NDJSON: {exc}")
                    break
        elif fmt == "csv":
            for row in csv.reader(io.StringIO(out)):
                for cell in row:
                    if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(
                        r"-?\d+(\.\d+)?", cell
                    ):
                        found.append(f"a formula cell: {cell[:30]!r}")
                        break
            pass  # CSV is data for programs: the stored value is kept as it is
        return found[:3]

    return check


def _check_html_text(html: str) -> list[str]:
    found = []
    if re.search(r"<img[^>]+src=[\"']?http", html, re.I):
        found.append("an injected <img> is live")
    if re.search(r"<link[^>]+href=[\"']?http", html, re.I):
        found.append("an injected <link> is live")
    if "<script>alert(1)" in html or "<script>x</script>" in html:
        found.append("an injected <script> is live")
    if "EVIL 49" in html:
        found.append("a template expression in data was evaluated")
    found += _controls(html)  # a cell isolates bidi text; control characters have no place
    return found


def _check_html(res: Result, ws: Path) -> list[str]:
    return _check_html_text(res.stdout)


def _check_letter_text(res: Result, ws: Path) -> list[str]:
    found = _terminal(res.stdout)
    if "EVIL 49" in res.stdout:
        found.append("a template expression in data was evaluated")
    return found


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(path).pages)


def _check_pdf(name: str) -> Callable[[Result, Path], list[str]]:
    def check(res: Result, ws: Path) -> list[str]:
        text = _pdf_text(ws / name)
        found = []
        if "EVIL 49" in text:
            found.append("a template expression in data was evaluated")
        if RLO in text or "CSD" in text and "DSC" not in text:
            found.append("a bidi override reached the PDF")
        if "\x1b" in text:
            found.append("a terminal escape reached the PDF")
        if "7*7" not in text:
            found.append("the agency name is not in the letter")
        return found

    return check


def _check_mailing(res: Result, ws: Path) -> list[str]:
    found = []
    for pdf in (ws / "mail").glob("*.pdf"):
        text = _pdf_text(pdf)
        if "EVIL 49" in text or RLO in text or "\x1b" in text:
            found.append(f"{pdf.name}: hostile text not neutralised")
    for c in (ws / "mail").glob("*.csv"):
        found += _check_format("csv")(Result([], 0, c.read_text(encoding="utf-8"), "", 0), ws)
    return found


def _check_ics(res: Result, ws: Path) -> list[str]:
    out = res.stdout
    found = _controls(out)  # RFC 5545 TEXT: no control characters
    for line in out.split("\r\n"):
        if line and not re.match(r"^[A-Z-]+[;:]|^ ", line):
            found.append(f"a line that is not a property: {line[:40]!r}")
            break
    if "\n" in out.replace("\r\n", ""):
        found.append("a bare newline in the calendar")
    return found


def _check_eml(res: Result, ws: Path) -> list[str]:
    from email import message_from_bytes, policy

    found = []
    emls = list((ws / "eml").glob("*.eml"))
    if len(emls) != 1:
        return [f"{len(emls)} .eml files"]
    msg = message_from_bytes(emls[0].read_bytes(), policy=policy.default)
    if msg["Bcc"] or msg["Cc"]:
        found.append("an injected header")
    if "EVIL 49" in emls[0].read_text("utf-8", "replace"):
        found.append("a template expression in data was evaluated")
    body = msg.get_body(("plain",))
    if body is not None:
        found += _terminal(body.get_content())
    return found


def _check_scorecard(res: Result, ws: Path) -> list[str]:
    found = []
    for p in (ws / "sc").iterdir():
        text = p.read_text(encoding="utf-8")
        if p.suffix == ".html":
            found += [f"{p.name}: {f}" for f in _check_html_text(text)]
        elif p.suffix == ".csv":
            found += [f"{p.name}: {f}" for f in _check_format("csv")(Result([], 0, text, "", 0), ws)]
        elif p.suffix == ".json":
            json.loads(text)
    return found


# -------------------------------------------------------------------------------------------- main


@dataclass
class Tally:
    tried: int = 0
    clean: int = 0
    ok: int = 0
    unexpected: int = 0
    lost: int = 0


def pick_quick(cases: list[Case]) -> list[Case]:
    """A representative subset: every category, spread over its cases."""
    by_cat: dict[str, list[Case]] = {}
    for c in cases:
        by_cat.setdefault(c.cat, []).append(c)
    chosen = []
    for group in by_cat.values():
        step = max(1, len(group) // 6)
        chosen += [c for i, c in enumerate(group) if i % step == 0][:6]
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="A representative subset (under two minutes).")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get("FOILBOT_TEST_POSTGRES_URL"),
        help="A PostgreSQL server for the concurrency run (a throwaway database is made).",
    )
    parser.add_argument("--only", choices=["bad", "kills", "concurrency", "injection"], action="append")
    parser.add_argument("--jobs", type=int, default=2, help="Cases run at once (default 2).")
    parser.add_argument("--log", type=Path, help="Write every case's verdict here (JSON lines).")
    parser.add_argument("--tree", type=Path, help="Attack the foilbot in this checkout (default: this one).")
    parser.add_argument("--match", help="Only bad-input cases whose command or note contains this.")
    args = parser.parse_args(argv)
    only = set(args.only or ["bad", "kills", "concurrency", "injection"])
    global TREE
    TREE = (args.tree or REPO).resolve()
    started = time.monotonic()
    outcomes: list[Verdict | Outcome] = []
    with tempfile.TemporaryDirectory(prefix="foilbot-attack-") as tmp:
        root = Path(tmp)
        base = build_base(root)
        if "bad" in only:
            cases = bad_input_cases()
            if args.match:
                cases = [c for c in cases if args.match in " ".join(c.args) + c.note]
            if args.quick:
                cases = pick_quick(cases)
            with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
                outcomes += list(pool.map(lambda ic: run_case(ic[1], base, root, ic[0]), enumerate(cases)))
        if "kills" in only:
            outcomes += list(kill_scenarios(base, root, args.quick))
        if "concurrency" in only:
            outcomes += list(concurrency(base, root, args.quick, args.postgres))
        if "injection" in only:
            outcomes += list(injection(base, root, args.quick))
    tallies: dict[str, Tally] = {}
    for o in outcomes:
        t = tallies.setdefault(_group(o.cat), Tally())
        t.tried += 1
        t.clean += o.kind == "clean"
        t.ok += o.kind == "ok"
        t.unexpected += o.kind == "unexpected"
        t.lost += bool(o.lost)
    total = Tally(
        *(
            sum(getattr(t, f) for t in tallies.values())
            for f in ("tried", "clean", "ok", "unexpected", "lost")
        )
    )
    print(
        f"{'category':<28}{'tried':>7}{'clean errors':>14}{'accepted':>10}{'unexpected':>12}{'data lost':>11}"
    )
    for name, t in [*tallies.items(), ("total", total)]:
        print(f"{name:<28}{t.tried:>7}{t.clean:>14}{t.ok:>10}{t.unexpected:>12}{t.lost:>11}")
    bad = [o for o in outcomes if o.kind == "unexpected" or o.lost]
    if bad:
        print("\nUnexpected or lost:")
        for o in bad:
            print(f"- [{o.cat}] {o.command}")
            if o.reason:
                print(f"      {o.reason}")
            if o.lost:
                print(f"      lost: {o.lost}")
    print(f"\n{time.monotonic() - started:.0f} s; load average {os.getloadavg()[0]:.2f}")
    if args.log:
        with open(args.log, "w", encoding="utf-8") as fh:
            for o in outcomes:
                fh.write(json.dumps(o.__dict__) + "\n")
    return 1 if bad else 0


def _group(cat: str) -> str:
    if cat in ("kills", "concurrency", "injection"):
        return cat
    return f"bad inputs: {cat}"


if __name__ == "__main__":
    sys.exit(main())
