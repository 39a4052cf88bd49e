"""The compare and timeline pages in headless Chromium: what renders, where the charts draw, no loads.

The pages carry no script and a Content-Security-Policy that forbids every load. A probe
script is added to a copy (its policy widened for that script alone) and reports the rows,
the charts' geometry, console errors and policy violations as JSON in the DOM, which
``--dump-dom`` prints. Screenshots are kept in pytest's temporary directory. Skipped when no
Chromium is installed (Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

import pytest
from briefs import ai, brief, guide, kpi
from browser import CHROMIUM, chromium

from summarizer.compare import build_timeline, by_words
from summarizer.render import change as change_view
from summarizer.render import timeline as timeline_view

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
B = 1e9
HOSTILE = '<img src="https://example.invalid/x.png" onerror="window.__pwned=1"><script>window.__pwned=2</script>'

_PROBE = """<script>
window.__probe = { errors: [], csp: [] };
window.addEventListener("error", function (e) { window.__probe.errors.push(String(e.message)); });
window.addEventListener("securitypolicyviolation", function (e) { window.__probe.csp.push(e.blockedURI + " " + e.violatedDirective); });
window.addEventListener("load", function () {
  function all(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }
  function box(e) { var r = e.getBoundingClientRect(); return { x: r.left, y: r.top, w: r.width, h: r.height }; }
  var out = {
    tables: all("table").map(function (t) { return { id: t.id, lines: t.querySelectorAll("tr.line").length || t.querySelectorAll("tbody tr").length }; }),
    verdicts: all("td.verdict").map(function (e) { return [e.textContent, getComputedStyle(e).color]; }),
    quotes: all("blockquote").length,
    charts: all("svg.chart").map(box),
    bands: all("rect.band").map(function (e) { return { box: box(e), title: e.querySelector("title").textContent }; }),
    actuals: all("circle.actual").map(function (e) { return { box: box(e), title: e.querySelector("title").textContent }; }),
    resources: performance.getEntriesByType("resource").length,
    images: document.images.length,
    scripts: document.scripts.length,
    pwned: window.__pwned === undefined ? null : window.__pwned,
    errors: window.__probe.errors, csp: window.__probe.csp
  };
  var pre = document.createElement("pre"); pre.id = "probe-result"; pre.hidden = true;
  pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
});
</script>"""


def _probe(page: str, tmp_path: Path, name: str) -> dict[str, Any]:
    assert "<script" not in page.split("</title>", 1)[1].replace("&lt;script", "")  # the page itself runs nothing
    assert change_view.PAGE_CSP in page
    widened = page.replace(change_view.PAGE_CSP, change_view.PAGE_CSP + "; script-src 'unsafe-inline'", 1)
    probed = widened.replace("</title>", "</title>" + _PROBE, 1)
    path = tmp_path / f"{name}.html"
    path.write_text(probed, encoding="utf-8")
    chromium(
        tmp_path,
        "--window-size=1200,1400",
        f"--screenshot={tmp_path / (name + '.png')}",
        (tmp_path / f"{name}.html").as_uri(),
    )
    done = chromium(tmp_path, "--window-size=1200,1400", "--virtual-time-budget=3000", "--dump-dom", path.as_uri())
    match = re.search(r'<pre id="probe-result"[^>]*>(.*?)</pre>', done.stdout, re.DOTALL)
    assert match, f"no probe result; chromium exited {done.returncode}: {done.stderr[-2000:]}"
    return json.loads(html.unescape(match.group(1)))


def test_change_page(tmp_path: Path) -> None:
    prev = brief(
        "2031Q1",
        kpis=[kpi("revenue", 2.0 * B, "$2.0 billion", key="revenue", period="2031Q1")],
        guidance=[
            guide("revenue", 2.1 * B, 2.2 * B, key="revenue", period="2031Q2"),
            guide("free cash flow", 1.0 * B, 1.2 * B, key="free_cash_flow", period="FY2031"),
        ],
        ai_points=[ai("An assistant that plans routes for warehouse robots", "ai1")],
    )
    cur = brief(
        "2031Q2",
        kpis=[kpi("revenue", 2.4 * B, "$2.4 billion", key="revenue", period="2031Q2", sentence=HOSTILE)],
        guidance=[guide("free cash flow", 0.9 * B, 1.0 * B, key="free_cash_flow", period="FY2031")],
        ai_points=[ai("The assistant that plans routes for warehouse robots is now sold", "ai1")],
    )
    result = _probe(change_view.to_html(by_words(prev, cur)), tmp_path, "change")
    assert result["errors"] == [] and result["csp"] == [] and result["pwned"] is None
    assert result["resources"] == 0 and result["images"] == 0 and result["scripts"] == 1  # the probe only
    lines = {t["id"]: t["lines"] for t in result["tables"]}
    assert lines == {"kpis": 1, "guidance-against-results": 1, "guidance-against-guidance": 1, "ai-strategy": 1}
    colours = dict(result["verdicts"])
    assert set(colours) == {"", "beat", "lowered", "again"}
    assert colours["beat"] != colours["lowered"]  # good and bad verdicts read differently
    assert result["quotes"] == 8  # every line quotes both calls


def test_timeline_page_draws_guidance_against_actuals(tmp_path: Path) -> None:
    calls = [
        brief(
            "2031Q1",
            kpis=[kpi("revenue", 2.0 * B, "$2.0 billion", key="revenue", period="2031Q1")],
            guidance=[guide("revenue", 2.1 * B, 2.2 * B, key="revenue", period="2031Q2")],
        ),
        brief(
            "2031Q2",
            kpis=[kpi("revenue", 2.4 * B, "$2.4 billion", key="revenue", period="2031Q2")],
            guidance=[guide("revenue", 2.5 * B, 2.6 * B, key="revenue", period="2031Q3")],
        ),
        brief("2031Q3", kpis=[kpi("revenue", 2.3 * B, "$2.3 billion", key="revenue", period="2031Q3")]),
    ]
    result = _probe(timeline_view.to_html(build_timeline(calls)), tmp_path, "timeline")
    assert result["errors"] == [] and result["csp"] == [] and result["resources"] == 0
    [chart] = result["charts"]
    assert chart["w"] > 300 and chart["h"] > 100
    actual = {a["title"].split(":")[0]: a["box"] for a in result["actuals"]}
    band = {b["title"].split(" given")[0].removeprefix("guidance for "): b["box"] for b in result["bands"]}
    assert list(actual) == ["2031Q1", "2031Q2", "2031Q3"] and list(band) == ["2031Q2", "2031Q3"]
    assert actual["2031Q1"]["x"] < actual["2031Q2"]["x"] < actual["2031Q3"]["x"]
    # Screen y grows downwards: Q2 beat its range (its dot above the bar), Q3 missed (below it).
    assert actual["2031Q2"]["y"] + actual["2031Q2"]["h"] < band["2031Q2"]["y"]
    assert actual["2031Q3"]["y"] > band["2031Q3"]["y"] + band["2031Q3"]["h"]
    assert abs(actual["2031Q2"]["x"] - band["2031Q2"]["x"]) < 20  # the bar stands at its period
