"""Letters sharing a body are laid out once and get their own top placed on it: same PDF (issue 12).

Every letter is compared with the same HTML laid out whole by a renderer that shares nothing: the
bytes, and (what a reader sees) the text with each piece's position, the page count and the metadata.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from foilbot.errors import ValidationError
from foilbot.render import LetterJob, RenderOptions
from foilbot.render.jobs import Worker
from foilbot.render.pdf import PdfRenderer, metadata_time
from foilbot.render.reuse import REUSE_STATS
from tests.pdf_positions import pieces
from tests.render.conftest import LOCKPORT, ny_request

EPOCH = "1795392000"  # 2026-11-23T00:00:00Z

AGENCIES = (
    LOCKPORT,
    replace(
        LOCKPORT, id="a2", name="NIAGARA-WHEATFIELD CENTRAL SCHOOL DISTRICT", address_lines=("5700 WEST ST",)
    ),
    # Another skeleton (an "Attn:" line): another template, laid out whole once.
    replace(LOCKPORT, id="a3", name="BARKER CENTRAL SCHOOL DISTRICT", records_officer="District Clerk"),
    replace(LOCKPORT, id="a4", name="Ünïcødé — “Quoted” District of the Town", address_lines=("1 A St",)),
    replace(LOCKPORT, id="a5", name="WILSON CENTRAL SCHOOL DISTRICT", records_officer="Business Office"),
    replace(LOCKPORT, id="a6", name="NEWFANE CENTRAL SCHOOL DISTRICT"),
)
REFERENCES = ("FOIL-2026-0001", "FOIL-2026-1111", "FOIL-2026-0420", "FOIL-2026-0007", "F-1", "FOIL-2026-0009")


@pytest.fixture(autouse=True)
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def _same_letter(shared: bytes, whole: bytes) -> None:
    one, other = PdfReader(io.BytesIO(shared)), PdfReader(io.BytesIO(whole))
    assert len(one.pages) == len(other.pages)
    assert one.metadata == other.metadata
    assert pieces(shared) == pieces(whole)
    assert shared == whole


def _renderers(worker: Worker, variant: str | None = None) -> tuple[PdfRenderer, PdfRenderer]:
    warm = worker.pdf()
    made = [
        PdfRenderer(roots=warm.roots, stylesheet=warm.stylesheet, pdf_variant=variant, share_bodies=share)
        for share in (True, False)
    ]
    return made[0], made[1]


def _html(worker: Worker, job: LetterJob) -> str:
    ctx = replace(job.context, created=metadata_time(job.context.created))
    return worker.letters.render_html(job.template, ctx)


def test_body_sharing_is_on_with_this_weasyprint() -> None:
    """Fails loudly when WeasyPrint's Document, Page or boxes move: re-check foilbot.render.reuse_body."""
    from foilbot.render.pdf import load_weasyprint
    from foilbot.render.reuse_body import body_api_matches

    load_weasyprint()
    assert body_api_matches()


@pytest.mark.parametrize("variant", [None, "pdf/a-3b"])
def test_campaign_letters_sharing_a_body_are_the_letters_a_whole_layout_gives(variant: str | None) -> None:
    worker = Worker(RenderOptions())
    shared, whole = _renderers(worker, variant)
    base = worker.letters.shipped_dir
    before = dict(REUSE_STATS)
    titles = set()
    for agency, reference in zip(AGENCIES, REFERENCES, strict=True):
        ctx = ny_request(reference=reference)
        html = _html(worker, LetterJob("request-ny-foil", replace(ctx, agency=agency)))
        one = shared.render(html, base)
        _same_letter(one, whole.render(html, base))
        metadata = PdfReader(io.BytesIO(one)).metadata
        assert metadata is not None and reference in (metadata.get("/Keywords") or "")
        titles.add(metadata.title)
        assert len(PdfReader(io.BytesIO(one)).pages) >= 2  # page 2 and its footer are compared too
    assert len(titles) == len(AGENCIES)  # each letter has its own title, from its own top
    # Two skeletons (with and without an "Attn:" line): two letters laid out whole; "F-1" makes a
    # narrower footer box (another geometry): whole too; the other three are placed.
    assert REUSE_STATS["bodies_laid"] - before["bodies_laid"] == 3
    assert REUSE_STATS["bodies_reused"] - before["bodies_reused"] == 3


def test_another_body_is_laid_out_whole_and_then_shared_too() -> None:
    worker = Worker(RenderOptions())
    shared, whole = _renderers(worker)
    base = worker.letters.shipped_dir
    short = replace(ny_request().request, topics=(), params={})
    before = dict(REUSE_STATS)
    for agency, reference in zip(AGENCIES[:2] * 2, REFERENCES, strict=False):
        ctx = ny_request(reference=reference)
        for request in (replace(short, reference=reference), ctx.request):
            html = _html(worker, LetterJob("request-ny-foil", replace(ctx, agency=agency, request=request)))
            _same_letter(shared.render(html, base), whole.render(html, base))
    assert REUSE_STATS["bodies_laid"] - before["bodies_laid"] == 2
    assert REUSE_STATS["bodies_reused"] - before["bodies_reused"] == 6


def test_an_address_cut_off_is_found_on_a_shared_body_too() -> None:
    worker = Worker(RenderOptions())
    job = LetterJob("request-ny-foil", ny_request())
    worker.content(job)  # the template
    long = replace(
        LOCKPORT,
        name="NIAGARA-WHEATFIELD CENTRAL SCHOOL DISTRICT OF THE TOWNS OF NIAGARA AND WHEATFIELD",
        records_officer="Jane Q. Public, District Clerk",
        address_lines=("ADMINISTRATION BUILDING", "5700 WEST ST", "SECOND FLOOR"),
    )
    with pytest.raises(ValidationError, match=r"\(nces-3617670\): the address does not fit"):
        worker.content(replace(job, context=replace(job.context, agency=long)))


BODY = "".join(
    f"<p class=n>Paragraph {n}: the agency shall make each record available for public inspection and "
    "copying, and a written answer within five business days of receipt of the request.</p>"
    for n in range(60)
)


def _letter(top_style: str, reference: str, extra_top: str = "", body_style: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>T {ref}</title>'
        "<style>@page { size: letter; margin: 1in; @bottom-left { content: string(r) } "
        "@bottom-right { content: counter(page) } } .ref { string-set: r content() }"
        f"{top_style}</style></head><body><header>Sender</header>{extra_top}"
        f'<p class="re">Re: a request<br><span class="ref">Reference: {reference}</span></p>'
        f"<div style='{body_style}'>{BODY}</div></body></html>"
    ).replace("{ref}", reference)


@pytest.mark.parametrize(
    ("case", "style", "extra", "reused"),
    [
        ("plain", "", "", True),
        # The top counts something the body shows: never shared (a counter could number it otherwise).
        ("counter", "header { counter-increment: c } .n::before { content: counter(c) }", "", False),
        ("list item", "", "<ol><li>one</li></ol>", False),
        ("float", "aside { float: right; height: 3in }", "<aside>note</aside>", False),
        ("absolute", "aside { position: absolute; top: 5in }", "<aside>note</aside>", False),
        # The top sets the footer's string twice: page 1 and the next pages would show different text.
        ("string twice", ".two { string-set: r 'other' }", "<div class=two>x</div>", False),
        # The body sets the footer's string too: its pages show the body's value.
        ("string in body", ".n:nth-child(40) { string-set: r 'body' }", "", False),
        ("first-except", "@page { @bottom-left { content: string(r, first-except) } }", "", False),
        (
            "running",
            "@page { @top-center { content: element(h) } } header { position: running(h) }",
            "",
            False,
        ),
    ],
)
def test_a_top_that_reaches_into_the_body_is_laid_out_whole(
    case: str, style: str, extra: str, reused: bool, tmp_path: Path
) -> None:
    worker = Worker(RenderOptions())
    shared, whole = _renderers(worker)
    before = REUSE_STATS["bodies_reused"]
    for reference in ("FOIL-2026-0001", "FOIL-2026-0002", "FOIL-2026-0003"):
        html = _letter(style, reference, extra)
        _same_letter(shared.render(html, tmp_path), whole.render(html, tmp_path))
    assert (REUSE_STATS["bodies_reused"] - before == 2) is reused, case


def test_a_top_of_another_height_is_laid_out_whole(tmp_path: Path) -> None:
    """A reference that wraps makes the Re paragraph taller: the body would move, so no reuse."""
    worker = Worker(RenderOptions())
    shared, whole = _renderers(worker)
    before = dict(REUSE_STATS)
    for reference in ("FOIL-1", "FOIL-2 " + "LONG " * 40, "FOIL-3"):
        html = _letter("", reference)
        _same_letter(shared.render(html, tmp_path), whole.render(html, tmp_path))
    assert REUSE_STATS["bodies_reused"] - before["bodies_reused"] == 1
    assert REUSE_STATS["bodies_laid"] - before["bodies_laid"] == 2


def test_a_letter_with_nothing_below_its_re_line_is_laid_out_whole_without_its_top_first(
    tmp_path: Path,
) -> None:
    """An appeal packet's cover page ends with its Re line: no body to share. The second cover finds
    that the first cannot be a template; from then on each is laid out once, whole (not its top,
    then the whole page again)."""
    from foilbot.render.pdf import Exhibit, _cover_html

    worker = Worker(RenderOptions())
    shared, whole = _renderers(worker)
    layouts = []
    for n in (1, 2, 3):
        html = _cover_html(
            Exhibit(f"Exhibit {n}", "Request dated November 23, 2026", b""), f"FOIL-2026-000{n}"
        )
        _same_letter(shared.render(html, tmp_path), whole.render(html, tmp_path))
        layouts.append(len(shared._bodies.unusable))
    assert layouts == [0, 1, 1]


def test_letters_that_share_no_body_are_laid_out_once_each(tmp_path: Path) -> None:
    """A batch of unrelated requests costs what it cost before sharing: one layout per letter."""
    from foilbot.render.reuse_body import SharedBodies

    worker = Worker(RenderOptions())
    shared, _ = _renderers(worker)
    shared._warm()
    bodies = SharedBodies()
    laid: list[str] = []

    def layout(html: str):  # noqa: ANN202
        laid.append(html)
        return _whole(shared, html, tmp_path)

    for n in range(4):
        bodies.render(
            _letter("", f"FOIL-{n}").replace("Paragraph", f"Part {n}"), str(tmp_path), layout, lambda: False
        )
    assert len(laid) == 4
    # The same body again: the first letter becomes the template (its top laid out), the new top too.
    bodies.render(_letter("", "FOIL-9").replace("Paragraph", "Part 3"), str(tmp_path), layout, lambda: False)
    assert len(laid) == 6 and all(h.endswith("</p></body></html>") for h in laid[4:])


def _whole(renderer: PdfRenderer, html: str, base: Path):  # noqa: ANN202
    from weasyprint import HTML

    return HTML(string=html, base_url=str(base) + "/", url_fetcher=renderer.fetcher).render(
        stylesheets=[renderer._css], font_config=renderer._font_config, counter_style=renderer._counters
    )


def test_a_signed_body_is_shared_with_its_image(tmp_path: Path) -> None:
    """The signature image sits in the body: each letter placed on the template embeds it again."""
    from foilbot.render.pdf import make_fetcher
    from tests.render.conftest import REQUESTER
    from tests.render.test_pdf import _png

    signed = replace(REQUESTER, signature=str(_png(tmp_path / "sig.png")))
    worker = Worker(RenderOptions())
    shared, whole = _renderers(worker)
    for renderer in (shared, whole):
        renderer.fetcher = make_fetcher(renderer.roots, [tmp_path / "sig.png"])
    base = worker.letters.shipped_dir
    before = REUSE_STATS["bodies_reused"]
    for agency, reference in zip(AGENCIES[:2] * 2, REFERENCES, strict=False):
        ctx = ny_request(reference=reference, requester=signed)
        html = _html(worker, LetterJob("request-ny-foil", replace(ctx, agency=agency)))
        one = shared.render(html, base)
        _same_letter(one, whole.render(html, base))
        assert b"/Subtype /Image" in one or b"/Subtype/Image" in one
    assert REUSE_STATS["bodies_reused"] - before == 3
