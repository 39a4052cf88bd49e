"""Read a PDF transcript into text: pypdf's layout mode, then the page furniture taken out.

    bytes -> pypdf (layout mode: one text row per printed line, gaps kept as blank lines)
          -> running headers, footers and page numbers removed (lines repeated at the top or
             bottom of most pages, and lines that are only a page number)
          -> a two-column page read left column first (a blank gutter down every row)
          -> wrapped and hyphenated lines joined, so each sentence is whole on one line

Speaker lines stay lines: a short line, or one ``labels.parse_label`` reads as a speaker, is
never joined to its neighbours. A PDF with no text layer (scanned pages) is an ``InputError``
that says so. pypdf is the optional ``pdf`` extra; without it the error names the install line.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable

from summarizer.errors import InputError
from summarizer.ingest.header import CALL_CUE
from summarizer.ingest.labels import parse_label
from summarizer.text.script import CJK_CHAR

__all__ = ["EDGE_LINES", "INSTALL", "join_lines", "page_columns", "read_pdf", "strip_furniture"]

INSTALL = "pip install 'summarizer[pdf]'"
EDGE_LINES = 3
"""How many lines at the top and at the bottom of a page may be a running header or footer."""

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-\u2013\u2014(\[]?\s*\d{1,4}\s*[-\u2013\u2014)\]]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I
)
_DIGITS = re.compile(r"\d+")
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
# A sentence's end, perhaps inside closing quotes or brackets: such a line is not wrapped mid-sentence.
_FINAL = re.compile(r"[.!?:\u3002\uff01\uff1f\uff1a][\"'\u201d\u2019)\]\uff09]*$")
# A line was wrapped by the typesetter when the next line's first word would not have fitted on
# it: its length, a space and that word pass this share of the column's widest line (layout
# mode's character grid only approximates a proportional font's widths).
_WRAPPED = 0.9


def read_pdf(raw: bytes) -> str:
    """The text of a PDF (bytes), pages in order, furniture removed, sentences whole on their lines.

    Raises ``InputError`` when pypdf is not installed (naming the install line), when the file
    cannot be parsed or is encrypted, and when no page has a text layer (a scanned document).
    """
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError as e:
        raise InputError(f"reading PDF files needs pypdf: {INSTALL}") from e
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise InputError("the PDF is encrypted; save an unprotected copy first")
        layouts = [page.extract_text(extraction_mode="layout") for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"cannot read the PDF: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from e
    pages = [[row.rstrip() for row in text.replace("\r", "").split("\n")] for text in layouts]
    if not any(row.strip() for page in pages for row in page):
        raise InputError(
            "the PDF has no text layer (scanned pages?); run OCR on it first (e.g. ocrmypdf) or use a text copy"
        )
    title, pages = strip_furniture(pages)
    columns = [[title, ""]] if title else []
    for page in pages:
        columns += page_columns(page)
    return "\n".join(join_lines(columns)).strip() + "\n"


def _trim(lines: list[str]) -> list[str]:
    filled = [i for i, line in enumerate(lines) if line]
    return lines[filled[0] : filled[-1] + 1] if filled else []


def page_columns(rows: list[str]) -> list[list[str]]:
    """One page's layout rows as columns of stripped lines: one, or the left and right of a two-column page.

    Blank lines at either end of a column are dropped, so a sentence wrapped from the bottom of
    one column or page to the top of the next can be joined; runs of spaces become one.
    """
    gutter = _gutter(rows)
    parts = [rows] if gutter is None else [[r[:gutter] for r in rows], [r[gutter:] for r in rows]]
    return [_trim([_SPACES.sub(" ", r).strip() for r in part]) for part in parts]


def _gutter(lines: list[str]) -> int | None:
    """The column of a blank gutter down every text row of a two-column page, or None."""
    rows = [line for line in lines if line.strip()]
    width = max((len(line) for line in rows), default=0)
    if len(rows) < 4 or width < 40:
        return None
    middle = range(int(width * 0.3), int(width * 0.7))
    blank = [c for c in middle if all(len(line) <= c or line[c] == " " for line in rows)]
    if not blank:
        return None
    runs: list[list[int]] = [[blank[0]]]
    for c in blank[1:]:
        if c == runs[-1][-1] + 1:
            runs[-1].append(c)
        else:
            runs.append([c])
    run = max(runs, key=len)
    if len(run) < 3:
        return None
    split = run[len(run) // 2]
    both = sum(bool(line[:split].strip()) and bool(line[split:].strip()) for line in rows)
    return split if both >= len(rows) * 0.3 else None


def _key(line: str) -> str:
    return _SPACES.sub(" ", _DIGITS.sub("#", line.strip().lower()))


def _edges(page: list[str]) -> dict[int, set[str]]:
    """The first and last ``EDGE_LINES`` non-blank rows of a page: index -> its places and text, digits aside."""
    filled = [i for i, line in enumerate(page) if line.strip()]
    places: dict[int, set[str]] = {}
    for n, i in enumerate(filled[:EDGE_LINES]):
        places.setdefault(i, set()).add(f"top{n} {_key(page[i])}")
    for n, i in enumerate(reversed(filled[-EDGE_LINES:])):
        places.setdefault(i, set()).add(f"bottom{n} {_key(page[i])}")
    return places


def strip_furniture(pages: list[list[str]]) -> tuple[str | None, list[list[str]]]:
    """The pages' rows without running headers, footers and page numbers, and the call's title.

    A row is furniture when it is one of the first or last rows of a page and, digits aside,
    the same row is in the same place on at least half the pages (two at least) and is not a
    speaker's label, or when it is only a page number. The first removed row that names the
    call is returned as the title, to be kept once at the top.
    """
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update(set().union(*_edges(page).values()))
    repeated = {k for k, n in counts.items() if n >= max(2, len(pages) / 2)}
    title: str | None = None
    kept: list[list[str]] = []
    for page in pages:
        edges = _edges(page)
        rows: list[str] = []
        for i, row in enumerate(page):
            places = edges.get(i, set())
            if places and ((places & repeated and not parse_label(row.strip())) or _PAGE_NUMBER.match(row.strip())):
                if title is None and CALL_CUE.search(row):
                    title = _SPACES.sub(" ", row.strip())
                rows.append("")
            else:
                rows.append(row)
        kept.append(rows)
    return title, kept


def _joinable(line: str, following: str, width: int) -> bool:
    """Whether ``following`` goes on the sentence ``line`` broke off: a hyphen at the end, or a
    line the next word would not have fitted on, ending mid-sentence. A label line stays apart."""
    if not line or not following or (parse_label(following) and not _FINAL.search(following)):
        return False
    if _HYPHENATED.search(line):
        return True
    next_word = following.split(" ", 1)[0]
    wrapped = len(line) + 1 + len(next_word) > width * _WRAPPED
    return wrapped and not _FINAL.search(line) and not parse_label(line) and not _title(line)


def _title(line: str) -> bool:
    """A title line naming the call ("Acme Corp Q3 2024 Earnings Call Transcript"): its own line."""
    words = [w for w in _WORD.findall(line) if len(w) > 3]
    return bool(CALL_CUE.search(line)) and all(w[0].isupper() for w in words)


def _join(line: str, following: str) -> str:
    if _HYPHENATED.search(line):
        word = line.rsplit(" ", 1)[-1]
        # "year-over-" + "year" keeps its hyphen; "reve-" + "nue" was split by the typesetter.
        if "-" in word[:-1] or not following[:1].islower():
            return line + following
        return line[:-1] + following
    if CJK_CHAR.match(line[-1]) and CJK_CHAR.match(following[0]):
        return line + following
    return f"{line} {following}"


def _width(column: list[str]) -> int:
    """A column's text width: the length most of its lines reach (a few overlong ones aside)."""
    lengths = sorted(len(line) for line in column if line)
    return lengths[int(len(lengths) * 0.9)] if lengths else 0


def join_lines(columns: Iterable[list[str]]) -> list[str]:
    """Lines joined where the typesetter wrapped or hyphenated them, read across columns and pages.

    ``columns`` are the stripped lines of each column of each page, in reading order. A line is
    wrapped when the next line's first word would not have fitted on it and it does not end a
    sentence; a line ending
    in a hyphen after a letter goes on in the next (the hyphen dropped when it split one word,
    kept in "year-over-year"). A speaker's label is never joined to the text after it. Blank
    lines (a gap on the page) end a paragraph; runs of them become one.
    """
    out: list[str] = []
    current, last, width = "", "", 0
    for column in columns:
        column_width = _width(column)
        for line in column:
            if not line:
                if current:
                    out.append(current)
                if out and out[-1]:
                    out.append("")
                current, last = "", ""
            elif current and _joinable(last, line, width):
                current, last, width = _join(current, line), line, column_width
            else:
                if current:
                    out.append(current)
                current, last, width = line, line, column_width
    if current:
        out.append(current)
    return out
