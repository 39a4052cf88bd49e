"""Brief -> one self-contained HTML page: the views beside the transcript, each item linked to
the sentences it cites.

All transcript and model text is escaped, and a Content-Security-Policy forbids every external
load, so the file works offline and a hostile transcript cannot run code in it. The stylesheet
and the script are package data (``assets/``), inlined into every page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources

from summarizer.brief import Brief, GroundingStatus, Quote
from summarizer.render.layout import Cell, Column, Layout, Role, Row, View
from summarizer.render.marks import (
    Linked,
    check_spans,
    cited_sentences,
    esc,
    marked_transcript,
)
from summarizer.render.values import SEPARATOR, format_change
from summarizer.render.views import brief_views

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)
_NONE = '<p class="empty">None.</p>'
_IDLE = "Click an item to see its evidence"
_INCOMPLETE = '<p class="banner">Incomplete brief: at least one section could not be summarised (see Warnings).</p>'
_GROUNDING_HELP = {
    GroundingStatus.exact: "the figure appears as written in a cited sentence",
    GroundingStatus.normalised: "equal to a cited figure after parsing scale, unit or sign words",
    GroundingStatus.fuzzy: "equal to a cited figure within rounding",
    GroundingStatus.not_found: "no cited sentence states this figure",
}


@cache
def asset(name: str) -> str:
    """The text of ``assets/<name>`` shipped with the package (``report.css``, ``report.js``)."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def _badge(status: GroundingStatus) -> str:
    return (
        f'<span class="badge g-{status.value}" title="grounding: {esc(_GROUNDING_HELP[status])}">{status.value}</span>'
    )


def _cited_badge(evidence: Sequence[Quote]) -> str:
    if not evidence:
        return '<span class="badge g-none" title="no sentence cited">no evidence</span>'
    n = len({q.sentence_id for q in evidence})
    return f'<span class="badge g-cited" title="cited sentences">{n} {"sentence" if n == 1 else "sentences"}</span>'


def _change_td(cell: Cell, *, bar: bool) -> str:
    if cell.change is None:
        return '<td class="chg num"></td>'
    shown = ""
    if bar:
        full = 5.0 if cell.unit == "pp" else 50.0  # the change at which the bar is full
        width = min(abs(cell.change) / full, 1.0) * 100
        shown = f'<span class="bar" aria-hidden="true"><span style="width:{width:.0f}%"></span></span>'
    tone = f" {cell.tone.value}" if cell.tone.value else ""
    return f'<td class="chg num{tone}">{shown}{esc(format_change(cell.change, cell.unit))}</td>'


def _td(col: Column, cell: Cell) -> str:
    if col.role is Role.change:
        return _change_td(cell, bar=col.bar)
    if cell.grounding is not None:
        return f"<td>{_badge(cell.grounding)}</td>"
    classes = ["cites"] if col.role is Role.cites else ["num"] if col.align == "right" else []
    classes += ["minor"] if col.minor else []
    classes += ["nowrap"] if col.nowrap else []
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    attrs += f' title="{esc(cell.note)}"' if cell.note else ""
    return f"<td{attrs}>{esc(cell.text)}</td>"


def _tr(view: View, row: Row, linked: Linked) -> str:
    attrs = f" {linked.attrs(row.link)}" if row.link else ""
    return f"<tr{attrs}>" + "".join(_td(col, cell) for col, cell in view.cells(row)) + "</tr>"


def _th(col: Column) -> str:
    return f'<th class="num">{esc(col.header)}</th>' if col.align == "right" else f"<th>{esc(col.header)}</th>"


def _table(view: View, linked: Linked) -> list[str]:
    head = "".join(_th(c) for c in view.columns)
    rows = "".join(_tr(view, row, linked) for row in view.rows)
    table = f'<table class="{view.key}"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    return [f'<div class="table-wrap">{table}</div>']


def _bullets(view: View, linked: Linked) -> list[str]:
    return [f'<ul class="{view.key}">' + "".join(f"<li>{esc(r.cells[0].text)}</li>" for r in view.rows) + "</ul>"]


def _card(row: Row, linked: Linked, inner: str) -> str:
    attrs = f" {linked.attrs(row.link)}" if row.link else ""
    return f"<div{attrs}>{inner}</div>"


def _grouped(view: View, linked: Linked) -> list[str]:
    """A heading per group; a card per row: its text and cited count, then speaker and ids."""
    out, group = [], None
    for row in view.rows:
        head, sub = [], []
        for col, cell in view.cells(row):
            if col.role is Role.group and cell.text != group:
                out.append(f"<h3>{esc(cell.text)}</h3>")
                group = cell.text
            elif col.role is Role.text:
                head.append(f"<span>{esc(cell.text)}</span>")
            elif col.role is Role.who and cell.text:
                sub.append(f'<span class="who">{esc(cell.text)}</span> ')
            elif col.role is Role.cites:
                sub.append(f'<span class="sid">{esc(cell.text)}</span>')
        badge = _cited_badge(row.link.evidence if row.link else ())
        inner = f'<div class="card"><div class="head">{"".join(head)}{badge}</div><div class="sub">{"".join(sub)}</div></div>'
        out.append(_card(row, linked, inner))
    return out


def _section(view: View, row: Row) -> str:
    (_, first), *rest = view.cells(row)
    badge = _cited_badge(row.link.evidence if row.link else ())
    parts = [f'<div class="head"><b style="color:inherit">{esc(first.text)}</b>{badge}</div>']
    parts += [f'<div class="who">{esc(c.header)} {esc(x.text)}</div>' for c, x in rest if c.role is Role.who and x.text]
    parts += [f"<p><b>{esc(c.short)}</b> {esc(x.text)}</p>" for c, x in rest if c.role is Role.text]
    parts += [f'<div class="sub"><span class="sid">{esc(x.text)}</span></div>' for c, x in rest if c.role is Role.cites]
    return '<div class="card qa">' + "".join(parts) + "</div>"


def _sections(view: View, linked: Linked) -> list[str]:
    return [_card(row, linked, _section(view, row)) for row in view.rows]


_BODY: dict[Layout, Callable[[View, Linked], list[str]]] = {
    Layout.bullets: _bullets,
    Layout.table: _table,
    Layout.grouped: _grouped,
    Layout.sections: _sections,
}


def _body(views: Sequence[View], linked: Linked) -> list[str]:
    out = []
    for view in views:
        if view.layout in _BODY and view.shown():
            out.append(f"<h2>{esc(view.title)}</h2>")
            out += _BODY[view.layout](view, linked) if view.rows else [_NONE]
    return out


def _print_cited(linked: Linked) -> str:
    items = "".join(
        f'<li><span class="sid">{esc(sp.sentence_id)}</span> {esc(sp.text)}</li>' for sp in linked.ordered()
    )
    return (
        f'<section class="print-only"><h2>Cited sentences</h2><ol class="cited-list">{items}</ol></section>'
        if items
        else ""
    )


def _header(view: View) -> str:
    cells = view.cells(view.rows[0])
    meta = SEPARATOR.join(
        f"{esc(c.header.lower())} <b>{esc(x.text)}</b>" for c, x in cells if x.text and c.role is not Role.who
    )
    people = "".join(f'<p class="meta people">{esc(x.text)}</p>' for c, x in cells if x.text and c.role is Role.who)
    return f'<header class="top"><h1>{esc(view.title)}</h1><p class="meta">{meta}</p>{people}</header>'


def _source(linked: Linked, transcript_text: str | None) -> tuple[str, str]:
    spans = list(linked.spans.values())
    if transcript_text is not None:
        check_spans(transcript_text, spans)
        return "Transcript", marked_transcript(transcript_text, spans)
    return "Cited sentences", cited_sentences(spans) or '<p class="empty">No sentences cited.</p>'


def _page(brief: Brief, header: View, brief_html: str, source: tuple[str, str]) -> str:
    lang = brief.source.languages[0] if len(brief.source.languages) == 1 else "en"
    page_title = f"{header.title}{' ' + brief.period if brief.period else ''}: earnings call brief"
    source_title, source_html = source
    return (
        f'<!doctype html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        f"<title>{esc(page_title)}</title>\n<style>{asset('report.css')}</style>\n</head>\n<body>\n"
        f"{_header(header)}\n{'' if brief.complete else _INCOMPLETE}\n"
        f'<main class="layout">\n<section class="pane brief" id="brief" aria-label="Brief">\n{brief_html}\n</section>\n'
        f'<section class="pane source" id="source" aria-label="{source_title}">'
        f'<div class="source-head"><h2>{source_title}</h2><span id="status" role="status" data-idle="{_IDLE}">{_IDLE}</span></div>'
        f'<div class="transcript" id="transcript">{source_html}</div></section>\n</main>\n'
        f"<script>{asset('report.js')}</script>\n</body>\n</html>\n"
    )


def to_html(brief: Brief, *, transcript_text: str | None = None) -> str:
    """Render a brief as one self-contained HTML page (inline CSS and JS, no external loads).

    The brief sits beside the transcript (or, without ``transcript_text``, beside the cited
    sentences only); clicking an item highlights and scrolls to its evidence. All text is
    escaped. Raises ``RenderError`` when ``transcript_text`` is not the text the spans index.
    """
    views = brief_views(brief)
    linked = Linked()
    body = _body(views, linked)
    body.append(_print_cited(linked))
    body += [
        f'<p class="usage">{esc(v.title)}: {esc(v.rows[0].cells[0].text)}.</p>'
        for v in views
        if v.layout is Layout.note
    ]
    header = next(v for v in views if v.layout is Layout.fields)
    return _page(brief, header, "\n".join(x for x in body if x), _source(linked, transcript_text))
