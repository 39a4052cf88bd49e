"""Detect a transcript's layout, line by line: speaker labels, Q/A markers, headings, bilingual pairs.

``read_layout`` turns the text into ``Item``s (one per non-blank line that is kept) that
``summarizer.ingest.sections`` assembles into sections. Nothing here guesses across the whole call
except two document-level decisions: whether the document is bilingual (each line followed by
its translation; the translation lines are dropped) and whether ``Q:``/``A:`` markers and
``Name: text`` labels are frequent enough to be structure rather than prose.
"""

from __future__ import annotations

import re
from functools import lru_cache
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from summarizer.document import Role

__all__ = [
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

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_CLASS}]")
_LATIN = re.compile(r"[A-Za-z]")
_COLON = "[::]"


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


# --- roles ----------------------------------------------------------------------------------------

_ANALYST_WORD = re.compile(r"\banalyst|\bresearch\b|\bstrategist\b|\bportfolio\b|\bassociate\b", re.I)
_FIRM_WORD = re.compile(
    r"\b(securities|capital|bank|banc|sachs|morgan|stanley|lynch|barclays|citi(group)?|jefferies|"
    r"partners|llc|l\.p\.|advisors|advisers|investments?|asset management|equities|& co|"
    r"brokerage|fund|cowen|bernstein|ubs|cicc|macquarie|nomura|mizuho|hsbc|credit suisse|jp ?morgan|bofa|"
    r"deutsche|daiwa|clsa|haitong|citic|huatai|guotai|everbright|wells fargo|piper sandler|needham|oppenheimer|"
    r"keybanc|raymond james|stifel|baird|evercore|wolfe|truist|rbc|bmo|jefferies|goldman|barclays)\b",
    re.I,
)
_EXEC_WORD = re.compile(
    r"\b(ceo|cfo|coo|cto|cio|cmo|cao|cso|cro|chief|president|chair(man|woman|person)?|founder|"
    r"co-founder|officer|vp|svp|evp|vice|treasurer|controller|secretary|counsel|"
    r"investor relations|ir|executive|director|head|manager|management|spokes(person|man|woman))\b",
    re.I,
)
_ZH_EXEC = re.compile(
    r"管理[層层]|董事[長长]|董事會|董事会|[總总]裁|首席|[總总][經经]理|副[總总]|[財财][務务][長长总總]|"
    r"[財财][務务][總总][監监]|董秘|投[資资]者[關关][係系]|[創创]始人|高管|公司代表|公司回|CEO|CFO|COO|CTO|CIO"
)
_ZH_ANALYST = re.compile(r"分析[師师]|研究[員员]|投[資资]者|提[問问]者|基金[經经]理|[證证]券|券商")
_ZH_OPERATOR = re.compile(r"^(?:主持人|[會会]议?主持人|[會会][議议]主持人|接[線线][員员]|操作[員员]|[會会][議议]助理|[會会][議议][協协][調调]人)$")
_ZH_ROLE_TAIL = re.compile(r"(表示|回答|答[復复覆]?|回[復复覆]|[說说]|指出|[補补]充|提[問问]|[問问])$")


def role_from_title(title: str | None) -> Role:
    """Role implied by an English or Chinese title: analyst, executive, operator or unknown."""
    if not title:
        return Role.unknown
    if re.fullmatch(r"\s*(operator|moderator|conference operator|coordinator)\s*", title, re.I):
        return Role.operator
    if _ANALYST_WORD.search(title) or _ZH_ANALYST.search(title):
        return Role.analyst
    if re.search(r"investor relations|\bIR\b", title, re.I):
        return Role.executive
    strong_exec = re.search(r"\b(ceo|cfo|coo|cto|chief|president|chair|founder|treasurer|controller)", title, re.I)
    if _FIRM_WORD.search(title) and not strong_exec:
        return Role.analyst
    if _EXEC_WORD.search(title) or _ZH_EXEC.search(title):
        return Role.executive
    return Role.unknown


# --- English speaker labels -----------------------------------------------------------------------

_PARTICLES = {"de", "van", "von", "da", "di", "del", "der", "le", "la", "bin", "al", "du", "dos", "das", "y"}
_NOT_NAME = {
    "revenue", "revenues", "growth", "outlook", "guidance", "summary", "highlights", "note", "notes",
    "total", "net", "operating", "segment", "key", "financial", "results", "overview", "question",
    "questions", "answer", "answers", "risk", "disclaimer", "source", "date", "time", "title",
    "subject", "q1", "q2", "q3", "q4", "fy", "gross", "margin", "cash", "thank", "thanks", "yes",
    "no", "okay", "ok", "so", "well", "and", "but", "the", "we", "our", "i", "hi", "hello", "good",
    "sure", "great", "operator", "welcome", "agenda", "presentation", "participants", "executives",
    "analysts", "call", "conference", "earnings", "transcript", "remarks", "update", "business",
    "strategy", "first", "second", "third", "fourth", "next", "finally", "also", "in", "on", "at",
    "for", "to", "with", "from", "of", "as", "this", "that", "these", "it", "he", "she", "they",
    "you", "please", "now", "let", "turning", "moving", "looking", "lastly", "again", "fiscal",
}
_NAME_TOKEN = re.compile(r"[A-Z][\w'’.\-]*|[A-Z]\.|[" + _CJK_CLASS + r"]{1,4}")
_DASH_SPLIT = re.compile(r"\s+(?:-{1,2}|–|—|\|)\s+|\s*(?:--|–|—)\s*")
_UNIDENTIFIED = re.compile(
    r"(unidentified|unknown|unverified)\s+(participant|analyst|speaker|company representative|"
    r"corporate participant|caller|audience member|person|male|female|executive)s?",
    re.I,
)
_OPERATOR_LABEL = re.compile(r"(operator|moderator|conference operator|coordinator)", re.I)
_MD_WRAP = re.compile(r"^(\*\*|__|\*|_)(.+?)\1$")
_HEADER_WORDS = re.compile(r"^(?:#+\s*)?(?:\*\*|__)?\s*(.+?)\s*(?:\*\*|__)?\s*[::]?$")


def looks_like_name(name: str) -> bool:
    """Whether ``name`` reads as a person's name: one to five capitalised words, no digits."""
    tokens = name.split()
    if not 1 <= len(tokens) <= 5 or len(name) > 60:
        return False
    if re.search(r"\d|[,;:!?()]", name):
        return False
    capitals = 0
    for token in tokens:
        low = token.lower().strip(".")
        if low in _PARTICLES:
            continue
        if low in _NOT_NAME:
            return False
        if not _NAME_TOKEN.fullmatch(token):
            return False
        capitals += 1
    return capitals >= 1


def _titleish(text: str) -> bool:
    """A job title or firm: short, no sentence ending, words mostly capitalised or a role word."""
    if len(text) > 120 or not text.strip():
        return False
    if re.search(r"[.!?。!?]$", text) and not re.search(r"\b(Inc|Co|Corp|Ltd|L\.P|Jr|Sr)\.$", text):
        return False
    if role_from_title(text) is not Role.unknown:
        return True
    words = re.findall(r"[A-Za-z][\w&'’.\-]*", text)
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
        if _ANALYST_WORD.search(part):
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
        if exec_parts and other and all(_FIRM_WORD.search(o) or re.search(r"\b(Inc|Corp|Ltd|Limited|Group|Holdings)\b", o) for o in other):
            return ", ".join(exec_parts), ", ".join(other), role
    return joined or None, None, role


def _english_label(text: str) -> Item | None:
    """A standalone English label line: ``Name - Title``, ``Operator``, ``Unidentified Participant``."""
    core = text
    wrap = _MD_WRAP.match(core)
    if wrap:
        core = wrap.group(2).strip()
    core = core.rstrip(":").strip()
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
    paren = re.fullmatch(r"(?P<name>[^()]{2,60}?)\s*\((?P<title>[^()]{2,80})\)", core)
    if paren and looks_like_name(paren["name"].strip()) and _titleish(paren["title"]):
        title, firm, role = _split_title([paren["title"]])
        return Item(ItemKind.label, _DUMMY, speaker=paren["name"].strip(), role=role, firm=firm, title=title)
    return None


_INLINE_EN = re.compile(
    r"^(?:\*\*|__)?(?P<label>[A-Z][^:\n]{0,80}?)(?:\*\*|__)?\s*:(?:\*\*|__)?\s+(?P<body>\S.*)$"
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


# --- Chinese role labels ----------------------------------------------------------------------------

_ZH_LABEL = re.compile(
    r"^(?:【|\[|\*\*)?(?P<label>[^::。!?,,;;\s【】\[\]]{1,16}(?:\s[^::。!?,,;;\s]{1,12})?(?:[((][^::。!?()()]{1,20}[))])?)"
    r"(?:】|\]|\*\*)?\s*[::](?:\*\*)?\s*(?P<body>.*)$"
)
_ZH_FIRM_SUFFIX = re.compile(
    r"([證证]券|[銀银]行|[資资]本|基金|[資资][管產产]|投[資资]|研究所|研究|公司|集[團团]|[國国][際际]|控股|"
    r"Securities|Capital|Bank|Research|Partners)$",
    re.I,
)


def _chinese_label(line: Line) -> Item | None:
    m = _ZH_LABEL.match(line.text)
    if not m:
        return None
    label = m["label"].strip()
    if not _CJK.search(label) and not re.search(r"CEO|CFO|COO|CTO|IR", label):
        return None
    body = m["body"].strip()
    body_span = (line.start + m.start("body"), line.end) if body else None
    bare = _ZH_ROLE_TAIL.sub("", label) or label
    if _ZH_OPERATOR.match(bare):
        return Item(ItemKind.label, line, body_span, speaker=bare, role=Role.operator)
    if re.fullmatch(r"(?:答|回答|回[復复覆]|管理[層层]回答|公司回答)[一二三四五六七八九十\d]*", label):
        return Item(ItemKind.answer, line, body_span)
    if re.fullmatch(r"(?:[問问]|提[問问]|[問问][題题]|投[資资]者提[問问])[一二三四五六七八九十\d]*", label):
        return Item(ItemKind.question, line, body_span)
    analyst = _ZH_ANALYST.search(label) is not None
    executive = _ZH_EXEC.search(label) is not None
    if analyst and not re.search(r"投[資资]者[關关][係系]", label):
        firm, speaker = _chinese_firm(bare)
        return Item(ItemKind.label, line, body_span, speaker=speaker or bare, role=Role.analyst, firm=firm, title=None)
    if executive:
        speaker, title = bare, None
        parts = bare.split()
        if len(parts) == 2 and _ZH_EXEC.search(parts[0]):
            title, speaker = parts
        return Item(ItemKind.label, line, body_span, speaker=speaker, role=Role.executive, title=title)
    return None


def _chinese_firm(label: str) -> tuple[str | None, str | None]:
    """Firm (as written) and person name from a Chinese analyst label."""
    paren = re.search(r"[((]([^()()]+)[))]", label)
    outside = re.sub(r"[((][^()()]*[))]", "", label).strip()
    person = None
    if paren:
        inner = paren.group(1).strip()
        rest = _ZH_ANALYST.sub("", outside).strip()
        if rest and rest != inner:
            person = rest
        return inner or None, person
    words = outside.split()
    if len(words) == 2:
        first, second = (w.strip() for w in words)
        first_bare = re.sub(r"分析[師师]|研究[員员]", "", first).strip()
        if first_bare and not _ZH_ANALYST.fullmatch(second):
            return first_bare, re.sub(r"分析[師师]|研究[員员]", "", second).strip() or None
    from_m = re.match(r"^(?:來自|来自)(.+?)的", outside)
    if from_m:
        return from_m.group(1), None
    firm = re.sub(r"(?:的)?(?:分析[師师]|研究[員员]|基金[經经]理|投[資资]者|提[問问]者)$", "", outside).strip()
    return (firm or None), None


# --- Q/A markers --------------------------------------------------------------------------------

_QUESTION = re.compile(
    r"^(?:\*\*)?(?:Q|Q|[問问]|提[問问]|Question)\s*(?P<n>[0-90-9]{0,2})\s*"
    r"(?:[((](?P<who>[^()()]{1,40})[))])?\s*(?:\*\*)?\s*(?:[::]|[.、](?=\s|[" + _CJK_CLASS + r"]))(?:\*\*)?\s*(?P<body>.*)$",
    re.I,
)
_ANSWER = re.compile(
    r"^(?:\*\*)?(?:A|A|答|回答|Answer)\s*(?P<n>[0-90-9]{0,2})\s*(?:[((](?P<who>[^()()]{1,40})[))])?\s*"
    r"(?:\*\*)?\s*[::](?:\*\*)?\s*(?P<body>.*)$",
    re.I,
)


_LEADING_FIRM = re.compile(r"[((]([^()()]{2,20})[))]")


def _marker(line: Line) -> Item | None:
    for pattern, kind in ((_QUESTION, ItemKind.question), (_ANSWER, ItemKind.answer)):
        m = pattern.match(line.text)
        if not m:
            continue
        body = m["body"].strip()
        span = (line.start + m.start("body"), line.end) if body else None
        item = Item(kind, line, span)
        who = (m["who"] or "").strip()
        if who and kind is ItemKind.question and not re.match(r"(關於|关于|about|on|re)\b", who, re.I):
            firm, person = _chinese_firm(who) if _CJK.search(who) else (who, None)
            item.firm, item.speaker = firm, person
        elif who and kind is ItemKind.question:
            item.title = who
        elif who and kind is ItemKind.answer:
            item.speaker = who
        lead = _LEADING_FIRM.match(body) if kind is ItemKind.question and item.firm is None else None
        if lead and _ZH_FIRM_SUFFIX.search(lead.group(1)):
            item.firm = lead.group(1)  # "問:(中信證券)資本開支計劃?"
        return item
    return None


# --- headings -------------------------------------------------------------------------------------

_QA_TITLE = re.compile(r"Q\s*&\s*A|Q\s*and\s*A|[問问]答|答疑|question|提[問问][環环]?[節节]?|互[動动][環环][節节]|交流[環环][節节]", re.I)
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
_ZH_NUM = "一二三四五六七八九十"
_HEAD_PATTERNS: list[tuple[re.Pattern[str], int, int]] = [
    # pattern, level, max title length (characters) when the line has no inline body
    (re.compile(rf"^(?:第[{_ZH_NUM}\d]+(?:部分|[節节]|章)|[{_ZH_NUM}]{{1,3}}\s*[、.．])\s*(?P<t>.+)$"), 1, 40),
    (re.compile(rf"^[((][{_ZH_NUM}]{{1,3}}[))]\s*(?P<t>.+)$"), 2, 40),
    (re.compile(r"^[0-9]{1,2}\s*、\s*(?P<t>.+)$"), 2, 40),
    (re.compile(r"^[0-9]{1,2}\s*[.．](?!\d)\s*(?P<t>.+)$"), 2, 30),
    (re.compile(r"^[((][0-9]{1,2}[))]\s*(?P<t>.+)$"), 3, 30),
    (re.compile(r"^[0-9]{1,2}[))]\s*(?P<t>.+)$"), 4, 24),
    (re.compile(r"^[①-⑳]\s*(?P<t>.+)$"), 4, 24),
    (re.compile(r"^【(?P<t>[^【】]{1,30})】$"), 2, 30),
]
_SENTENCE_END = re.compile(r"[。!?!?;;]|\.(\s|$)")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_HEADING_START = re.compile(rf"[#第{_ZH_NUM}((0-9①-⑳【]")
_PROSE_END = re.compile(r"(?<!\bInc)(?<!\bCo)(?<!\bCorp)(?<!\bLtd)(?<!\bJr)(?<!\bSr)[.!?。!?]$")


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
    if plain and len(text) <= 16 and not _HEADING_START.match(text) and _QA_TITLE.search(text) and not _SENTENCE_END.search(text):
        return _make_heading(line, plain.group(1).strip(), 1, None)  # "問答環節", "Q&A環節", "分析師問答"
    for pattern, level, limit in _HEAD_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        title = m["t"].strip()
        weight = len(title) if _CJK.search(title) else len(title) // 2
        if weight <= limit and not _SENTENCE_END.search(title.rstrip("::")):
            return _make_heading(line, title.rstrip("::").strip(), level, None)
        inline = re.match(r"^(?P<h>[^::。!?,,;;]{1,12})[::]\s*(?P<b>\S.*)$", title)
        if inline and level >= 3 and not _SENTENCE_END.search(inline["h"]):
            body_start = line.start + m.start("t") + inline.start("b")
            return _make_heading(line, inline["h"].strip(), level, (body_start, line.end))
        return None
    return None


def _make_heading(line: Line, title: str, level: int, body: tuple[int, int] | None) -> Item:
    group = _GROUPS.get(title.lower().rstrip(":: "))
    return Item(
        ItemKind.heading, line, body, title=title, level=level,
        qa_heading=bool(_QA_TITLE.search(title)) and group is None, group=group,
    )  # fmt: skip


# --- bilingual pairing ----------------------------------------------------------------------------

_DISCLAIMER = [
    (re.compile(r"(以|按|依)?英文(原文|版本|版|原稿)?(為|为)(主|準|准)|英文(原文|版本)?(優先|优先)"), "en"),
    (re.compile(r"(以|按|依)?中文(原文|版本|版)?(為|为)(主|準|准)"), "zh"),
    (re.compile(r"english\s+(version|original|text|transcript)\s+(shall\s+|will\s+)?(prevail|govern|is authoritative)", re.I), "en"),
    (re.compile(r"chinese\s+(version|original|text|transcript)\s+(shall\s+|will\s+)?(prevail|govern|is authoritative)", re.I), "zh"),
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
_LABEL_MAX = 150  # a standalone label line ("Name - Title, Firm") is never longer


def _classify(line: Line) -> Item:
    for finder in (_heading, _marker, _chinese_label):
        item = finder(line)
        if item is not None:
            return item
    text = line.text
    standalone = _english_label(text) if len(text) <= _LABEL_MAX and not _PROSE_END.search(text) else None
    if standalone is not None:
        standalone.line = line
        return standalone
    inline = _inline_english(line)
    if inline is not None:
        inline.kind = ItemKind.label
        inline.level = -1  # marks an inline candidate until confirmed
        return inline
    return Item(ItemKind.content, line, (line.start, line.end))


def _as_content(item: Item) -> Item:
    return Item(ItemKind.content, item.line, (item.line.start, item.line.end))


def _confirm(items: list[Item]) -> None:
    """Keep Q/A markers and inline ``Name:`` labels only where they are the document's structure."""
    questions = sum(1 for i in items if i.kind is ItemKind.question)
    answers = sum(1 for i in items if i.kind is ItemKind.answer)
    analysts = any(i.kind is ItemKind.label and i.role is Role.analyst for i in items)
    markers_ok = (answers >= 1 and (questions >= 1 or analysts)) or questions >= 2
    inline = [i for i in items if i.kind is ItemKind.label and i.level == -1]
    names = Counter((i.speaker or "").casefold() for i in inline)
    known = {(i.speaker or "").casefold() for i in items if i.kind is ItemKind.label and i.level != -1}
    inline_ok = len(inline) >= 3 and (max(names.values(), default=0) >= 2 or any(i.role is Role.operator for i in inline))
    for n, item in enumerate(items):
        if item.kind in (ItemKind.question, ItemKind.answer) and not markers_ok:
            items[n] = _as_content(item)
        elif item.kind is ItemKind.label and item.level == -1:
            name = (item.speaker or "").casefold()
            if inline_ok or name in known or names[name] >= 2 or item.role is Role.operator:
                item.level = 0
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
        text = item.line.text.strip("*_ :")
        if len(text) <= 40 and 2 <= len(text.split()) <= 4 and looks_like_name(text) and line_language(text) == "en":
            candidates.append(n)
    names = Counter(items[n].line.text.strip("*_ :").casefold() for n in candidates)
    habit = len(candidates) >= 3 and max(names.values(), default=0) >= 2
    for n, item in enumerate(items):
        if item.kind is not ItemKind.content:
            continue
        text = item.line.text.strip("*_ :")
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


def read_layout(text: str) -> Layout:
    """Classify every line, drop translation lines of a bilingual document, name the format."""
    lines = split_lines(text)
    items = [_classify(line) for line in lines]
    _confirm(items)
    known = {(i.speaker or "").casefold() for i in items if i.kind is ItemKind.label and i.speaker}
    known.discard("operator")
    _name_lines(items, known)

    langs = [line_language(item.line.text) if item.kind is ItemKind.content else None for item in items]
    keep_lang = _bilingual(lines, langs)
    kept: list[Item] = []
    dropped = 0
    after_kept = False
    for item, lang in zip(items, langs, strict=True):
        if keep_lang and item.kind is ItemKind.content and _translated(item.line.text, lang, keep_lang, after_kept=after_kept):
            dropped += 1
            after_kept = False
            continue
        if keep_lang and item.kind is not ItemKind.content and _is_translation(item, kept, keep_lang, text):
            dropped += 1
            after_kept = False
            continue
        kept.append(item)
        after_kept = item.kind is ItemKind.content

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
