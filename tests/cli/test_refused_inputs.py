"""Input that must be refused, through the real CLI (issue 9, "Hardening"): what the attack run
(scripts/attack_run.py) found accepted, or answered as if nothing were wrong. Each refusal is a
one-line `Error:` naming what is wrong, a hint, the documented exit code, and nothing changed."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.conftest import count_rows, invoke, ok, sql_rows

LOCKPORT = "nces-3617670"
TOPIC = ("--topic", "retention-periods")
NIAGARA = ("--filter", "county=Niagara")
TOML = """
[requester]
name = "Ana Ruiz"
address = '''
100 Main Street
Buffalo, NY 14202'''
email = "aruiz@example.org"
"""


def refused(result, code: int, *phrases: str) -> str:
    """The `Error:` line of a refused command, after checking its exit code, hint and phrases."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.stderr
    assert "Hint: " in result.stderr, result.stderr
    for phrase in phrases:
        assert phrase in errors[0], (phrase, errors[0])
    return errors[0]


@pytest.fixture
def requester(isolated: Path) -> None:
    (isolated / "foilbot.toml").write_text(TOML, encoding="utf-8")


# --- 1. a request that asks for nothing -------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["request", "new", "--agency", LOCKPORT],
        ["campaign", "new", "cams", *NIAGARA],
        ["letter", "--agency", LOCKPORT, "--text"],
    ],
)
def test_no_topic_is_refused_the_letter_would_ask_for_nothing(runner, directory, requester, command) -> None:
    # Before: `request new` saved a draft whose letter said "I request copies of the following
    # records" and listed none; `letter` printed it; `campaign new` refused only through Typer.
    line = refused(invoke(runner, *command), 2, "no --topic", "request-ny-foil", "ask for no records")
    assert line.startswith("Error: no --topic")
    assert count_rows("request") == 0


def test_a_template_of_ones_own_that_writes_its_request_may_go_without_topics(
    runner, directory, requester, isolated: Path
) -> None:
    folder = isolated / "templates" / "letters"
    folder.mkdir(parents=True)
    (folder / "request-plain.html.j2").write_text(
        "{#- letter\nkind: request\ndescription: One paragraph of my own\ntopics: optional\n-#}\n"
        '{% extends "_base.html.j2" %}{% block body %}<p>Every contract with the vendor.</p>{% endblock %}\n',
        encoding="utf-8",
    )
    ok(invoke(runner, "request", "new", "--agency", LOCKPORT, "--template", "request-plain"))
    text = ok(invoke(runner, "letter", "--agency", LOCKPORT, "--template", "request-plain", "--text")).stdout
    assert "Every contract with the vendor." in text
    # A misspelt rule is a template error, reported where the template is read or checked.
    (folder / "request-plain.html.j2").write_text(
        "{#- letter\nkind: request\ntopics: maybe\n-#}\n<p>x</p>\n", encoding="utf-8"
    )
    refused(
        invoke(runner, "request", "new", "--agency", LOCKPORT, "--template", "request-plain"), 1, "topics"
    )
    checked = invoke(runner, "template", "check", str(folder))
    assert checked.exit_code == 1 and "`topics` is 'maybe', not one of required, optional" in checked.stdout


# --- 2. a topic named twice --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["request", "new", "--agency", LOCKPORT],
        ["campaign", "new", "cams", *NIAGARA],
        ["letter", "--agency", LOCKPORT, "--text"],
    ],
)
def test_a_topic_given_twice_is_refused_naming_it(runner, directory, requester, command) -> None:
    # Before: `letter` printed the retention-periods block twice, numbered 1 and 2.
    refused(invoke(runner, *command, *TOPIC, *TOPIC), 2, "--topic retention-periods is given twice")
    assert count_rows("request") == 0


@pytest.mark.parametrize(
    "command",
    [
        ["campaign", "new", "cams", *TOPIC, "--filter", "state=NY", "--filter", "state=VT", "--dry-run"],
        ["request", "new", "--agency", LOCKPORT, *TOPIC, "-p", "start=2026-06-01", "-p", "start=2026-06-02"],
    ],
)
def test_a_key_given_twice_is_refused_naming_both_values(runner, directory, requester, command) -> None:
    # Before: the first value was dropped without a word (NY left out of the campaign; one start date).
    refused(invoke(runner, *command), 2, "is given twice ('")
    assert count_rows("request") == 0


def test_a_database_that_is_not_a_regular_file_is_refused_and_left_alone(runner) -> None:
    # Before: "disk I/O error", and a /dev/null-journal file created beside the device.
    before = sorted(p.name for p in Path("/dev").iterdir() if p.name.startswith("null"))
    for command in (["init"], ["overdue"], ["request", "list"]):
        refused(
            invoke(runner, "--db", "sqlite:////dev/null", *command),
            1,
            "database /dev/null is not a regular file",
        )
    assert sorted(p.name for p in Path("/dev").iterdir() if p.name.startswith("null")) == before
    assert Path("/dev/null").is_char_device()


# --- 3. a period that ends before it starts -----------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["request", "new", "--agency", LOCKPORT],
        ["campaign", "new", "cams", *NIAGARA],
        ["letter", "--agency", LOCKPORT, "--text"],
    ],
)
def test_an_end_before_the_start_is_refused_naming_both(runner, directory, requester, command) -> None:
    # Before: the letter asked for records "from November 1, 2026 through January 1, 2026".
    args = [*command, *TOPIC, "--param", "start=2026-11-01", "--param", "end=2026-01-01"]
    refused(invoke(runner, *args), 2, "end=2026-01-01", "start=2026-11-01", "before")
    assert count_rows("request") == 0


def test_a_one_day_period_and_open_periods_are_fine(runner, directory, requester) -> None:
    one_day = ["--param", "start=2026-01-01", "--param", "end=2026-01-01"]
    text = ok(invoke(runner, "letter", "--agency", LOCKPORT, *TOPIC, *one_day, "--text")).stdout
    assert "from January 1, 2026 through January 1, 2026" in " ".join(text.split())
    ok(invoke(runner, "letter", "--agency", LOCKPORT, *TOPIC, "--param", "end=2019-01-01", "--text"))


# --- 4. empty option values ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["request", "new", "--agency", LOCKPORT, *TOPIC, "--law", ""], "--law"),
        (["letter", "--agency", LOCKPORT, *TOPIC, "--law=", "--text"], "--law"),
        (["request", "new", "--agency", LOCKPORT, *TOPIC, "--campaign", ""], "--campaign"),
        (["request", "new", "--agency", LOCKPORT, *TOPIC, "--template", ""], "--template"),
        (["request", "list", "--agency", ""], "--agency"),
        (["overdue", "--campaign", ""], "--campaign"),
        (["letter", "--agency", LOCKPORT, *TOPIC, "--out", "", "--text"], "--out"),
        (["request", "new", "--agency", LOCKPORT, "--topic", " "], "--topic"),
        (["agency", "list", "--state", ""], "--state"),
        (["--db", "", "request", "list"], "--db"),
    ],
)
def test_an_empty_value_is_refused_naming_the_option(runner, directory, requester, command, option) -> None:
    # Before: `--law ""` silently meant the agency's law, `--campaign ""` no campaign, `--agency ""`
    # no filter (every request listed): an unset shell variable changed what the command did.
    refused(invoke(runner, *command), 2, f"{option} is empty")
    assert count_rows("request") == 0


def test_an_empty_argument_is_refused(runner, directory) -> None:
    refused(invoke(runner, "agency", "show", ""), 2, "argument AGENCY is empty")


def test_free_text_may_be_empty_and_an_empty_field_clears_it(runner, directory, requester) -> None:
    ok(invoke(runner, "request", "new", "--agency", LOCKPORT, *TOPIC, "--subject", ""))
    ok(invoke(runner, "letter", "--agency", LOCKPORT, *TOPIC, "--reference", "", "--text"))
    ok(invoke(runner, "agency", "list", "--search", ""))
    ok(invoke(runner, "agency", "set", LOCKPORT, "--notes", "call first"))
    ok(invoke(runner, "agency", "set", LOCKPORT, "--notes", ""))
    shown = json.loads(ok(invoke(runner, "agency", "show", LOCKPORT, "--json")).stdout)
    assert shown["notes"] == ""


# --- 5. campaign names ----------------------------------------------------------------------------------


def test_campaign_new_on_a_name_taken_is_refused_pointing_at_campaign_add(
    runner, directory, requester
) -> None:
    ok(invoke(runner, "campaign", "new", "cams", *TOPIC, *NIAGARA))
    before = count_rows("request")
    # Before: the same question again quietly added agencies; now that is `campaign add`'s job.
    result = invoke(runner, "campaign", "new", "cams", *TOPIC, "--filter", "state=NY")
    refused(result, 2, "campaign 'cams' already exists")
    assert "foilbot campaign add cams" in result.stderr
    assert count_rows("request") == before


@pytest.mark.parametrize("name", ["../../x", "/", "c\x1b[2J", "a b", ".hidden", "x" * 81])
def test_a_campaign_name_outside_the_rule_is_refused_saying_the_rule(
    runner, directory, requester, name
) -> None:
    for command in (
        ["campaign", "new", name, *TOPIC, *NIAGARA],
        ["request", "new", "--agency", LOCKPORT, *TOPIC, "--campaign", name],
    ):
        result = invoke(runner, *command)
        refused(result, 2, "campaign name", "ASCII letters, digits, '-', '_' and '.'")
        assert "\x1b" not in result.stderr  # the escape is shown, never obeyed
    assert count_rows("request") == 0 and count_rows("campaign") == 0


def test_a_scorecard_of_a_name_stored_before_the_rule_stays_in_its_folder(
    runner, directory, requester, isolated: Path
) -> None:
    ok(invoke(runner, "campaign", "new", "cams.v2", *TOPIC, *NIAGARA))
    out = isolated / "site"
    ok(invoke(runner, "campaign", "scorecard", "cams.v2", "--out", str(out)))
    # Before: Path.with_suffix cut the name at its dot, writing cams.html.
    assert sorted(p.name for p in out.iterdir()) == [
        "cams.v2-scorecard.csv",
        "cams.v2-scorecard.html",
        "cams.v2-scorecard.json",
    ]
    # A name a database holds from before the rule (or from `db import`): never a path part.
    from sqlalchemy import text

    from foilbot.storage import get_engine
    from tests.conftest import current_settings

    with get_engine(current_settings().database_url).begin() as conn:
        conn.execute(text("UPDATE campaign SET name = '../../x' WHERE name = 'cams.v2'"))
        conn.execute(text("UPDATE request SET campaign = '../../x' WHERE campaign = 'cams.v2'"))
    inner = isolated / "a" / "b"
    inner.mkdir(parents=True)
    ok(invoke(runner, "campaign", "scorecard", "../../x", "--out", str(inner)))
    assert sorted(p.name for p in inner.iterdir())[0] == "x-scorecard.csv"
    assert not (isolated / "x-scorecard.html").exists()


# --- 6. agency list filters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "phrase", "hint"),
    [
        (["agency", "list", "--kind", "bogus"], "unknown agency kind 'bogus'", "school_district"),
        (["agency", "list", "--state", "ZZ"], "unknown state 'ZZ'", "USPS"),
        (["campaign", "new", "cams", *TOPIC, "--filter", "state=ZZ"], "unknown state 'ZZ'", "USPS"),
        (["campaign", "new", "cams", *TOPIC, "--filter", "kind=bogus"], "unknown agency kind", "boces"),
    ],
)
def test_an_unknown_kind_or_state_is_a_usage_error_not_no_match(
    runner, directory, requester, command, phrase, hint
) -> None:
    # Before: "No agency matches." and exit 0, as if the directory had none.
    result = invoke(runner, *command)
    refused(result, 2, phrase)
    assert hint in result.stderr


def test_known_kinds_and_states_match_in_any_case(runner, directory) -> None:
    rows = json.loads(
        ok(invoke(runner, "agency", "list", "--state", "ny", "--kind", "BOCES", "--format", "json")).stdout
    )["items"]
    assert rows and all(r["kind"] == "boces" and r["state"] == "NY" for r in rows)


# --- 7. db upgrade to an older revision -------------------------------------------------------------------


def test_db_upgrade_to_an_older_revision_is_refused_naming_both(runner, directory) -> None:
    from foilbot.storage import SCHEMA_HEAD

    # Before: "schema already at 0007." and exit 0: it looked as if 0001 had been reached.
    result = invoke(runner, "db", "upgrade", "0001")
    refused(result, 2, f"is at schema {SCHEMA_HEAD}", "0001 is older", "never downgrades")
    assert f"({SCHEMA_HEAD})" in result.stderr
    assert sql_rows("SELECT version_num FROM alembic_version") == [(SCHEMA_HEAD,)]
    refused(invoke(runner, "db", "upgrade", "ffff"), 2, "unknown schema revision 'ffff'", SCHEMA_HEAD)
    assert "already at" in ok(invoke(runner, "db", "upgrade", SCHEMA_HEAD)).stdout


# --- 8. CSV cells a spreadsheet would run -----------------------------------------------------------------

FORMULAS = {
    "records_officer": '=HYPERLINK("http://127.0.0.1:9","x")',
    "phone": "+1+2",
    "address": "@SUM(1+1)",
    "notes": "-2+3",
}


def _hostile(isolated: Path) -> Path:
    path = isolated / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        import csv

        writer = csv.writer(fh)
        writer.writerow(["id", *FORMULAS])
        writer.writerow([LOCKPORT, *FORMULAS.values()])
    return path


def _exported(runner) -> dict[str, str]:
    import csv

    out = ok(invoke(runner, "agency", "export")).stdout
    return next(r for r in csv.DictReader(io.StringIO(out)) if r["id"] == LOCKPORT)


def test_agency_export_neutralises_formulas_and_import_takes_it_back(
    runner, directory, isolated: Path, monkeypatch
) -> None:
    ok(invoke(runner, "agency", "import", str(_hostile(isolated))))
    row = _exported(runner)
    # Before: the cells went out as stored, and a spreadsheet opening the backup ran them.
    assert row["records_officer"] == "'" + FORMULAS["records_officer"]
    assert row["phone"] == "'+1+2" and row["address"] == "'@SUM(1+1)"
    assert row["notes"] == "'-2+3" and row["zip"] == "14094"
    # A value that itself starts with an apostrophe before a formula character gets one more, so
    # reading takes exactly one away (`agency set` stores what it is given).
    ok(invoke(runner, "agency", "set", LOCKPORT, "--notes", "'=kept as typed"))
    assert _exported(runner)["notes"] == "''=kept as typed"

    # The round trip: export, change nothing, import into a fresh directory: the same values.
    backup = isolated / "backup.csv"
    ok(invoke(runner, "agency", "export", str(backup)))
    before = json.loads(ok(invoke(runner, "agency", "show", LOCKPORT, "--json")).stdout)
    ok(invoke(runner, "agency", "set", LOCKPORT, "--notes", "changed", "--phone", "1"))
    result = ok(invoke(runner, "agency", "import", str(backup)))
    assert "updated 1," in result.stdout
    after = json.loads(ok(invoke(runner, "agency", "show", LOCKPORT, "--json")).stdout)
    assert after == before and after["notes"] == "'=kept as typed"
    assert after["records_officer"] == FORMULAS["records_officer"]

    # The documented opt-out writes and reads the stored bytes: that round trip is exact too.
    monkeypatch.setenv("FOILBOT_CSV_RAW", "1")
    assert _exported(runner)["records_officer"] == FORMULAS["records_officer"]
    raw_backup = isolated / "raw.csv"
    ok(invoke(runner, "agency", "export", str(raw_backup)))
    ok(invoke(runner, "agency", "import", str(raw_backup)))
    assert json.loads(ok(invoke(runner, "agency", "show", LOCKPORT, "--json")).stdout) == before


def test_every_csv_foilbot_writes_neutralises_formulas(runner, directory, requester, isolated: Path) -> None:
    ok(invoke(runner, "agency", "import", str(_hostile(isolated))))
    (isolated / "evil.csv").write_text(
        "id,name,kind,jurisdiction,address,city,state,zip\n"
        "x-evil,\"=cmd|' /C calc'!A0\",other,NY,1 Main St,Lockport,NY,14094\n",
        encoding="utf-8",
    )
    ok(invoke(runner, "agency", "import", str(isolated / "evil.csv")))
    (isolated / "ids.csv").write_text(f"id\nx-evil\n{LOCKPORT}\n", encoding="utf-8")
    ok(invoke(runner, "campaign", "new", "cams", *TOPIC, "--agencies", str(isolated / "ids.csv")))
    ok(invoke(runner, "campaign", "sent", "cams", "--date", "2026-01-05"))
    report = ok(invoke(runner, "report", "agencies", "--format", "csv")).stdout
    ok(invoke(runner, "campaign", "scorecard", "cams", "--out", str(isolated / "sc")))
    ok(invoke(runner, "campaign", "mailing", "cams", "--out", str(isolated / "mail")))
    files = {
        "report agencies --format csv": report,
        "scorecard": (isolated / "sc" / "cams-scorecard.csv").read_text(encoding="utf-8"),
        "mail log": (isolated / "mail" / "cams-mail-log.csv").read_text(encoding="utf-8"),
        "agency list --csv": ok(invoke(runner, "agency", "list", "--csv", "--limit", "0")).stdout,
    }
    import csv

    for what, text in files.items():
        cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
        # Before: the report, the scorecard and the mail log wrote `=cmd|' /C calc'!A0` as it was.
        assert any("cmd|" in c for c in cells), what
        assert not [c for c in cells if c[:1] in ("=", "+", "@")], what


# --- found in the attack run's accepted cases ---------------------------------------------------------


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file:x?mode=memory&uri=true"])
def test_an_in_memory_database_is_refused_nothing_would_be_kept(runner, isolated: Path, url: str) -> None:
    # Before: `init` said "ready" and `request new` "Created", and the database ended with the command.
    for command in (["init"], ["request", "list"]):
        result = invoke(runner, "--db", url, *command)
        refused(result, 2, "is in memory", "nothing would be kept")
    assert not list(isolated.glob("*.db"))
    # Commands that need no database still run.
    ok(invoke(runner, "--db", url, "deadline", "NY", "--received", "2026-11-02"))


def test_inbox_import_of_an_empty_file_or_random_bytes_is_refused(runner, directory, isolated: Path) -> None:
    empty, junk = isolated / "empty.eml", isolated / "junk.eml"
    empty.write_bytes(b"")
    junk.write_bytes(bytes(range(256)) * 4)
    # Before: each was "imported" as an unmatched message with no sender, subject or text, exit 0.
    result = invoke(runner, "inbox", "import", str(empty), str(junk))
    refused(result, 1, "2 of 2 message(s) unreadable")
    assert result.stdout.count("it has no header") == 2
    assert count_rows("inbound_message") == 0


@pytest.mark.parametrize(
    ("command", "kind"),
    [
        (["request", "new", "--agency", LOCKPORT, *TOPIC, "--template", "appeal-denial"], "an appeal"),
        (["campaign", "new", "cams", *TOPIC, *NIAGARA, "--template", "_base"], "a layout"),
        (["letter", "--agency", LOCKPORT, *TOPIC, "--template", "followup", "--text"], "a followup"),
    ],
)
def test_a_template_that_is_no_request_letter_is_refused(runner, directory, requester, command, kind) -> None:
    # Before: `request new --template appeal-denial` saved a draft whose "request" was an appeal.
    result = invoke(runner, *command)
    refused(result, 2, f"is {kind} template, not a request letter")
    assert "request-ny-foil" in result.stderr
    assert count_rows("request") == 0


@pytest.mark.parametrize("command", [["campaign", "new", "cams", *TOPIC], ["campaign", "add", "cams"]])
def test_a_campaign_filter_that_matches_no_agency_is_refused(runner, directory, requester, command) -> None:
    if command[1] == "add":
        ok(invoke(runner, "campaign", "new", "cams", *TOPIC, *NIAGARA))
    before = count_rows("campaign")
    # Before: "Created 0 request(s) in campaign cams." and an empty campaign (a misspelt county).
    refused(invoke(runner, *command, "--filter", "county=Niagra"), 2, "no agency", "county=Niagra")
    assert count_rows("campaign") == before


def test_an_attachment_the_system_makes_up_is_refused(runner, directory) -> None:
    rid = json.loads(ok(invoke(runner, "request", "new", "--agency", LOCKPORT, *TOPIC, "--json")).stdout)[
        "id"
    ]
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-11-02"))
    # Before: /proc/self/environ (this process's environment, passwords and all) was kept as a record.
    result = invoke(
        runner,
        "request",
        "log",
        str(rid),
        "records",
        "--date",
        "2026-11-03",
        "--attach",
        "/proc/self/environ",
    )
    refused(result, 1, "--attach /proc/self/environ", "makes up when it is read")
    assert count_rows("attachment") == 0


def test_a_control_character_in_free_text_is_refused_naming_the_option(runner, directory, requester) -> None:
    # Before: stored, then printed raw by `request list --csv` (ESC [2J clears a terminal).
    result = invoke(runner, "request", "new", "--agency", LOCKPORT, *TOPIC, "--subject", "cams\x1b[2J")
    assert (
        result.exit_code == 1 and "--subject: holds the control character U+001B; remove it" in result.stderr
    )
    assert "\x1b" not in result.stderr and count_rows("request") == 0
