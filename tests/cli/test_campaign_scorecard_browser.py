"""The published scorecard in a real browser (Debian's chromium, headless; `.ci/run` installs it).

The page is loaded from disk as published; a copy carries a small harness script (after the page's
own) that clicks a column heading and writes what the browser saw into the DOM: the row order after
sorting and every resource the page loaded (`performance` entries: none may be fetched). chromium
runs with its network features off and prints the DOM; a screenshot is kept beside the page.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_campaign_scorecard import REF, _card, _history

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking")
HARNESS = """<script>
window.addEventListener("load", function () {
  var heads = document.querySelectorAll("#scores thead th");
  var col = Array.prototype.findIndex.call(heads, function (th) { return th.textContent === "COLUMN"; });
  for (var n = 0; n < CLICKS; n++) heads[col].querySelector("button").click();
  var order = Array.prototype.map.call(document.querySelectorAll("#scores tbody tr"),
    function (tr) { return tr.cells[0].textContent; });
  var loaded = performance.getEntriesByType("resource").map(function (e) { return e.name; });
  var out = document.createElement("pre"); out.id = "harness";
  out.textContent = JSON.stringify({order: order, loaded: loaded, sort: heads[col].getAttribute("aria-sort"),
    rows: document.querySelectorAll("#scores tbody tr").length,
    summary: document.getElementById("summary").textContent});
  document.body.appendChild(out);
});
</script>"""

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it)"),
]


def _chromium(*args: str) -> str:
    assert CHROMIUM is not None
    done = subprocess.run([CHROMIUM, *FLAGS, *args], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _clicked(page: Path, column: str, clicks: int) -> dict:
    """What the browser shows after `clicks` clicks on the heading `column` (2: descending)."""
    probe = page.with_name(f"probe-{clicks}.html")
    harness = HARNESS.replace("COLUMN", column).replace("CLICKS", str(clicks))
    probe.write_text(page.read_text().replace("</body>", harness + "</body>"))
    dom = _chromium("--virtual-time-budget=5000", "--dump-dom", probe.as_uri())
    found = re.search(r'<pre id="harness">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-2000:]
    return dict(json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&")))


def test_scorecard_in_a_real_browser(isolated: Path, runner, directory) -> None:
    _history(runner)
    card = _card(runner, isolated / "site", "2026-07-15")
    page = isolated / "site" / "cams-scorecard.html"
    seen = _clicked(page, "Days overdue", 2)  # descending: the most overdue first
    assert seen["loaded"] == []  # nothing fetched: no fonts, styles, scripts or images from anywhere
    assert seen["rows"] == len(card["items"]) == 3
    assert seen["sort"] == "descending"
    assert seen["order"][0] == REF[1]  # Niagara-Wheatfield, 23 days overdue, sorts first
    summary = card["summary"]
    assert f"{summary['sent']}requests sent{summary['answered on time']}answered on time" in seen["summary"]
    assert f"{summary['overdue']}overdue" in seen["summary"]
    shot = isolated / "site" / "scorecard.png"
    _chromium("--window-size=1200,1400", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri())
    assert shot.stat().st_size > 10_000


def test_a_date_column_sorts_by_date_with_empty_cells_last(isolated: Path, runner, directory) -> None:
    """Sorting by Acknowledged did nothing: the page compared parseFloat("2026-06-18"), 2026 for every date.
    Acknowledged 06-18 (first request), none (second), 06-25 (third)."""
    _history(runner)
    _card(runner, isolated / "site", "2026-07-15")
    page = isolated / "site" / "cams-scorecard.html"
    assert _clicked(page, "Acknowledged", 1)["order"] == [REF[0], REF[2], REF[1]]
    assert _clicked(page, "Acknowledged", 2)["order"] == [REF[2], REF[0], REF[1]]
