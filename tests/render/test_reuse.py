"""The reuse caches (line breaking, deflate) give the very bytes an uncached WeasyPrint gives (issue 12)."""

from __future__ import annotations

import zlib
from dataclasses import replace

import pytest

from foilbot.render import LetterJob, RenderOptions
from foilbot.render.jobs import Worker
from tests.render.conftest import LOCKPORT, ny_request

EPOCH = "1795392000"  # 2026-11-23T00:00:00Z

AGENCIES = (
    LOCKPORT,
    replace(LOCKPORT, id="a2", name="NIAGARA-WHEATFIELD CENTRAL SCHOOL DISTRICT", records_officer="Clerk"),
    replace(LOCKPORT, id="a3", name="Ünïcødé — “Quoted” District", address_lines=("1 A St", "Suite 2")),
)


@pytest.fixture(autouse=True)
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _jobs() -> list[LetterJob]:
    jobs = []
    for n, agency in enumerate(AGENCIES, 1):
        ctx = ny_request(reference=f"FOIL-2026-{n:04d}")
        jobs.append(LetterJob("request-ny-foil", replace(ctx, agency=agency), "pdf"))
    # A short letter (no topics: one page) between the long ones, and a long one again after it.
    jobs.append(
        replace(jobs[0], context=replace(jobs[0].context, request=replace(ctx.request, topics=(), params={})))
    )
    jobs.append(jobs[1])
    return jobs


# One paragraph's text in boxes that break it differently: widths, sizes, weights, spacing.
_SAME_TEXT = "The agency shall make each record available for public inspection and copying. " * 3
SAMPLE = (
    "".join(
        f'<div style="{style}"><p>{_SAME_TEXT}</p></div>'
        for style in (
            "width: 2in",
            "width: 4in",
            "width: 4in; font-size: 13pt",
            "width: 4in; font-weight: bold",
            "width: 4in; letter-spacing: 0.05em",
            "width: 4in; word-spacing: 3pt",
            "width: 4in; font-family: 'DejaVu Sans'",
            "width: 4in; white-space: nowrap",
            "width: 3in; hyphens: auto",
        )
    )
    + "<p>A glyph no font here has: \U00013000, twice: \U00013000; and one DejaVu has: \u2713</p>"
)


def _render_all(jobs: list[LetterJob]) -> list[bytes]:
    from foilbot.render import jobs as jobs_module

    jobs_module._RENDERERS.clear()  # a new renderer: new fonts and stylesheet
    worker = Worker(RenderOptions())
    out = []
    for job in jobs:
        data, _ = worker.content(job)
        assert isinstance(data, bytes)
        out.append(data)
    renderer = worker.pdf()
    out.append(
        renderer.render(f"<html lang=en><body>{SAMPLE}{SAMPLE}</body></html>", worker.letters.shipped_dir)
    )
    return out


def test_caches_are_installed_on_this_weasyprint() -> None:
    """Fails loudly when WeasyPrint's or pydyf's private API moves: re-check foilbot.render.reuse."""
    from foilbot.render import reuse, reuse_draw
    from foilbot.render.pdf import load_weasyprint

    load_weasyprint()
    assert reuse.install() == {"lines": True, "styles": True, "deflate": True}
    assert reuse_draw.install_draw_cache()


def test_cached_letters_are_byte_identical_to_uncached_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    import pydyf
    from weasyprint import css
    from weasyprint.draw import text as draw_text
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    from foilbot.render import reuse, reuse_body, reuse_draw

    jobs = _jobs()
    cached = _render_all(jobs)
    stats = reuse.REUSE_STATS
    assert stats["lines_reused"] > 0 and stats["drawn_reused"] > 0 and stats["deflate_reused"] > 0
    assert stats["styles_reused"] > 0 and stats["bodies_reused"] > 0
    # The same letters with WeasyPrint's own functions back in place (the font-subset cache stays).
    monkeypatch.setattr(inline, "split_first_line", line_break.split_first_line)
    monkeypatch.setattr(preferred, "split_first_line", line_break.split_first_line)
    monkeypatch.setattr(pydyf, "zlib", zlib)
    monkeypatch.setattr(
        css.StyleFor, "set_computed_styles", css.StyleFor.set_computed_styles._foilbot_original
    )
    original, reactivate, deactivate = draw_text.draw_first_line._foilbot_originals
    monkeypatch.setattr(draw_text, "draw_first_line", original)
    monkeypatch.setattr(line_break.Layout, "reactivate", reactivate)
    monkeypatch.setattr(line_break.Layout, "deactivate", deactivate)
    monkeypatch.delattr(line_break.Layout, "__getattr__")
    monkeypatch.setattr(reuse, "install", lambda: {})
    monkeypatch.setattr(reuse_draw, "install_draw_cache", lambda: False)
    monkeypatch.setattr(
        reuse_body.SharedBodies, "render", lambda self, html, base, layout, refused: layout(html)
    )
    plain = _render_all(jobs)
    assert [len(p) for p in cached] == [len(p) for p in plain]
    assert cached == plain
    assert cached[1] != cached[0]  # the letters really differ (address, reference)


def test_line_cache_refuses_a_function_that_reads_more_than_its_key() -> None:
    """A WeasyPrint that read another property while breaking lines would not get the cache."""
    import types

    from weasyprint.text import fonts, line_break

    from foilbot.render.reuse import line_api_matches

    assert line_api_matches(line_break, fonts)
    source = "def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):\n    return style['text_indent']\ndef deactivate(self): pass\n"
    module = types.ModuleType("fake_line_break")
    exec(compile(source, "<fake>", "exec"), module.__dict__)
    assert not line_api_matches(module, fonts)


def test_an_edited_template_or_stylesheet_is_read_again_in_the_same_process(tmp_path) -> None:  # noqa: ANN001
    """The process keeps compiled templates and the parsed stylesheet only while their files are unchanged."""
    import io
    import shutil

    from pypdf import PdfReader

    from foilbot.render import render_letter
    from foilbot.render.templates import shipped_templates_dir

    user = tmp_path / "letters"
    user.mkdir()
    shipped = shipped_templates_dir()
    template = user / "request-ny-foil.html.j2"
    shutil.copy(shipped / "request-ny-foil.html.j2", template)
    options = RenderOptions(user_dir=user)
    job = LetterJob("request-ny-foil", ny_request(), "text")
    assert "Under the New York Freedom" in str(render_letter(job, options).content)
    template.write_text(
        template.read_text().replace("Under the New York Freedom", "Under New York's Freedom")
    )
    assert "Under New York's Freedom" in str(render_letter(job, options).content)

    def page_size(pdf: object) -> tuple[float, float]:
        assert isinstance(pdf, bytes)
        box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        return round(float(box.width)), round(float(box.height))

    pdf_job = replace(job, fmt="pdf")
    assert page_size(render_letter(pdf_job, options).content) == (612, 792)  # US Letter
    css = (shipped / "letter.css").read_text()
    (user / "letter.css").write_text(css.replace("size: letter;", "size: A4;", 1))
    assert page_size(render_letter(pdf_job, options).content) == (595, 842)
