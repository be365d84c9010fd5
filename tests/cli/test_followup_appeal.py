"""Letters for saved requests through the CLI: the request, the follow-up and the appeal, from the history."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tests.cli.test_request import show
from tests.conftest import YEAR, invoke, new_request, ok

TOML = """
[requester]
name = "Ana Ruiz"
organization = "Western New York Education Counsel"
address = '''
100 Main Street
Buffalo, NY 14202'''
email = "aruiz@example.org"
"""


def flat(text: str) -> str:
    """Letters wrap at 76 columns; compare words, not line breaks."""
    return " ".join(text.split())


@pytest.fixture
def sent_request(isolated: Path, runner, directory) -> int:
    (isolated / "foilbot.toml").write_text(TOML)
    rid = new_request(
        runner, "nces-3617670", "--topic", "camera-locations", "--subject", "the District's cameras"
    )
    ok(invoke(runner, "request", "sent", str(rid), "--date", "2026-06-12", "--received", "2026-06-12"))
    return rid


def test_request_letter_text(runner, sent_request: int) -> None:
    text = flat(ok(invoke(runner, "request", "letter", str(sent_request), "--text")).stdout)
    assert "LOCKPORT CITY SCHOOL DISTRICT" in text and "130 BEATTIE AVE" in text
    assert f"FOIL-{YEAR}-0001" in text
    assert "five (5) business days" in text and "§ 89(3)(a)" in text
    assert "Ana Ruiz" in text


def test_followup_names_the_missed_deadline_and_records_a_draft(runner, sent_request: int) -> None:
    text = flat(ok(invoke(runner, "followup", str(sent_request), "--text", "--date", "2026-06-25")).stdout)
    assert "June 12, 2026" in text  # the request date
    assert "June 22, 2026" in text  # the acknowledgment deadline it missed
    assert "§ 89(3)(a)" in text
    kinds = [e["kind"] for e in show(runner, sent_request)["events"]]
    assert kinds == ["sent", "followup-drafted"]


def test_appeal_waits_for_a_denial_or_a_missed_deadline(runner, sent_request: int) -> None:
    early = invoke(runner, "appeal", str(sent_request), "--text", "--date", "2026-06-22")
    assert early.exit_code == 1
    assert "not due until 2026-06-22" in early.stderr
    text = flat(ok(invoke(runner, "appeal", str(sent_request), "--text", "--date", "2026-06-24")).stdout)
    assert "Committee on Open Government" in text
    assert "June 22, 2026" in text


def test_denial_appeal_quotes_exemptions_and_window_closes(isolated: Path, runner, sent_request: int) -> None:
    ok(
        invoke(
            runner,
            "request",
            "log",
            str(sent_request),
            "denied",
            "--date",
            "2026-07-01",
            "--exemption",
            "Public Officers Law § 87(2)(f)",
        )
    )
    text = flat(ok(invoke(runner, "appeal", str(sent_request), "--text", "--date", "2026-07-10")).stdout)
    assert "§ 87(2)(f)" in text
    assert "July 1, 2026" in text
    # 30 days from the 7/1 denial: Fri 7/31. On 8/3 the window has closed.
    closed = invoke(runner, "appeal", str(sent_request), "--text", "--date", "2026-08-03")
    assert closed.exit_code == 1
    assert "closed on 2026-07-31" in closed.stderr and "--force" in closed.stderr
    forced = ok(invoke(runner, "appeal", str(sent_request), "--text", "--date", "2026-08-03", "--force"))
    assert "closed on 2026-07-31" in forced.stderr


def test_appeal_packet_has_the_exhibits(isolated: Path, runner, sent_request: int) -> None:
    from pypdf import PdfReader

    ok(invoke(runner, "request", "log", str(sent_request), "denied", "--date", "2026-07-01"))
    denial = isolated / "denial.pdf"
    ok(
        invoke(runner, "letter", "--agency", "nces-3628050", "-t", "funding", "--out", str(denial))
    )  # any real PDF will do
    out = isolated / "packet.pdf"
    ok(
        invoke(
            runner,
            "appeal",
            str(sent_request),
            "--date",
            "2026-07-10",
            "--packet",
            str(denial),
            "--out",
            str(out),
        )
    )
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Exhibit A" in text and "Exhibit B" in text
    assert "STARPOINT" in text  # the denial PDF's pages are inside
    events = json.loads(ok(invoke(runner, "request", "show", str(sent_request), "--json")).stdout)["events"]
    assert events[-1]["kind"] == "appeal-drafted"


def test_batch_letters_for_a_campaign_all_or_resumable(isolated: Path, runner, directory) -> None:
    from pypdf import PdfReader

    (isolated / "foilbot.toml").write_text(TOML)
    for agency in ("nces-3617670", "nces-3628050", "nces-3620850"):
        new_request(runner, agency, "--campaign", "cams")
    new_request(runner, "nces-3605850")  # not in the campaign
    out = isolated / "letters"
    result = ok(invoke(runner, "request", "letters", "--campaign", "cams", "--out-dir", str(out)))
    assert "Wrote 3 letter(s)" in result.stdout
    files = sorted(p.name for p in out.iterdir())
    assert files == [f"FOIL-{YEAR}-0001.pdf", f"FOIL-{YEAR}-0002.pdf", f"FOIL-{YEAR}-0003.pdf"]
    text = PdfReader(str(out / f"FOIL-{YEAR}-0002.pdf")).pages[0].extract_text()
    assert "STARPOINT CENTRAL SCHOOL DISTRICT" in text
    again = ok(invoke(runner, "request", "letters", "--campaign", "cams", "--out-dir", str(out), "--resume"))
    assert "3 already there" in again.stdout


def test_private_college_warns_at_creation_and_needs_force(isolated: Path, runner, directory) -> None:
    (isolated / "foilbot.toml").write_text(TOML)
    created = ok(invoke(runner, "request", "new", "--agency", "ipeds-190415", "-t", "funding", "--json"))
    assert "not subject to the public-records law" in created.stderr
    rid = json.loads(created.stdout)["id"]
    refused = invoke(runner, "request", "letter", str(rid), "--text")
    assert refused.exit_code == 1 and "--force" in refused.stderr
    ok(invoke(runner, "request", "letter", str(rid), "--text", "--force"))


def test_a_followup_before_anything_is_late_is_refused(runner, sent_request: int) -> None:
    # Received Fri 6/12: the acknowledgment is due Mon 6/22 (Juneteenth skipped); on 6/22 nothing is late.
    early = invoke(runner, "followup", str(sent_request), "--text", "--date", "2026-06-22")
    assert early.exit_code == 1
    assert "nothing is late on 2026-06-22: the agency's acknowledgment is due 2026-06-22" in early.stderr
    assert "can be dated from 2026-06-23" in early.stderr
    assert ok(invoke(runner, "followup", str(sent_request), "--text", "--date", "2026-06-23")).stdout


@pytest.mark.parametrize("where", ["file", "/proc/foilbot-letters"])
def test_an_out_dir_that_cannot_be_a_folder_is_refused(
    runner, sent_request: int, isolated: Path, where: str
) -> None:
    target = isolated / "letters.pdf" if where == "file" else Path(where)
    if where == "file":
        target.write_bytes(b"%PDF- not a folder")
    result = invoke(runner, "request", "letters", "--status", "sent", "--out-dir", str(target))
    assert result.exit_code == 1
    assert f"--out-dir {target}: " in result.stderr and "unexpected" not in result.stderr


def test_an_appeal_dated_before_the_denial_is_refused_and_not_logged(runner, sent_request: int) -> None:
    ok(invoke(runner, "request", "log", str(sent_request), "denied", "--date", "2026-07-01"))
    early = invoke(runner, "appeal", str(sent_request), "--text", "--date", "2026-06-30", "--force")
    assert early.exit_code == 1 and "Traceback" not in early.stderr
    assert "an appeal dated 2026-06-30 would come before the denial it appeals (2026-07-01)" in early.stderr
    shown = json.loads(ok(invoke(runner, "request", "show", str(sent_request), "--json")).stdout)
    assert [e["kind"] for e in shown["events"]] == ["sent", "denied"]
