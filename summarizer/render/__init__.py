"""Brief -> JSON, Markdown, a self-contained HTML report, or rich tables on a terminal.

JSON is the contract; the other views are for people. Every view shows the same content in
the same order: header, highlights, KPIs, guidance, AI strategy by category, Q&A themes, then
warnings and rejected items. The HTML report puts the brief beside the transcript and links
each item to the sentences it cites; all transcript and model text in it is escaped, and a
Content-Security-Policy forbids every external load, so the file works offline and a hostile
transcript cannot run code in it.
"""

from __future__ import annotations

import html
import json
import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rich.console import Console, Group, JustifyMethod
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from summarizer.brief import (
    KPI,
    SCHEMA_VERSION,
    AICategory,
    AIPoint,
    Brief,
    GroundingStatus,
    Guidance,
    QATheme,
    Quote,
    Rejected,
)
from summarizer.errors import RenderError

__all__ = ["format_change", "format_value", "load_brief", "print_brief", "to_html", "to_json", "to_markdown"]

# "RMB" rather than "¥" for CNY: "¥" is also the yen sign, and a brief may compare both.
_CURRENCY_PREFIX = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CNY": "RMB ",
    "RMB": "RMB ",
    "HKD": "HK$",
    "TWD": "NT$",
    "SGD": "S$",
    "AUD": "A$",
    "CAD": "C$",
}
_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"))

_CATEGORY_TITLES = {
    AICategory.product: "Product",
    AICategory.model: "Models",
    AICategory.infrastructure: "Infrastructure and compute",
    AICategory.partnership: "Partnerships",
    AICategory.monetisation: "Monetisation",
    AICategory.internal_efficiency: "Internal efficiency",
    AICategory.other: "Other",
}

_GROUNDING_HELP = {
    GroundingStatus.exact: "the figure appears as written in a cited sentence",
    GroundingStatus.normalised: "equal to a cited figure after parsing scale, unit or sign words",
    GroundingStatus.fuzzy: "equal to a cited figure within rounding",
    GroundingStatus.not_found: "no cited sentence states this figure",
}


# ---------------------------------------------------------------------------------------------
# JSON


def to_json(brief: Brief) -> str:
    """Serialise a brief as the JSON contract: indent 2, non-ASCII kept, trailing newline."""
    return json.dumps(brief.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"


def load_brief(path_or_text: str | os.PathLike[str]) -> Brief:
    """Read a brief saved by ``to_json`` from a path, or from JSON text starting with ``{``.

    Raises ``RenderError`` with a one-line message when the file is missing or unreadable,
    is not JSON, is not a brief, or was written by a newer major schema version.
    """
    if isinstance(path_or_text, str) and path_or_text.lstrip().startswith("{"):
        origin, raw = "brief", path_or_text
    else:
        path = Path(path_or_text)
        origin = str(path)
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError as e:
            raise RenderError(f"{origin}: no such file") from e
        except IsADirectoryError as e:
            raise RenderError(f"{origin}: is a directory, not a brief") from e
        except UnicodeDecodeError as e:
            raise RenderError(f"{origin}: not UTF-8 text, so not a saved brief") from e
        except OSError as e:
            raise RenderError(f"{origin}: cannot read ({e.strerror or e})") from e
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as e:
        raise RenderError(f"{origin}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from e
    if not isinstance(data, dict) or "schema_version" not in data:
        raise RenderError(f"{origin}: not a brief (a JSON object with a schema_version is expected)")
    version = str(data["schema_version"])
    if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
        raise RenderError(f"{origin}: brief schema {version} is not readable by this version (schema {SCHEMA_VERSION})")
    try:
        return Brief.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "(top level)"
        raise RenderError(f"{origin}: not a valid brief: {where}: {first['msg']}") from e


# ---------------------------------------------------------------------------------------------
# Values


def _trim(x: float, digits: int = 2) -> str:
    s = f"{x:,.{digits}f}"
    return s.rstrip("0").rstrip(".") if "." in s else s


def _magnitude(x: float) -> str:
    for factor, suffix in _SCALES:
        if x >= factor:
            return _trim(x / factor) + suffix
    return _trim(x)


def format_value(value: float | None, unit: str | None) -> str | None:
    """A value for reading: ``48200000, "USD"`` -> ``"$48.2M"``; ``35.4e9, "CNY"`` ->
    ``"RMB 35.4B"``; ``78.5, "%"`` -> ``"78.5%"``; ``1.3, "pp"`` -> ``"1.3pp"``; ``3.2, "x"`` ->
    ``"3.2x"``. Returns None when the value is None (callers show ``value_text`` instead)."""
    if value is None:
        return None
    sign = "-" if value < 0 else ""
    a = abs(value)
    if unit in ("%", "pp", "x"):
        return f"{sign}{_trim(a)}{unit}"
    if unit is None:
        return sign + _magnitude(a)
    code = unit.upper()
    if code in _CURRENCY_PREFIX:
        return sign + _CURRENCY_PREFIX[code] + _magnitude(a)
    if len(unit) == 3 and unit.isalpha() and unit.isupper():
        return f"{sign}{unit} {_magnitude(a)}"
    return f"{sign}{_magnitude(a)} {unit}"


def format_change(change: float | None, unit: str | None) -> str:
    """A signed change: ``18.4, "%"`` -> ``"+18.4%"``; ``1.3, "pp"`` -> ``"+1.3pp"``; None -> ``""``."""
    if change is None:
        return ""
    suffix = "pp" if unit == "pp" else "%"
    if change == 0:
        return f"0{suffix}"
    return f"{'+' if change > 0 else '-'}{_trim(abs(change))}{suffix}"


def _kpi_value(kpi: KPI) -> str:
    return format_value(kpi.value, kpi.unit) or kpi.value_text


def _guidance_value(g: Guidance) -> str:
    low, high = format_value(g.low, g.unit), format_value(g.high, g.unit)
    if low and high and low != high:
        figure = f"{low}–{high}"
    else:
        figure = low or high or (g.value_text or "")
    if g.statement:
        return f"{figure} ({g.statement})" if figure else g.statement
    return figure


def _one_line(s: str | None) -> str:
    return " ".join((s or "").split())


def _sids(quotes: Sequence[Quote]) -> str:
    return ", ".join(dict.fromkeys(q.sentence_id for q in quotes))


def _askers(theme: QATheme) -> str:
    people = []
    for a in theme.askers:
        if a.name and a.firm:
            people.append(f"{a.name} ({a.firm})")
        elif a.name or a.firm:
            people.append(a.name or a.firm or "")
    return ", ".join(people)


def _describe(item: dict[str, Any]) -> str:
    parts = [str(item[k]) for k in ("metric", "point", "theme", "value", "low", "high", "statement") if item.get(k)]
    if parts:
        return " · ".join(parts)
    return json.dumps(item, ensure_ascii=False)[:160]


def _by_category(points: Iterable[AIPoint]) -> list[tuple[AICategory, list[AIPoint]]]:
    groups: dict[AICategory, list[AIPoint]] = {c: [] for c in AICategory}
    for p in points:
        groups[p.category].append(p)
    return [(c, ps) for c, ps in groups.items() if ps]


def _title(brief: Brief) -> str:
    name = brief.company or brief.source.name or "Earnings call"
    return f"{name} ({brief.ticker})" if brief.ticker else name


def _model_line(brief: Brief) -> str:
    m = brief.model
    extra = ", ".join(x for x in (m.mode, m.endpoint) if x)
    return f"{m.name or 'unknown'}" + (f" ({extra})" if extra else "")


def _usage_line(brief: Brief) -> str:
    u = brief.usage
    cached = f" ({u.cached_tokens:,} cached)" if u.cached_tokens else ""
    retries = f", {u.retries} {'retry' if u.retries == 1 else 'retries'}" if u.retries else ""
    return (
        f"{u.requests} {'request' if u.requests == 1 else 'requests'}, {u.prompt_tokens:,} prompt + "
        f"{u.completion_tokens:,} completion tokens{cached}{retries}, {u.seconds:.1f} s"
    )


def _participants_line(brief: Brief) -> str:
    out = []
    for p in brief.participants:
        detail = ", ".join(x for x in (p.title, p.firm) if x)
        out.append(f"{p.name} ({detail})" if detail else p.name)
    return "; ".join(out)


# ---------------------------------------------------------------------------------------------
# Markdown


def _cell(s: str | None) -> str:
    return _one_line(s).replace("\\", "\\\\").replace("|", "\\|")


def _table(header: Sequence[str], align: str, rows: Iterable[Sequence[str]]) -> list[str]:
    sep = {"l": "---", "r": "---:"}
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(sep[a] for a in align) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def to_markdown(brief: Brief) -> str:
    """Render a brief as Markdown: header, highlights, a KPI table, guidance, AI strategy grouped
    by category, Q&A themes, then warnings and rejected items. Pipes in table cells are escaped."""
    out: list[str] = [f"# {_one_line(_title(brief))}: earnings call brief", ""]
    meta = [
        ("Period", brief.period),
        ("Call date", brief.call_date),
        ("Model", _model_line(brief)),
        ("Source", brief.source.name),
        ("Participants", _participants_line(brief)),
        ("Status", "complete" if brief.complete else "incomplete (see Warnings)"),
    ]
    out += [f"- **{k}:** {_one_line(v)}" for k, v in meta if v]
    out.append("")

    out += ["## Highlights", ""]
    out += [f"- {_one_line(h)}" for h in brief.highlights] or ["_None._"]
    out.append("")

    out += ["## KPIs", ""]
    if brief.kpis:
        out += _table(
            ["Metric", "Segment", "Value", "YoY", "QoQ", "Basis", "Period", "Grounding", "Evidence"],
            "llrrrllll",
            (
                [
                    k.metric,
                    k.segment or "",
                    _kpi_value(k),
                    format_change(k.yoy, k.yoy_unit),
                    format_change(k.qoq, k.qoq_unit),
                    k.basis.value if k.basis else "",
                    k.period or "",
                    k.grounding.value,
                    _sids(k.evidence),
                ]
                for k in brief.kpis
            ),
        )
    else:
        out.append("_None._")
    out.append("")

    out += ["## Guidance", ""]
    if brief.guidance:
        out += _table(
            ["Metric", "Period", "Guidance", "Direction", "Grounding", "Evidence"],
            "llllll",
            (
                [g.metric, g.period or "", _guidance_value(g), g.direction.value, g.grounding.value, _sids(g.evidence)]
                for g in brief.guidance
            ),
        )
    else:
        out.append("_None._")
    out.append("")

    out += ["## AI strategy", ""]
    groups = _by_category(brief.ai_strategy)
    if not groups:
        out += ["_None._", ""]
    for category, points in groups:
        out += [f"### {_CATEGORY_TITLES[category]}", ""]
        for p in points:
            who = f" ({_one_line(p.speaker)})" if p.speaker else ""
            cites = f" [{_sids(p.evidence)}]" if p.evidence else ""
            out.append(f"- {_one_line(p.point)}{who}{cites}")
        out.append("")

    out += ["## Q&A themes", ""]
    if not brief.qa_themes:
        out += ["_None._", ""]
    for t in brief.qa_themes:
        out += [f"### {_one_line(t.theme)}", ""]
        if t.askers:
            out += [f"Asked by {_one_line(_askers(t))}", ""]
        out += [f"- **Q:** {_one_line(t.question)}", f"- **A:** {_one_line(t.answer)}"]
        if t.evidence:
            out.append(f"- **Evidence:** {_sids(t.evidence)}")
        out.append("")

    if brief.warnings or not brief.complete:
        out += ["## Warnings", ""]
        if not brief.complete:
            out.append("- The brief is incomplete: at least one section could not be summarised.")
        out += [f"- {_one_line(w)}" for w in brief.warnings]
        out.append("")

    if brief.rejected:
        out += ["## Rejected items", ""]
        out += _table(
            ["Kind", "Section", "Reason", "Item"],
            "llll",
            ([r.kind, r.section_id or "", r.reason, _describe(r.item)] for r in brief.rejected),
        )
        out.append("")

    out += ["---", "", f"_Usage: {_usage_line(brief)}._", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# HTML

# "Dana Whitfield -- CEO:", "Operator:", "問（王磊，華夏證券）：" at a line start; display only.
_SPEAKER_LABEL = re.compile(r"^[^\n:：.!?。！？]{1,60}[:：]", re.M)

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)

_CSS = """
:root { --ink:#1f2328; --muted:#59636e; --line:#d1d9e0; --bg:#f6f8fa; --card:#fff;
  --pos:#1a7f37; --neg:#cf222e; --mark:#fff3bf; --mark-active:#ffd33d; --accent:#0969da; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
  "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  color: var(--ink); background: var(--bg); display: flex; flex-direction: column; }
header.top { padding: 10px 20px; background: var(--card); border-bottom: 1px solid var(--line);
  display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
header.top h1 { font-size: 18px; margin: 0; }
.meta { color: var(--muted); margin: 0; }
.meta b { color: var(--ink); font-weight: 600; }
.banner { margin: 0; padding: 6px 20px; background: #fff8c5; border-bottom: 1px solid #d4a72c; }
main.layout { flex: 1; min-height: 0; display: grid; grid-template-columns: minmax(0, 11fr) minmax(0, 9fr); }
.pane { overflow: auto; padding: 12px 20px 40px; }
.pane.source { background: var(--card); border-left: 1px solid var(--line); padding-top: 0; }
h2 { font-size: 15px; margin: 20px 0 8px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
h3 { font-size: 14px; margin: 14px 0 6px; }
ul.highlights { margin: 0; padding-left: 20px; }
ul.highlights li { margin: 2px 0; }
table { border-collapse: collapse; width: 100%; background: var(--card); border: 1px solid var(--line); }
th, td { text-align: left; padding: 5px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: 12px; color: var(--muted); font-weight: 600; background: var(--bg); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.seg { display: block; color: var(--muted); font-size: 12px; }
table.kpis td:first-child { min-width: 140px; }
.table-wrap { overflow-x: auto; }
.nowrap { white-space: nowrap; }
td.cites { color: var(--muted); font-size: 11px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
header.top p.people { flex-basis: 100%; font-size: 12px; }
.item { cursor: pointer; }
.item:hover { background: #f0f6ff; }
.item:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
.item.is-active { background: #ddf4ff; box-shadow: inset 3px 0 0 var(--accent); }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 6px 0; }
.card .head { display: flex; gap: 8px; align-items: baseline; justify-content: space-between; }
.card .who, .card .sub { color: var(--muted); font-size: 12px; }
.card p { margin: 4px 0; }
.qa b { color: var(--muted); font-weight: 600; }
.badge { display: inline-block; font-size: 11px; line-height: 16px; padding: 0 6px; border-radius: 8px;
  border: 1px solid; white-space: nowrap; }
.g-exact { color: #1a7f37; border-color: #4ac26b; background: #dafbe1; }
.g-normalised { color: #0a6b74; border-color: #3fb5c0; background: #d8f6f8; }
.g-fuzzy { color: #9a6700; border-color: #d4a72c; background: #fff8c5; }
.g-not_found, .g-none { color: #cf222e; border-color: #ff8182; background: #ffebe9; }
.g-cited { color: var(--muted); border-color: var(--line); background: var(--bg); }
.chg { white-space: nowrap; font-variant-numeric: tabular-nums; }
.chg.pos { color: var(--pos); } .chg.neg { color: var(--neg); }
.bar { display: inline-block; width: 28px; height: 8px; background: var(--bg); border: 1px solid var(--line);
  border-radius: 2px; margin-right: 6px; vertical-align: middle; position: relative; overflow: hidden; }
.bar > span { position: absolute; top: 0; bottom: 0; left: 0; }
.pos .bar > span { background: var(--pos); } .neg .bar > span { background: var(--neg); }
.sid { white-space: nowrap; color: var(--muted); font-size: 11px; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
.source-head { position: sticky; top: 0; background: var(--card); padding: 12px 0 8px; border-bottom: 1px solid var(--line);
  display: flex; justify-content: space-between; align-items: baseline; gap: 12px; z-index: 1; }
.source-head h2 { margin: 0; }
#status { color: var(--muted); font-size: 12px; text-align: right; }
.speaker { font-weight: 600; }
.transcript { white-space: pre-wrap; overflow-wrap: anywhere; line-height: 1.65; padding-top: 8px; }
.cited { margin: 8px 0; }
mark { background: var(--mark); color: inherit; border-radius: 2px; cursor: pointer; }
mark.is-active { background: var(--mark-active); box-shadow: 0 0 0 2px var(--mark-active); }
mark.flash { animation: flash 1s ease-out; }
@keyframes flash { from { box-shadow: 0 0 0 6px #fb8f44; } to { box-shadow: 0 0 0 2px var(--mark-active); } }
.warnings li { color: #9a6700; }
.usage { color: var(--muted); font-size: 12px; margin-top: 24px; }
.print-only { display: none; }
.empty { color: var(--muted); font-style: italic; }
@media (max-width: 900px) { main.layout { grid-template-columns: 1fr; } .pane.source { max-height: 50vh; } }
@media print {
  @page { margin: 14mm; }
  html, body { height: auto; background: #fff; display: block; font-size: 11px; }
  main.layout { display: block; }
  .pane { overflow: visible; padding: 0; }
  .pane.source { display: none; }
  .print-only { display: block; }
  header.top { border: 0; padding: 0 0 8px; }
  .item:hover, .item.is-active { background: none; box-shadow: none; }
  .card, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .badge, .bar > span, .chg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .cited-list { list-style: none; padding-left: 0; }
  .cited-list li { margin: 2px 0; }
  .card .who, .card .sub, .seg { font-size: 10px; }
}
"""

_JS = """
(function () {
  "use strict";
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[data-spans]"));
  var bySpan = {};
  marks.forEach(function (m) {
    m.getAttribute("data-spans").split(" ").forEach(function (s) {
      (bySpan[s] = bySpan[s] || []).push(m);
    });
  });
  var status = document.getElementById("status");
  var current = null, cursor = 0;

  // Scroll only the pane that holds el, and only vertically: scrollIntoView would also move
  // the page and any horizontally scrollable table around it.
  function reveal(el, centre) {
    var pane = el.closest(".pane");
    if (!pane) { return; }
    var r = el.getBoundingClientRect(), b = pane.getBoundingClientRect();
    var head = pane.querySelector(".source-head");
    var top = b.top + (head ? head.offsetHeight : 0);
    if (centre) {
      pane.scrollTop += r.top - top - Math.max(0, (b.bottom - top - r.height) / 2);
    } else if (r.top < top || r.bottom > b.bottom) {
      pane.scrollTop += r.top - top - 24;
    }
  }

  function spansOf(item) {
    var s = item.getAttribute("data-spans");
    return s ? s.split(" ") : [];
  }
  function clear() {
    Array.prototype.forEach.call(document.querySelectorAll(".is-active"), function (e) {
      e.classList.remove("is-active");
      e.classList.remove("flash");
    });
  }
  function select(item, spanToShow) {
    var spans = spansOf(item);
    if (spanToShow !== undefined) {
      cursor = Math.max(0, spans.indexOf(spanToShow));
    } else if (current === item && spans.length) {
      cursor = (cursor + 1) % spans.length;
    } else {
      cursor = 0;
    }
    current = item;
    clear();
    item.classList.add("is-active");
    var label = item.getAttribute("data-label") || "";
    if (!spans.length) {
      status.textContent = label + ": no evidence cited";
      return;
    }
    spans.forEach(function (s) {
      (bySpan[s] || []).forEach(function (m) { m.classList.add("is-active"); });
    });
    var target = bySpan[spans[cursor]] || [];
    if (target.length) {
      target.forEach(function (m) { void m.offsetWidth; m.classList.add("flash"); });
      reveal(target[0], true);
    }
    var sid = target.length ? target[0].getAttribute("data-sid-" + spans[cursor]) : "";
    status.textContent = label + ": sentence " + sid + " (" + (cursor + 1) + " of " + spans.length + ")" +
      (spans.length > 1 ? "; click again for the next" : "");
  }

  document.addEventListener("click", function (ev) {
    var mark = ev.target.closest ? ev.target.closest("mark[data-items]") : null;
    if (mark) {
      var keys = mark.getAttribute("data-items").split(" ");
      var item = document.querySelector('.item[data-key="' + keys[0] + '"]');
      if (item) {
        select(item, mark.getAttribute("data-spans").split(" ")[0]);
        reveal(item, false);
      }
      return;
    }
    var it = ev.target.closest ? ev.target.closest(".item") : null;
    if (it) { select(it); }
  });
  document.addEventListener("keydown", function (ev) {
    var it = ev.target.closest ? ev.target.closest(".item") : null;
    if (it && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); select(it); }
    if (ev.key === "Escape") { clear(); current = null; status.textContent = status.getAttribute("data-idle"); }
  });
})();
"""


def _e(s: object) -> str:
    return html.escape("" if s is None else str(s), quote=True)


@dataclass
class _Span:
    """One distinct evidence span and everything that cites it."""

    key: str
    start: int
    end: int
    sentence_id: str
    text: str
    items: list[str] = field(default_factory=list)  # item keys, in brief order
    labels: list[str] = field(default_factory=list)  # item ids as the brief names them


@dataclass
class _Linked:
    """Items and spans with the DOM keys that tie them together."""

    spans: dict[tuple[int, int, str], _Span] = field(default_factory=dict)
    item_spans: dict[str, list[str]] = field(default_factory=dict)
    counter: int = 0

    def add(self, label: str, evidence: Sequence[Quote]) -> str:
        key = f"i{self.counter}"
        self.counter += 1
        keys: list[str] = []
        for q in evidence:
            ident = (q.span.start, q.span.end, q.sentence_id)
            sp = self.spans.get(ident)
            if sp is None:
                sp = _Span(f"q{len(self.spans)}", q.span.start, q.span.end, q.sentence_id, q.text)
                self.spans[ident] = sp
            if key not in sp.items:
                sp.items.append(key)
                sp.labels.append(label)
            if sp.key not in keys:
                keys.append(sp.key)
        self.item_spans[key] = keys
        return key


def _item_attrs(key: str, label: str, linked: _Linked, item_id: str) -> str:
    return (
        f'class="item" tabindex="0" role="button" data-key="{key}" data-id="{_e(item_id)}" '
        f'data-label="{_e(label)}" data-spans="{" ".join(linked.item_spans[key])}"'
    )


def _badge(status: GroundingStatus) -> str:
    return f'<span class="badge g-{status.value}" title="grounding: {_e(_GROUNDING_HELP[status])}">{status.value}</span>'


def _cited_badge(evidence: Sequence[Quote]) -> str:
    if not evidence:
        return '<span class="badge g-none" title="no sentence cited">no evidence</span>'
    n = len({q.sentence_id for q in evidence})
    return f'<span class="badge g-cited" title="cited sentences">{n} {"sentence" if n == 1 else "sentences"}</span>'


def _change_cell(change: float | None, unit: str | None, *, bar: bool) -> str:
    if change is None:
        return '<td class="chg num"></td>'
    tone = "pos" if change > 0 else "neg" if change < 0 else ""
    shown = ""
    if bar:
        full = 5.0 if unit == "pp" else 50.0  # the change at which the bar is full
        width = min(abs(change) / full, 1.0) * 100
        shown = f'<span class="bar" aria-hidden="true"><span style="width:{width:.0f}%"></span></span>'
    return f'<td class="chg num {tone}">{shown}{_e(format_change(change, unit))}</td>'


def _mark(sp_list: Sequence[_Span], content_html: str) -> str:
    items = list(dict.fromkeys(k for sp in sp_list for k in sp.items))
    labels = list(dict.fromkeys(lb for sp in sp_list for lb in sp.labels))
    sids = " ".join(dict.fromkeys(sp.sentence_id for sp in sp_list))
    per_span = " ".join(f'data-sid-{sp.key}="{_e(sp.sentence_id)}"' for sp in sp_list)
    return (
        f'<mark data-items="{" ".join(items)}" data-spans="{" ".join(sp.key for sp in sp_list)}" '
        f'data-sids="{_e(sids)}" {per_span} title="{_e(sids)}, cited by {_e(", ".join(labels))}">'
        f"{content_html}</mark>"
    )


def _check_spans(text: str, spans: Iterable[_Span]) -> None:
    for sp in spans:
        if not (0 <= sp.start <= sp.end <= len(text)) or text[sp.start : sp.end] != sp.text:
            raise RenderError(
                f"the transcript does not match this brief: sentence {sp.sentence_id} "
                f"({sp.start}-{sp.end}) differs; pass the transcript the brief was made from"
            )


def _marked_transcript(text: str, spans: Sequence[_Span]) -> str:
    """The transcript with every distinct evidence span wrapped in marks, and speaker labels in
    bold. Overlapping spans are cut at every span boundary, so each piece gets one flat mark
    naming all the spans that cover it."""
    live = [sp for sp in spans if sp.end > sp.start]
    labels = [(m.start(), m.end()) for m in _SPEAKER_LABEL.finditer(text)]
    label_starts = [s for s, _ in labels]
    cuts = sorted(
        {0, len(text)} | {sp.start for sp in live} | {sp.end for sp in live} | {x for lb in labels for x in lb}
    )
    by_start = sorted(live, key=lambda sp: sp.start)
    out = []
    opened = 0  # spans in by_start[:opened] start at or before the current piece
    for a, b in zip(cuts, cuts[1:]):
        piece = _e(text[a:b])
        i = bisect_right(label_starts, a) - 1
        if i >= 0 and b <= labels[i][1]:
            piece = f'<b class="speaker">{piece}</b>'
        while opened < len(by_start) and by_start[opened].start <= a:
            opened += 1
        cover = [sp for sp in by_start[:opened] if sp.end >= b]
        out.append(_mark(cover, piece) if cover else piece)
    return "".join(out)


def _cited_sentences(spans: Sequence[_Span]) -> str:
    ordered = sorted(spans, key=lambda sp: (sp.start, sp.end))
    return "".join(
        f'<p class="cited"><span class="sid">{_e(sp.sentence_id)}</span> {_mark([sp], _e(sp.text))}</p>' for sp in ordered
    )


def to_html(brief: Brief, *, transcript_text: str | None = None) -> str:
    """Render a brief as one self-contained HTML page (inline CSS and JS, no external loads).

    The brief sits beside the transcript (or, without ``transcript_text``, beside the cited
    sentences only); clicking an item highlights and scrolls to its evidence. All text is
    escaped. Raises ``RenderError`` when ``transcript_text`` is not the text the spans index.
    """
    linked = _Linked()
    body: list[str] = []

    body.append("<h2>Highlights</h2>")
    if brief.highlights:
        body.append('<ul class="highlights">' + "".join(f"<li>{_e(h)}</li>" for h in brief.highlights) + "</ul>")
    else:
        body.append('<p class="empty">None.</p>')

    body.append("<h2>KPIs</h2>")
    if brief.kpis:
        rows = []
        for k in brief.kpis:
            label = f"{k.id or 'KPI'} · {k.metric}"
            key = linked.add(label, k.evidence)
            seg = f'<span class="seg">{_e(k.segment)}</span>' if k.segment else ""
            rows.append(
                f"<tr {_item_attrs(key, label, linked, k.id)}>"
                f"<td>{_e(k.metric)}{seg}</td>"
                f'<td class="num" title="as stated: {_e(k.value_text)}">{_e(_kpi_value(k))}</td>'
                f"{_change_cell(k.yoy, k.yoy_unit, bar=True)}{_change_cell(k.qoq, k.qoq_unit, bar=False)}"
                f'<td class="nowrap">{_e(k.basis.value if k.basis else "")}</td><td class="nowrap">{_e(k.period or "")}</td>'
                f"<td>{_badge(k.grounding)}</td>"
                f'<td class="cites">{_e(_sids(k.evidence))}</td></tr>'
            )
        body.append(
            '<div class="table-wrap"><table class="kpis"><thead><tr><th>Metric</th><th class="num">Value</th><th class="num">YoY</th>'
            '<th class="num">QoQ</th><th>Basis</th><th>Period</th><th>Grounding</th><th>Cites</th></tr></thead>'
            "<tbody>" + "".join(rows) + "</tbody></table></div>"
        )
    else:
        body.append('<p class="empty">None.</p>')

    body.append("<h2>Guidance</h2>")
    if not brief.guidance:
        body.append('<p class="empty">None.</p>')
    for g in brief.guidance:
        label = f"{g.id or 'guidance'} · {g.metric}"
        key = linked.add(label, g.evidence)
        sub = " · ".join(x for x in (g.period, g.direction.value, g.speaker) if x)
        body.append(
            f'<div {_item_attrs(key, label, linked, g.id)}><div class="card">'
            f'<div class="head"><span><b>{_e(g.metric)}</b>: {_e(_guidance_value(g))}</span>{_badge(g.grounding)}</div>'
            f'<div class="sub">{_e(sub)} <span class="sid">{_e(_sids(g.evidence))}</span></div></div></div>'
        )

    body.append("<h2>AI strategy</h2>")
    groups = _by_category(brief.ai_strategy)
    if not groups:
        body.append('<p class="empty">None.</p>')
    for category, points in groups:
        body.append(f"<h3>{_e(_CATEGORY_TITLES[category])}</h3>")
        for p in points:
            label = f"{p.id or 'AI'} · {p.point}"
            key = linked.add(label, p.evidence)
            who = f'<span class="who">{_e(p.speaker)}</span> ' if p.speaker else ""
            body.append(
                f'<div {_item_attrs(key, label, linked, p.id)}><div class="card">'
                f'<div class="head"><span>{_e(p.point)}</span>{_cited_badge(p.evidence)}</div>'
                f'<div class="sub">{who}<span class="sid">{_e(_sids(p.evidence))}</span></div></div></div>'
            )

    body.append("<h2>Q&amp;A themes</h2>")
    if not brief.qa_themes:
        body.append('<p class="empty">None.</p>')
    for t in brief.qa_themes:
        label = f"{t.id or 'Q&A'} · {t.theme}"
        key = linked.add(label, t.evidence)
        askers = f'<div class="who">Asked by {_e(_askers(t))}</div>' if t.askers else ""
        body.append(
            f'<div {_item_attrs(key, label, linked, t.id)}><div class="card qa">'
            f'<div class="head"><b style="color:inherit">{_e(t.theme)}</b>{_cited_badge(t.evidence)}</div>{askers}'
            f"<p><b>Q</b> {_e(t.question)}</p><p><b>A</b> {_e(t.answer)}</p>"
            f'<div class="sub"><span class="sid">{_e(_sids(t.evidence))}</span></div></div></div>'
        )

    if brief.warnings or not brief.complete:
        body.append('<h2>Warnings</h2><ul class="warnings">')
        if not brief.complete:
            body.append("<li>The brief is incomplete: at least one section could not be summarised.</li>")
        body.extend(f"<li>{_e(w)}</li>" for w in brief.warnings)
        body.append("</ul>")

    if brief.rejected:
        body.append(
            '<h2>Rejected items</h2><div class="table-wrap"><table><thead><tr><th>Kind</th><th>Section</th>'
            "<th>Reason</th><th>Item</th></tr></thead><tbody>"
            + "".join(_rejected_row(r) for r in brief.rejected)
            + "</tbody></table></div>"
        )

    spans = list(linked.spans.values())
    if spans:
        body.append(
            '<section class="print-only"><h2>Cited sentences</h2><ol class="cited-list">'
            + "".join(
                f'<li><span class="sid">{_e(sp.sentence_id)}</span> {_e(sp.text)}</li>'
                for sp in sorted(spans, key=lambda sp: (sp.start, sp.end))
            )
            + "</ol></section>"
        )
    body.append(f'<p class="usage">Model {_e(_model_line(brief))}. Usage: {_e(_usage_line(brief))}.</p>')

    if transcript_text is not None:
        _check_spans(transcript_text, spans)
        source_title, source = "Transcript", _marked_transcript(transcript_text, spans)
    else:
        source_title = "Cited sentences"
        source = _cited_sentences(spans) or '<p class="empty">No sentences cited.</p>'

    lang = brief.source.languages[0] if len(brief.source.languages) == 1 else "en"
    meta = " · ".join(
        f"{name} <b>{_e(value)}</b>"
        for name, value in (
            ("period", brief.period),
            ("call", brief.call_date),
            ("model", _model_line(brief)),
            ("source", brief.source.name),
        )
        if value
    )
    banner = (
        '<p class="banner">Incomplete brief: at least one section could not be summarised (see Warnings).</p>'
        if not brief.complete
        else ""
    )
    participants = _participants_line(brief)
    idle = "Click an item to see its evidence"
    return (
        f'<!doctype html>\n<html lang="{_e(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{_e(_title(brief))}{_e(' ' + brief.period if brief.period else '')}: earnings call brief</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        f'<header class="top"><h1>{_e(_title(brief))}</h1><p class="meta">{meta}</p>'
        + (f'<p class="meta people">{_e(participants)}</p>' if participants else "")
        + f"</header>\n{banner}\n"
        f'<main class="layout">\n<section class="pane brief" id="brief" aria-label="Brief">\n'
        + "\n".join(body)
        + "\n</section>\n"
        f'<section class="pane source" id="source" aria-label="{source_title}">'
        f'<div class="source-head"><h2>{source_title}</h2><span id="status" role="status" data-idle="{idle}">{idle}</span></div>'
        f'<div class="transcript" id="transcript">{source}</div></section>\n</main>\n'
        f"<script>{_JS}</script>\n</body>\n</html>\n"
    )


def _rejected_row(r: Rejected) -> str:
    return (
        f"<tr><td>{_e(r.kind)}</td><td>{_e(r.section_id or '')}</td><td>{_e(r.reason)}</td>"
        f"<td>{_e(_describe(r.item))}</td></tr>"
    )


# ---------------------------------------------------------------------------------------------
# Terminal

_GROUNDING_STYLE = {
    GroundingStatus.exact: "green",
    GroundingStatus.normalised: "cyan",
    GroundingStatus.fuzzy: "yellow",
    GroundingStatus.not_found: "red",
}


def _change_text(change: float | None, unit: str | None) -> Text:
    style = "green" if change and change > 0 else "red" if change and change < 0 else ""
    return Text(format_change(change, unit), style=style)


def print_brief(brief: Brief, console: Console) -> None:
    """Print a brief as rich tables: the same content and order as ``to_markdown``. Model text is
    passed as ``Text``, never as markup, so brackets in it print as they are."""
    head = Text(_title(brief), style="bold")
    for name, value in (
        ("Period", brief.period),
        ("Call date", brief.call_date),
        ("Model", _model_line(brief)),
        ("Source", brief.source.name),
        ("Participants", _participants_line(brief)),
    ):
        if value:
            head.append(f"\n{name}: ", style="dim")
            head.append(value)
    if not brief.complete:
        head.append("\nIncomplete: see warnings", style="bold yellow")
    console.print(Panel(head, title="Earnings call brief", title_align="left"))

    console.print(Text("Highlights", style="bold"))
    for h in brief.highlights or ["None."]:
        console.print(Text("  • ") + Text(_one_line(h)))

    kpis = Table(title="KPIs", title_justify="left", title_style="bold")
    columns: list[tuple[str, JustifyMethod]] = [
        ("Metric", "left"),
        ("Segment", "left"),
        ("Value", "right"),
        ("YoY", "right"),
        ("QoQ", "right"),
        ("Basis", "left"),
        ("Period", "left"),
        ("Grounding", "left"),
        ("Cites", "left"),
    ]
    for col, justify in columns:
        kpis.add_column(col, justify=justify)
    for k in brief.kpis:
        kpis.add_row(
            Text(k.metric),
            Text(k.segment or ""),
            Text(_kpi_value(k)),
            _change_text(k.yoy, k.yoy_unit),
            _change_text(k.qoq, k.qoq_unit),
            Text(k.basis.value if k.basis else ""),
            Text(k.period or ""),
            Text(k.grounding.value, style=_GROUNDING_STYLE[k.grounding]),
            Text(_sids(k.evidence), style="dim"),
        )
    console.print()
    console.print(kpis if brief.kpis else Text("KPIs: none", style="bold"))

    guidance = Table(title="Guidance", title_justify="left", title_style="bold")
    for col in ("Metric", "Period", "Guidance", "Direction", "Grounding", "Cites"):
        guidance.add_column(col)
    for g in brief.guidance:
        guidance.add_row(
            Text(g.metric),
            Text(g.period or ""),
            Text(_guidance_value(g)),
            Text(g.direction.value),
            Text(g.grounding.value, style=_GROUNDING_STYLE[g.grounding]),
            Text(_sids(g.evidence), style="dim"),
        )
    console.print()
    console.print(guidance if brief.guidance else Text("Guidance: none", style="bold"))

    ai = Table(title="AI strategy", title_justify="left", title_style="bold")
    for col in ("Category", "Point", "Speaker", "Cites"):
        ai.add_column(col)
    for category, points in _by_category(brief.ai_strategy):
        for i, p in enumerate(points):
            ai.add_row(
                Text(_CATEGORY_TITLES[category] if i == 0 else "", style="bold"),
                Text(_one_line(p.point)),
                Text(p.speaker or ""),
                Text(_sids(p.evidence), style="dim"),
            )
    console.print()
    console.print(ai if brief.ai_strategy else Text("AI strategy: none", style="bold"))

    qa = Table(title="Q&A themes", title_justify="left", title_style="bold", show_lines=True)
    for col in ("Theme", "Asked by", "Question and answer", "Cites"):
        qa.add_column(col)
    for t in brief.qa_themes:
        qa_text = Text("Q ", style="bold") + Text(_one_line(t.question)) + Text("\nA ", style="bold") + Text(_one_line(t.answer))
        qa.add_row(Text(t.theme), Text(_askers(t)), qa_text, Text(_sids(t.evidence), style="dim"))
    console.print()
    console.print(qa if brief.qa_themes else Text("Q&A themes: none", style="bold"))

    if brief.warnings or not brief.complete:
        lines = (["The brief is incomplete: at least one section could not be summarised."] if not brief.complete else [])
        lines += [_one_line(w) for w in brief.warnings]
        console.print(Panel(Group(*(Text("• " + w) for w in lines)), title="Warnings", title_align="left", style="yellow"))

    if brief.rejected:
        rej = Table(title="Rejected items", title_justify="left", title_style="bold")
        for col in ("Kind", "Section", "Reason", "Item"):
            rej.add_column(col)
        for r in brief.rejected:
            rej.add_row(Text(r.kind), Text(r.section_id or ""), Text(_one_line(r.reason)), Text(_describe(r.item)))
        console.print(rej)

    console.print(Text(f"Usage: {_usage_line(brief)}", style="dim"))
