"""Change -> JSON, Markdown, a self-contained HTML page, or rich tables on a terminal.

Every view walks the same sections in the same order (``sections``): KPIs, stated growth
checked, figures stated again, guidance against results, guidance against guidance, AI strategy, Q&A themes, then
how topics were matched and the warnings. Each line shows both calls' sentence ids; Markdown and
HTML also quote the sentences. The HTML page escapes every text and forbids every external load.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from rich.console import Console
from rich.table import Table
from rich.text import Text

from summarizer.brief import Direction, Quote
from summarizer.compare.change import (
    Change,
    Figure,
    GuidanceRange,
    MatchMethod,
    RateCheck,
    RateKind,
    TopicChange,
    TopicStatus,
)
from summarizer.render import format_change, format_value

__all__ = [
    "PAGE_CSP",
    "Line",
    "Section",
    "matching_line",
    "page",
    "print_change",
    "sections",
    "to_html",
    "to_json",
    "to_markdown",
]

PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
PAGE_CSS = """
body { font: 14px/1.5 -apple-system, "Segoe UI", Roboto, Arial, sans-serif; color:#1f2328; margin: 24px; max-width: 1200px; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; border-bottom: 1px solid #d1d9e0; }
table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #d1d9e0; padding: 4px 8px; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.verdict { font-weight: 600; } .good { color:#1a7f37; } .bad { color:#cf222e; } .muted { color:#59636e; }
blockquote { margin: 2px 0 2px 8px; padding-left: 8px; border-left: 3px solid #d1d9e0; color:#59636e; font-size: 12px; }
.sid { font-family: ui-monospace, monospace; font-size: 12px; color:#0969da; }
svg text { font: 10px sans-serif; fill:#59636e; }
.charts { display: flex; flex-wrap: wrap; gap: 8px 24px; } figure { margin: 0; } figcaption { font-size: 12px; color:#59636e; }
"""

_GOOD = {"beat", "raised", "agrees"}
_BAD = {"missed", "lowered", "DISAGREES", "dropped"}


@dataclass
class Line:
    """One row of a section: its cells, a verdict word, and each call's quotes."""

    cells: list[str]
    verdict: str
    before: list[Quote]
    after: list[Quote]


@dataclass
class Section:
    """A titled table of lines (``header`` names the cells, then the verdict)."""

    title: str
    header: list[str]
    lines: list[Line]


def to_json(change: Change) -> str:
    """The Change as indented JSON (the contract ``schemas/change.schema.json`` describes)."""
    return change.model_dump_json(indent=2) + "\n"


def _value(figure: Figure | None, unit: str | None) -> str:
    if figure is None:
        return ""
    return format_value(figure.value, unit) or figure.value_text or ""


def _range(g: GuidanceRange | None, unit: str | None) -> str:
    if g is None:
        return ""
    if g.low is None:
        return g.statement or g.value_text or "(no figure)"
    if g.value_text:
        return " ".join(g.value_text.split())  # as written: rounding "$2.325 billion" would misstate it
    low = format_value(g.low, unit) or ""
    return low if g.high is None or g.high == g.low else f"{low} to {format_value(g.high, unit)}"


_RATE = {RateKind.yoy: "YoY", RateKind.qoq: "QoQ"}


def _rate_unit(check: RateCheck) -> str:
    """Percent, or points for the change of a percentage."""
    return "pp" if check.unit == "%" else "%"


def _said(g: GuidanceRange | None) -> str:
    """The call's own word for its guidance, when it is a word about a move."""
    said = g.direction if g else None
    return said.value if said in (Direction.raised, Direction.lowered, Direction.maintained) else ""


def _name(metric: str, segment: str | None = None, basis: object = None) -> str:
    extra = ", ".join(str(getattr(x, "value", x)) for x in (segment, basis) if x)
    return f"{metric} ({extra})" if extra else metric


def _topic(t: TopicChange) -> Line:
    word = {TopicStatus.again: "again", TopicStatus.new: "new", TopicStatus.no_longer_mentioned: "no longer mentioned"}[
        t.status
    ]
    return Line(
        cells=[t.before.text if t.before else "", t.after.text if t.after else ""],
        verdict=word,
        before=t.before.evidence if t.before else [],
        after=t.after.evidence if t.after else [],
    )


def sections(change: Change) -> list[Section]:
    """The Change as the sections every view shows, in order."""
    then, now = change.before.period or "earlier", change.after.period or "later"
    kpis = [
        Line(
            [
                _name(k.metric, k.segment, k.basis),
                k.role.value.replace("_", " "),
                _value(k.before, k.unit),
                _value(k.after, k.unit),
                format_value(k.change, "pp" if k.unit == "%" else k.unit) or "",
                format_change(k.change_pct, None),
            ],
            "",
            k.before.evidence,
            k.after.evidence,
        )
        for k in change.kpis
    ]
    rates = []
    for r in change.rate_checks:
        u = _rate_unit(r)
        cells = [
            _name(r.metric, r.segment, r.basis),
            _RATE[r.kind],
            f"{r.stated:g}{u}",
            f"{r.implied_low:.1f}{u} to {r.implied_high:.1f}{u}",
            f"{_value(r.before, r.unit)} ({r.before.period})",
        ]
        rates.append(Line(cells, "agrees" if r.agrees else "DISAGREES", r.before.evidence, r.after.evidence))
    restated = [
        Line(
            [_name(r.metric, r.segment, r.basis), r.period, _value(r.before, r.unit), _value(r.after, r.unit)],
            "agrees" if r.agrees else "DISAGREES",
            r.before.evidence,
            r.after.evidence,
        )
        for r in change.restated
    ]
    results = [
        Line(
            [
                g.metric,
                g.period,
                _range(g.before, g.unit),
                _value(g.after, g.unit),
                format_value(g.by, g.unit) if g.by else "",
            ],
            g.verdict.value.replace("_", " "),
            g.before.evidence,
            g.after.evidence,
        )
        for g in change.guidance_results
    ]
    moves = [
        Line(
            [
                g.metric,
                g.period or "(unstated)",
                _range(g.before, g.unit),
                _range(g.after, g.unit),
                _said(g.after) + (" (the numbers disagree)" if g.wording_disagrees else ""),
            ],
            g.verdict.value,
            g.before.evidence if g.before else [],
            g.after.evidence if g.after else [],
        )
        for g in change.guidance_changes
    ]
    return [
        Section("KPIs", ["metric", "period", then, now, "change", "change %"], kpis),
        Section(
            "Stated growth checked",
            ["metric", "rate", f"stated ({now})", "implied by the figures", f"base ({then} call)"],
            rates,
        ),
        Section("Figures stated again", ["metric", "period", f"as stated {then}", f"as stated {now}"], restated),
        Section(
            "Guidance against results",
            ["metric", "period", f"guided ({then})", f"actual ({now})", "outside by"],
            results,
        ),
        Section("Guidance against guidance", ["metric", "period", then, now, "the call's word"], moves),
        Section("AI strategy", [then, now], [_topic(t) for t in change.ai_strategy]),
        Section("Q&A themes", [then, now], [_topic(t) for t in change.qa_themes]),
    ]


def _title(change: Change) -> str:
    return f"{change.company or 'Company'}: {change.before.period or '?'} to {change.after.period or '?'}"


def matching_line(change: Change) -> str:
    """How topics were matched, in one sentence."""
    m = change.matching
    if m.method is MatchMethod.model:
        asked = f"{m.requests} request(s)" if m.requests or not m.cached_responses else "from the response cache"
        return f"Topics matched by meaning ({m.model}, {asked})."
    if m.method is MatchMethod.word_overlap:
        return f"Topics {m.note}."
    return f"No topics to match ({m.note})." if m.note else "No topics to match."


def _ids(quotes: Sequence[Quote]) -> str:
    return ", ".join(q.sentence_id for q in quotes)


def _md_cell(s: str) -> str:
    return " ".join(s.split()).replace("|", "\\|")


def to_markdown(change: Change) -> str:
    """The Change as Markdown: one table per section, then the quoted sentences of each line."""
    then, now = change.before.period or "earlier", change.after.period or "later"
    out = [f"# {_title(change)}", "", matching_line(change), ""]
    for section in sections(change):
        if not section.lines:
            continue
        out += [f"## {section.title}", ""]
        header = [*section.header, "verdict", "evidence"]
        out += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        for line in section.lines:
            evidence = f"{then}: {_ids(line.before) or '-'}; {now}: {_ids(line.after) or '-'}"
            out.append("| " + " | ".join(_md_cell(c) for c in [*line.cells, line.verdict, evidence]) + " |")
        out.append("")
        for n, line in enumerate(section.lines, 1):
            for label, quotes in ((then, line.before), (now, line.after)):
                out += [f"> {n}. {label} {q.sentence_id}: {_md_cell(q.text)}" for q in quotes[:2]]
        out.append("")
    if change.warnings:
        out += ["## Warnings", "", *(f"- {w}" for w in change.warnings), ""]
    return "\n".join(out).rstrip() + "\n"


def _e(s: object) -> str:
    return html.escape(str(s), quote=True)


def _quotes_html(label: str, quotes: Sequence[Quote]) -> str:
    return "".join(
        f'<blockquote><span class="sid">{_e(label)} {_e(q.sentence_id)}</span> {_e(q.text)}</blockquote>'
        for q in quotes
    )


def _verdict_class(word: str) -> str:
    return "good" if word in _GOOD else "bad" if word in _BAD else "muted"


def page(title: str, body: str) -> str:
    """A self-contained HTML page: every external load forbidden by its Content-Security-Policy."""
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{PAGE_CSP}">'
        f"<title>{_e(title)}</title><style>{PAGE_CSS}</style></head>\n<body>\n{body}\n</body></html>\n"
    )


def to_html(change: Change) -> str:
    """The Change as one self-contained HTML page; each line quotes both calls' sentences."""
    then, now = change.before.period or "earlier", change.after.period or "later"
    body = [f"<h1>{_e(_title(change))}</h1>", f'<p class="muted" id="matching">{_e(matching_line(change))}</p>']
    for section in sections(change):
        if not section.lines:
            continue
        slug = section.title.lower().replace(" ", "-").replace("&", "and")
        body.append(
            f'<h2>{_e(section.title)}</h2><table id="{slug}"><thead><tr>'
            + "".join(f"<th>{_e(h)}</th>" for h in [*section.header, "verdict"])
            + "</tr></thead><tbody>"
        )
        for line in section.lines:
            cells = "".join(f"<td>{_e(c)}</td>" for c in line.cells)
            quotes = _quotes_html(then, line.before) + _quotes_html(now, line.after)
            body.append(
                f'<tr class="line">{cells}<td class="verdict {_verdict_class(line.verdict)}">{_e(line.verdict)}</td></tr>'
                f'<tr class="evidence"><td colspan="{len(line.cells) + 1}">{quotes}</td></tr>'
            )
        body.append("</tbody></table>")
    if change.warnings:
        body.append("<h2>Warnings</h2><ul>" + "".join(f"<li>{_e(w)}</li>" for w in change.warnings) + "</ul>")
    return page(_title(change), "\n".join(body))


def print_change(change: Change, console: Console) -> None:
    """The Change as rich tables, sentence ids in place of quotes."""
    then, now = change.before.period or "earlier", change.after.period or "later"
    console.print(Text(_title(change), style="bold"))
    console.print(matching_line(change), style="dim", markup=False)
    for section in sections(change):
        if not section.lines:
            continue
        table = Table(*section.header, "verdict", f"{then} / {now} evidence", title=section.title, title_justify="left")
        for line in section.lines:
            style = {"good": "green", "bad": "red"}.get(_verdict_class(line.verdict), "")
            table.add_row(
                *(Text(c) for c in line.cells),
                Text(line.verdict, style=style),
                Text(f"{_ids(line.before) or '-'} / {_ids(line.after) or '-'}"),
            )
        console.print(table)
    for w in change.warnings:
        console.print(f"warning: {w}", style="yellow", markup=False)
