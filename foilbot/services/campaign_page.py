"""The published scorecard of a campaign: one self-contained HTML page, plus CSV and JSON (issue 12).

The page loads nothing (CSS and a small sorting script inline, the chart an inline SVG), reads fully
without its script, prints, and fits a phone; standing is shown by colour and by text, with colours
that pass WCAG AA contrast; the table has a caption and column headers; every column sorts.
"""

from __future__ import annotations

import html
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from foilbot.domain.text import printable
from foilbot.services.campaign_score import COLUMNS, DEFINITIONS, HEADINGS

if TYPE_CHECKING:
    from foilbot.services.campaign_score import CampaignCard

# Dark text on a light tint: every pair is above 7:1 (WCAG AA asks 4.5:1).
STANDING_CLASSES = {
    "answered on time": "ok",
    "answered late": "late",
    "answered": "ok",
    "overdue": "overdue",
    "waiting": "waiting",
}
CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #111;
  background: #fff; margin: 0 auto; padding: 1rem; max-width: 72rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.summary { display: flex; flex-wrap: wrap; gap: .5rem; padding: 0; list-style: none; }
.summary li { border: 1px solid #767676; border-radius: 4px; padding: .4rem .7rem; }
.summary strong { font-size: 1.25rem; display: block; }
.wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid #949494; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } th button { font: inherit; font-weight: bold; color: #111; background: none;
  border: 0; padding: 0; cursor: pointer; text-align: left; }
td.num { text-align: right; }
.ok { background: #dff3e0; color: #0b3d12; } .late { background: #fff1c9; color: #4d3600; }
.overdue { background: #fde2e1; color: #6e0b05; font-weight: bold; }
.waiting { background: #eeeeee; color: #222; }
dt { font-weight: bold; margin-top: .5rem; } dd { margin: 0 0 0 1rem; }
svg text { font: 11px sans-serif; fill: #111; }
@media print { body { max-width: none; font-size: 10pt; } .wrap { overflow: visible; } }
"""
SCRIPT = """
(function () {
  var table = document.getElementById("scores"); if (!table) return;
  var NUMBER = /^-?[0-9]+([.][0-9]+)?$/;
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    var b = document.createElement("button"); b.type = "button"; b.textContent = th.textContent;
    th.textContent = ""; th.appendChild(b);
    b.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, c) {
        var x = a.cells[i].getAttribute("data-sort"), y = c.cells[i].getAttribute("data-sort");
        if (x === "" || y === "") return x === y ? 0 : (x === "" ? 1 : -1);  // empty cells last
        // Numbers as numbers; anything else (an ISO date: parseFloat read 2026 of every one) as text.
        var r = (NUMBER.test(x) && NUMBER.test(y)) ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return asc ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
})();
"""


def escape(value: Any) -> str:
    """HTML-escaped, without control or bidi-override characters (an agency's name can hold ESC[2J)."""
    return html.escape(printable(str(value)))


def _cell(row: dict[str, Any], column: str) -> str:
    value = row[column]
    text = "" if value is None else str(value)
    key = text if column != "overdue_days" else str(value if value is not None else -1)
    cls = (
        STANDING_CLASSES.get(text, "") if column == "standing" else "num" if column == "overdue_days" else ""
    )
    attr = f' class="{cls}"' if cls else ""
    return f'<td{attr} data-sort="{escape(key)}">{escape(text)}</td>'


def _chart(card: CampaignCard) -> str:
    """Cumulative acknowledgments and answers over time, as an inline SVG with a text alternative."""
    points = card.timeline
    total = max(card.summary["sent"], 1)
    if not points:
        return "<p>No acknowledgment or answer recorded yet.</p>"
    from datetime import date

    width, height, pad = 640, 220, 36
    first = date.fromisoformat(points[0]["day"])
    span = max((date.fromisoformat(points[-1]["day"]) - first).days, 1)
    step = (width - 2 * pad) / span  # x is time: one step per calendar day

    def line(key: str) -> str:
        return " ".join(
            f"{pad + (date.fromisoformat(p['day']) - first).days * step:.1f},"
            f"{height - pad - p[key] / total * (height - 2 * pad):.1f}"
            for p in points
        )

    last = points[-1]
    desc = (
        f"From {points[0]['day']} to {last['day']}: {last['acknowledged']} acknowledged and "
        f"{last['answered']} answered, of {card.summary['sent']} sent."
    )
    return (
        f'<figure><svg viewBox="0 0 {width} {height}" width="100%" role="img" aria-labelledby="ct cd">'
        f'<title id="ct">Responses over time</title><desc id="cd">{escape(desc)}</desc>'
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#555"/>'
        f'<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{height - pad}" stroke="#555"/>'
        f'<text x="{pad}" y="{pad - 8}">{total} sent</text>'
        f'<text x="{pad}" y="{height - pad + 16}">{escape(points[0]["day"])}</text>'
        f'<text x="{width - pad}" y="{height - pad + 16}" text-anchor="end">{escape(last["day"])}</text>'
        f'<polyline fill="none" stroke="#1f5fa8" stroke-width="2.5" points="{line("acknowledged")}"/>'
        f'<polyline fill="none" stroke="#0b6b1f" stroke-width="2.5" stroke-dasharray="6 3" '
        f'points="{line("answered")}"/></svg>'
        f"<figcaption>{escape(desc)} Solid blue: acknowledged (not an answer). Dashed green: answered."
        "</figcaption></figure>"
    )


def to_html(card: CampaignCard) -> str:
    s = card.summary
    summary = "".join(
        f"<li><strong>{s[key]}</strong>{escape(label)}</li>"
        for key, label in (
            ("sent", "requests sent"),
            ("answered on time", "answered on time"),
            ("answered late", "answered late"),
            ("answered", "answered, no deadline in law"),
            ("overdue", "overdue"),
            ("waiting", "waiting, not yet due"),
            ("acknowledged", "acknowledged (not an answer)"),
        )
    )
    head = "".join(f'<th scope="col">{escape(HEADINGS[c])}</th>' for c in COLUMNS)
    body = "".join("<tr>" + "".join(_cell(r, c) for c in COLUMNS) + "</tr>" for r in card.rows)
    definitions = "".join(
        f"<dt>{escape(HEADINGS[k])}</dt><dd>{escape(v)}</dd>" for k, v in DEFINITIONS.items()
    )
    title = f"Campaign {card.name}: who answered, as of {card.as_of.isoformat()}"
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<h1>{escape(title)}</h1>"
        f"<p>Public-records requests of campaign <b>{escape(card.name)}</b> as things stood on "
        f'<time datetime="{card.as_of.isoformat()}">{card.as_of.isoformat()}</time>. An acknowledgment '
        "is not an answer.</p>"
        f'<h2>Summary</h2><ul class="summary" id="summary">{summary}</ul>'
        f"<h2>Responses over time</h2>{_chart(card)}"
        f'<h2>Every agency</h2><div class="wrap"><table id="scores"><caption>{len(card.rows)} '
        f"request(s), in campaign order; select a column heading to sort.</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
        f"<h2>Definitions</h2><dl>{definitions}</dl>"
        f"<p>Made with foilbot from the requester's records.</p>"
        f"<script>{SCRIPT}</script></body></html>\n"
    )


def to_csv(card: CampaignCard) -> str:
    from foilbot.csvsafe import write_dicts

    out = io.StringIO()
    write_dicts(out, COLUMNS, card.rows)
    return out.getvalue()


@dataclass(frozen=True)
class Written:
    html: Path
    csv: Path
    json: Path


def write(card: CampaignCard, out_dir: Path) -> Written:
    """NAME-scorecard.html, .csv and .json in `out_dir` (each written whole or not at all)."""
    from foilbot.domain.text import file_stem
    from foilbot.files import write_atomic

    stem = f"{file_stem(card.name)}-scorecard"  # never a path part, whatever name a database holds
    done = Written(out_dir / f"{stem}.html", out_dir / f"{stem}.csv", out_dir / f"{stem}.json")
    write_atomic(done.html, to_html(card))
    write_atomic(done.csv, to_csv(card))
    write_atomic(done.json, json.dumps({"version": 1, **card.as_dict()}, indent=2, ensure_ascii=False) + "\n")
    return done
