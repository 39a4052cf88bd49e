"""Calendar dates as transcripts write them, read to ISO ``YYYY-MM-DD``.

    2025-07-30   2025/7/30   July 30, 2025   Jul. 30 2025   30 July 2025   2025年7月30日

``find_months`` also reads a month without its day (February 2025, 2025年2月), as ``(year, month)``.
Numeric day/month orders other than year first (``07/30/2025``, ``30.07.2025``) are ambiguous
between countries and are not read. Width is folded first, so full-width digits read too.
Pure: no model, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from summarizer.text.script import fold

__all__ = ["MONTHS", "DateMatch", "find_dates", "find_months", "parse_date"]

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
"""English month names and their abbreviations -> month number."""

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_PATTERNS = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d\d)[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    re.compile(rf"\b(?P<mn>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mn>{_MONTH})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
)

# A month without its day: "February 2025", "the end of Feb. 2025", 2025年2月底.
_MONTH_YEAR = (
    re.compile(rf"\b(?P<mn>{_MONTH})\.?,?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{1,2})\s*月"),
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One date in a text: ISO form and where it was written."""

    iso: str
    start: int
    end: int


def _iso(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    month = MONTHS[groups["mn"].lower()] if groups.get("mn") else int(groups["m"])
    try:
        return dt.date(int(groups["y"]), month, int(groups["d"])).isoformat()
    except ValueError:
        return None  # "February 30": not a date


def find_dates(text: str) -> list[DateMatch]:
    """Every date written in ``text``, in order (spans index ``text``; overlapping readings dropped)."""
    folded = fold(text)
    found: list[DateMatch] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(folded):
            iso = _iso(m)
            if iso and not any(f.start < m.end() and m.start() < f.end for f in found):
                found.append(DateMatch(iso, m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def find_months(text: str) -> list[tuple[int, int]]:
    """The ``(year, month)`` of every date or month-and-year written in ``text``, in order."""
    found = [(f.start, f.end, int(f.iso[:4]), int(f.iso[5:7])) for f in find_dates(text)]
    folded = fold(text)
    for pattern in _MONTH_YEAR:
        for m in pattern.finditer(folded):
            month = MONTHS[m["mn"].lower()] if "mn" in pattern.groupindex else int(m["m"])
            if 1 <= month <= 12 and not any(start < m.end() and m.start() < end for start, end, _, _ in found):
                found.append((m.start(), m.end(), int(m["y"]), month))
    return [(year, month) for _, _, year, month in sorted(found)]


def parse_date(text: str) -> str | None:
    """The ISO form of a text that is one date (surrounding spaces aside), or None."""
    stripped = text.strip()
    dates = find_dates(stripped)
    if len(dates) == 1 and dates[0].start == 0 and dates[0].end == len(stripped):
        return dates[0].iso
    return None
