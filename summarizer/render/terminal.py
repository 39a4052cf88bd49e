"""Brief -> rich tables and panels on a terminal, drawn from the same views as Markdown and HTML.

Model text is passed as ``Text``, never as markup, so brackets in it print as they are.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from summarizer.brief import Brief, GroundingStatus
from summarizer.render.layout import Cell, Column, Layout, Role, Tone, View
from summarizer.render.views import brief_views

_BULLET = "\u2022"
_GROUNDING_STYLE = {
    GroundingStatus.exact: "green",
    GroundingStatus.normalised: "cyan",
    GroundingStatus.fuzzy: "yellow",
    GroundingStatus.not_found: "red",
}
_TONE_STYLE = {Tone.plain: "", Tone.pos: "green", Tone.neg: "red", Tone.warn: "bold yellow"}
_ROLE_STYLE = {Role.cites: "dim", Role.group: "bold"}


def _text(col: Column, cell: Cell) -> Text:
    if cell.grounding is not None:
        return Text(cell.text, style=_GROUNDING_STYLE[cell.grounding])
    if col.minor:
        return Text(cell.text, style="dim")
    return Text(cell.text, style=_ROLE_STYLE.get(col.role) or _TONE_STYLE[cell.tone])


def _header(view: View, console: Console) -> None:
    head = Text(view.title, style="bold")
    for col, cell in view.cells(view.rows[0]):
        if cell.text:
            head.append(f"\n{col.header}: ", style="dim")
            head.append(cell.text, style=_TONE_STYLE[cell.tone])
    console.print(Panel(head, title="Earnings call brief", title_align="left"))


def _bullets(view: View, console: Console) -> None:
    lines = [row.cells[0].text for row in view.rows] or ["None."]
    if view.tone is Tone.warn:
        body = Group(*(Text(f"{_BULLET} {line}") for line in lines))
        console.print(Panel(body, title=view.title, title_align="left", style="yellow"))
        return
    console.print(Text(view.title, style="bold"))
    for line in lines:
        console.print(Text(f"  {_BULLET} ") + Text(line))


def _table(view: View, console: Console) -> None:
    """A table of the view's columns; a grouped view names each group on its first row only."""
    table = Table(title=view.title, title_justify="left", title_style="bold")
    for col in view.columns:
        table.add_column(col.header, justify=col.align)
    group = None
    for row in view.rows:
        texts = []
        for col, cell in view.cells(row):
            repeated = col.role is Role.group and cell.text == group
            group = cell.text if col.role is Role.group else group
            texts.append(Text("") if repeated else _text(col, cell))
        table.add_row(*texts)
    console.print(table)


def _sections(view: View, console: Console) -> None:
    """One panel per row: its first cell in bold, then each other cell on a labelled line."""
    console.print(Text(view.title, style="bold"))
    for row in view.rows:
        (_, first), *rest = view.cells(row)
        body = Text(first.text, style="bold")
        for col, cell in rest:
            if col.role is Role.text:
                body.append(f"\n{col.short} ", style="bold")
                body.append(cell.text)
            elif cell.text:
                joiner = " " if col.role is Role.who else ": "  # "Asked by X", "Evidence: s1"
                body.append(f"\n{col.header}{joiner}{cell.text}", style="dim")
        console.print(Panel(body))


_DRAW: dict[Layout, Callable[[View, Console], None]] = {
    Layout.fields: _header,
    Layout.bullets: _bullets,
    Layout.table: _table,
    Layout.grouped: _table,
    Layout.sections: _sections,
}


def _view(view: View, console: Console) -> None:
    if view.layout is Layout.note:
        console.print(Text(f"{view.title}: {view.rows[0].cells[0].text}", style="dim"))
        return
    if view.layout in (Layout.table, Layout.grouped, Layout.sections):
        console.print()
        if not view.rows:
            console.print(Text(f"{view.title}: none", style="bold"))
            return
    _DRAW[view.layout](view, console)


def print_brief(brief: Brief, console: Console) -> None:
    """Print a brief as rich tables and panels: the same views, in the same order, as
    ``to_markdown``. Model text is passed as ``Text``, never as markup."""
    for view in brief_views(brief):
        if view.shown():
            _view(view, console)
