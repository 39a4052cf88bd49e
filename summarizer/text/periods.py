"""Reporting periods: "third quarter of 2024", "3Q24", "2024 年第三季", "FY2025" -> canonical form.

Canonical forms are ``"2024Q3"`` for a quarter, ``"2024H1"`` for a half year and ``"FY2024"``
for a (fiscal or calendar) year. Fiscal quarters keep the fiscal year's number: "Q3 fiscal 2025"
is ``"2025Q3"``. Relative phrases ("this quarter", "next year", "本季度", "第二季度") resolve
against a reference period, normally the call's own.

Matching runs on a width-folded copy of the text (``script.fold`` without its punctuation:
full-width digits and letters become ASCII, one character for one, while 。 stays a full stop
and never a decimal point), so every span found indexes the original string.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from summarizer.text.memo import per_text
from summarizer.text.script import fold

__all__ = ["PeriodMatch", "blank_periods", "find_period", "find_periods", "normalize_period", "period_order", "shift"]

# ASCII word boundaries: "4Q24業績" must match although 業 is a word character to Unicode.
_F = re.I | re.A
_CN_DIGIT = {"\u3007": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5",
             "六": "6", "七": "7", "八": "8", "九": "9"}  # fmt: skip
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_QUARTER_OF = {"1": 1, "2": 2, "3": 3, "4": 4, "一": 1, "二": 2, "三": 3, "四": 4, "首": 1}


@dataclass(frozen=True, slots=True)
class PeriodMatch:
    """One period phrase found in a text: its canonical form and where it was written."""

    canonical: str
    text: str
    start: int
    end: int
    relative: bool


def _year(raw: str) -> int:
    digits = "".join(_CN_DIGIT.get(c, c) for c in raw if c not in " '\u2019")
    year = int(digits)
    return 2000 + year if year < 100 else year


def _quarter(year: int, q: int) -> str:
    return f"{year}Q{q}"


# --- absolute patterns -------------------------------------------------------------------------

_Y4 = r"(?:19|20)\d{2}"
_CNY = r"(?<!\d)(?<!\d[.,])(?:(?:19|20)\d{2}|\d{2}|[二][\u3007零][一二三四五六七八九\u3007零]{2})"
_ORD = r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)"
_FISCAL = r"(?:(?:the\s+)?(?:fiscal(?:\s+year)?|fy)\s*)"
_CNQ = r"(?P<q>[1-4一二三四首])"

Handler = Callable[[re.Match[str]], str]


def _group_year(m: re.Match[str]) -> str:
    # Two-digit years are a separate group: allowed only where the form is unambiguous ("3Q24").
    groups = m.groupdict()
    return groups.get("year") or groups.get("y2") or ""


def _h_ord_year(m: re.Match[str]) -> str:
    return _quarter(_year(m["year"]), _ORDINAL[m["ord"].lower()])


def _h_q_year(m: re.Match[str]) -> str:
    return _quarter(_year(_group_year(m)), int(m["q"]))


def _h_cn_quarter(m: re.Match[str]) -> str:
    return _quarter(_year(m["year"]), _QUARTER_OF[m["q"]])


def _h_half(m: re.Match[str]) -> str:
    half = m["h"].lower()
    number = 1 if half in {"1", "first", "上"} else 2
    return f"{_year(_group_year(m))}H{number}"


def _h_fy(m: re.Match[str]) -> str:
    return f"FY{_year(m['year'])}"


# Chinese: 2024 年第三季(度), 2024年Q3, 24年4季度, 2025財年第一財季, 2024年上半年, 2024年全年/年度/財年.
# Every one needs a 年, so _absolute skips them for a text without one: they took half the time
# of reading an English call's periods.
_CHINESE: list[tuple[re.Pattern[str], Handler]] = [
    (
        re.compile(
            rf"(?P<year>{_CNY})\s*(?:年|財年|财年|財政年度|财政年度)\s*(?:度\s*)?(?:的\s*)?(?:第\s*)?{_CNQ}\s*"
            r"(?:財|财)?季(?:度)?",
            _F,
        ),
        _h_cn_quarter,
    ),
    (re.compile(rf"(?P<year>{_CNY})\s*(?:年|財年|财年)\s*(?:度\s*)?(?:第\s*)?q(?P<q>[1-4])\b", _F), _h_q_year),
    (re.compile(rf"(?P<year>{_CNY})\s*(?:年|財年|财年)\s*(?:度\s*)?(?P<h>上|下)半年", _F), _h_half),
    (
        re.compile(rf"(?P<year>{_CNY})\s*(?:(?:財|财)\s*年(?:度)?|(?:財政|财政)年度|年\s*(?:全年|度|整年|全年度))", _F),
        _h_fy,
    ),
    # A year on its own is that year where it reads as a period: "2024 年，收入...", "in 2024, ..."
    # (not a date "2024 年 12 月", a point "2023 年初", or the start of "2024 Q3").
    (re.compile(rf"(?P<year>{_CNY})\s*年(?!\s*(?:\d|[一二三四上下第首初底末中]|q\d|度|全年|整年))", _F), _h_fy),
]
_NEEDS_NIAN = {pattern for pattern, _ in _CHINESE}

_ABSOLUTE: list[tuple[re.Pattern[str], Handler]] = [
    # "fourth quarter and full year 2024": the quarter is the period reported first.
    (
        re.compile(
            rf"\b{_ORD}[\s-]+(?:fiscal[\s-]+)?quarter\s+and\s+(?:the\s+)?(?:full|fiscal)[\s-]+year"
            rf"(?:\s+of)?\s+(?P<year>{_Y4})\b",
            _F,
        ),
        _h_ord_year,
    ),
    (
        re.compile(
            rf"\b(?:fiscal\s+)?{_ORD}[\s-]+(?:fiscal[\s-]+)?quarter(?:\s+(?:of|in|for|ended))?"
            rf"\s*,?\s*{_FISCAL}?(?P<year>{_Y4})\b",
            _F,
        ),
        _h_ord_year,
    ),
    (re.compile(rf"\b(?:fy\s*)?(?P<year>{_Y4})\s+(?:fiscal\s+)?{_ORD}[\s-]+quarter\b", _F), _h_ord_year),
    (re.compile(rf"\bq(?P<q>[1-4])\s*(?:of\s+)?{_FISCAL}?(?P<year>{_Y4})\b", _F), _h_q_year),
    (re.compile(r"\bq(?P<q>[1-4])\s*(?:['\u2019-]|fy\s*'?)\s*(?P<year>\d{2})\b", _F), _h_q_year),
    (re.compile(r"\bq(?P<q>[1-4])(?P<year>\d{2})\b", _F), _h_q_year),
    (re.compile(rf"\b(?:fy\s*)?(?P<year>{_Y4})\s*[-/]?\s*q(?P<q>[1-4])\b", _F), _h_q_year),
    (re.compile(r"\bfy\s*'?(?P<year>\d{2})\s*[-/]?\s*q(?P<q>[1-4])\b", _F), _h_q_year),
    (
        re.compile(rf"\b(?P<q>[1-4])q(?:\s*(?:fy\s*)?(?P<year>{_Y4})|(?:\s*fy\s*)?['\u2019]?(?P<y2>\d{{2}}))\b", _F),
        _h_q_year,
    ),
    (re.compile(rf"\b(?P<h>first|second)\s+half\s+(?:of\s+)?{_FISCAL}?(?P<year>{_Y4})\b", _F), _h_half),
    (
        re.compile(rf"\b(?P<h>[12])h(?:\s*(?:fy\s*)?(?P<year>{_Y4})|(?:\s*fy\s*)?['\u2019]?(?P<y2>\d{{2}}))\b", _F),
        _h_half,
    ),
    (re.compile(rf"\bh(?P<h>[12])\s*(?:of\s+)?(?:fy\s*)?(?P<year>{_Y4})\b", _F), _h_half),
    (re.compile(r"\bh(?P<h>[12])(?:['\u2019-]|\s*fy\s*)?(?P<year>\d{2})\b", _F), _h_half),
    (re.compile(r"\bfy\s*['\u2019]?(?P<year>(?:19|20)\d{2}|\d{2})\b", _F), _h_fy),
    (
        re.compile(
            rf"\b(?:fiscal|full[\s-]+)\s*year\s+(?:ended|ending)\s+(?:[a-z]+\s+\d{{1,2}},?\s+)?"
            rf"(?P<year>{_Y4})\b",
            _F,
        ),
        _h_fy,
    ),
    (
        re.compile(
            rf"\b(?:fiscal(?:\s+year)?|full[\s-]+year(?:\s+of)?|(?<=the\s)year(?:\s+of)?)\s+(?P<year>{_Y4})\b", _F
        ),
        _h_fy,
    ),
    (re.compile(rf"\b(?P<year>{_Y4})\s+(?:full[\s-]+year|fiscal\s+year)\b", _F), _h_fy),
    *_CHINESE,
    (
        re.compile(
            rf"\b(?:in|for|during|throughout|of)\s+(?P<span>(?:calendar\s+)?(?P<year>{_Y4}))\b"
            rf"(?![\s-]*(?:q[1-4]\b|[1-4]q\b|h[12]\b|first|second|third|fourth|fiscal|full|year|[/.-]?\d))",
            _F,
        ),
        _h_fy,
    ),
]

# --- relative patterns (need a reference period) -----------------------------------------------

_QUARTER_REL = {
    0: r"(?:this\s+(?:past\s+)?|the\s+(?:current\s+|reporting\s+|reported\s+)?|current\s+)quarter(?![\s-]+(?:over|on|to|of))"
       r"|本季度|本季|當季|当季|這個季度|这个季度|該季度|该季度|這一季度|这一季度|本報告期|本报告期",
    1: r"(?:the\s+)?next\s+quarter|(?:the\s+)?(?:coming|following|upcoming)\s+quarter"
       r"|下季度|下個季度|下个季度|下一季度|下一個季度|下一个季度|下季",
    -1: r"(?:the\s+)?(?:last|previous|prior|preceding|sequential)\s+quarter"
        r"|上季度|上個季度|上个季度|上一季度|上一個季度|上一个季度|上季",
    -4: r"(?:the\s+)?(?:same|comparable)\s+(?:quarter|period)\s+(?:of\s+|in\s+)?(?:last|the\s+prior|the\s+previous)\s+year"
        r"|(?:the\s+)?(?:year[\s-]+ago|prior[\s-]+year)\s+(?:quarter|period)|去年同期|去年同季|上年同期",
}  # fmt: skip
_YEAR_REL = {
    0: r"(?:this\s+(?:fiscal\s+)?|the\s+(?:current\s+|full\s+|fiscal\s+)?|current\s+(?:fiscal\s+)?|full[\s-]+)"
       r"year(?![\s-]+(?:over|on|to|ago|of\s+\d))|今年|本年度|本年|本財年|本财年|全年|今年全年",
    1: r"(?:the\s+)?next\s+(?:fiscal\s+)?year|(?:the\s+)?coming\s+year|明年|下一年|下一財年|下一财年|下個財年|下个财年|來年|来年",
    -1: r"(?:the\s+)?(?:last|previous|prior)\s+(?:fiscal\s+)?year|去年|上一年|上年|上一財年|上一财年",
}  # fmt: skip
_QUARTER_REL_RE = [(offset, re.compile(pattern, _F)) for offset, pattern in _QUARTER_REL.items()]
_YEAR_REL_RE = [(offset, re.compile(pattern, _F)) for offset, pattern in _YEAR_REL.items()]
_YEAR_WORD = {"this": 0, "next": 1, "last": -1, "今年": 0, "本年": 0, "明年": 1, "去年": -1, "上年": -1}
_QUARTER_NO_YEAR = [
    re.compile(rf"\b{_ORD}[\s-]+(?:fiscal[\s-]+)?quarter(?:\s+(?:of\s+)?(?P<rel>this|next|last)\s+year)?", _F),
    re.compile(r"\bq(?P<q>[1-4])\b(?:\s+(?:of\s+)?(?P<rel>this|next|last)\s+year)?", _F),
    re.compile(r"\b(?P<q>[1-4])q\b", _F),
    re.compile(
        rf"(?:(?P<rel>今年|本年|明年|去年|上年)\s*(?:的\s*)?)?(?:第\s*{_CNQ}\s*季(?:度)?|(?P<q3>[1-4一二三四首])\s*季度|q(?P<q2>[1-4])\b)",
        _F,
    ),
]
_HALF_NO_YEAR = [
    re.compile(r"\b(?:the\s+)?(?P<h>first|second)\s+half(?:\s+of\s+(?P<rel>this|next|last)\s+year)?", _F),
    re.compile(r"\b(?P<h>[12])h\b|\bh(?P<h2>[12])\b", _F),
    re.compile(r"(?:(?P<rel>今年|本年|明年|去年|上年)\s*(?:的\s*)?)?(?P<h>上|下)半年", _F),
]


def _parse_reference(reference: str | None) -> tuple[str, int, int] | None:
    """Split a canonical period into (kind, year, number): ("Q", 2024, 3), ("FY", 2024, 0)."""
    if not reference:
        return None
    m = re.fullmatch(r"(\d{4})([QH])([1-4])|FY(\d{4})", reference.strip())
    if m is None:
        return None
    if m[4]:
        return "FY", int(m[4]), 0
    return m[2], int(m[1]), int(m[3])


def shift(period: str, quarters: int) -> str | None:
    """Move a canonical quarter by ``quarters`` (``shift("2024Q4", 1) == "2025Q1"``); None otherwise."""
    ref = _parse_reference(period)
    if ref is None or ref[0] != "Q":
        return None
    index = ref[1] * 4 + ref[2] - 1 + quarters
    return _quarter(index // 4, index % 4 + 1)


def period_order(period: str) -> tuple[int, int] | None:
    """Months covered by a canonical period as (first, last) month indexes, for ordering and overlap."""
    ref = _parse_reference(period)
    if ref is None:
        return None
    kind, year, number = ref
    base = year * 12
    if kind == "Q":
        return base + 3 * (number - 1), base + 3 * number - 1
    if kind == "H":
        return base + 6 * (number - 1), base + 6 * number - 1
    return base, base + 11


def _absolute(folded: str, original: str) -> list[PeriodMatch]:
    found: list[PeriodMatch] = []
    chinese = "年" in folded
    for pattern, handler in _ABSOLUTE:
        if pattern in _NEEDS_NIAN and not chinese:
            continue
        for m in pattern.finditer(folded):
            try:
                canonical = handler(m)
            except (ValueError, KeyError):
                continue
            # A pattern may need context it does not name: "in 2024" names only "2024".
            start, end = m.span("span") if "span" in pattern.groupindex else m.span()
            found.append(PeriodMatch(canonical, original[start:end].strip(), start, end, relative=False))
    return found


def _relative(folded: str, original: str, reference: str | None, *, forward: bool) -> list[PeriodMatch]:
    ref = _parse_reference(reference)
    if ref is None:
        return []
    kind, year, number = ref
    found: list[PeriodMatch] = []

    def add(canonical: str | None, m: re.Match[str]) -> None:
        if canonical is not None:
            found.append(PeriodMatch(canonical, original[m.start() : m.end()], m.start(), m.end(), relative=True))

    for offset, compiled in _QUARTER_REL_RE:
        for m in compiled.finditer(folded):
            add(shift(reference or "", offset) if kind == "Q" else None, m)
    # A fourth-quarter call is held after its year has ended: the "this year" of its outlook is the
    # next one, and "last year" the year the call reports.
    this_year = year + 1 if forward and kind == "Q" and number == 4 else year
    for offset, compiled in _YEAR_REL_RE:
        for m in compiled.finditer(folded):
            add(f"FY{this_year + offset}", m)
    for pattern in _QUARTER_NO_YEAR:
        for m in pattern.finditer(folded):
            groups = m.groupdict()
            raw = groups.get("ord") or groups.get("q") or groups.get("q2") or groups.get("q3")
            if raw is None:
                continue
            q = _ORDINAL[raw.lower()] if raw.lower() in _ORDINAL else _QUARTER_OF[raw]
            rel = groups.get("rel")
            target = year + (_YEAR_WORD[rel.lower()] if rel else 0)
            # On a Q4 call, "the first quarter" of an outlook is next year's.
            if forward and not rel and kind == "Q" and q < number:
                target += 1
            add(_quarter(target, q), m)
    for pattern in _HALF_NO_YEAR:
        for m in pattern.finditer(folded):
            groups = m.groupdict()
            raw = (groups.get("h") or groups.get("h2") or "").lower()
            rel = groups.get("rel")
            target = year + (_YEAR_WORD[rel.lower()] if rel else 0)
            add(f"{target}H{1 if raw in {'1', 'first', '上'} else 2}", m)
    return found


def _select(matches: list[PeriodMatch]) -> list[PeriodMatch]:
    """Non-overlapping matches in order: absolute phrases first ("the year 2025" is FY2025, not
    "the year"), then, at one position, the longest."""
    ordered = sorted(matches, key=lambda p: (p.relative, p.start, -(p.end - p.start)))
    kept: list[PeriodMatch] = []
    for match in ordered:
        if any(match.start < k.end and k.start < match.end for k in kept):
            continue
        kept.append(match)
    return sorted(kept, key=lambda p: p.start)


def find_periods(text: str, *, reference: str | None = None, forward: bool = False) -> list[PeriodMatch]:
    """Every period phrase in ``text``, in order, non-overlapping.

    Relative phrases are included only when ``reference`` (a canonical period) is given;
    ``forward`` reads a bare quarter earlier than the reference's as next year's, and on a
    fourth-quarter reference "this year" as the next and "last year" as the reference's (for
    outlooks: the call is held after its year).
    """
    return _find_cached(text, reference, forward)


def _find_uncached(text: str, reference: str | None, forward: bool) -> list[PeriodMatch]:
    folded = fold(text, punctuation=False)
    matches = _absolute(folded, text) + _relative(folded, text, reference, forward=forward)
    return _select(matches)


# Grounding asks about the same sentence for every figure it cites, and recall and grounding both
# read a section's sentences.
_find_cached = per_text(_find_uncached)


def blank_periods(text: str) -> str:
    """``text`` with each period phrase, relative ones included, replaced by one space."""
    return _blank_cached(text)


def _blank_uncached(text: str) -> str:
    for period in sorted(find_periods(text, reference="2000Q1"), key=lambda p: -p.start):
        text = text[: period.start] + " " + text[period.end :]
    return text


_blank_cached = per_text(_blank_uncached)


def find_period(text: str) -> tuple[str, str] | None:
    """The first reporting period stated with its year in ``text``, as (canonical, as written).

    ``find_period("Welcome to the third quarter 2024 call")`` is ``("2024Q3", "third quarter 2024")``.
    """
    matches = find_periods(text)
    if not matches:
        return None
    return matches[0].canonical, matches[0].text


_LONE_YEAR = re.compile(rf"\s*(?:(?:the\s+)?(?:calendar\s+)?year\s+)?(?P<year>{_Y4})\s*(?:年|財年|财年)?\s*", _F)


def normalize_period(text: str, *, reference: str | None = None, forward: bool = False) -> str | None:
    """Canonical form of one period phrase, or None when it names no period this can resolve.

    Absolute phrases need no reference ("Q3 2024" -> "2024Q3", "2024年全年" -> "FY2024"); a lone
    year names that year. Relative ones ("this quarter", "next year", "本季度", "fourth quarter")
    resolve against ``reference``, the call's canonical period; ``forward`` reads a bare quarter
    earlier than the reference's as next year's, as an outlook does.
    """
    if not text or not text.strip():
        return None
    folded = fold(text, punctuation=False)
    lone = _LONE_YEAR.fullmatch(folded)
    if lone:
        return f"FY{lone['year']}"
    if _parse_reference(folded.strip().upper()) is not None:
        return folded.strip().upper()
    matches = find_periods(text, reference=reference, forward=forward)
    return matches[0].canonical if matches else None
