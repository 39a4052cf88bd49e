"""Quantities in running text: "$48.2 million", "2,150 萬美元", "負 380 萬", "1.8 倍" -> typed amounts.

``parse`` finds every quantity in a string and returns :class:`Amount` values with the scale
applied, a unit, an optional qualifier and the character span they were read from. A range
("$34 to $36 million", "34 至 3,600 萬美元", "60~70%") is one ``Amount`` whose ``low`` and
``high`` are set and whose ``value`` is the low end; a single figure has ``low``/``high`` None.

What is deliberately not a quantity: years (bare integers 1900-2100, "2024年", "'20"), dates and
times, ordinals ("4th", "第3"), references ("Slide 6"), list markers ("1. ", "2、", "(1)"), and
digits glued to letters ("3Q24", "GPT-4o", "5G"), except currency codes ("RMB113") and unit or
scale suffixes ("2.6x", "$4.6m").

Units: ISO currency codes ("USD", "CNY", "HKD", ...; "¥" is read as CNY, the usual meaning in
the calls this reads), "%", "pp" (percentage points, "pct", "points", 個百分點; basis points are
converted to points), "x" (multiples: "2.6x", "4 times", "2.6 倍"), or None for plain counts.

Signs: "negative", "minus", 負, a leading "-", and accounting parentheses ("(4.6) million"; not
"(5%)", which is an aside). Words such as "decrease" or 下降 are left to the caller: "down 9%"
parses as 9.0. Ranges: "to", "-", "~", 至, "between ... and"; "from X to Y" and "declined X to Y"
are changes, not ranges. A scale written once ("$34 to $36 million") applies to both ends; in
"34 至 3,600 萬美元", a machine translation of "$34 to $36 million", the low end is read in millions.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

from pydantic import BaseModel, ConfigDict

from summarizer.text.cues import CHANGED
from summarizer.text.memo import per_text
from summarizer.text.script import FULL_WIDTH_COMMA, FULL_WIDTH_DIGITS, WIDTH

__all__ = ["UNIT_WORDS", "Amount", "fold", "parse", "parse_one", "scale_factor"]

# The width fold without its punctuation (a folded 。 or 、 would join two numbers into one),
# and without the full-width comma: in Chinese it separates clauses ("100\uff0c200" is two
# numbers), except between full-width digits (``_WIDE_THOUSANDS``).
_FOLD = {cp: to for cp, to in WIDTH.items() if cp != FULL_WIDTH_COMMA}


class Amount(BaseModel):
    """One quantity read from text; ``start``/``end`` index the string given to :func:`parse`."""

    model_config = ConfigDict(frozen=True)

    value: float  # scale applied, sign applied; the low end for a range
    unit: str | None = None  # ISO currency, "%", "pp", "x", or None for a count
    scale: str | None = None  # the scale word as written: "million", "億", "m", ...
    qualifier: str | None = None  # "approximately" | "more than" | "less than"
    per: str | None = None  # "ADS" | "share" for per-share amounts
    low: float | None = None  # set for ranges only
    high: float | None = None
    start: int
    end: int
    text: str

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None

    def values(self) -> tuple[float, ...]:
        """The value, or both ends of a range."""
        if self.low is not None and self.high is not None:
            return (self.low, self.high)
        return (self.value,)


_I = re.I | re.A

_NUMBER = re.compile(r"(?<![0-9])(?:\d{1,3}(?:,\d{3})+(?![0-9])|\d+)(?:\.\d+)?(?![0-9])")

_ABBR = {"k": 1e3, "m": 1e6, "mn": 1e6, "mm": 1e6, "mio": 1e6, "b": 1e9, "bn": 1e9, "tn": 1e12}
_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "lakh": 1e5, "crore": 1e7,
          "mn": 1e6, "mm": 1e6, "bn": 1e9, "tn": 1e12}  # fmt: skip
_CJK_SCALE = {"十": 10.0, "百": 100.0, "千": 1e3, "萬": 1e4, "万": 1e4, "億": 1e8, "亿": 1e8}

_GLUED = re.compile(r"(?P<abbr>mio|mn|mm|bn|tn|k|m|b)(?![A-Za-z0-9])", _I)
_SCALE_WORD = re.compile(
    r"\s*-?\s*(?P<word>thousand|million|billion|trillion|lakh|crore|mn|bn|mm|tn)s?(?![A-Za-z])", _I
)
_CJK = re.compile(r"\s*(?P<more>多)?\s*(?P<cjk>[十百千]?[萬万億亿]{1,2}|千)")

_CURRENCY_WORDS: dict[str, str] = {
    "us$": "USD", "usd": "USD", "$": "USD", "us dollars": "USD", "us dollar": "USD", "dollars": "USD",
    "dollar": "USD", "美元": "USD", "美金": "USD",
    "rmb": "CNY", "cny": "CNY", "\u00a5": "CNY", "yuan": "CNY", "renminbi": "CNY", "人民幣": "CNY", "人民币": "CNY",
    "元": "CNY",
    "hk$": "HKD", "hkd": "HKD", "hong kong dollars": "HKD", "港元": "HKD", "港幣": "HKD", "港币": "HKD",
    "nt$": "TWD", "twd": "TWD", "新台幣": "TWD", "新台币": "TWD",
    "a$": "AUD", "aud": "AUD", "c$": "CAD", "cad": "CAD", "s$": "SGD", "sgd": "SGD", "r$": "BRL", "brl": "BRL",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR", "歐元": "EUR", "欧元": "EUR",
    "\u00a3": "GBP", "gbp": "GBP", "pounds": "GBP", "英鎊": "GBP", "英镑": "GBP",
    "jpy": "JPY", "yen": "JPY", "日元": "JPY", "日圓": "JPY", "₹": "INR", "inr": "INR", "rs.": "INR",
    "rs": "INR", "rupees": "INR", "₩": "KRW", "krw": "KRW", "韓元": "KRW", "韩元": "KRW", "chf": "CHF",
    "sek": "SEK", "nok": "NOK", "dkk": "DKK", "zar": "ZAR", "mxn": "MXN", "idr": "IDR", "thb": "THB",
    "myr": "MYR", "vnd": "VND", "ils": "ILS", "nzd": "NZD", "pln": "PLN", "czk": "CZK", "huf": "HUF",
    "sar": "SAR", "aed": "AED", "mop": "MOP", "macau patacas": "MOP", "澳門元": "MOP", "新加坡元": "SGD",
}  # fmt: skip
_PREFIX_CURRENCIES = sorted(
    [c for c in _CURRENCY_WORDS if c not in {"元", "yuan", "dollars", "dollar", "euro", "euros", "pounds", "yen",
                                             "us dollars", "us dollar", "hong kong dollars", "renminbi", "日元",
                                             "日圓", "韓元", "韩元", "rupees", "macau patacas", "澳門元",
                                             "新加坡元"}],
    key=len, reverse=True,
)  # fmt: skip
_PREFIX = re.compile(r"(?:" + "|".join(re.escape(c) for c in _PREFIX_CURRENCIES) + r")\s*$", _I)
_SUFFIX_CURRENCIES = sorted(_CURRENCY_WORDS, key=len, reverse=True)
_CURRENCY_SUFFIX = re.compile(
    r"\s*(?P<cur>" + "|".join(re.escape(c) for c in _SUFFIX_CURRENCIES if not c.endswith("$")) + r")(?![A-Za-z])", _I
)

_UNIT = re.compile(
    r"\s*(?:(?P<pct>%|percent(?:age)?(?!\s*points?)(?![A-Za-z])|per\s+cent(?![A-Za-z]))"
    r"|(?P<pp>percentage[\s-]+points?|ppts?(?![A-Za-z])|pp(?![A-Za-z])|pct(?![A-Za-z])|points?(?![A-Za-z])|pts(?![A-Za-z])"
    r"|個百分點|个百分点|百分點|百分点)"
    r"|(?P<bps>basis[\s-]+points?|bps(?![A-Za-z])|bp(?![A-Za-z]))"
    r"|(?P<x>倍|x(?![A-Za-z])|times(?![A-Za-z])))",
    _I,
)
# The words an amount is written with, not a metric: currencies, scales and units ("RMB", "million",
# "人民幣", "億元", "個百分點", "%"). A label made of them names no metric.
UNIT_WORDS = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(re.escape(c) for c in sorted(_CURRENCY_WORDS, key=len, reverse=True) if c != "元")
    + r"|thousands?|millions?|billions?|trillions?|percent(?:age)?(?:\s+points?)?|basis\s+points?)(?![A-Za-z])"
    r"|[萬万億亿千百]?[萬万億亿]元?|[萬万億亿]?元|個百分點|个百分点|百分點|百分点|[%$\u00a5\u20ac\u00a3]",
    _I,
)

_PER = re.compile(
    r"\s*(?:per|/|a|each)\s*(?:(?:diluted|basic|common|class\s+a|ordinary)\s+)*(?P<per>ads|adss|adr|american\s+depositary\s+shares?"
    r"|ordinary\s+shares?|shares?)(?![A-Za-z])",
    _I,
)
_CJK_AFTER = re.compile(r"\s*(?P<q>以上|左右|上下|以下|以內|以内|之多)")
_NOT_AFTER = re.compile(r"\s*(?:年|月|日|號|号|季|時|时|:\d|點\d|点\d|週|周|歲|岁)|(?:st|nd|rd|th)(?![A-Za-z])", _I)

_QUALIFIERS: dict[str, str] = {
    "approximately": "approximately", "approx.": "approximately", "approx": "approximately",
    "about": "approximately", "around": "approximately", "roughly": "approximately",
    "nearly": "approximately", "almost": "approximately", "close to": "approximately",
    "an estimated": "approximately", "circa": "approximately",
    "約": "approximately", "约": "approximately", "大約": "approximately", "大约": "approximately",
    "大概": "approximately", "近": "approximately", "將近": "approximately", "将近": "approximately",
    "接近": "approximately", "約為": "approximately", "约为": "approximately",
    "more than": "more than", "over": "more than", "above": "more than", "exceeding": "more than",
    "in excess of": "more than", "at least": "more than", "upwards of": "more than", "north of": "more than",
    "超過": "more than", "超过": "more than", "超": "more than", "逾": "more than", "多於": "more than",
    "多于": "more than", "高於": "more than", "高于": "more than", "至少": "more than", "突破": "more than",
    "less than": "less than", "under": "less than", "below": "less than", "fewer than": "less than",
    "up to": "less than", "at most": "less than", "不到": "less than", "少於": "less than",
    "少于": "less than", "低於": "less than", "低于": "less than", "不足": "less than", "不超過": "less than",
    "不超过": "less than",
}  # fmt: skip
_QUALIFIER = re.compile(
    r"(?<![A-Za-z])(?P<q>"
    + "|".join(re.escape(q) for q in sorted(_QUALIFIERS, key=len, reverse=True))
    + r")\s*(?:了\s*)?$",
    _I,
)
_CJK_QUALIFIER_AFTER = {"以上": "more than", "之多": "more than", "左右": "approximately", "上下": "approximately",
                        "以下": "less than", "以內": "less than", "以内": "less than"}  # fmt: skip
_SIGN_WORD = re.compile(r"(?:(?<![A-Za-z])(?:negative|minus)\s+|[負负]\s*)$", _I)
_MONTH = re.compile(r"(?<![A-Za-z])(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", _I)
_LIST_MARKER_AFTER = re.compile(r"(?:\.|\u3001|\))(?:\s|(?=[^\x00-\x7f]))")
_RANGE_SEPARATOR = re.compile(r"\s*(?:-|\u2013|\u2014|~|to|through|至|到|and)\s*$", _I)
_BETWEEN = re.compile(r"(?<![A-Za-z])(?:between|介於|介于|在)\s*$", _I)
_FROM = re.compile(r"(?:(?<![A-Za-z])from|從|从|由)\s*$", _I)
# "declined $100 million to $1.3 billion", "grew by 5% to 12%": a past change then a level.
_CHANGED = re.compile(rf"(?<![A-Za-z])(?:{CHANGED})(?:\s+by)?\s*$", _I)


class _Piece:
    """A quantity being assembled; mutable while ``parse`` widens it left and right."""

    __slots__ = (
        "decimal",
        "end",
        "negative",
        "number",
        "per",
        "qualifier",
        "scale",
        "scale_text",
        "sign_at",
        "start",
        "unit",
        "value_start",
    )

    def __init__(self, start: int, end: int, number: float) -> None:
        self.start = start
        self.end = end
        self.value_start = start
        self.number = number
        self.decimal = Decimal(0)
        self.negative = False
        self.sign_at: int | None = None  # position of a "-" read as a sign (may be a range dash)
        self.scale = 1.0
        self.scale_text: str | None = None
        self.unit: str | None = None
        self.qualifier: str | None = None
        self.per: str | None = None


_WIDE_THOUSANDS = re.compile(
    f"(?<=[{FULL_WIDTH_DIGITS}]){chr(FULL_WIDTH_COMMA)}(?=[{FULL_WIDTH_DIGITS}]{{3}}(?![{FULL_WIDTH_DIGITS}]))"
)


def fold(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII, one character for one.

    The CJK punctuation (``script.PUNCTUATION``) stays as written, and a full-width comma becomes
    a thousands separator only between full-width digits (full-width "1,570").
    """
    return _WIDE_THOUSANDS.sub(",", text).translate(_FOLD)


def _cjk_scale(word: str) -> float:
    if word == "千":
        return 1e3
    factor = 1.0
    for ch in word:
        factor *= _CJK_SCALE[ch]
    return factor


def scale_factor(scale: str | None) -> float:
    """The multiplier a scale word stands for: "million" -> 1e6, "億" -> 1e8, "萬億" -> 1e12, None -> 1."""
    if not scale:
        return 1.0
    word = scale.strip().lower()
    if word in _WORDS:
        return _WORDS[word]
    if word in _ABBR:
        return _ABBR[word]
    if word and all(ch in _CJK_SCALE for ch in word):
        return _cjk_scale(word)
    return 1.0


_REFERENCE = re.compile(
    r"(?:第|#|No\.|\b(?:pages?|slides?|chapters?|items?|notes?|footnotes?|sections?|tables?))\s*$", _I
)


def _skipped_core(folded: str, start: int, end: int, raw: str) -> bool:
    """Digits that are part of something else: "2025.03.25", "v1.2.3", "14:42", "01024.HK"."""
    if folded[end : end + 1] == "." and folded[end + 1 : end + 2].isdigit():
        return True
    if start >= 2 and folded[start - 1] in ".:" and folded[start - 2].isdigit():
        return True
    return len(raw) > 1 and raw[0] == "0" and raw[1].isdigit()


def _read_right(folded: str, piece: _Piece, raw: str) -> tuple[bool, int] | None:
    """Widen ``piece`` to the right: abbreviation, ")", scale, unit or currency, per-share, 以上.

    Returns (closed by a parenthesis, position before it), or None when the digits are glued to
    letters that make them something else ("3Q24", "5G", "4th").
    """
    start, pos = piece.start, piece.end
    glued = _GLUED.match(folded, pos)
    if glued:
        piece.scale, piece.scale_text, pos = _ABBR[glued["abbr"].lower()], glued["abbr"], glued.end()
    elif folded[pos : pos + 1].isalpha() and folded[pos : pos + 1].isascii():
        unit = _UNIT.match(folded, pos)
        if unit is None or unit.start() != pos:
            return None
    # "(4.6) million", "$(4.6)", "($4.6)": accounting negatives in parentheses
    paren_candidate = folded[start - 1 : start] == "(" or (
        start >= 2 and folded[start - 1] in "$\u00a5€\u00a3" and folded[start - 2] == "("
    )
    closed = paren_candidate and folded[pos : pos + 1] == ")"
    before_paren = pos
    if closed:
        pos += 1
    if piece.scale_text is None:
        word = _SCALE_WORD.match(folded, pos)
        cjk = _CJK.match(folded, pos)
        if word:
            piece.scale, piece.scale_text, pos = _WORDS[word["word"].lower()], word["word"], word.end()
        elif cjk:
            piece.scale, piece.scale_text, pos = _cjk_scale(cjk["cjk"]), cjk["cjk"], cjk.end()
            if cjk["more"]:
                piece.qualifier = "more than"
    unit = _UNIT.match(folded, pos)
    currency = _CURRENCY_SUFFIX.match(folded, pos)
    if unit:
        pos = unit.end()
        if unit["pct"]:
            piece.unit = "%"
        elif unit["pp"]:
            piece.unit = "pp"
        elif unit["bps"]:
            piece.unit, piece.scale = "pp", piece.scale / 100.0
        elif piece.scale_text is None or unit.group().strip() in {"倍", "x", "X"}:
            piece.unit = "x"
        else:
            pos = unit.start()  # "2.7 billion times" is a count, not a multiple
    elif currency:
        piece.unit, pos = _CURRENCY_WORDS[currency["cur"].lower()], currency.end()
    per = _PER.match(folded, pos)
    if per:
        piece.per = "ADS" if per["per"].lower().startswith(("ad", "american")) else "share"
        pos = per.end()
    after = _CJK_AFTER.match(folded, pos)
    if after:
        piece.qualifier, pos = _CJK_QUALIFIER_AFTER[after["q"]], after.end()
    if closed and pos == before_paren + 1 and "." not in raw and piece.scale_text is None:
        closed, pos = False, before_paren  # "(1)" is a list marker, not a negative
    piece.end = pos
    return closed, before_paren


def _sign_before(folded: str, p: int) -> bool:
    """A "-" at ``p - 1`` that is a sign, not a hyphen ("GPT-40") or a range dash after a digit."""
    return p >= 1 and folded[p - 1] == "-" and (p < 2 or not folded[p - 2].isalnum())


def _read_left(folded: str, piece: _Piece, closed: bool, before_paren: int) -> bool:
    """Widen ``piece`` to the left: sign, currency prefix, "(", sign word, qualifier.

    Returns False when letters glued to the digits make them a code ("Q3", "s12", "COVID-19").
    """
    start = p = piece.start
    paren_at: int | None = None
    if closed and folded[p - 1 : p] == "(":
        paren_at, p = p - 1, p - 1
    if p >= 1 and folded[p - 1] in "-+" and (p < 2 or not folded[p - 2].isalnum()):
        piece.negative = folded[p - 1] == "-"
        piece.sign_at = p - 1 if piece.negative else None
        p -= 1
    prefix = _PREFIX.search(folded, max(0, p - 20), p)
    glued_to_word = (
        prefix is not None
        and prefix.group()[0].isalpha()
        and prefix.start() > 0
        and folded[prefix.start() - 1].isascii()
        and folded[prefix.start() - 1].isalpha()
    )
    if prefix is not None and not glued_to_word:
        code = prefix.group().strip().lower()
        if piece.unit in (None, _CURRENCY_WORDS[code]):
            piece.unit = _CURRENCY_WORDS[code]
            p = prefix.start()
            if not piece.negative and _sign_before(folded, p):
                piece.negative, piece.sign_at = True, p - 1
                p -= 1
    elif start >= 1 and folded[start - 1].isascii() and folded[start - 1].isalpha():
        return False
    if start >= 2 and folded[start - 1] == "-" and folded[start - 2].isascii() and folded[start - 2].isalpha():
        return False
    if closed:
        if paren_at is None and folded[p - 1 : p] == "(":
            paren_at = p - 1
        if paren_at is None or piece.unit == "%":
            if piece.end == before_paren + 1:
                piece.end = before_paren  # "(5%)" is an aside, not a negative
        else:
            piece.negative = True
            p = min(p, paren_at)
    sign = _SIGN_WORD.search(folded, max(0, p - 12), p)
    if sign and not piece.negative:
        piece.negative, p = True, sign.start()
    qualifier = _QUALIFIER.search(folded, max(0, p - 16), p)
    if qualifier and piece.qualifier is None:
        piece.qualifier, p = _QUALIFIERS[qualifier["q"].lower()], qualifier.start()
    piece.start = p
    return True


def _not_a_quantity(folded: str, piece: _Piece, raw: str) -> bool:
    """A bare number that is a year, a date, a time, an ordinal, a reference or a list marker."""
    if piece.unit is not None or piece.scale_text is not None:
        return False
    start, end = piece.value_start, piece.value_start + len(raw)
    if re.fullmatch(r"(?:19|20)\d{2}", raw) or _NOT_AFTER.match(folded, end):
        return True
    if _REFERENCE.search(folded, max(0, start - 12), start) or _MONTH.search(folded, max(0, start - 12), start):
        return True
    if len(raw) == 2 and re.search(r"(?:^|\s)['\u2019]$", folded[max(0, start - 2) : start]):
        return True  # "fourth quarter '20"
    line_start = folded.rfind("\n", 0, start) + 1
    return not folded[line_start:start].strip("( ") and _LIST_MARKER_AFTER.match(folded, end) is not None


def _read(folded: str, m: re.Match[str]) -> _Piece | None:
    """The quantity around the digits ``m``, or None when they are not one."""
    raw = m.group()
    start, end = m.span()
    if _skipped_core(folded, start, end, raw):
        return None
    piece = _Piece(start, end, float(raw.replace(",", "")))
    piece.decimal = Decimal(raw.replace(",", ""))
    right = _read_right(folded, piece, raw)
    if right is None or not _read_left(folded, piece, *right):
        return None
    if _not_a_quantity(folded, piece, raw):
        return None
    return piece


def _scaled(number: Decimal, scale: float, *, negative: bool) -> float:
    # Decimal so that "1.13 億" is 113000000.0, not 112999999.99999999.
    try:
        value = float(number * Decimal(repr(scale)))
    except (InvalidOperation, OverflowError):
        value = math.inf
    return -value if negative else value


def _compatible(low: _Piece, high: _Piece) -> bool:
    return low.unit is None or high.unit is None or low.unit == high.unit


def _merge(folded: str, low: _Piece, high: _Piece, original: str) -> Amount | None:
    """Read ``low`` and ``high`` as the two ends of one range, or return None."""
    between = folded[low.end : high.start]
    dash_sign = high.sign_at is not None and not folded[low.end : high.sign_at].strip()
    if dash_sign:
        between = folded[low.end : high.sign_at + 1]
    separator = _RANGE_SEPARATOR.fullmatch(between) or (dash_sign and re.fullmatch(r"\s*-", between))
    if not separator or not _compatible(low, high):
        return None
    word = between.strip().lower()
    head = folded[max(0, low.start - 24) : low.start]
    if word == "and" and not _BETWEEN.search(head):
        return None
    if word != "and" and (_FROM.search(head) or _CHANGED.search(head)):
        return None  # "from $182 million to $206 million" is a change, not a range
    high_negative = high.negative and not dash_sign
    unit = high.unit or low.unit
    scale = low.scale
    if low.scale_text is None and high.scale_text is not None:
        scale = high.scale
        raw_ratio = high.number / low.number if low.number else 0.0
        # "34 至 3,600 萬美元": a translated "$34 to $36 million" keeps the low end in millions.
        if high.scale == 1e4 and 50 <= raw_ratio <= 200:
            scale = 1e6
    lo = _scaled(low.decimal, scale, negative=low.negative)
    hi = _scaled(high.decimal, high.scale, negative=high_negative)
    if lo > hi:
        return None
    return Amount(
        value=lo,
        unit=unit,
        scale=high.scale_text or low.scale_text,
        qualifier=low.qualifier or high.qualifier,
        per=high.per or low.per,
        low=lo,
        high=hi,
        start=low.start,
        end=high.end,
        text=original[low.start : high.end],
    )


def _amount(piece: _Piece, original: str) -> Amount:
    value = _scaled(piece.decimal, piece.scale, negative=piece.negative)
    return Amount(
        value=value,
        unit=piece.unit,
        scale=piece.scale_text,
        qualifier=piece.qualifier,
        per=piece.per,
        start=piece.start,
        end=piece.end,
        text=original[piece.start : piece.end],
    )


def parse(text: str) -> list[Amount]:
    """Every quantity in ``text``, in order and non-overlapping, with spans into ``text``.

    ``parse("revenue of 1.13 億元")[0].value == 113000000.0``; a range such as "between $34 and
    $36 million" is one ``Amount`` with ``low``/``high`` set. Never raises on any string.
    """
    if not text:
        return []
    return _parse_cached(text)


def _parse(text: str) -> list[Amount]:
    folded = fold(text)
    pieces: list[_Piece] = []
    for m in _NUMBER.finditer(folded):
        piece = _read(folded, m)
        if piece is None or not math.isfinite(piece.number * piece.scale):
            continue
        if pieces and piece.start < pieces[-1].end:
            piece.start = max(piece.start, pieces[-1].end)
            if piece.start > piece.value_start:
                continue
        pieces.append(piece)

    amounts: list[Amount] = []
    i = 0
    while i < len(pieces):
        if i + 1 < len(pieces):
            merged = _merge(folded, pieces[i], pieces[i + 1], text)
            if merged is not None:
                amounts.append(merged)
                i += 2
                continue
        amounts.append(_amount(pieces[i], text))
        i += 1
    return amounts


# Recall, grounding and the highlights check read the same sentences again (``Amount`` is frozen,
# so sharing a cached answer is safe).
_parse_cached = per_text(_parse)


def parse_one(text: str) -> Amount | None:
    """The single quantity a short string such as a model's ``"$48.2 million"`` states, or None.

    With more than one quantity in ``text`` the first is returned (a value such as "$3.94 per
    ADS" parses as one amount).
    """
    amounts = parse(text)
    return amounts[0] if amounts else None
