"""A campaign by post through the CLI: labels, envelopes, mail log, one PDF, article numbers (issue 12)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests.conftest import YEAR, invoke, ok

TOML = """
[requester]
name = "Ana Ruiz"
address = '''
100 Main Street
Buffalo, NY 14202'''
email = "aruiz@example.org"
"""
NEW = ("campaign", "new", "cams", "--topic", "retention-periods", "--filter", "county=Niagara")
DISTRICTS = ("--filter", "kind=school_district")
LONG = (
    "nys-long,NIAGARA-WHEATFIELD CENTRAL SCHOOL DISTRICT OF THE TOWNS OF NIAGARA WHEATFIELD AND LEWISTON,"
    'school_district,NY,true,Jane Q. Public,,"ADMINISTRATION BUILDING ROOM 104\n5700 WEST ST",SANBORN,NY,14132,'
    "Niagara County,,,,test,,\n"
)


def _pdf(path: Path):
    from pypdf import PdfReader

    return PdfReader(str(path))


def test_mailing_kit_in_campaign_order(isolated: Path, runner, directory) -> None:
    (isolated / "foilbot.toml").write_text(TOML)
    ok(invoke(runner, *NEW, *DISTRICTS))
    out = isolated / "mail"
    result = ok(invoke(runner, "campaign", "mailing", "cams", "--out", str(out)))
    assert f"Wrote {out / 'cams-labels.pdf'}" in result.stdout
    labels = _pdf(out / "cams-labels.pdf")
    assert len(labels.pages) == 1
    text = labels.pages[0].extract_text()
    order = [text.index(n) for n in ("LOCKPORT CITY", "NIAGARA-WHEATFIELD", "STARPOINT")]
    assert order == sorted(order)
    envelopes = _pdf(out / "cams-envelopes.pdf")
    assert len(envelopes.pages) == 3
    assert (
        "Ana Ruiz" in envelopes.pages[0].extract_text()
        and "130 BEATTIE AVE" in envelopes.pages[0].extract_text()
    )
    rows = list(csv.DictReader((out / "cams-mail-log.csv").read_text().splitlines()))
    assert [r["reference"] for r in rows] == [f"FOIL-{YEAR}-000{n}" for n in (1, 2, 3)]
    assert rows[0]["address"] == "LOCKPORT CITY SCHOOL DISTRICT; 130 BEATTIE AVE; LOCKPORT, NY 14094"
    assert f"FOIL-{YEAR}-0003" in _pdf(out / "cams-mail-log.pdf").pages[0].extract_text()


def test_article_numbers_from_a_csv_are_recorded_and_logged(isolated: Path, runner, directory) -> None:
    (isolated / "foilbot.toml").write_text(TOML)
    ok(invoke(runner, *NEW, *DISTRICTS))
    numbers = isolated / "articles.csv"
    numbers.write_text(f"reference,article_number\nFOIL-{YEAR}-0001,9407 1112 0620 1234 5678 90\n")
    bad = isolated / "bad.csv"
    bad.write_text("reference,article_number\nFOIL-1999-0001,1\n")
    refused = invoke(runner, "campaign", "sent", "cams", "--date", "2026-03-02", "--tracking-from", str(bad))
    assert refused.exit_code == 1 and "FOIL-1999-0001 is not a request of campaign 'cams'" in refused.stderr
    ok(invoke(runner, "campaign", "sent", "cams", "--date", "2026-03-02", "--tracking-from", str(numbers)))
    items = json.loads(ok(invoke(runner, "campaign", "show", "cams", "--format", "json")).stdout)["items"]
    assert [i["tracking"] for i in items] == ["9407 1112 0620 1234 5678 90", None, None]
    ok(invoke(runner, "campaign", "mailing", "cams", "--out", "mail"))
    rows = list(csv.DictReader((isolated / "mail" / "cams-mail-log.csv").read_text().splitlines()))
    assert (rows[0]["sent_on"], rows[0]["via"], rows[0]["article_number"]) == (
        "2026-03-02",
        "mail",
        "9407 1112 0620 1234 5678 90",
    )


def test_one_pdf_of_the_campaign_is_duplex_safe(isolated: Path, runner, directory) -> None:
    (isolated / "foilbot.toml").write_text(TOML)
    ok(invoke(runner, *NEW, *DISTRICTS))
    ok(invoke(runner, "campaign", "letters", "cams", "--out", "letters", "--one-pdf", "all.pdf"))
    counts = [len(_pdf(p).pages) for p in sorted((isolated / "letters").iterdir())]
    combined = _pdf(isolated / "all.pdf")
    assert len(combined.pages) == sum(n + n % 2 for n in counts)
    starts = [0]
    for n in counts[:-1]:
        starts.append(starts[-1] + n + n % 2)
    firsts = [combined.pages[i].extract_text() for i in starts]
    assert [f"FOIL-{YEAR}-000{n}" in t for n, t in enumerate(firsts, 1)] == [True] * 3


def test_an_address_that_does_not_fit_the_window_is_an_error_naming_the_agency(
    isolated: Path, runner, directory
) -> None:
    (isolated / "foilbot.toml").write_text(TOML)
    extra = isolated / "extra.csv"
    extra.write_text(directory.read_text().splitlines()[0] + "\n" + LONG)
    ok(invoke(runner, "agency", "import", str(extra)))
    ok(invoke(runner, "campaign", "new", "cams", "--topic", "retention-periods", "--agencies", str(extra)))
    letters = invoke(runner, "campaign", "letters", "cams", "--out", "letters")
    assert letters.exit_code == 1
    assert "NIAGARA-WHEATFIELD CENTRAL SCHOOL DISTRICT OF THE TOWNS" in letters.stderr
    assert "(nys-long): the address does not fit the window of a #10 envelope" in letters.stderr
    single = invoke(runner, "request", "letter", f"FOIL-{YEAR}-0001", "--out", "one.pdf")
    assert single.exit_code == 1 and "does not fit the window" in single.stderr
    assert not (isolated / "one.pdf").exists()
    mailing = invoke(runner, "campaign", "mailing", "cams", "--out", "mail")
    assert mailing.exit_code == 1 and "(nys-long): the address does not fit the label" in mailing.stderr


def test_a_mixed_campaign_posts_only_what_was_not_emailed(isolated: Path, runner, directory) -> None:
    """Email where there is an address, post for the rest: letters and the mailing printed every request
    of the campaign, so an agency already emailed was posted the request again, and a draft withdrawn
    before filing was printed too. Both now leave those out and say which."""
    (isolated / "foilbot.toml").write_text(TOML)
    ok(invoke(runner, *NEW, *DISTRICTS))
    first, second, third = (f"FOIL-{YEAR}-000{n}" for n in (1, 2, 3))
    ok(invoke(runner, "request", "sent", first, "--date", "2026-03-02", "--via", "email"))
    ok(invoke(runner, "request", "log", second, "withdrawn", "--date", "2026-03-02"))
    letters = ok(invoke(runner, "campaign", "letters", "cams", "--out", str(isolated / "letters")))
    assert sorted(p.name for p in (isolated / "letters").iterdir()) == [f"{third}.pdf"]
    assert f"Not by post, not printed: {first} (sent by email), {second} (withdrawn)." in letters.stderr
    mailing = ok(invoke(runner, "campaign", "mailing", "cams", "--out", str(isolated / "mail")))
    assert "1 addressee(s)" in mailing.stderr and f"{first} (sent by email)" in mailing.stderr
    rows = list(csv.DictReader((isolated / "mail" / "cams-mail-log.csv").read_text().splitlines()))
    assert [r["reference"] for r in rows] == [third]
    ok(invoke(runner, "campaign", "sent", "cams", "--date", "2026-03-03", "--via", "mail"))
    again = list(csv.DictReader(_log(runner, isolated)))
    assert [(r["reference"], r["via"]) for r in again] == [(third, "mail")]  # the post's own record


def _log(runner, isolated: Path) -> list[str]:
    ok(invoke(runner, "campaign", "mailing", "cams", "--out", str(isolated / "mail2")))
    return (isolated / "mail2" / "cams-mail-log.csv").read_text().splitlines()
