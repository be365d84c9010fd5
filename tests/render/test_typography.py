"""Typography of printed letters (issue 9), checked on the PDF's extracted text and page count: a
citation never breaks across lines, the closing never stands alone at the top of a page, and an appeal
packet's pages are numbered through the packet."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfReader

from foilbot.render import LetterJob, RenderOptions, render_letter
from tests.render.conftest import ny_request

WORDS = "word " * 3


def _lines(pdf: bytes) -> list[str]:
    return [
        re.sub(r"\s+", " ", line.replace("\u00a0", " ")).strip()
        for page in PdfReader(io.BytesIO(pdf)).pages
        for line in (page.extract_text() or "").splitlines()
    ]


def _pages(pdf: bytes) -> list[str]:
    return [
        " ".join((p.extract_text() or "").replace("\u00a0", " ").split())
        for p in PdfReader(io.BytesIO(pdf)).pages
    ]


def _template(folder: Path, body: str) -> RenderOptions:
    folder.mkdir(exist_ok=True)
    (folder / "typeset.html.j2").write_text(
        "{#- letter\nkind: request\ndescription: typesetting test\n-#}\n"
        '{% extends "_base.html.j2" %}{% block subject %}Typesetting{% endblock %}'
        "{% block body %}" + body + "{% endblock %}",
        encoding="utf-8",
    )
    return RenderOptions(user_dir=folder)


def test_a_citation_at_the_end_of_a_line_is_never_broken(tmp_path: Path) -> None:
    """Forty paragraphs move the citations one word further along the line each time, so every one of
    them meets the right margin somewhere. A no-break space after "§" alone let a line end at
    "§ 89(3)" and the next begin "(a)" (and "5 U.S.C. § 552(a)(6)(C)" / "(i)"). One comes from the
    law data (laws.yaml), as a template prints it."""
    paragraphs = "".join(
        f"<p>{'ab ' * i}{WORDS}under {{{{ law.response.citation }}}} and 5 U.S.C. § 552(a)(6)(C)(i), "
        "as Public Officers Law §§ 84-90 provide.</p>"
        for i in range(40)
    )
    options = _template(tmp_path / "templates", paragraphs)
    pdf = render_letter(LetterJob("typeset", ny_request(), "pdf"), options).content
    assert isinstance(pdf, bytes)
    lines = _lines(pdf)
    for citation in ("§ 89(3)(a)", "5 U.S.C. § 552(a)(6)(C)(i)", "§§ 84-90"):
        assert sum(line.count(citation) for line in lines) == 40, (citation, lines)
    # The law's whole citation is in the text 40 times (its words may wrap before the "§").
    assert " ".join(lines).count("N.Y. Pub. Off. Law § 89(3)(a)") == 40


def test_citations_in_the_shipped_letters_are_bound(tmp_path: Path) -> None:
    html = render_letter(LetterJob("request-ny-foil", ny_request(), "html")).content
    assert isinstance(html, str)
    assert '<span class="citation" style="white-space: nowrap">§\u00a089(3)(a)</span>' in html
    assert "<title>" in html and "citation" not in html.split("<body", 1)[0]


def test_the_closing_moves_with_the_last_lines_of_the_body(tmp_path: Path) -> None:
    """Short paragraphs are added one at a time until the letter needs a second page: the body then
    ends at the bottom of page 1, and "Sincerely," and the signature must not start page 2 alone."""
    seen = False
    for n in range(20, 40):
        body = "".join(f"<p>Line {i}.</p>" for i in range(n)) + "<p>LAST PARAGRAPH of the body.</p>"
        options = _template(tmp_path / f"t{n}", body)
        pdf = render_letter(LetterJob("typeset", ny_request(), "pdf"), options).content
        assert isinstance(pdf, bytes)
        pages = _pages(pdf)
        assert not pages[-1].startswith("Sincerely"), (n, pages[-1])
        if len(pages) == 2:
            assert pages[1].startswith(("LAST PARAGRAPH", "Line")), pages[1]
            assert "LAST PARAGRAPH of the body. Sincerely, Jane Q. Advocate" in pages[1]
            seen = True
            break
    assert seen, "no length reached a second page"


def test_a_word_longer_than_the_line_wraps_inside_the_margins() -> None:
    """A long URL as the subject (the Re: line and the first paragraph) ran off the right edge of the
    sheet and was cut: nothing let its 160 letters without a hyphen break (a line holds about 95)."""
    tail = "x" * 160
    url = f"https://www.example.gov/records/{tail}"
    pdf = render_letter(LetterJob("request-ny-foil", ny_request(subject=url), "pdf")).content
    assert isinstance(pdf, bytes)
    lines = _lines(pdf)
    assert not any(tail in line for line in lines)  # no line holds it whole
    assert "".join(lines).count(tail) >= 2  # it is all there, in the Re: line and the first paragraph


def test_the_html_letter_keeps_its_stylesheet_as_written() -> None:
    """`--html` inlines the stylesheet; autoescaping turned `"DejaVu Serif"` into `&#34;DejaVu Serif&#34;` and
    `section.topic > p` into `&gt;`, so a browser or WeasyPrint dropped those rules."""
    html = render_letter(LetterJob("request-ny-foil", ny_request(), "html")).content
    assert isinstance(html, str)
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    assert '"DejaVu Serif"' in style and "&#34;" not in style and "&gt;" not in style
