"""The agency scorecard, checked against a small case history worked out by hand.

Rules behind the hand counts: N.Y. Pub. Off. Law § 89(3)(a) (grant, deny or acknowledge within 5 business
days of receipt; an acknowledgment is not an answer: the determination follows, 20 business days after it
when it gives no date), § 89(4)(a)
(an appeal is decided within 10 business days of receipt), N.Y. Gen. Constr. Law § 24 (Juneteenth
Fri 6/19/2026 is a holiday; Fri 7/3/2026 is not, the Saturday July 4th is not moved); 5 U.S.C.
§ 552(a)(6)(A)(i) (20 working days to determine; an acknowledgment is not a determination),
5 U.S.C. § 6103 (6/19 and the observed Fri 7/3 are holidays).

Every request below is received Fri 2026-06-12 (the day sent), so:
- New York acknowledgment due Mon 6/22: 6/15 (1), 6/16 (2), 6/17 (3), 6/18 (4), [6/19], 6/22 (5).
  Starpoint was closed Mon 6/15 (storm): its due date is Tue 6/23: 6/16-6/18 (3), 6/22 (4), 6/23 (5).
- Federal determination due Tue 7/14: 6/15-18 (4), 6/22-26 (9), 6/29-7/2 (13), [7/3], 7/6-10 (18),
  7/13 (19), 7/14 (20).
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest

from tests.conftest import current_settings

LOCKPORT = "nces-3617670"
STARPOINT = "nces-3628050"
USED = "us-department-of-education"
BUFFALO = "nces-3605850"
WHEATFIELD = "nces-3620850"
TODAY = date(2026, 11, 1)
JUNE_12 = date(2026, 6, 12)


@pytest.fixture
def session(directory):
    from foilbot.cli.common import database_url
    from foilbot.storage import session_scope

    with session_scope(database_url()) as s:
        yield s


def new(session, agency: str, campaign: str | None = "cams") -> int:
    from foilbot.services.requests import create_request

    now = datetime(2026, 6, 10, tzinfo=timezone.utc)
    return create_request(session, agency, topics=["retention-periods"], campaign=campaign, now=now).id


def log(session, rid: int, kind: str, day: date, **data: Any) -> int:
    from foilbot.services.events import log_event

    return log_event(session, rid, kind, day, today=TODAY, data=data, settings=current_settings()).event_id


def sent(session, agency: str, campaign: str | None = "cams") -> int:
    rid = new(session, agency, campaign)
    log(session, rid, "sent", JUNE_12, via="email", received=JUNE_12)
    return rid


@pytest.fixture
def history(session):
    """The campaign 'cams' (hand counts in the comments), plus a request outside it and a draft."""
    from foilbot.services.events import unlog_event
    from foilbot.services.requests import add_closure

    # Lockport (NY), acknowledgment due Mon 6/22.
    a = sent(session, LOCKPORT)
    log(session, a, "acknowledged", date(2026, 6, 22))  # on the due date: on time; 5 business days
    sent(session, LOCKPORT)  # B: silent; overdue from 6/23
    c = sent(session, LOCKPORT)
    log(session, c, "denied", date(2026, 6, 23))  # a day late; 6 business days (6/15-18, 6/22, 6/23)
    # Appeal received Wed 7/1; decision due 10 business days later: 7/2 (1), 7/3 (2), 7/6-10 (7),
    # 7/13 (8), 7/14 (9), 7/15 (10): Wed 7/15. Overdue from 7/16.
    log(session, c, "appealed", date(2026, 7, 1), received="2026-07-01")
    d = sent(session, LOCKPORT)
    wrong = log(session, d, "records", date(2026, 6, 16))  # logged by mistake, then removed:
    unlog_event(session, d, wrong, settings=current_settings(), today=TODAY)  # D is silent, overdue from 6/23

    # Starpoint (NY), closed Mon 6/15: acknowledgment due Tue 6/23.
    add_closure(session, STARPOINT, date(2026, 6, 15), "storm", settings=current_settings())
    e = sent(session, STARPOINT)
    log(session, e, "records", date(2026, 6, 16))  # on time; 1 business day (6/15 closed)
    f = sent(session, STARPOINT)
    # Late; business days 6/16-18 (3), 6/22-26 (8), 6/29 (9) = 9. A partial release waits on the
    # requester (appeal window), so nothing of the agency's is overdue.
    log(session, f, "partial", date(2026, 6, 29))

    # U.S. Department of Education (federal), determination due Tue 7/14.
    g = sent(session, USED)
    log(session, g, "acknowledged", date(2026, 6, 15))  # not a determination under FOIA
    log(session, g, "records", date(2026, 7, 14))  # on the due date: on time; 20 business days
    sent(session, USED)  # H: silent; overdue from 7/15

    new(session, BUFFALO)  # a draft: not sent, not counted, Buffalo not listed
    sent(session, WHEATFIELD, campaign=None)  # outside the campaign
    session.commit()
    return session


def rows(card) -> dict[str, tuple]:
    return {
        s.agency_id: (s.sent, s.acknowledged, s.answered, s.on_time, s.overdue, s.median_days, s.appeals)
        for s in card.agencies
    }


def test_campaign_scorecard_by_hand(history) -> None:
    from foilbot.services.report import agency_scores

    card = agency_scores(history, date(2026, 7, 15), campaign="cams", settings=current_settings())
    # As of Wed 7/15: Lockport B and D (due 6/22) overdue, C's appeal decision is due that very day
    # (not late); A's determination is due 20 business days after its acknowledgment of Mon 6/22:
    # 6/23-26 (4), 6/29-7/3 (9, July 3 a business day in New York), 7/6-10 (14), 7/13-17 (19), Mon 7/20 (20),
    # so not yet late; federal H (due 7/14) overdue.
    # Lockport: sent 4, acknowledged A, answered only C (A's acknowledgment is not an answer), C's denial
    # a day after the 5-day deadline it had to meet: none on time; median 6; one appeal (C).
    # Starpoint: sent 2, answered 2, on time E, median of 1 and 9 = 5.
    # Federal: sent 2, acknowledged G, answered G (20 business days, on the due date), H overdue.
    assert rows(card) == {
        LOCKPORT: (4, 1, 1, 0, 2, 6, 1),
        USED: (2, 1, 1, 1, 1, 20, 0),
        STARPOINT: (2, 0, 2, 1, 0, 5, 0),
    }
    assert [s.agency_id for s in card.agencies] == [LOCKPORT, USED, STARPOINT]  # most overdue first
    assert card.agencies[0].agency == "LOCKPORT CITY SCHOOL DISTRICT"
    assert card.agencies[0].jurisdiction == "NY"
    # Total: 8 sent; acknowledged A, G; answered C, E, F, G; on time E, G; overdue B, D, H; median of
    # [1, 6, 9, 20] = 7.5; one appeal.
    total = card.total
    assert (
        total.sent,
        total.acknowledged,
        total.answered,
        total.on_time,
        total.overdue,
        total.median_days,
        total.appeals,
    ) == (8, 2, 4, 2, 3, 7.5, 1)

    # A day later C's appeal decision (due 7/15) is overdue too.
    later = agency_scores(history, date(2026, 7, 16), campaign="cams", settings=current_settings())
    assert rows(later)[LOCKPORT][4] == 3
    # On 6/22 nothing is overdue yet: the New York acknowledgments are due that day.
    assert [
        s.overdue
        for s in agency_scores(
            history, date(2026, 6, 22), campaign="cams", settings=current_settings()
        ).agencies
    ] == [
        0,
        0,
        0,
    ]


def test_without_campaign_every_agency_with_a_sent_request(history) -> None:
    from foilbot.services.report import agency_scores

    card = agency_scores(history, date(2026, 7, 15), settings=current_settings())
    # Niagara-Wheatfield: one silent request, overdue since 6/23.
    assert rows(card)[WHEATFIELD] == (1, 0, 0, 0, 1, None, 0)
    assert BUFFALO not in rows(card)
    assert card.total.sent == 9
    assert (
        agency_scores(history, date(2026, 7, 15), campaign="other", settings=current_settings()).agencies
        == []
    )


def test_json_shape_and_definitions(history) -> None:
    from foilbot.services.report import COLUMNS, agency_scores

    data = agency_scores(history, date(2026, 7, 15), campaign="cams", settings=current_settings()).as_dict()
    assert list(data) == ["as_of", "campaign", "definitions", "agencies", "total"]
    assert (data["as_of"], data["campaign"]) == ("2026-07-15", "cams")
    assert set(data["definitions"]) == set(COLUMNS)
    assert all(list(row) == list(COLUMNS) for row in data["agencies"])
    assert data["total"]["agency"] == "All agencies"


def test_text_and_html_renderings(history) -> None:
    from foilbot.services.report import agency_scores, to_html, to_text

    card = agency_scores(history, date(2026, 7, 15), campaign="cams", settings=current_settings())
    text = to_text(card)
    lines = text.splitlines()
    assert lines[0] == "Agency scorecard — cams, as of 2026-07-15"
    assert lines[2].split("  ")[0] == "agency"
    lockport = next(line for line in lines if line.startswith("LOCKPORT"))
    assert lockport.split()[-7:] == ["4", "1", "1", "0", "2", "6", "1"]
    assert next(line for line in lines if line.startswith("All agencies")).split()[-7:] == [
        "8",
        "2",
        "4",
        "2",
        "3",
        "7.5",
        "1",
    ]
    assert "Definitions:" in lines
    assert any(line.startswith("- median business days to first response: Median") for line in lines)

    page = to_html(card)
    assert '<td class="n">7.5</td>' in page
    assert "<tfoot><tr><td>All agencies</td>" in page
    assert "<dt>answered on time</dt>" in page


def test_an_answer_within_a_written_extension_is_on_time(session) -> None:
    """5 U.S.C. § 552(a)(6)(B)(i): a written notice extends the 20 working days by up to 10 more. The
    Department, due Tue 7/14, extends on Fri 7/10 to Fri 7/24 (within the 10 working days: 7/15-17 (3),
    7/20-24 (8)) and releases the records on 7/24: on time. The original due date is not the measure."""
    from sqlalchemy import text

    from foilbot.services.report import agency_scores

    rid = sent(session, USED)
    log(session, rid, "extended", date(2026, 7, 10), until="2026-07-24")
    log(session, rid, "records", date(2026, 7, 24))
    session.commit()
    stored = session.execute(
        text("SELECT kind, due, met_on FROM deadline WHERE request_id = :r AND party = 'agency'"), {"r": rid}
    ).all()
    assert [(k, str(due), str(met)) for k, due, met in stored] == [
        ("determination", "2026-07-14", "2026-07-10"),  # met by the extension notice
        ("extended_determination", "2026-07-24", "2026-07-24"),
    ]
    card = agency_scores(session, date(2026, 8, 1), campaign="cams", settings=current_settings())
    assert rows(card)[USED][2:4] == (1, 1)  # answered, and on time
