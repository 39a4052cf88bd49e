"""Detect a transcript's layout, line by line: speaker labels, Q/A markers, headings, bilingual pairs.

``read_layout`` turns the text into ``Item``s (one per non-blank line that is kept) that
``summarizer.ingest.sections`` assembles into sections. Each line is read on its own first: a
heading, a label (``summarizer.ingest.labels`` reads what it says, in either width of
punctuation), or content. Then a few document-level decisions: whether the document is bilingual
(each line followed by its translation; the translation lines are dropped); which tentative labels
are the document's structure (Q/A markers that pair up, names without a role word that recur or
ask, ``Name: text`` lines that are a habit); and the roles of labels without a role word, from the
turn pattern (a speaker whose turns ask is an asker, the turn after a question answers it).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from summarizer.document import Role
from summarizer.ingest.labels import (
    ANALYST_WORD,
    CJK_CLASS,
    CLOSES,
    COLONS,
    DIGITS,
    ENDS,
    FIRM_WORD,
    OPENS,
    QUESTION_CUE,
    ZH_NUMERALS,
    Family,
    Label,
    is_firm,
    looks_like_name,
    parse_label,
    role_from_title,
)
from summarizer.text.metrics import canonical_key

__all__ = [
    "NAME_MARKS",
    "Item",
    "ItemKind",
    "Layout",
    "Line",
    "cjk_count",
    "line_language",
    "looks_like_name",
    "read_layout",
    "role_from_title",
    "split_lines",
]

_CJK = re.compile(f"[{CJK_CLASS}]")
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line: its stripped text and where that text sits in the transcript."""

    index: int
    start: int
    end: int
    text: str
    blank_before: bool


class ItemKind(StrEnum):
    content = "content"
    label = "label"  # a speaker turn begins
    heading = "heading"
    question = "question"  # Q: / 問: marker
    answer = "answer"  # A: / 答: marker


@dataclass(slots=True)
class Item:
    """A kept line and what it means for the structure.

    ``body`` is the part of the line that is transcript content (the text after an inline
    label, marker or heading title), as absolute offsets, or None when the line is only structure.
    """

    kind: ItemKind
    line: Line
    body: tuple[int, int] | None = None
    speaker: str | None = None
    role: Role = Role.unknown
    firm: str | None = None
    title: str | None = None
    level: int = 0
    qa_heading: bool = False
    group: Role | None = None  # a "Corporate Participants"/"Analysts" list heading
    unidentified: bool = False
    number: int | None = None  # a question's number ("Q2", "問題二")
    followup: bool = False  # "追問", "Follow-up": the same asker goes on
    needs: str | None = None  # what confirms a tentative item: "pairs", "repeats" or "inline"


@dataclass(slots=True)
class Layout:
    """Kept items plus the document-level findings."""

    items: list[Item]
    format: str
    languages: list[str]
    bilingual: bool
    authoritative_language: str | None
    dropped_lines: int = 0
    masses: dict[str, int] = field(default_factory=dict)


# --- lines and languages -----------------------------------------------------------------------


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with spans of their stripped text; remembers whether a blank line preceded."""
    lines: list[Line] = []
    pos = 0
    blank = True
    for index, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip()))
            lines.append(Line(index, start, start + len(stripped), stripped, blank))
            blank = False
        else:
            blank = True
        pos += len(raw) + 1
    return lines


@lru_cache(maxsize=8192)
def _letters(text: str) -> tuple[int, int]:
    """(Han characters, Latin letters) in ``text``; cached because each line is asked several times."""
    return len(_CJK.findall(text)), len(_LATIN.findall(text))


def cjk_count(text: str) -> int:
    return _letters(text)[0]


def line_language(text: str) -> str | None:
    """``"zh"`` when Han characters carry the line, ``"en"`` for Latin letters, else None.

    A Han character carries about as much as two Latin letters, so a Chinese line with a few
    English product names stays Chinese and an English line with one Chinese name stays English.
    """
    cjk, latin = _letters(text)
    if cjk == 0 and latin == 0:
        return None
    return "zh" if cjk * 2 >= latin else "en"


def _mass(text: str) -> tuple[int, int]:
    cjk, latin = _letters(text)
    return latin, 2 * cjk


# --- English speaker labels -----------------------------------------------------------------------

_DASH_SPLIT = re.compile(r"\s+(?:-{1,2}|\u2013|\u2014|\|)\s+|\s*(?:--|\u2013|\u2014)\s*")  # en and em dashes
_UNIDENTIFIED = re.compile(
    r"(unidentified|unknown|unverified)\s+(participant|analyst|speaker|company representative|"
    r"corporate participant|caller|audience member|person|male|female|executive)s?",
    re.I,
)
_OPERATOR_LABEL = re.compile(r"(operator|moderator|conference operator|coordinator)", re.I)
_MD_WRAP = re.compile(r"^(\*\*|__|\*|_)(.+?)\1$")
_NAME_PAREN = re.compile(
    rf"(?P<name>[^{OPENS}{CLOSES}]{{2,60}}?)\s*[{OPENS}](?P<title>[^{OPENS}{CLOSES}]{{2,80}})[{CLOSES}]"
)
_HEADER_WORDS = re.compile(rf"^(?:#+\s*)?(?:\*\*|__)?\s*(.+?)\s*(?:\*\*|__)?\s*[{COLONS}]?$")


def _titleish(text: str) -> bool:
    """A job title or firm: short, no sentence ending, words mostly capitalised or a role word."""
    if len(text) > 120 or not text.strip():
        return False
    if re.search("[.!?\u3002\uff01\uff1f]$", text) and not re.search(r"\b(Inc|Co|Corp|Ltd|L\.P|Jr|Sr)\.$", text):
        return False
    if role_from_title(text) is not Role.unknown:
        return True
    words = re.findall(r"[A-Za-z][\w&'\u2019.\-]*", text)
    if not words or len(words) > 10:
        return False
    small = {"of", "and", "the", "for", "&", "at", "de", "in"}
    return all(w[0].isupper() or w.lower() in small for w in words)


_PERSON_TITLE = re.compile(
    r"\b(analyst|associate|strategist|portfolio manager|managing director|director|vice president|partner|"
    r"head of research|research analyst|economist)\b",
    re.I,
)


def _split_title(parts: list[str]) -> tuple[str | None, str | None, Role]:
    """Title, firm and role from the parts of a label after the name."""
    pieces: list[str] = []
    for part in parts:
        if ANALYST_WORD.search(part):
            pieces.extend(p.strip() for p in part.split(",") if p.strip())
        else:
            pieces.append(part.strip())
    joined = ", ".join(pieces)
    role = role_from_title(joined)
    if role is Role.analyst:
        title_parts = [p for p in pieces if _PERSON_TITLE.search(p)]
        firm_parts = [p for p in pieces if not _PERSON_TITLE.search(p)]
        return ", ".join(title_parts) or None, ", ".join(firm_parts) or None, role
    if len(pieces) >= 2 and role is Role.executive:
        exec_parts = [p for p in pieces if role_from_title(p) is Role.executive]
        other = [p for p in pieces if role_from_title(p) is not Role.executive]
        if (
            exec_parts
            and other
            and all(FIRM_WORD.search(o) or re.search(r"\b(Inc|Corp|Ltd|Limited|Group|Holdings)\b", o) for o in other)
        ):
            return ", ".join(exec_parts), ", ".join(other), role
    return joined or None, None, role


def _english_label(text: str) -> Item | None:
    """A standalone English label line: ``Name - Title``, ``Operator``, ``Unidentified Participant``."""
    core = text
    wrap = _MD_WRAP.match(core)
    if wrap:
        core = wrap.group(2).strip()
    core = core.rstrip(COLONS).strip()
    if _OPERATOR_LABEL.fullmatch(core):
        return Item(ItemKind.label, _DUMMY, speaker="Operator", role=Role.operator)
    unidentified = _UNIDENTIFIED.fullmatch(core)
    if unidentified:
        what = unidentified.group(2).lower()
        role = Role.analyst if what in {"analyst", "caller", "audience member"} else Role.unknown
        if what in {"company representative", "corporate participant", "executive"}:
            role = Role.executive
        return Item(ItemKind.label, _DUMMY, speaker=core, role=role, unidentified=True)
    parts = [p for p in _DASH_SPLIT.split(core) if p is not None]
    if len(parts) >= 2:
        name = parts[0].strip()
        firm_in_name = None
        if "," in name:
            name, _, firm_in_name = name.partition(",")
            name, firm_in_name = name.strip(), firm_in_name.strip()
        rest = [p.strip() for p in parts[1:] if p.strip()]
        if looks_like_name(name) and rest and all(_titleish(p) for p in rest):
            title, firm, role = _split_title(rest)
            return Item(ItemKind.label, _DUMMY, speaker=name, role=role, firm=firm or firm_in_name, title=title)
    paren = _NAME_PAREN.fullmatch(core)
    if paren and looks_like_name(paren["name"].strip()) and _titleish(paren["title"]):
        title, firm, role = _split_title([paren["title"]])
        return Item(ItemKind.label, _DUMMY, speaker=paren["name"].strip(), role=role, firm=firm, title=title)
    return None


_INLINE_EN = re.compile(
    rf"^(?:\*\*|__)?(?P<label>[A-Z][^{COLONS}\n]{{0,80}}?)(?:\*\*|__)?\s*"
    r"(?::(?:\*\*|__)?\s+|\uff1a(?:\*\*|__)?\s*)(?P<body>\S.*)$"  # a full-width colon needs no space after it
)


def _inline_english(line: Line) -> Item | None:
    """``Name: text`` / ``Operator: text``: a candidate, confirmed later by how often it occurs."""
    m = _INLINE_EN.match(line.text)
    if not m:
        return None
    label = m["label"].strip().strip("*_").strip()
    item = _english_label(label)
    if item is None and looks_like_name(label) and len(label.split()) >= 2:
        item = Item(ItemKind.label, _DUMMY, speaker=label)
    if item is None:
        return None
    item.line = line
    item.body = (line.start + m.start("body"), line.end)
    return item


# --- role labels (both scripts) --------------------------------------------------------------------

_LABEL_PREFIX = re.compile(
    rf"^(?P<label>(?:\*\*|__)?[^{COLONS}\n]{{1,84}}?)\s*[{COLONS}]\s*(?:\*\*|__)?\s*(?P<body>.*)$"
)
# A label in (lenticular) brackets needs no colon: "[Q1] ...", "[Analyst] ..."
_BRACKET_PREFIX = re.compile(r"^[\u3010\[](?P<label>[^\u3010\u3011\[\]\n]{1,40})[\u3011\]]\s*(?P<body>\S.*)$")
_PREFIX_REACH = 90  # a label prefix ends within this many characters of the line's start
_ANY_END = re.compile(f"[{ENDS}]")
_LIST_OR_HEADING = re.compile(r"^(?:#{1,6}\s+|[-*\u2022]\s+)")
# A question or answer marker may also end at a full stop or an ideographic comma (U+3001): "Q1. ..."
_MARKER_PREFIX = re.compile(
    rf"^(?P<label>(?:\*\*)?[^\s{COLONS}]{{1,8}}(?:\*\*)?)\s*[.\u3001\uff0e](?=\s|[{CJK_CLASS}])\s*(?P<body>.*)$"
)
_LEADING_FIRM = re.compile(rf"[{OPENS}]([^{OPENS}{CLOSES}]{{2,20}})[{CLOSES}]")
_NUMERIC_BODY = re.compile(rf"^[-+$\u00a5\uffe5\u20ac\u00a3{DIGITS}]")


def _label_parts(line: Line) -> tuple[Label, tuple[int, int] | None] | None:
    """The label a line opens with (before a colon, after a bracket, or the whole short line) and
    its body's span. A list bullet or a Markdown heading mark before the label is skipped."""
    lead = _LIST_OR_HEADING.match(line.text)
    skip = lead.end() if lead else 0
    text = line.text[skip:]
    head = text[:_PREFIX_REACH]
    for pattern, sign in ((_LABEL_PREFIX, COLONS), (_BRACKET_PREFIX, "\u3010["), (_MARKER_PREFIX, ".\u3001\uff0e")):
        if not any(c in head for c in sign):
            continue  # most lines have no colon, bracket or stop near their start: skip the pattern
        m = pattern.match(text)
        if not m:
            continue
        label = parse_label(m["label"])
        if label is None or (pattern is _MARKER_PREFIX and not label.marker):
            continue
        body = m["body"].strip()
        if label.family is None and (_NUMERIC_BODY.match(body) or canonical_key(label.text) is not None):
            return None  # "毛利率: 54%" is a figure, not a speaker
        return label, ((line.start + skip + m.start("body"), line.end) if body else None)
    if len(text) <= 60 and not _prose_end(text) and not _ANY_END.search(text):
        label = parse_label(text)
        if label is not None and label.text == text.strip("*_ \u3010\u3011[]"):
            return label, None  # a label alone on its line; "管理層發言" there is a title
    return None


def _role_label(line: Line) -> Item | None:
    """A speaker, role or Q/A label in either script, with the firm and number it names."""
    found = _label_parts(line)
    if found is None:
        return None
    label, body = found
    han = _CJK.search(label.text) is not None
    if label.person and not han and not label.marker:
        english = _english_label(label.text)  # one reading for "Name - Title" labels, as before
        if english is not None and english.speaker == label.person:
            english.line, english.body = line, body
            return english
    if label.family is None and not han and label.number is None:
        return None  # "Jane Roe: ..." is confirmed by how often it recurs (``_inline_english``)
    item = _item_of(label, line, body)
    if item.kind is ItemKind.question and item.firm is None and body is not None:
        lead = _LEADING_FIRM.match(line.text[body[0] - line.start :])
        if lead and is_firm(lead.group(1)):
            item.firm = lead.group(1)  # "問:(中信證券)資本開支計劃?"
    return item


def _item_of(label: Label, line: Line, body: tuple[int, int] | None) -> Item:
    """The item a label makes: a question for a Q marker or a role word that names no one, an
    answer for an A marker, else a label with its role (a name without a role word is tentative)."""
    han = _CJK.search(label.text) is not None
    if label.family is Family.host:
        return Item(ItemKind.label, line, body, speaker=label.text if han else "Operator", role=Role.operator)
    if label.family is Family.asker and (label.marker or label.person is None):
        return Item(
            ItemKind.question, line, body, speaker=label.person, firm=label.firm, title=label.title,
            number=label.number, followup=label.followup, needs="pairs" if label.marker else None,
        )  # fmt: skip
    if label.family is Family.asker:
        return Item(
            ItemKind.label, line, body, speaker=label.person, role=Role.analyst, firm=label.firm, title=label.title
        )
    if label.family is Family.answerer and label.marker:
        return Item(ItemKind.answer, line, body, speaker=label.person, number=label.number, needs="pairs")
    if label.family is None:
        role = Role.analyst if label.firm else Role.unknown
        return Item(ItemKind.label, line, body, speaker=label.person, role=role, firm=label.firm, needs="repeats")
    return Item(ItemKind.label, line, body, speaker=label.person or label.text, role=Role.executive, title=label.title)


# --- headings -------------------------------------------------------------------------------------

_QA_TITLE = re.compile(
    r"Q\s*&\s*A|Q\s*and\s*A|[問问]答|答疑|question|提[問问][環环]?[節节]?|互[動动][環环][節节]|交流[環环][節节]", re.I
)
_GROUPS = {
    "corporate participants": Role.executive,
    "company participants": Role.executive,
    "executives": Role.executive,
    "company representatives": Role.executive,
    "management": Role.executive,
    "conference call participants": Role.analyst,
    "analysts": Role.analyst,
    "call participants": Role.unknown,
    "participants": Role.unknown,
}
_KNOWN_HEADINGS = re.compile(
    r"(presentation|prepared remarks|management discussion(?: section)?|opening remarks|"
    r"question[- ]and[- ]answer(?: session)?|questions? and answers?(?: session)?|q\s*&\s*a(?: session)?|"
    r"closing remarks|disclaimer|safe harbou?r(?: statement)?|forward[- ]looking statements|"
    r"corporate participants|company participants|executives|company representatives|"
    r"conference call participants|analysts|call participants|participants)",
    re.I,
)
_ZH_NUM = ZH_NUMERALS[2:]  # one to ten
_OPEN, _CLOSE = f"[{OPENS}]", f"[{CLOSES}]"
_HEAD_PATTERNS: list[tuple[re.Pattern[str], int, int]] = [
    # pattern, level, max title length (characters) when the line has no inline body
    (re.compile(rf"^(?:第[{_ZH_NUM}\d]+(?:部分|[節节]|章)|[{_ZH_NUM}]{{1,3}}\s*[\u3001.\uff0e])\s*(?P<t>.+)$"), 1, 40),
    (re.compile(rf"^{_OPEN}[{_ZH_NUM}]{{1,3}}{_CLOSE}\s*(?P<t>.+)$"), 2, 40),
    (re.compile(rf"^[{DIGITS}]{{1,2}}\s*\u3001\s*(?P<t>.+)$"), 2, 40),
    (re.compile(rf"^[{DIGITS}]{{1,2}}\s*[.\uff0e](?![{DIGITS}])\s*(?P<t>.+)$"), 2, 30),
    (re.compile(rf"^{_OPEN}[{DIGITS}]{{1,2}}{_CLOSE}\s*(?P<t>.+)$"), 3, 30),
    (re.compile(rf"^[{DIGITS}]{{1,2}}{_CLOSE}\s*(?P<t>.+)$"), 4, 24),
    (re.compile(r"^[\u2460-\u2473]\s*(?P<t>.+)$"), 4, 24),  # circled numbers
    (re.compile(r"^\u3010(?P<t>[^\u3010\u3011]{1,30})\u3011$"), 2, 30),  # a title in black lenticular brackets
]
_SENTENCE_END = re.compile(rf"[{ENDS}]|\.(\s|$)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_HEADING_START = re.compile(rf"[#第{_ZH_NUM}{OPENS}{DIGITS}\u2460-\u2473\u3010]")
_PROSE_END = re.compile(r"(?<!\bInc)(?<!\bCo)(?<!\bCorp)(?<!\bLtd)(?<!\bJr)(?<!\bSr)[.!?\u3002\uff01\uff1f]$")


def _prose_end(text: str) -> bool:
    """Whether the line ends like a sentence (not after "Inc."); looks at its end only."""
    return _PROSE_END.search(text, max(0, len(text) - 1)) is not None


_INLINE_HEAD = re.compile(rf"^(?P<h>[^{COLONS}{ENDS},\uff0c]{{1,12}})[{COLONS}]\s*(?P<b>\S.*)$")


def _heading(line: Line) -> Item | None:
    text = line.text
    if len(text) > 80 and not _HEADING_START.match(text):
        return None
    md = _MD_HEADING.match(text)
    if md:
        title = md.group(2).strip().strip("*_").strip()
        return _make_heading(line, title, len(md.group(1)), None)
    plain = _HEADER_WORDS.match(text) if len(text) <= 80 else None
    if plain and _KNOWN_HEADINGS.fullmatch(plain.group(1).strip()):
        return _make_heading(line, plain.group(1).strip(), 1, None)
    if (
        plain
        and len(text) <= 16
        and not _HEADING_START.match(text)
        and _QA_TITLE.search(text)
        and not _SENTENCE_END.search(text)
    ):
        return _make_heading(line, plain.group(1).strip(), 1, None)  # "問答環節", "Q&A環節", "分析師問答"
    for pattern, level, limit in _HEAD_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        title = m["t"].strip()
        weight = len(title) if _CJK.search(title) else len(title) // 2
        if weight <= limit and not _SENTENCE_END.search(title.rstrip(COLONS)):
            return _make_heading(line, title.rstrip(COLONS).strip(), level, None)
        inline = _INLINE_HEAD.match(title)
        if inline and level >= 3 and not _SENTENCE_END.search(inline["h"]):
            body_start = line.start + m.start("t") + inline.start("b")
            return _make_heading(line, inline["h"].strip(), level, (body_start, line.end))
        return None
    return None


def _make_heading(line: Line, title: str, level: int, body: tuple[int, int] | None) -> Item:
    group = _GROUPS.get(title.lower().rstrip(COLONS + " "))
    return Item(
        ItemKind.heading, line, body, title=title, level=level,
        qa_heading=bool(_QA_TITLE.search(title)) and group is None, group=group,
    )  # fmt: skip


# --- bilingual pairing ----------------------------------------------------------------------------

_DISCLAIMER = [
    (re.compile(r"(以|按|依)?英文(原文|版本|版|原稿)?(為|为)(主|準|准)|英文(原文|版本)?(優先|优先)"), "en"),
    (re.compile(r"(以|按|依)?中文(原文|版本|版)?(為|为)(主|準|准)"), "zh"),
    (
        re.compile(
            r"english\s+(version|original|text|transcript)\s+(shall\s+|will\s+)?(prevail|govern|is authoritative)", re.I
        ),
        "en",
    ),
    (
        re.compile(
            r"chinese\s+(version|original|text|transcript)\s+(shall\s+|will\s+)?(prevail|govern|is authoritative)", re.I
        ),
        "zh",
    ),
]
_SHARED_TOKEN = re.compile(r"\d+(?:[.,]\d+)*%?|[A-Za-z][A-Za-z\-]{1,}")


def _tokens(text: str) -> set[str]:
    return {t.lower().replace(",", "") for t in _SHARED_TOKEN.findall(text)}


def _bilingual(lines: list[Line], langs: list[str | None]) -> str | None:
    """The language to keep when lines alternate with their translations, else None."""
    tagged = [(line, lang) for line, lang in zip(lines, langs, strict=True) if lang]
    if len(tagged) < 4:
        return None
    counts = Counter(lang for _, lang in tagged)
    if len(counts) != 2 or min(counts.values()) < max(2, 0.25 * len(tagged)):
        return None
    masses: Counter[str] = Counter()
    for line, lang in tagged:
        masses[lang] += sum(_mass(line.text))
    low, high = sorted(masses.values())
    if low * 5 < high:
        return None  # one language carries the text; the other is labels or names
    switches = sum(1 for (_, a), (_, b) in zip(tagged, tagged[1:]) if a != b)
    if switches < 0.5 * (len(tagged) - 1):
        return None
    for line, _ in tagged:
        for pattern, lang in _DISCLAIMER:
            if pattern.search(line.text):
                return lang
    # Which language comes first in each pair: a translation shares numbers and names with the
    # line it translates, so score both ways of pairing neighbours.
    first: Counter[str] = Counter()
    for (la, a), (lb, b) in zip(tagged, tagged[1:]):
        if a != b:
            first[a] += len(_tokens(la.text) & _tokens(lb.text)) + 1
    return first.most_common(1)[0][0]


# --- the layout ---------------------------------------------------------------------------------


_DUMMY = Line(-1, 0, 0, "", False)
NAME_MARKS = "*_ " + COLONS  # around a name alone on its line: bold, a colon of either width
_LABEL_MAX = 150  # a standalone label line ("Name - Title, Firm") is never longer


def _classify(line: Line) -> Item:
    heading = _heading(line)
    if heading is not None and not _label_over_heading(line, heading):
        return heading
    role = _role_label(line)
    if role is not None:
        return role
    text = line.text
    standalone = _english_label(text) if len(text) <= _LABEL_MAX and not _prose_end(text) else None
    if standalone is not None:
        standalone.line = line
        return standalone
    inline = _inline_english(line)
    if inline is not None:
        inline.kind = ItemKind.label
        inline.needs = "inline"
        return inline
    return Item(ItemKind.content, line, (line.start, line.end))


def _label_over_heading(line: Line, heading: Item) -> bool:
    """A short line that reads both as a heading and as a label is a label when it is numbered
    ("Question 1"), ends with a colon, or is a role word alone in lenticular brackets (U+3010/3011)."""
    if heading.group is not None or heading.body is not None:
        return False
    found = _label_parts(line)
    if found is None or found[0].family is None:
        return False
    label = found[0]
    if _MD_HEADING.match(line.text):
        return not heading.qa_heading or label.number is not None  # "### Operator", "## Q1"
    bracketed = line.text.startswith("\u3010") and label.text == line.text.strip("\u3010\u3011")
    return label.number is not None or line.text.rstrip("*_ ").endswith(tuple(COLONS)) or bracketed


def _markers_over_headings(items: list[Item]) -> None:
    """A bare question word on its own line ("Question", "提問") is a heading once, but a marker
    where it recurs or answers follow it: a Q&A part has one heading and many questions."""
    bare = [
        n
        for n, i in enumerate(items)
        if i.kind is ItemKind.heading and i.qa_heading and i.body is None and _bare_marker(i.line)
    ]
    answers = any(i.kind is ItemKind.answer for i in items)
    if len(bare) < 2 and not (bare and answers):
        return
    for n in bare:
        found = _label_parts(items[n].line)
        if found is not None:
            items[n] = _item_of(found[0], items[n].line, found[1])


def _bare_marker(line: Line) -> bool:
    found = _label_parts(line)
    return found is not None and found[0].marker and found[0].family is Family.asker


def _as_content(item: Item) -> Item:
    return Item(ItemKind.content, item.line, (item.line.start, item.line.end))


def _confirm(items: list[Item], text: str) -> None:
    """Keep tentative items only where they are the document's structure.

    Q/A markers need questions paired with answers (or two questions); a name without a role
    word must recur, or ask, or share the shape of another ("張三(高盛)", "李四(中金)"), beside
    other labels; ``Name: text`` lines must be the document's habit.
    """
    questions = [n for n, i in enumerate(items) if i.kind is ItemKind.question]
    answers = sum(1 for i in items if i.kind is ItemKind.answer)
    analysts = any(i.kind is ItemKind.label and i.role is Role.analyst and i.needs is None for i in items)
    replies = bool(questions) and any(
        i.kind is ItemKind.label and i.role is not Role.operator and i.needs is None for i in items[questions[0] + 1 :]
    )
    markers_ok = len(questions) >= 2 or (bool(questions) and (answers >= 1 or replies)) or (answers >= 1 and analysts)
    repeats = Counter((i.speaker or "").casefold() for i in items if i.needs == "repeats")
    recurring = {name for name, count in repeats.items() if count >= 2}
    with_firms = sum(1 for i in items if i.needs == "repeats" and i.firm)  # "張三(高盛)", "李四(中金)"
    other_structure = any(
        (i.kind is ItemKind.label and i.needs is None)
        or (i.kind in (ItemKind.question, ItemKind.answer) and markers_ok)
        for i in items
    )
    inline = [i for i in items if i.needs == "inline"]
    pool = inline + [i for i in items if i.kind is ItemKind.label and i.role is Role.operator and i.body is not None]
    names = Counter((i.speaker or "").casefold() for i in inline)
    known = {(i.speaker or "").casefold() for i in items if i.kind is ItemKind.label and i.needs is None}
    inline_ok = len(pool) >= 3 and (max(names.values(), default=0) >= 2 or any(i.role is Role.operator for i in pool))
    for n, item in enumerate(items):
        name = (item.speaker or "").casefold()
        if item.needs == "pairs":
            keep = markers_ok
        elif item.needs == "repeats":
            shape = (item.firm is not None and with_firms >= 2) or len(repeats) >= 2  # names are the habit
            asks = item.body is not None and _asks(text[item.body[0] : item.body[1]])
            habit = len(recurring) >= 2 or (len(recurring) == 1 and len(repeats) >= 3)
            keep = (name in recurring or shape or asks) and (habit or other_structure)
        elif item.needs == "inline":
            keep = inline_ok or name in known or names[name] >= 2 or item.role is Role.operator
        else:
            continue
        if keep:
            item.needs = None
        else:
            items[n] = _as_content(item)


def _name_lines(items: list[Item], known: set[str]) -> None:
    """A line holding only a speaker's name (``Jane Roe``) opens that speaker's turn.

    The name must be known from another label or a participant list, or name-only lines must be
    the document's habit: at least three of them before text, one name coming back.
    """
    candidates: list[int] = []
    for n, item in enumerate(items):
        if item.kind is not ItemKind.content or n + 1 >= len(items) or items[n + 1].kind is not ItemKind.content:
            continue
        text = item.line.text.strip(NAME_MARKS)
        if len(text) <= 40 and 2 <= len(text.split()) <= 4 and looks_like_name(text) and line_language(text) == "en":
            candidates.append(n)
    names = Counter(items[n].line.text.strip(NAME_MARKS).casefold() for n in candidates)
    habit = len(candidates) >= 3 and max(names.values(), default=0) >= 2
    for n, item in enumerate(items):
        if item.kind is not ItemKind.content:
            continue
        text = item.line.text.strip(NAME_MARKS)
        if (text.casefold() in known and looks_like_name(text)) or (habit and n in candidates):
            role = Role.operator if text.casefold() == "operator" else Role.unknown
            items[n] = Item(ItemKind.label, item.line, None, speaker=text, role=role)


def _translated(text: str, lang: str | None, keep_lang: str, *, after_kept: bool) -> bool:
    """A content line of a bilingual document in the language that is not kept.

    Translations of name-heavy lines ("(操作員指示)Acme Securities 的 Ivy Chen") are mostly Latin
    letters, so right after a kept English line any run of Han characters marks the translation;
    a line in the source slot (after a dropped one) may quote a Chinese name and stays. Against
    Chinese, a line without any Han character is the translation.
    """
    if keep_lang == "en":
        return lang == "zh" or (after_kept and cjk_count(text) >= 2)
    if keep_lang == "zh":
        return cjk_count(text) == 0 and lang is not None
    return lang is not None and lang != keep_lang


def _is_translation(item: Item, kept: list[Item], keep_lang: str, text: str) -> bool:
    """A structural line that repeats or translates the one before it, or carries translated text."""
    if item.body is not None:
        body_lang = line_language(text[item.body[0] : item.body[1]])
        return body_lang is not None and body_lang != keep_lang
    if not kept or kept[-1].kind is not item.kind or kept[-1].body is not None:
        return False
    own = line_language(item.line.text)
    previous = kept[-1]
    same_speaker = item.speaker is not None and (item.speaker or "").casefold() == (previous.speaker or "").casefold()
    return item.line.text == previous.line.text or same_speaker or (own is not None and own != keep_lang)


_QUESTION_MARK = re.compile("[?\uff1f]")
_ASKING_TAIL = 200  # a question turn asks near its end: "..., and how do you see margins? Thanks."


def _asks(text: str) -> bool:
    """Whether a turn asks: a question mark near its end, or a short turn with a question cue."""
    text = text.rstrip()
    return bool(_QUESTION_MARK.search(text[-_ASKING_TAIL:])) or (
        len(text) <= _ASKING_TAIL and QUESTION_CUE.search(text) is not None
    )


def _infer_roles(items: list[Item], text: str) -> None:
    """Roles of labels without a role word, read from the turn pattern.

    A speaker most of whose turns ask is an asker; a speaker who takes the turn right after a
    question (and never asks) answers it, so is an executive.
    """
    turns: list[tuple[Item, str]] = []
    for item in items:
        if item.kind is ItemKind.content and turns and item.body:
            head, said = turns[-1]
            turns[-1] = (head, said + "\n" + text[item.body[0] : item.body[1]])
        elif item.kind is not ItemKind.content:
            said = text[item.body[0] : item.body[1]] if item.body else ""
            turns.append((item, said))
    asking: dict[str, list[bool]] = {}
    for item, said in turns:
        if item.kind is ItemKind.label and item.role is Role.unknown and item.speaker and not item.unidentified:
            asking.setdefault(item.speaker.casefold(), []).append(_asks(said))
    askers = {name for name, flags in asking.items() if 2 * sum(flags) >= len(flags) > 0 and any(flags)}
    unknown = [
        item for item, _ in turns if item.kind is ItemKind.label and item.role is Role.unknown and not item.unidentified
    ]
    for item in unknown:
        if (item.speaker or "").casefold() in askers:
            item.role = Role.analyst
    answerers: set[str] = set()
    for (before, _), (item, _) in zip(turns, turns[1:], strict=False):
        asked = before.kind is ItemKind.question or (before.kind is ItemKind.label and before.role is Role.analyst)
        if asked and item.kind is ItemKind.label and item.role is Role.unknown and item.speaker:
            answerers.add(item.speaker.casefold())
    for item in unknown:
        if item.role is Role.unknown and (item.speaker or "").casefold() in answerers:
            item.role = Role.executive


def read_layout(text: str) -> Layout:
    """Classify every line, drop translation lines of a bilingual document, name the format."""
    lines = split_lines(text)
    items = [_classify(line) for line in lines]
    _markers_over_headings(items)
    _confirm(items, text)
    known = {(i.speaker or "").casefold() for i in items if i.kind is ItemKind.label and i.speaker}
    known.discard("operator")
    _name_lines(items, known)

    langs = [line_language(item.line.text) if item.kind is ItemKind.content else None for item in items]
    keep_lang = _bilingual(lines, langs)
    kept: list[Item] = []
    dropped = 0
    after_kept = False
    for item, lang in zip(items, langs, strict=True):
        if (
            keep_lang
            and item.kind is ItemKind.content
            and _translated(item.line.text, lang, keep_lang, after_kept=after_kept)
        ):
            dropped += 1
            after_kept = False
            continue
        if keep_lang and item.kind is not ItemKind.content and _is_translation(item, kept, keep_lang, text):
            dropped += 1
            after_kept = False
            continue
        kept.append(item)
        after_kept = item.kind is ItemKind.content
    _infer_roles(kept, text)

    masses: Counter[str] = Counter()
    for item in kept:
        if item.body:
            en, zh = _mass(text[item.body[0] : item.body[1]])
            masses["en"] += en
            masses["zh"] += zh
    total = sum(masses.values()) or 1
    languages = [lang for lang, mass in masses.most_common() if mass >= 0.15 * total]
    if keep_lang:
        other = "zh" if keep_lang == "en" else "en"
        languages = [keep_lang, other]
    labels = sum(1 for i in kept if i.kind is ItemKind.label and i.role is not Role.operator)
    if labels >= 2 or (labels >= 1 and any(i.kind is ItemKind.label and i.role is Role.operator for i in kept)):
        fmt = "speaker_lines"
    elif any(i.kind in (ItemKind.question, ItemKind.answer) for i in kept):
        fmt = "qa_notes"
    elif any(i.kind is ItemKind.heading and i.group is None for i in kept):
        fmt = "headed"
    else:
        fmt = "plain"
    return Layout(
        items=kept, format=fmt, languages=languages, bilingual=keep_lang is not None,
        authoritative_language=keep_lang or (languages[0] if languages else None),
        dropped_lines=dropped, masses=dict(masses),
    )  # fmt: skip
