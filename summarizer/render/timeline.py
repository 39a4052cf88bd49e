"""Timeline -> JSON, Markdown, a self-contained HTML page with inline SVG charts, or rich tables.

One table per period length (quarters, halves, years): a row per series, a column per period,
and a row under a series for each guidance range given for it. The HTML page draws each series
with more than one period, or any guidance, as a small chart: actuals as dots joined by a line, guidance ranges as bars at their period
(one bar per call that gave one), labelled with the call. No script, no external load.
"""

from __future__ import annotations

import html

from rich.console import Console
from rich.table import Table
from rich.text import Text

from summarizer.compare.timeline import Band, Series, Span, Timeline
from summarizer.render import format_value
from summarizer.render.change import page
from summarizer.text.periods import period_order

__all__ = ["chart_svg", "print_timeline", "rows", "to_html", "to_json", "to_markdown"]

WIDTH, HEIGHT, PAD = 420, 170, 30


def to_json(timeline: Timeline) -> str:
    """The Timeline as indented JSON."""
    return timeline.model_dump_json(indent=2) + "\n"


def _label(s: Series) -> str:
    extra = ", ".join(str(getattr(x, "value", x)) for x in (s.segment, s.basis) if x)
    return f"{s.metric} ({extra})" if extra else s.metric


def _band_text(b: Band, unit: str | None) -> str:
    if b.value_text:
        return " ".join(b.value_text.split())  # as written: a rounded "$2.33B" would misstate "$2.325 billion"
    low, high = format_value(b.low, unit), format_value(b.high, unit)
    return f"{low}" if b.low == b.high else f"{low} to {high}"


def rows(timeline: Timeline, span: Span) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """The periods of one length and the rows of the table: a series' values, then its guidance."""
    chosen = [s for s in timeline.series if s.span is span]
    periods = sorted({p for s in chosen for p in s.periods()}, key=lambda p: period_order(p) or (0, 0))
    table: list[tuple[str, list[str]]] = []
    for s in chosen:
        values = {p.period: format_value(p.value, s.unit) or p.value_text or "" for p in s.points}
        if s.points:
            table.append((_label(s), [values.get(p, "") for p in periods]))
        for call in sorted({b.call or "?" for b in s.bands}):
            guided = {b.period: _band_text(b, s.unit) for b in s.bands if (b.call or "?") == call}
            table.append((f"{_label(s)}: guidance given {call}", [guided.get(p, "") for p in periods]))
    return periods, table


def to_markdown(timeline: Timeline) -> str:
    """The Timeline as Markdown tables, one per period length, then the calls it is read from."""
    out = [f"# {timeline.company or 'Company'}: KPIs across {len(timeline.calls)} calls", ""]
    for span in Span:
        periods, table = rows(timeline, span)
        if not table:
            continue
        out += [f"## By {span.value}", "", "| metric | " + " | ".join(periods) + " |", "|---|" + "---|" * len(periods)]
        out += [
            "| " + " | ".join(" ".join(c.split()).replace("|", "\\|") for c in [label, *cells]) + " |"
            for label, cells in table
        ]
        out.append("")
    out += ["Calls: " + ", ".join(f"{c.period or '?'} ({c.source or 'unnamed'})" for c in timeline.calls), ""]
    out += [f"- warning: {w}" for w in timeline.warnings]
    return "\n".join(out).rstrip() + "\n"


def _e(s: object) -> str:
    return html.escape(str(s), quote=True)


def chart_svg(s: Series) -> str:
    """One series as an inline SVG: actuals as dots on a line, guidance ranges as bars."""
    periods = s.periods()
    values = [p.value for p in s.points] + [v for b in s.bands for v in (b.low, b.high)]
    if not periods or not values:
        return ""
    low, high = min(values), max(values)
    room = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low, high = low - room, high + room
    step = (WIDTH - 2 * PAD) / max(1, len(periods))

    def x(period: str) -> float:
        return PAD + step * (periods.index(period) + 0.5)

    def y(value: float) -> float:
        return HEIGHT - PAD - (value - low) / (high - low) * (HEIGHT - 2 * PAD)

    parts = [
        f'<svg class="chart" role="img" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{_e(_label(s))}</title>",
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#d1d9e0"/>',
        f'<text x="2" y="{PAD}">{_e(format_value(high - room, s.unit))}</text>',
        f'<text x="2" y="{HEIGHT - PAD}">{_e(format_value(low + room, s.unit))}</text>',
    ]
    for period in periods:
        parts.append(f'<text x="{x(period):.1f}" y="{HEIGHT - 8}" text-anchor="middle">{_e(period)}</text>')
    for period in periods:
        bands = [b for b in s.bands if b.period == period]
        width = min(14.0, step / (len(bands) + 1))
        for n, b in enumerate(bands):
            left = x(period) - width * len(bands) / 2 + n * width
            top, bottom = y(b.high), y(b.low)
            parts.append(
                f'<rect class="band" x="{left:.1f}" y="{top:.1f}" width="{width - 2:.1f}" height="{max(2.0, bottom - top):.1f}" '
                f'fill="#0969da" fill-opacity="{0.25 + 0.5 * (n + 1) / len(bands):.2f}">'
                f"<title>guidance for {_e(period)} given {_e(b.call or '?')}: {_e(_band_text(b, s.unit))}</title></rect>"
            )
    if len(s.points) > 1:
        path = " ".join(f"{x(p.period):.1f},{y(p.value):.1f}" for p in s.points)
        parts.append(f'<polyline points="{path}" fill="none" stroke="#1f2328" stroke-width="1.5"/>')
    for p in s.points:
        parts.append(
            f'<circle class="actual" cx="{x(p.period):.1f}" cy="{y(p.value):.1f}" r="3.5" fill="#1f2328">'
            f"<title>{_e(p.period)}: {_e(format_value(p.value, s.unit))} (from the {_e(p.call or '?')} call)</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def to_html(timeline: Timeline) -> str:
    """The Timeline as one self-contained HTML page: tables, then a small chart per series."""
    title = f"{timeline.company or 'Company'}: KPIs across {len(timeline.calls)} calls"
    body = [
        f"<h1>{_e(title)}</h1>",
        '<p class="muted">Dots are actuals; bars are guidance ranges, one per call that gave one.</p>',
    ]
    for span in Span:
        periods, table = rows(timeline, span)
        if not table:
            continue
        body.append(
            f'<h2>By {span.value}</h2><table class="timeline" id="by-{span.value}"><thead><tr><th>metric</th>'
            + "".join(f'<th class="num">{_e(p)}</th>' for p in periods)
            + "</tr></thead><tbody>"
        )
        body += [
            "<tr>" + f"<td>{_e(label)}</td>" + "".join(f'<td class="num">{_e(c)}</td>' for c in cells) + "</tr>"
            for label, cells in table
        ]
        body.append("</tbody></table>")
    charted = [s for s in timeline.series if s.bands or len(s.points) > 1]  # one lone dot says nothing a cell does not
    if charted:
        body.append('<h2>Charts</h2><div class="charts">')
        body += [
            f"<figure>{chart_svg(s)}<figcaption>{_e(_label(s))}, by {_e(s.span.value)}</figcaption></figure>"
            for s in charted
        ]
        body.append("</div>")
    calls = ", ".join(f"{c.period or '?'} ({c.source or 'unnamed'})" for c in timeline.calls)
    body.append(f'<p class="muted">Calls: {_e(calls)}</p>')
    body += [f'<p class="bad">warning: {_e(w)}</p>' for w in timeline.warnings]
    return page(title, "\n".join(body))


def print_timeline(timeline: Timeline, console: Console) -> None:
    """The Timeline as rich tables, one per period length."""
    console.print(Text(f"{timeline.company or 'Company'}: KPIs across {len(timeline.calls)} calls", style="bold"))
    for span in Span:
        periods, table_rows = rows(timeline, span)
        if not table_rows:
            continue
        table = Table("metric", *periods, title=f"By {span.value}", title_justify="left")
        for label, cells in table_rows:
            table.add_row(Text(label), *(Text(c) for c in cells))
        console.print(table)
    for w in timeline.warnings:
        console.print(Text(f"warning: {w}", style="yellow"))
