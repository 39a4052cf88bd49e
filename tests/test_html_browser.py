"""The HTML report in a real browser: headless Chromium clicks items and reports what it sees.

A probe script is added to a copy of the page: it records console errors, uncaught errors and
Content-Security-Policy violations from the first moment, clicks items once the page has
loaded, and writes its observations as JSON into the DOM, which ``--dump-dom`` prints.

Screenshots are kept for review in pytest's temporary directory (the last three runs are kept
under ``$(python -c 'import tempfile; print(tempfile.gettempdir())')/pytest-of-$USER/``) and,
when ``SUMMARIZER_ARTEFACTS`` names a directory, copied there as ``report.png`` and
``report-print.pdf``. Skipped when no Chromium is installed (Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from browser import CHROMIUM, chromium

from summarizer.brief import KPI, Brief, Quote
from summarizer.document import Span
from summarizer.render import load_brief, to_html

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")

_PROBE_HEAD = """<script>
window.__probe = { errors: [], csp: [] };
window.addEventListener("error", function (e) { window.__probe.errors.push(String(e.message)); });
window.addEventListener("securitypolicyviolation", function (e) { window.__probe.csp.push(e.blockedURI + " " + e.violatedDirective); });
(function () {
  var original = console.error;
  console.error = function () { window.__probe.errors.push(Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); };
})();
</script>"""

# Clicks the item with data-id ITEM twice, then clicks one of its marks, recording each step.
_PROBE_TAIL = """<script>
window.addEventListener("load", function () {
  var out = { steps: [] };
  function snapshot(label) {
    var pane = document.getElementById("source");
    var active = Array.prototype.slice.call(document.querySelectorAll("#transcript mark.is-active"));
    var idle = document.querySelector("#transcript mark:not(.is-active)");
    var first = active[0], rect = first ? first.getBoundingClientRect() : null, box = pane.getBoundingClientRect();
    var flashing = document.querySelector("#transcript mark.flash");
    out.steps.push({
      label: label,
      activeItems: Array.prototype.map.call(document.querySelectorAll(".item.is-active"), function (e) { return e.getAttribute("data-id"); }),
      activeSids: active.map(function (m) { return m.getAttribute("data-sids"); }),
      activeText: active.map(function (m) { return m.textContent; }),
      activeBackground: first ? getComputedStyle(first).backgroundColor : null,
      idleBackground: idle ? getComputedStyle(idle).backgroundColor : null,
      flashingVisible: flashing ? (function (r) { return r.top >= box.top && r.bottom <= box.bottom; })(flashing.getBoundingClientRect()) : false,
      paneScrollTop: pane.scrollTop,
      status: document.getElementById("status").textContent
    });
  }
  try {
    var item = document.querySelector('.item[data-id="ITEM"]');
    item.click(); snapshot("first click");
    item.click(); snapshot("second click");
    document.querySelector("#transcript mark.is-active").click(); snapshot("mark click");
  } catch (e) { window.__probe.errors.push("probe: " + e); }
  out.errors = window.__probe.errors;
  out.csp = window.__probe.csp;
  out.pwned = window.__pwned === undefined ? null : window.__pwned;
  out.images = document.images.length;
  out.scripts = document.scripts.length;
  var pre = document.createElement("pre");
  pre.id = "probe-result";
  pre.textContent = JSON.stringify(out);
  pre.hidden = true;
  document.body.appendChild(pre);
});
</script>"""


def _probe_page(page: str, tmp_path: Path, *, item: str, name: str = "probe.html") -> Path:
    tail = _PROBE_TAIL.replace("ITEM", item)
    probed = page.replace("<head>\n", "<head>\n" + _PROBE_HEAD + "\n", 1).replace("</body>", tail + "</body>", 1)
    assert probed != page
    path = tmp_path / name
    path.write_text(probed, encoding="utf-8")
    return path


def _run_probe(path: Path, tmp_path: Path) -> dict[str, Any]:
    done = chromium(tmp_path, "--window-size=1280,900", "--virtual-time-budget=3000", "--dump-dom", path.as_uri())
    match = re.search(r'<pre id="probe-result"[^>]*>(.*?)</pre>', done.stdout, re.S)
    assert match, f"no probe result; chromium exited {done.returncode}: {done.stderr[-2000:]}"
    return json.loads(html.unescape(match.group(1)))


def _lumora_page() -> str:
    brief = load_brief(FIXTURES / "brief_lumora.json")
    return to_html(brief, transcript_text=(FIXTURES / "lumora_for_render.txt").read_text(encoding="utf-8"))


def test_clicking_an_item_highlights_and_scrolls_to_its_evidence(tmp_path: Path) -> None:
    result = _run_probe(_probe_page(_lumora_page(), tmp_path, item="q2"), tmp_path)
    assert result["errors"] == [] and result["csp"] == []
    first, second, mark = result["steps"]

    assert first["activeItems"] == ["q2"]
    assert set(first["activeSids"]) == {"s35", "s37", "s38"}
    assert any(t.startswith("Can you talk about gross margin") for t in first["activeText"])
    assert first["activeBackground"] != first["idleBackground"]
    assert first["paneScrollTop"] > 0  # q2's evidence is below the first screen of the transcript
    assert first["flashingVisible"]
    assert first["status"].startswith("q2 · Gross margin as inference grows: sentence s35 (1 of 3)")

    assert second["status"].startswith("q2 · Gross margin as inference grows: sentence s37 (2 of 3)")
    assert second["flashingVisible"]

    # s35 is cited by q2 only, so clicking its mark selects q2 again, at that sentence
    assert mark["activeItems"] == ["q2"]
    assert "sentence s35 (1 of 3)" in mark["status"]


def test_hostile_text_stays_inert_in_the_browser(tmp_path: Path) -> None:
    hostile = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
    text = f"CFO: Revenue was $5 million. {hostile}\n"
    start = text.index("Revenue")
    quote = Quote(sentence_id="s1", span=Span(start=start, end=len(text) - 1), text=text[start:-1])
    brief = Brief(
        company=hostile,
        highlights=[hostile],
        kpis=[KPI(id="k1", metric=hostile, value=5e6, value_text=hostile, unit="USD", evidence=[quote])],
        warnings=[hostile],
    )
    result = _run_probe(_probe_page(to_html(brief, transcript_text=text), tmp_path, item="k1"), tmp_path)
    assert result["pwned"] is None
    assert result["images"] == 0
    assert result["scripts"] == 3  # the probe's two and the page's own
    assert result["errors"] == [] and result["csp"] == []
    assert result["steps"][0]["activeText"] == [text[start:-1]]


def test_screenshot_and_print_for_review(tmp_path: Path) -> None:
    page = _probe_page(_lumora_page(), tmp_path, item="k3", name="report.html")
    shot = tmp_path / "report.png"
    done = chromium(tmp_path, "--window-size=1280,900", "--hide-scrollbars", f"--screenshot={shot}", page.as_uri())
    assert shot.exists(), done.stderr[-2000:]
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000

    pdf = tmp_path / "report-print.pdf"
    done = chromium(tmp_path, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri())
    assert pdf.exists(), done.stderr[-2000:]
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))
    assert 1 <= pages <= 4  # the brief and its cited sentences, not the whole transcript

    artefacts = os.environ.get("SUMMARIZER_ARTEFACTS")
    if artefacts:
        Path(artefacts).mkdir(parents=True, exist_ok=True)
        for f in (shot, pdf):
            shutil.copy(f, Path(artefacts) / f.name)
