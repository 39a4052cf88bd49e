"""Brief -> Markdown, drawn from the views: one ``##`` section per view, in their order."""

from __future__ import annotations

from collections.abc import Callable

from summarizer.brief import Brief
from summarizer.render.layout import Layout, Role, Row, View
from summarizer.render.views import brief_views

_NONE = "_None._"
_ALIGN = {"left": "---", "right": "---:"}


# Text from the transcript or the model is data, never markup: no HTML tag, no link or image
# ("[x](javascript:...)", "<javascript:...>") may reach a Markdown viewer from it.
_MARKUP = str.maketrans({"\\": "\\\\", "[": "\\[", "]": "\\]", "<": "&lt;", ">": "&gt;"})


def _safe(s: str) -> str:
    """``s`` with HTML and link syntax neutralised (shown as written, never interpreted)."""
    return s.translate(_MARKUP)


def _escape(s: str) -> str:
    """A table cell: ``_safe``, and a ``|`` that does not end the cell."""
    return _safe(s).replace("|", "\\|")


def _header(view: View) -> list[str]:
    fields = [f"- **{col.header}:** {_safe(cell.text)}" for col, cell in view.cells(view.rows[0]) if cell.text]
    return [f"# {_safe(view.title)}: earnings call brief", "", *fields, ""]


def _bullets(view: View) -> list[str]:
    return [f"- {_safe(row.cells[0].text)}" for row in view.rows] or [_NONE]


def _table(view: View) -> list[str]:
    if not view.rows:
        return [_NONE]
    lines = ["| " + " | ".join(view.headers()) + " |", "|" + "|".join(_ALIGN[c.align] for c in view.columns) + "|"]
    return lines + ["| " + " | ".join(_escape(c.text) for c in row.cells) + " |" for row in view.rows]


def _line(view: View, row: Row) -> str:
    text, who, cites = [], "", ""
    for col, cell in view.cells(row):
        if col.role is Role.text:
            text.append(_safe(cell.text))
        elif col.role is Role.who and cell.text:
            who += f" ({_safe(cell.text)})"
        elif col.role is Role.cites and cell.text:
            cites += f" [{cell.text}]"
    return f"- {' '.join(text)}{who}{cites}"


def _grouped(view: View) -> list[str]:
    out: list[str] = []
    group = None
    for row in view.rows:
        heading = next(cell.text for col, cell in view.cells(row) if col.role is Role.group)
        if heading != group:
            out += [*([""] if out else []), f"### {_safe(heading)}", ""]
            group = heading
        out.append(_line(view, row))
    return out or [_NONE]


def _section(view: View, row: Row) -> list[str]:
    (_, first), *rest = view.cells(row)
    out = [f"### {_safe(first.text)}", ""]
    out += [
        x for col, cell in rest if col.role is Role.who and cell.text for x in (f"{col.header} {_safe(cell.text)}", "")
    ]
    for col, cell in rest:
        if col.role is Role.text or (col.role is Role.cites and cell.text):
            out.append(f"- **{col.short}:** {_safe(cell.text)}")
    return out


def _sections(view: View) -> list[str]:
    out: list[str] = []
    for row in view.rows:
        out += [*([""] if out else []), *_section(view, row)]
    return out or [_NONE]


_BODY: dict[Layout, Callable[[View], list[str]]] = {
    Layout.bullets: _bullets,
    Layout.table: _table,
    Layout.grouped: _grouped,
    Layout.sections: _sections,
}


def _view(view: View) -> list[str]:
    if view.layout is Layout.fields:
        return _header(view)
    if view.layout is Layout.note:
        return ["---", "", f"_{view.title}: {_safe(view.rows[0].cells[0].text)}._", ""]
    return [f"## {view.title}", "", *_BODY[view.layout](view), ""]


def to_markdown(brief: Brief) -> str:
    """Render a brief as Markdown: header, highlights, a KPI table, guidance, AI strategy grouped
    by category, Q&A themes, then warnings and rejected items. Pipes in table cells are escaped."""
    return "\n".join(line for view in brief_views(brief) if view.shown() for line in _view(view))
