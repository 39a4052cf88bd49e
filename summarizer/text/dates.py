"""Calendar dates as transcripts write them, read to ISO ``YYYY-MM-DD``.

    2025-07-30   2025/7/30   July 30, 2025   Jul. 30 2025   30 July 2025   2025年7月30日

Numeric day/month orders other than year first (``07/30/2025``, ``30.07.2025``) are ambiguous
between countries and are not read. Width is folded first, so full-width digits read too.
Pure: no model, no I/O.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from summarizer.text.script import fold

__all__ = ["MONTHS", "DateMatch", "find_dates", "parse_date"]

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


def parse_date(text: str) -> str | None:
    """The ISO form of a text that is one date (surrounding spaces aside), or None."""
    stripped = text.strip()
    dates = find_dates(stripped)
    if len(dates) == 1 and dates[0].start == 0 and dates[0].end == len(stripped):
        return dates[0].iso
    return None
