"""What a view of a brief is made of: a title, a layout, columns declared once, and rows of cells.

The renderers (Markdown, HTML, terminal) know how to draw each ``Layout`` and each column
``Role``; they never reach into the brief for a column of their own, so a column added here
appears in all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from summarizer.brief import GroundingStatus, Quote


class Layout(StrEnum):
    """How a view's rows are drawn."""

    fields = "fields"  # one row: each column a labelled field (the header)
    bullets = "bullets"  # one column: a bulleted list
    table = "table"  # a table with one header row
    grouped = "grouped"  # rows under the heading of their GROUP column, one short line each
    sections = "sections"  # one section per row: the first column its heading, the rest labelled
    note = "note"  # one line after the rest


class Role(StrEnum):
    """What a column holds, which decides how each renderer styles it."""

    text = "text"
    who = "who"  # a speaker or asker: a byline
    change = "change"  # a signed change: coloured by its sign
    grounding = "grounding"  # a GroundingStatus: a badge or a colour
    cites = "cites"  # the sentence ids cited
    group = "group"  # the heading a grouped row sits under


class Tone(StrEnum):
    """A cell's emphasis, shared by the terminal's colours and the HTML classes."""

    plain = ""
    pos = "pos"
    neg = "neg"
    warn = "warn"


@dataclass(frozen=True)
class Column:
    """One column: its header, role, alignment; ``label`` is a shorter header for labelled
    fields (``"Q"`` for ``"Question"``); ``minor`` marks a detail drawn smaller or dimmer;
    ``nowrap`` keeps short values on one line in HTML; ``bar`` draws a change as a bar there."""

    header: str
    role: Role = Role.text
    align: Literal["left", "right"] = "left"
    label: str = ""
    minor: bool = False
    nowrap: bool = False
    bar: bool = False

    @property
    def short(self) -> str:
        """The label for a labelled field: ``label`` when set, else the header."""
        return self.label or self.header


@dataclass(frozen=True)
class Cell:
    """One value as text, with what styling needs: a tone, a grounding status, the raw change
    and its unit (for a bar), and a note (shown on hover in HTML)."""

    text: str = ""
    tone: Tone = Tone.plain
    grounding: GroundingStatus | None = None
    change: float | None = None
    unit: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Link:
    """The brief item a row shows, so HTML can tie it to the sentences it cites."""

    id: str
    label: str
    evidence: tuple[Quote, ...]


@dataclass(frozen=True)
class Row:
    """One row of cells, one per column, and the item it shows when it is one."""

    cells: tuple[Cell, ...]
    link: Link | None = None


@dataclass(frozen=True)
class View:
    """One part of a brief: ``key`` names it (an HTML class), ``optional`` views are left out
    when they have no rows, the others say "None."; ``tone`` colours the whole view."""

    key: str
    title: str
    layout: Layout
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    optional: bool = False
    tone: Tone = Tone.plain

    def headers(self) -> list[str]:
        """The column headers, in order."""
        return [c.header for c in self.columns]

    def shown(self) -> bool:
        """Whether a renderer shows this view at all."""
        return bool(self.rows) or not self.optional

    def cells(self, row: Row) -> list[tuple[Column, Cell]]:
        """A row's cells beside their columns."""
        return list(zip(self.columns, row.cells, strict=True))
