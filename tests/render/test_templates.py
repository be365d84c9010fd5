"""Rendering rules: escaping, missing values, parameters, overrides, checks, unverified rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from foilbot.errors import FoilbotError, TemplateError, UsageError
from foilbot.render import LetterJob, render_letter
from foilbot.render.check import check_templates
from foilbot.render.filters import number_words
from foilbot.render.templates import Letters, shipped_templates_dir
from foilbot.render.text import html_to_text
from tests.render.conftest import CORNELL, LOCKPORT, NY_HISTORY, REQUESTER, ny_request

EVIL = ['<img src="file:///etc/passwd">', "{{ 7*7 }}", "{% include '/etc/passwd' %}", "Smith & Sons <b>"]


@pytest.mark.parametrize("name", EVIL)
def test_agency_name_prints_literally_in_text_and_html(letters: Letters, name: str) -> None:
    ctx = ny_request(agency=replace(LOCKPORT, name=name))
    text = letters.render_text("request-ny-foil", ctx)
    assert f"\n{name}\n" in text  # the address line, exactly as given
    html = letters.render_html("request-ny-foil", ctx)
    assert name not in html.split("<body>")[1] or "<" not in name and "&" not in name
    assert "49" not in text.split("Dear")[0]  # {{ 7*7 }} was never evaluated


def test_control_and_bidi_characters_in_data_never_reach_a_letter(letters: Letters) -> None:
    # Issue 9: a right-to-left override in an agency's name reversed the letter's own words in the PDF,
    # and ESC[2J went into the text sent by email. Letters drop them; the stored name keeps them.
    ctx = ny_request(agency=replace(LOCKPORT, name="LOCKPORT \x1b[2J\u202eDSC\u202c SD\u2066x\u2069"))
    for rendered in (
        letters.render_text("request-ny-foil", ctx),
        letters.render_html("request-ny-foil", ctx),
    ):
        assert "LOCKPORT [2JDSC SDx" in rendered
        assert not any(c in rendered for c in "\x1b\u202e\u202c\u2066\u2069")


@pytest.mark.parametrize("raw", ["20261010", "2026-W40-1", "1900-01-01", "2026-13-01"])
def test_a_date_parameter_follows_the_one_date_rule(letters: Letters, raw: str) -> None:
    # Issue 9: `--param start=20261010` was taken as 10 October (date.fromisoformat reads basic format).
    ctx = ny_request(params={"start": raw})
    with pytest.raises(UsageError, match=f"--param start={raw}: not a date; use YYYY-MM-DD"):
        letters.render_text("request-ny-foil", ctx)


def test_topic_parameter_is_escaped(letters: Letters) -> None:
    ctx = ny_request(topics=("camera-locations",), params={"buildings": "<script>x</script>; {{ 7*7 }}"})
    html = letters.render_html("request-ny-foil", ctx)
    assert "&lt;script&gt;x&lt;/script&gt;; {{ 7*7 }}" in html
    assert "<script>x" in letters.render_text("request-ny-foil", ctx).replace("\n", " ")


def test_missing_requester_name_names_template_and_variable(letters: Letters) -> None:
    ctx = ny_request(requester=replace(REQUESTER, name=""))
    with pytest.raises(TemplateError) as err:
        letters.render_html("request-ny-foil", ctx)
    assert "request-ny-foil.html.j2" in err.value.message and "requester.name" in err.value.message


def test_undefined_variable_in_user_template_names_file_and_line(tmp_path: Path) -> None:
    user = tmp_path / "mine"
    user.mkdir()
    (user / "custom.html.j2").write_text(
        "{#- letter\nkind: request\ndescription: x\n-#}\n<p>{{ agency.name }}</p>\n<p>{{ agency.fax }}</p>\n"
    )
    with pytest.raises(TemplateError) as err:
        Letters(user).render_html("custom", ny_request())
    assert err.value.message.startswith("custom.html.j2:6: missing value")
    assert "fax" in err.value.message


def test_user_folder_overrides_topic_and_adds_new(tmp_path: Path) -> None:
    user = tmp_path / "letters"
    (user / "topics").mkdir(parents=True)
    (user / "topics" / "retention-periods.html.j2").write_text(
        "{#- topic\ntitle: Our own retention wording\n-#}\n<p>Only the schedule, please.</p>\n"
    )
    letters = Letters(user)
    info = letters.info("retention-periods", topic=True)
    assert (
        info.source == "user"
        and info.overrides == shipped_templates_dir().resolve() / "topics" / info.path.name
    )
    text = letters.render_text("request-ny-foil", ny_request(topics=("retention-periods",), params={}))
    assert "1. Our own retention wording" in text and "Only the schedule, please." in text
    assert "deletion logs" not in text


def test_unknown_topic_and_parameter_are_usage_errors(letters: Letters) -> None:
    with pytest.raises(UsageError, match="unknown topic 'facial-stuff'"):
        letters.render_text("request-ny-foil", ny_request(topics=("facial-stuff",)))
    with pytest.raises(UsageError, match="unknown parameter"):
        letters.render_text("request-ny-foil", ny_request(params={"colour": "red"}))
    with pytest.raises(UsageError, match="not a date"):
        letters.render_text("request-ny-foil", ny_request(params={"start": "last year"}))


def test_sandbox_refuses_python_internals(tmp_path: Path) -> None:
    (tmp_path / "evil.html.j2").write_text("{{ agency.__class__.__mro__ }}")
    with pytest.raises(TemplateError):
        Letters(tmp_path).render_html("evil", ny_request())


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{{ 1/0 }}", "custom.html.j2:5: the template failed while running: division by zero"),
        (
            "{% for i in range(10**9) %}x{% endfor %}",
            "custom.html.j2:5: the template failed while running: Range",
        ),
        (
            '{% include "custom.html.j2" %}',
            "custom.html.j2:5: the template failed while running: maximum recursion",
        ),
        ("{{ 'x' * 10**10 }}", "custom.html.j2:5: refused by the sandbox: a repeated text or list longer"),
        ("{{ [1] * 10**9 }}", "custom.html.j2:5: refused by the sandbox: a repeated text or list longer"),
        ("{{ 2 ** 100000 }}", "custom.html.j2:5: refused by the sandbox: a power larger than 1000"),
        ("{{ lipsum(10**7) }}", "custom.html.j2:5: missing value: 'lipsum' is undefined"),
    ],
)
def test_a_template_that_fails_or_runs_away_while_running(tmp_path: Path, body: str, message: str) -> None:
    # Issue 9: {{ 1/0 }} was "unexpected ZeroDivisionError"; 'x' * 10**10 filled the memory, hanging.
    (tmp_path / "custom.html.j2").write_text("{#- letter\nkind: request\ndescription: x\n-#}\n" + body + "\n")
    with pytest.raises(TemplateError) as err:
        Letters(tmp_path).render_html("custom", ny_request())
    assert err.value.message.startswith(message.split(": ")[0]) and message in err.value.message


def test_bounded_arithmetic_still_works(tmp_path: Path) -> None:
    (tmp_path / "custom.html.j2").write_text(
        "{#- letter\nkind: request\ndescription: x\n-#}\n{{ 2**10 }} {{ 'ab' * 3 }} {{ 3 * 'c' }}"
    )
    assert "1024 ababab ccc" in Letters(tmp_path).render_html("custom", ny_request())


def test_shipped_templates_check_clean(letters: Letters) -> None:
    assert [str(p) for p in check_templates(letters)] == []


def test_check_reports_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "topics").mkdir()
    bad = tmp_path / "topics" / "bad.html.j2"
    bad.write_text(
        "{#- topic\ntitle: Bad\nparams:\n  x: text | an x\n-#}\n<p>{{ params.y }}</p>\n"
        "<p>{{ nosuch }}</p>\n{% include 'topics/missing.html.j2' %}\n"
    )
    broken = tmp_path / "broken.html.j2"
    broken.write_text("{#- letter\nkind: request\ndescription: b\n-#}\n<p>\n{% if %}\n")
    problems = [str(p) for p in check_templates(Letters(tmp_path), [tmp_path])]
    assert f"{bad}:6: params.y is not declared in this file's front matter" in problems
    assert any(p.startswith(f"{bad}:7: undeclared variable 'nosuch'") for p in problems)
    assert f"{bad}:8: unknown topic 'missing'" in problems
    assert any(p.startswith(f"{broken}:6: syntax error") for p in problems)


def test_number_words() -> None:
    assert [number_words(n) for n in (5, 10, 20, 21, 30, 90)] == [
        "five",
        "ten",
        "twenty",
        "twenty-one",
        "thirty",
        "ninety",
    ]


def test_html_to_text_lists_quotes_and_entities() -> None:
    html = (
        '<p>A &amp; B &lt;x&gt;</p><ol class="items" type="a"><li>one</li><li>two</li></ol>'
        "<blockquote>quoted</blockquote><div class='pdf-only'>hidden</div>"
    )
    assert html_to_text(html) == "A & B <x>\n\n(a) one\n(b) two\n\n    quoted\n"


def test_private_college_needs_force() -> None:
    ctx = ny_request(agency=CORNELL)
    with pytest.raises(FoilbotError) as err:
        render_letter(LetterJob("request-ny-foil", ctx, "text"))
    assert "--force" in (err.value.hint or "")
    assert "Cornell University" in str(
        render_letter(LetterJob("request-ny-foil", ctx, "text", force=True)).content
    )


def test_unverified_period_is_omitted_and_warned() -> None:
    from foilbot.domain.laws import get_law

    law = get_law("NY")
    shaky = replace(law, response=replace(law.response, verified="partial"))
    result = render_letter(LetterJob("request-ny-foil", ny_request(law=shaky), "text"))
    assert "five (5) business days" not in str(result.content)
    assert any("response period" in w for w in result.warnings)
    late = replace(NY_HISTORY, due_verified="no")
    followup = render_letter(LetterJob("followup", ny_request(history=late), "text"))
    assert "October 8, 2026" not in str(followup.content)
    assert any("unverified" in w for w in followup.warnings)


def test_followup_names_request_date_deadline_and_citation() -> None:
    text = str(render_letter(LetterJob("followup", ny_request(history=NY_HISTORY), "text")).content)
    flat = " ".join(text.split())
    assert "On October 1, 2026, I sent the agency a request" in flat
    assert "Under N.Y. Pub. Off. Law § 89(3)(a), the agency's response was due by October 8, 2026." in flat


def test_a_new_york_followup_after_an_acknowledgment_says_what_was_owed() -> None:
    """Acknowledged with "a response by July 31": the letter said "the agency's response was due by July 17",
    as if contradicting the agency's own date. What § 89(3)(a) required by the 20th business day after the
    acknowledgment is a grant or denial, or a written reason and a date certain."""
    acked = replace(
        NY_HISTORY,
        acknowledged_on=date(2026, 6, 18),
        approximate_date=date(2026, 7, 31),
        due=date(2026, 7, 17),
        due_kind="determination",
    )
    flat = " ".join(
        str(render_letter(LetterJob("followup", ny_request(history=acked), "text")).content).split()
    )
    assert "said that it would respond by July 31, 2026" in flat
    assert (
        "by July 17, 2026 the agency had to grant or deny the request or, if it could not grant it in that time, "
        "state in writing why and give a date certain for granting it" in flat
    )
    assert "response was due by" not in flat


def test_appeals_refused_where_the_law_has_none() -> None:
    from tests.render.conftest import california_request

    ctx = replace(california_request(), history=NY_HISTORY)
    with pytest.raises(FoilbotError, match="no administrative appeal"):
        render_letter(LetterJob("appeal-constructive-denial", ctx, "text"))
    with pytest.raises(TemplateError, match="denied_on"):
        render_letter(LetterJob("appeal-denial", ny_request(history=NY_HISTORY), "text"))


def test_federal_appeal_mentions_ogis() -> None:
    from tests.render.conftest import federal_request

    ctx = replace(
        federal_request(),
        history=replace(NY_HISTORY, due=date(2026, 10, 29), due_citation="5 U.S.C. § 552(a)(6)(A)(i)"),
    )
    text = " ".join(str(render_letter(LetterJob("appeal-constructive-denial", ctx, "text")).content).split())
    assert "Office of Government Information Services (OGIS)" in text and "§ 552(h)(3)" in text
    assert "deemed to have exhausted" in text and "Committee on Open Government" not in text


def _outside(tmp_path: Path) -> Path:
    secret = tmp_path / "outside"
    secret.mkdir()
    (secret / "pw.html.j2").write_text("root:x:0:0:SECRET-CONTENT\n")
    return secret


def test_include_through_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    user = tmp_path / "letters"
    user.mkdir()
    (user / "sub").symlink_to(_outside(tmp_path))
    (user / "etc").symlink_to("/etc")
    (user / "leak.html.j2").write_text('<p>{% include "sub/pw.html.j2" %}</p>')
    (user / "passwd.html.j2").write_text('<p>{% include "etc/passwd" %}</p>')
    for name, shown in (("leak", "sub/pw.html.j2"), ("passwd", "etc/passwd")):
        with pytest.raises(TemplateError, match="outside the templates folder") as err:
            Letters(user).render_html(name, ny_request())
        assert err.value.message.startswith(f"{shown}: resolves to ")
        assert "SECRET-CONTENT" not in err.value.message and "root:" not in err.value.message


def test_template_or_stylesheet_linked_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    user = tmp_path / "letters"
    user.mkdir()
    (user / "linked.html.j2").symlink_to(_outside(tmp_path) / "pw.html.j2")
    with pytest.raises(TemplateError, match="linked.html.j2: resolves to .*outside the templates folder"):
        Letters(user).render_text("linked", ny_request())
    (user / "letter.css").symlink_to(tmp_path / "outside" / "pw.html.j2")
    with pytest.raises(TemplateError, match="letter.css: resolves to"):
        Letters(user).render_html("request-ny-foil", ny_request(), inline_css=True)


def test_link_inside_the_folder_still_works(tmp_path: Path) -> None:
    user = tmp_path / "letters"
    (user / "parts").mkdir(parents=True)
    (user / "parts" / "greeting.html.j2").write_text("<p>Hello {{ agency.name }}</p>")
    (user / "alias").symlink_to(user / "parts")
    (user / "hello.html.j2").write_text('{% include "alias/greeting.html.j2" %}')
    assert "Hello LOCKPORT CITY SCHOOL DISTRICT" in Letters(user).render_text("hello", ny_request())


def test_check_reports_links_out_of_the_folder(tmp_path: Path) -> None:
    user = tmp_path / "letters"
    user.mkdir()
    (user / "sub").symlink_to(_outside(tmp_path))
    (user / "leak.html.j2").write_text(
        '{#- letter\nkind: request\ndescription: x\n-#}\n<p>{% include "sub/pw.html.j2" %}</p>\n'
    )
    (user / "linked.html.j2").symlink_to(tmp_path / "outside" / "pw.html.j2")
    problems = [str(p) for p in check_templates(Letters(user))]
    assert any(
        p.startswith(f"{user / 'leak.html.j2'}:5: includes sub/pw.html.j2: resolves to ") for p in problems
    )
    assert any(p.startswith(f"{user / 'linked.html.j2'}:1: linked.html.j2: resolves to ") for p in problems)
    assert not any("SECRET-CONTENT" in p for p in problems)
