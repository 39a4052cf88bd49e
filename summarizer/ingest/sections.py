"""Transcript -> typed sections with character spans, and numbered sentences the model can cite.

``analyse`` reads the layout (``summarizer.ingest.layout``), then walks its items once:

* a speaker label opens a turn: the operator's turns are ``other`` sections; an executive's turn
  before the Q&A is a ``prepared_remarks`` section; an analyst's turn opens a ``qa`` section that
  collects every answer turn up to the next analyst (a follow-up by the same analyst stays in it);
* question and answer markers (``Q1:``, ``問：``, a role word alone such as "分析師(中金公司)") do
  the same for call notes: each opens its own ``qa`` section unless it is a follow-up or the
  same named asker under the same number; headings close the section and give the next ones
  their title, and a Q&A heading starts the question part;
* unlabelled prepared remarks are cut into sections at topic changes ("Turning to ...", a
  hand-over to the next speaker) so that no section is far beyond a few hundred tokens;
* safe-harbour boilerplate at the start of the remarks and remarks after the last question become
  ``other``.

Sentence spans never include translation lines of a bilingual document; a section's ``span`` runs
from its first to its last kept character, so in a bilingual document it encloses translations:
use the section's sentences, not the slice of its span, as its text.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from summarizer.document import Participant, Role, Section, SectionKind, Sentence, Span, Transcript, Turn
from summarizer.ingest.header import CALL_CUE, read_call_date, read_header
from summarizer.ingest.labels import CLOSES, COLONS, OPENS, QUESTION_CUE
from summarizer.ingest.layout import (
    NAME_MARKS,
    Item,
    ItemKind,
    Layout,
    Line,
    looks_like_name,
    read_layout,
    role_from_title,
)
from summarizer.text.periods import find_periods, period_order

__all__ = [
    "analyse",
    "chunk",
    "estimate_tokens",
    "sections_json",
    "sentence_spans",
    "structure_warnings",
    "worth_sending",
]

# Unlabelled prepared remarks are cut at a topic change once a section holds this many tokens,
# and cut wherever they are once it would pass the larger number.
_TOPIC_MIN_TOKENS = 250
_TOPIC_MAX_TOKENS = 650

# --- tokens ------------------------------------------------------------------------------------

_CJK_ANY = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def estimate_tokens(text: str) -> int:
    """A cheap, deliberately high estimate of how many model tokens ``text`` takes.

    Latin text: one token per 3.5 characters (English averages about 4 in GPT and Qwen
    vocabularies). CJK characters and full-width punctuation: 0.7 tokens each (Qwen's vocabulary
    holds many two-character words, so one token per character would overestimate by about half).
    The result is rounded up, so a budget computed with it is rarely exceeded.
    """
    if not text:
        return 0
    cjk = len(_CJK_ANY.findall(text))
    rest = len(text) - cjk
    return math.ceil(cjk * 0.7 + rest / 3.5)


# --- sentences ------------------------------------------------------------------------------------

# A Chinese sentence ends at a full-width stop (U+3002, U+FF01, U+FF1F, U+FF1B); the ASCII
# ``!?;`` end one only when written between Han characters, so an English ``;`` joins clauses.
_TERMINAL_RUN = re.compile(
    "[.!?;\u3002\uff01\uff1f\uff1b\u2026]+[\"'\u201d\u2019\u300d\u300f)\uff09\u3011\u300b\u3009\\]]*"
)
_ZH_TERMINAL = set("\u3002\uff01\uff1f\uff1b")
_ELLIPSIS = "\u2026"
_ABBREVIATIONS = {
    "inc", "corp", "co", "ltd", "llc", "plc", "mr", "mrs", "ms", "dr", "prof", "jr", "sr", "st",
    "vs", "e.g", "i.e", "u.s", "u.k", "u.s.a", "no", "nos", "approx", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "fig", "ph.d", "dept", "est", "mt",
    "gov", "gen", "rep", "sen", "messrs", "s.a", "n.v", "bros", "cf", "al", "ca", "pp", "vol",
}  # fmt: skip
_CJK_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NEXT_STARTS = re.compile("[\"'\u201c\u2018(\\[]?[A-Z0-9$\u20ac\u00a3\u00a5]|[\u3400-\u9fff]")


def _beside_han(text: str, m: re.Match[str], end: int) -> bool:
    """Whether a run of marks touches Han text: a Han character just before it or next after it."""
    if m.start() > 0 and _CJK_CHAR.match(text, m.start() - 1):
        return True
    follow = m.end()
    while follow < end and text[follow] in " \t":
        follow += 1
    return follow < end and _CJK_CHAR.match(text, follow) is not None


def _is_boundary(text: str, m: re.Match[str], start: int, end: int) -> bool:
    run = m.group()
    after = m.end()
    if any(c in _ZH_TERMINAL for c in run) or (_ELLIPSIS in run and after < end and _CJK_CHAR.match(text, after)):
        return True
    if after >= end:
        return True
    nxt = text[after]
    if "." not in run and any(c in "!?;" for c in run) and _beside_han(text, m, end):
        return True  # ASCII marks written in Chinese text
    if ";" in run and "." not in run:
        return False  # an English semicolon joins two clauses of one sentence
    if _CJK_CHAR.match(nxt):
        return True
    if not nxt.isspace():
        return False
    follow = after
    while follow < end and text[follow].isspace():
        follow += 1
    if follow >= end:
        return True
    if ("!" in run or "?" in run) and "." not in run:
        return not text[follow].islower()
    if not _NEXT_STARTS.match(text, follow):
        return False
    word_start = m.start()
    while word_start > 0 and not text[word_start - 1].isspace() and m.start() - word_start < 12:
        word_start -= 1
    word = text[word_start : m.start()].lstrip("(\"'\u201c\u2018$").lower()
    if word_start <= start and re.fullmatch(r"\d{1,2}|[a-z]|[ivx]{1,4}", word):
        return False  # a list number at the start of the line: "1. Revenue grew"
    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
        return word == "no" and not text[follow].isdigit()
    return True


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, stripped of surrounding whitespace.

    English: ``.``/``!``/``?`` followed by space and a capital, digit or quote, except after an
    abbreviation ("Inc.", "U.S.", "e.g.", "No. 1") or inside a number ("$3.94"); a ``;`` never
    ends an English sentence. Chinese: after a full-width full stop, exclamation or question
    mark or semicolon, and after their ASCII forms next to a Han character, keeping closing
    quotes and brackets.
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    cut = start
    for m in _TERMINAL_RUN.finditer(text, start, end):
        if _is_boundary(text, m, start, end):
            spans.append((cut, m.end()))
            cut = m.end()
    if cut < end:
        spans.append((cut, end))
    stripped: list[tuple[int, int]] = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            stripped.append((s, e))
    return stripped


_OPEN_END = re.compile("[\\w,\u3001\uff0c\\-\u2013\u2014]$")


def _continues(text: str, previous: tuple[int, int], nxt: tuple[int, int]) -> bool:
    """Whether a line's first sentence continues the previous line's last (a hard line wrap)."""
    tail = text[previous[1] - 1]
    head = text[nxt[0]]
    if not _OPEN_END.match(tail):
        return False
    if head.islower():
        return True
    return bool(_CJK_CHAR.match(head) and (_CJK_CHAR.match(tail) or tail in ",\u3001\uff0c"))


# --- drafts -----------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Turn:
    speaker: str | None
    role: Role
    firm: str | None
    start: int
    spans: list[tuple[int, int]] = field(default_factory=list)
    paragraph_starts: set[int] = field(default_factory=set)
    last_line: int = -2


@dataclass(slots=True)
class _Draft:
    kind: SectionKind
    title: str | None
    speaker: str | None
    role: Role
    firm: str | None
    start: int
    turns: list[_Turn] = field(default_factory=list)
    preamble: bool = False
    labelled: bool = False
    number: int | None = None  # the question's number, when the document numbers them

    def spans(self) -> list[tuple[int, int]]:
        return [s for t in self.turns for s in t.spans]


@dataclass(slots=True)
class _Intro:
    name: str
    firm: str | None
    title: str | None


# --- operator introductions ------------------------------------------------------------------------

_WHO_TEXT = r"(?P<who>(?:[^.?!;\u3002]|\.(?=\S))+)"
_INTRO_PATTERNS = [
    re.compile(
        r"\bquestions?\s+(?:today\s+|now\s+|then\s+)?(?:comes?|is|will come|coming)\s+from\s+(?:the\s+line\s+of\s+)?"
        + _WHO_TEXT,
        re.I,
    ),
    re.compile(r"\bfrom\s+the\s+line\s+of\s+" + _WHO_TEXT, re.I),
    re.compile(r"\b(?:first|next|last|final|following)\s+question\s+(?:is\s+)?from\s+" + _WHO_TEXT, re.I),
    re.compile(
        r"\b(?:we(?:'ll|\u2019ll| will)?|let's|let us)\s+(?:now\s+)?(?:go|move|turn|take)\s+(?:next\s+)?"
        r"(?:to|our next question from|the next question from)\s+" + _WHO_TEXT,
        re.I,
    ),
    re.compile(r"\bnext,?\s+we\s+have\s+" + _WHO_TEXT, re.I),
    re.compile(r"^\(?\s*operator instructions\s*\)?\s*(?:and\s+)?" + _WHO_TEXT, re.I),
]
_ZH_INTRO = re.compile(
    r"(?:[問问]題|[問问]题|提[問问])(?:來自|来自)(?P<firm>[^,\uff0c\u3002的]{2,24})的(?P<name>[^,\uff0c\u3002\s]{2,10})"
)
_WHO = re.compile(
    r"^(?:the\s+line\s+of\s+)?(?P<name>[A-Z][\w'\u2019\-]*(?:\s+(?:[A-Z][\w'\u2019\-]*|[a-z]{1,3}(?=\s+[A-Z])))*)"
    r"(?:\s*,\s*|\s+(?:with|from|of|at)\s+)(?P<rest>.+)$|^(?P<alone>[A-Z][\w'\u2019\-]*(?:\s+[A-Z][\w'\u2019\-]*){1,3})$"
)
_INTRO_TAIL = re.compile(
    r"\s*[,\uff0c]?\s*(?:your line is (?:now )?open|please (?:go ahead|proceed)|go ahead)\b.*$", re.I
)
_TITLE_ONLY = re.compile(
    r"^(?:senior\s+|junior\s+|lead\s+|chief\s+)?(?:associate|analyst|research analyst|vice president|director|"
    r"managing director|partner|head of research|portfolio manager|strategist)$",
    re.I,
)


def _introductions(sentence: str) -> list[_Intro]:
    found: list[_Intro] = []
    for pattern in _INTRO_PATTERNS:
        m = pattern.search(sentence)
        if not m:
            continue
        who = _INTRO_TAIL.sub("", m["who"].strip()).strip(" ,.")
        w = _WHO.match(who)
        if not w:
            continue
        if w["alone"]:
            if looks_like_name(w["alone"]):
                found.append(_Intro(w["alone"], None, None))
            break
        name, rest = w["name"].strip(), w["rest"].strip(" ,.")
        if not looks_like_name(name):
            continue
        if _TITLE_ONLY.match(rest):
            found.append(_Intro(name, None, rest))
        else:
            found.append(_Intro(name, rest or None, None))
        break
    zh = _ZH_INTRO.search(sentence)
    if zh and not found:
        found.append(_Intro(zh["name"], zh["firm"], None))
    return found


_HANDOVER = re.compile(
    r"\b(?:turn|hand|pass)\s+(?:the\s+(?:call|conference|floor|line)\s+|it\s+|things\s+)?(?:back\s+)?(?:over\s+)?to\s+"
    r"(?P<who>[A-Z](?:[^.?!;\u3002]|\.(?=\S))+)"
)


def _handover(sentence: str) -> tuple[str, Role, None, str] | None:
    """An executive named with a title when the call is handed over: "over to Jane Roe, our CFO"."""
    m = _HANDOVER.search(sentence)
    if not m:
        return None
    w = _WHO.match(_INTRO_TAIL.sub("", m["who"]).strip(" ,."))
    if not w or not w["name"] or not looks_like_name(w["name"].strip()):
        return None
    title = re.sub(r"^(?:our|the company's|its)\s+", "", w["rest"].strip(" ,."), flags=re.I)
    title = re.split(r"\s+(?:for|who|to)\s+", title)[0]
    if role_from_title(title) is not Role.executive:
        return None
    return w["name"].strip(), Role.executive, None, title


# --- boilerplate and topics ------------------------------------------------------------------------

_BOILERPLATE = re.compile(
    r"forward[- ]looking|safe harbou?r|non-gaap|risk factors|risks and uncertainties|\bsec\b|"
    r"securities and exchange commission|securities litigation|differ materially|no obligation|"
    r"reconciliation|press release|being recorded|is recorded|replay|webcast|predictive statements|"
    r"copyrighted|rebroadcast|without the (?:express )?(?:written )?consent|investor relations|"
    r"前瞻性|風險因素|风险因素|非公認會計|非公认会计|安全港|免責|免责",
    re.I,
)
_STRONG_BOILERPLATE = re.compile(
    r"forward[- ]looking|safe harbou?r|non-gaap|risk factors|differ materially|predictive statements|"
    r"securities litigation|copyrighted|前瞻性|安全港|免責|免责",
    re.I,
)
_LOGISTICS = re.compile(
    r"^(?:and\s+|also,?\s+|so,?\s+)?(?:(?:joining|with)\s+me|on the call|i'?m joined|joined|"
    r"(?:i|we)(?:\s+will|'ll|\u2019ll)\s+(?:now\s+)?(?:turn|hand)|(?:let me|i'?d like to) (?:now )?(?:turn|hand)|good (?:morning|afternoon|evening|day)|"
    r"thank you|thanks|welcome|hello|hi\b|this is [A-Z]|i'?m [A-Z]|(?:these|the) (?:documents|materials|slides)|"
    r"you can (?:find|obtain|access)|it'?s under|if you(?:'ve| have) not|as a reminder|before we begin|"
    r"please note|today'?s call|during (?:this|today'?s) call|(?:our|the) (?:earnings )?(?:release|presentation))",
    re.I,
)
_TOPIC_START = re.compile(
    r"^(?:(?:now|next|so|and|okay|ok|all right),?\s+)*(?:turning|moving|let me (?:now )?(?:turn|move|shift|start|begin)|"
    r"let's (?:now )?(?:turn|move)|i(?:'d|\u2019d| would) (?:now )?like to (?:turn|discuss|move|provide|review|talk)|"
    r"i(?:'ll|\u2019ll| will) (?:now )?(?:turn|discuss|move|review|talk|start|begin|cover)|"
    r"(?:on|onto|to) (?:the )?(?:balance sheet|cash flow|guidance|outlook)|finally|lastly|in closing|"
    r"in summary|to summarize|to conclude|regarding|with respect to|as for|looking (?:ahead|forward)|"
    r"our (?:outlook|guidance)|接下[來来]|下面|最後|最后|[總总][結结]|展望|[關关]於|关于|另外|此外)",
    re.I,
)
_HANDOFF = re.compile(
    r"(?:turn|hand|pass)\s+(?:it|the call|things|the floor)?\s*(?:back\s+)?(?:over\s+)?to\b|"
    r"(?:交給|交给|有請|有请)",
    re.I,
)


def _leading_boilerplate(text: str, spans: list[tuple[int, int]]) -> int:
    """How many leading sentences are safe-harbour/logistics boilerplate (0 when none is strong)."""
    best = good = 0
    strong = False
    for i, (s, e) in enumerate(spans[:30]):
        sentence = text[s:e]
        is_boiler = bool(_BOILERPLATE.search(sentence))
        strong = strong or bool(_STRONG_BOILERPLATE.search(sentence))
        if is_boiler or _LOGISTICS.match(sentence):
            good += 1
            if strong and good >= 0.75 * (i + 1):
                best = i + 1
        elif i - best >= 3:
            break
    return best


# --- the builder ------------------------------------------------------------------------------------


class _Builder:
    """Walks the layout's items once and collects section drafts."""

    def __init__(self, text: str, layout: Layout) -> None:
        self.text = text
        self.layout = layout
        self.joinable = not layout.bilingual
        self.drafts: list[_Draft] = []
        self.current: _Draft | None = None
        self.in_qa = False
        self.titles: dict[int, str] = {}
        self.group: Role | None = None
        self.pending: _Intro | None = None
        self.intros: dict[str, _Intro] = {}
        self.participants: dict[str, Participant] = {}
        self.seen_structure = False
        self.remarks_speakers: set[str] = set()  # who spoke before the Q&A: not a caller

    # participants ------------------------------------------------------------------------------
    def _register(self, name: str | None, role: Role, firm: str | None, title: str | None) -> None:
        if not name or role is Role.operator:
            return
        key = name.casefold()
        known = self.participants.get(key)
        if known is None:
            self.participants[key] = Participant(name=name, role=role, firm=firm, title=title)
            return
        update: dict[str, Any] = {}
        if known.role is Role.unknown and role is not Role.unknown:
            update["role"] = role
        if known.firm is None and firm:
            update["firm"] = firm
        if known.title is None and title:
            update["title"] = title
        if update:
            self.participants[key] = known.model_copy(update=update)

    # sections ---------------------------------------------------------------------------------------
    def finish(self) -> None:
        if self.current is not None:
            self.drafts.append(self.current)
        self.current = None

    def _title(self) -> str | None:
        return self.titles[max(self.titles)] if self.titles else None

    def _open(
        self, kind: SectionKind, speaker: str | None, role: Role, firm: str | None, start: int, *, labelled: bool
    ) -> _Draft:
        self.finish()
        draft = _Draft(kind, self._title(), speaker, role, firm, start, labelled=labelled)
        draft.preamble = not self.seen_structure and not labelled and self.layout.format != "plain"
        draft.turns.append(_Turn(speaker, role, firm, start))
        self.current = draft
        return draft

    def _new_turn(self, speaker: str | None, role: Role, firm: str | None, start: int) -> None:
        assert self.current is not None
        last = self.current.turns[-1]
        if last.speaker == speaker and last.role == role and (speaker is not None or not last.spans):
            return
        if not last.spans:
            self.current.turns.pop()
        self.current.turns.append(_Turn(speaker, role, firm, start))

    def _content(self, start: int, end: int, line: Line) -> None:
        spans = sentence_spans(self.text, start, end)
        if not spans:
            return
        if self.current is None:
            kind = SectionKind.other if self.in_qa else SectionKind.prepared_remarks
            self._open(kind, None, Role.unknown, None, spans[0][0], labelled=False)
        assert self.current is not None
        turn = self.current.turns[-1]
        if (
            self.joinable and turn.spans and turn.last_line == line.index - 1 and not line.blank_before
            and _continues(self.text, turn.spans[-1], spans[0])
        ):  # fmt: skip
            turn.spans[-1] = (turn.spans[-1][0], spans[0][1])
            spans = spans[1:]
        elif line.blank_before or not turn.spans:
            turn.paragraph_starts.add(spans[0][0])
        turn.spans.extend(spans)
        turn.last_line = line.index
        for s, e in spans:
            handover = _handover(self.text[s:e])
            if handover is not None:
                self._register(*handover)
        if self.current.role is Role.operator or turn.role is Role.operator:
            for s, e in spans:
                for intro in _introductions(self.text[s:e]):
                    self.pending = intro
                    self.intros[intro.name.casefold()] = intro
                    self._register(intro.name, Role.analyst, intro.firm, intro.title)
        self.group = None

    # items ------------------------------------------------------------------------------------------
    def feed(self, item: Item) -> None:
        if item.kind is ItemKind.content and len(item.line.text) <= 40:
            name = item.line.text.strip(NAME_MARKS)
            if name.casefold() in self.participants and looks_like_name(name):
                item = Item(ItemKind.label, item.line, None, speaker=name)  # a line with a known name only
        if item.kind is ItemKind.heading:
            self._heading(item)
        elif item.kind is ItemKind.label:
            self._label(item)
        elif item.kind is ItemKind.question:
            self._question(item)
        elif item.kind is ItemKind.answer:
            self._answer(item)
        if item.body is not None:
            self._content(item.body[0], item.body[1], item.line)

    def _heading(self, item: Item) -> None:
        self.finish()
        self.seen_structure = True
        for level in [lv for lv in self.titles if lv >= item.level]:
            del self.titles[level]
        if item.group is not None:
            self.group = item.group
            return
        self.group = None
        if item.title:
            self.titles[item.level] = item.title
        if item.qa_heading:
            self.in_qa = True

    def _label(self, item: Item) -> None:
        self.seen_structure = True
        speaker, role, firm, title = item.speaker, item.role, item.firm, item.title
        if role is Role.operator:
            self.group = None  # the call itself begins
        if self.group is not None and item.body is None:
            self._register(speaker, role if role is not Role.unknown else self.group, firm, title)
            return
        current = self.current
        if role is Role.operator:
            if current is not None and current.role is Role.operator:
                self._new_turn(speaker, role, None, item.line.start)
            else:
                self._open(SectionKind.other, speaker, role, None, item.line.start, labelled=True)
            self.pending = None
            return
        listed = self.participants.get((speaker or "").casefold())
        if role is Role.unknown and listed is not None and listed.role is not Role.unknown:
            role, firm, title = listed.role, firm or listed.firm, title or listed.title
        intro = self.pending
        after_operator = current is None or current.role is Role.operator
        if (
            intro is None
            and self.in_qa
            and after_operator
            and (
                item.unidentified or (role is Role.unknown and (speaker or "").casefold() not in self.remarks_speakers)
            )
        ):
            role = Role.analyst  # the operator hands the line to a caller it did not name
        known = self.intros.get((speaker or "").casefold())
        if (
            role is not Role.executive
            and intro is not None
            and (item.unidentified or role is Role.unknown or (speaker or "").casefold() == intro.name.casefold())
        ):
            if item.unidentified:
                speaker = intro.name
            if (speaker or "").casefold() == intro.name.casefold():
                firm, title = firm or intro.firm, title or intro.title
            role = Role.analyst
        elif known is not None and role is not Role.executive:
            role, firm, title = Role.analyst, firm or known.firm, title or known.title
        elif role is Role.unknown and (speaker or "").casefold() in self.participants:
            p = self.participants[(speaker or "").casefold()]
            role, firm, title = p.role, firm or p.firm, title or p.title
        self.pending = None
        if not item.unidentified or intro is not None:
            self._register(speaker, role, firm, title)
        if role is Role.analyst:
            self.in_qa = True
            if (
                current is not None
                and current.kind is SectionKind.qa
                and (current.speaker or "").casefold() == (speaker or "").casefold()
            ):
                self._new_turn(speaker, role, firm, item.line.start)
            else:
                self._open(SectionKind.qa, speaker, role, firm, item.line.start, labelled=True)
            return
        if current is not None and current.kind is SectionKind.qa:
            self._new_turn(speaker, role, firm, item.line.start)
            return
        if (
            current is not None
            and current.labelled
            and current.speaker == speaker
            and current.role is not Role.operator
        ):
            return
        if not self.in_qa:
            self.remarks_speakers.add((speaker or "").casefold())
        self._open(SectionKind.prepared_remarks, speaker, role, firm, item.line.start, labelled=True)

    def _question(self, item: Item) -> None:
        self.seen_structure = True
        self.in_qa = True
        self._register(item.speaker, Role.analyst, item.firm, None)
        current = self.current
        if current is not None and current.kind is SectionKind.qa and _goes_on(current, item):
            self._new_turn(item.speaker or current.speaker, Role.analyst, item.firm or current.firm, item.line.start)
            return
        draft = self._open(SectionKind.qa, item.speaker, Role.analyst, item.firm, item.line.start, labelled=True)
        draft.number = item.number

    def _answer(self, item: Item) -> None:
        self.seen_structure = True
        turn = _Turn(item.speaker, Role.executive, None, item.line.start)
        if self.current is None or self.current.kind is not SectionKind.qa:
            draft = self._open(SectionKind.qa, None, Role.analyst, None, item.line.start, labelled=True)
            draft.turns[:] = [turn]  # an answer without a question: the section has no question turn
        else:
            self.current.turns.append(turn)


def _goes_on(current: _Draft, item: Item) -> bool:
    """Whether a question continues the open Q&A section: a follow-up marker, or the same named
    asker again under the same number (a role word alone names no one, so it opens a new one)."""
    if item.followup:
        return True
    if item.speaker is None or (current.speaker or "").casefold() != item.speaker.casefold():
        return False
    return item.number is None or current.number is None or item.number == current.number


# --- post-processing -----------------------------------------------------------------------------


def _split_draft(draft: _Draft, cut_at: list[int], kinds: list[SectionKind]) -> list[_Draft]:
    """Split a single-turn draft before the sentences whose indexes are in ``cut_at``."""
    turn = draft.turns[0]
    bounds = [0, *cut_at, len(turn.spans)]
    pieces: list[_Draft] = []
    for n, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False)):
        if a >= b:
            continue
        start = draft.start if n == 0 else turn.spans[a][0]
        piece_turn = _Turn(turn.speaker, turn.role, turn.firm, start, turn.spans[a:b])
        pieces.append(
            _Draft(
                kinds[n],
                draft.title,
                draft.speaker,
                draft.role,
                draft.firm,
                start,
                [piece_turn],
                labelled=draft.labelled,
            )
        )
    return pieces


def _topic_cuts(text: str, turn: _Turn) -> list[int]:
    cuts: list[int] = []
    tokens = 0
    for i, (s, e) in enumerate(turn.spans):
        sentence = text[s:e]
        cost = estimate_tokens(sentence)
        starts_topic = bool(_TOPIC_START.match(sentence)) or s in turn.paragraph_starts
        if tokens and ((tokens >= _TOPIC_MIN_TOKENS and starts_topic) or tokens + cost > _TOPIC_MAX_TOKENS):
            cuts.append(i)
            tokens = 0
        tokens += cost
        if tokens >= _TOPIC_MIN_TOKENS and _HANDOFF.search(sentence) and i + 1 < len(turn.spans):
            cuts.append(i + 1)
            tokens = 0
    if cuts and tokens < _TOPIC_MIN_TOKENS // 2:
        cuts.pop()  # a short tail joins the section before it
    return sorted(set(cuts))


_PREAMBLE_MAX_CHARS = 600


def _chars(draft: _Draft) -> int:
    return sum(e - s for s, e in draft.spans())


def _refine(text: str, drafts: list[_Draft]) -> list[_Draft]:
    drafts = [d for d in drafts if any(t.spans for t in d.turns)]
    for d in drafts:
        d.turns = [t for t in d.turns if t.spans]
    out: list[_Draft] = []
    first_qa = next((i for i, d in enumerate(drafts) if d.kind is SectionKind.qa), len(drafts))
    last_qa = max((i for i, d in enumerate(drafts) if d.kind is SectionKind.qa), default=-1)
    remarks_seen = 0
    for i, d in enumerate(drafts):
        if d.preamble and d.kind is SectionKind.prepared_remarks and _chars(d) <= _PREAMBLE_MAX_CHARS:
            d.kind = SectionKind.other  # a title, date or source line before the call begins
        if d.role is Role.operator:
            d.kind = SectionKind.other
        if d.kind is SectionKind.prepared_remarks and last_qa >= 0 and i > last_qa:
            d.kind = SectionKind.other
        if d.kind is not SectionKind.prepared_remarks or len(d.turns) != 1:
            out.append(d)
            continue
        pieces = [d]
        if i < first_qa and remarks_seen < 3:
            n = _leading_boilerplate(text, d.turns[0].spans)
            if n:
                kinds = [SectionKind.other, SectionKind.prepared_remarks]
                pieces = _split_draft(d, [n], kinds)
        remarks_seen += 1
        for piece in pieces:
            turn = piece.turns[0]
            if piece.kind is SectionKind.prepared_remarks and not piece.labelled and piece.title is None:
                cuts = _topic_cuts(text, turn)
                if cuts:
                    out.extend(_split_draft(piece, cuts, [SectionKind.prepared_remarks] * (len(cuts) + 1)))
                    continue
            out.append(piece)
    return out


MAX_SENTENCE_CHARS = 4000  # ~1000 English tokens; a longer "sentence" is run-on text that must still fit a request


def _capped(text: str, s: int, e: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """Cut a span longer than ``limit`` at the last clause mark or space before it (else at ``limit``)."""
    pieces: list[tuple[int, int]] = []
    while e - s > limit:
        window = text[s : s + limit]
        mark = max(window.rfind(c) for c in ",;:\uff0c\uff1b\uff1a\u3001 \t")
        cut = s + (mark + 1 if mark >= limit // 2 else limit)
        end = cut
        while end > s and text[end - 1].isspace():
            end -= 1
        pieces.append((s, end))
        s = cut
        while s < e and text[s].isspace():
            s += 1
    if s < e:
        pieces.append((s, e))
    return pieces


def _to_sections(text: str, drafts: list[_Draft]) -> list[Section]:
    sections: list[Section] = []
    counter = 0
    for n, d in enumerate(drafts, start=1):
        sentences: list[Sentence] = []
        turns: list[Turn] = []
        for t in d.turns:
            for s, e in (piece for span in t.spans for piece in _capped(text, *span)):
                counter += 1
                sentences.append(
                    Sentence(id=f"s{counter}", span=Span(start=s, end=e), text=text[s:e], speaker=t.speaker)
                )
            turns.append(
                Turn(
                    speaker=t.speaker,
                    role=t.role,
                    firm=t.firm,
                    span=Span(start=min(t.start, t.spans[0][0]), end=t.spans[-1][1]),
                )
            )
        start = min(d.start, sentences[0].span.start)
        sections.append(
            Section(
                id=f"sec{n}",
                kind=d.kind,
                title=d.title,
                speaker=d.speaker,
                role=d.role,
                firm=d.firm,
                span=Span(start=start, end=sentences[-1].span.end),
                sentences=sentences,
                turns=turns,
            )  # fmt: skip
        )
    return sections


# --- what the call is about -------------------------------------------------------------------------

_TICKERS = [
    re.compile(r"(?<![\w.])(\d{4,6}\.(?:HK|SH|SZ|SS|KS|T))\b", re.I),
    re.compile(
        r"^[A-Z][^()\n]{1,60}\(([A-Z]{1,5}(?:\.[A-Z]{1,2})?)\)\s+(?:Q[1-4]|[1-4]Q|FY|F[1-4]Q|20\d\d|First|Second|Third|Fourth|Fiscal)"
    ),
    re.compile(
        rf"\b(?:NASDAQ|NYSE(?: American)?|AMEX|TSX|HKEX|SEHK|ASX|LSE)(?:\s*[A-Z]{{2}})?\s*[{COLONS}]\s*([A-Z][A-Z.]{{0,5}})\b"
    ),
]
# A company named inside a sentence; the header line (``header.read_header``) is read first.
_COMPANY_PATTERNS = [
    re.compile(
        r"\b(?:welcome to|joining us for|thank you for joining)\s+(?:the\s+|today'?s\s+)?(?P<c>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,4}?)"
        r"(?:'s|\u2019s)?\s+(?:first|second|third|fourth|full[- ]year|fiscal|q[1-4]|[1-4]q|20\d\d|quarterly|annual|earnings|financial|conference|results)",
        re.I,
    ),
    re.compile(rf"\$(?P<c>[^\s${OPENS}{CLOSES}]{{1,20}}?)(?:-[A-Z]{{1,2}})?[{OPENS}]"),  # "$星河-W(09988.HK)"
    re.compile(r"(?:歡迎|欢迎)(?:參加|参加|來到|来到)(?P<c>[^\s,\uff0c\u3002]{2,16}?)(?:20\d\d|二\u3007|\d{4})"),
    re.compile(
        r"\b(?P<c>[A-Z][\w&\-]+(?:\s+[A-Z][\w&\-]+){0,2})(?:'s|\u2019s)\s+(?:CEO|CFO|COO|Chief|President|Chairman|Treasurer)\b"
    ),
    re.compile(
        r"\b(?P<c>[A-Z][\w&\-]+(?:\s+[A-Z][\w&\-]+){0,3},?\s+(?:Inc|Corp|Corporation|Ltd|Limited|Holdings|PLC|plc|N\.V|S\.A|AG|SE)\b\.?)"
    ),
]
_NOT_COMPANY = {"our", "the", "this", "today", "welcome", "good", "thank", "thanks", "hello", "hi", "we", "everyone"}
_COMPARISON = re.compile(
    r"compared|versus|\bvs\b|year[- ]ago|last year|prior|\bfrom\b|\bthan\b|recall|absent|over|since|before|began|back in|相比|較|较|比|去年|上年",
    re.I,
)
_FORWARD = re.compile(r"\b(expect|guidance|outlook|anticipate|will|should|forecast|target)\b|預計|预计|展望|指引", re.I)


def _head_texts(text: str, layout: Layout, limit: int = 5000) -> list[str]:
    out: list[str] = []
    size = 0
    for item in layout.items:
        if item.kind is ItemKind.heading and item.title:
            piece = item.title
        elif item.body is not None:
            piece = text[item.body[0] : item.body[1]]
        else:
            continue
        out.append(piece)
        size += len(piece)
        if size >= limit:
            break
    return out


def _company(lines: list[str]) -> str | None:
    for pattern in _COMPANY_PATTERNS[:-1]:
        for line in lines[:60]:
            m = pattern.search(line)
            if m:
                name = m["c"].strip(" ,")
                if not re.search(r"\b(?:Inc|Corp|Co|Ltd|N\.V|S\.A)\.$", name):
                    name = name.rstrip(".")
                first_word = name.split()[0].lower() if name.split() else ""
                if first_word and first_word not in _NOT_COMPANY:
                    return name
    counts = Counter(m["c"].strip(" ,") for line in lines for m in _COMPANY_PATTERNS[-1].finditer(line))
    return counts.most_common(1)[0][0] if counts else None


def _ticker(lines: list[str]) -> str | None:
    for line in lines[:80]:
        for pattern in _TICKERS:
            m = pattern.search(line)
            if m:
                return m.group(1).upper()
    return None


def _period(lines: list[str]) -> tuple[str, str] | None:
    """The call's period: one stated in a line about the call or its results, else the latest
    quarter stated outside forward-looking and comparison sentences."""
    lines = lines[:80]
    starts: list[int] = []
    pos = 0
    for line in lines:
        starts.append(pos)
        pos += len(line) + 1
    fallback: list[tuple[str, str]] = []
    # One pass over the joined head is several times faster than one call per line.
    for match in find_periods("\n".join(lines)):
        index = bisect.bisect_right(starts, match.start) - 1
        line, at = lines[index], match.start - starts[index]
        # A comparison or an outlook names its period just before it: "compared with the first
        # quarter of 2020", "we expect fourth quarter 2024 revenue".
        forward = _FORWARD.search(line, max(0, at - 60), at)
        comparison = _COMPARISON.search(line, max(0, at - 30), at)
        if CALL_CUE.search(line) and not forward and not comparison:
            return match.canonical, match.text
        if not forward and not comparison:
            fallback.append((match.canonical, match.text))
    # A bare year ("fiscal 2022") in passing is more often an outlook or a comparison than the
    # call's own period, so without a line about the call only quarters and halves count.
    pool = [p for p in fallback if "Q" in p[0] or "H" in p[0]]
    if not pool:
        return None
    return max(pool, key=lambda p: period_order(p[0]) or (0, 0))


# --- public API -------------------------------------------------------------------------------------


def analyse(transcript: Transcript) -> tuple[Transcript, list[Section]]:
    """Find the transcript's structure: a filled-in copy of the transcript and its sections.

    The copy gets languages, format, bilingual/authoritative language, company, ticker, period,
    call date and participants (those already set, as given by the caller, are kept); sections are numbered ``sec1``, ``sec2``, ... in order and their sentences
    ``s1``, ``s2``, ... across the whole transcript. Never calls a model.
    """
    text = transcript.text
    layout = read_layout(text)
    builder = _Builder(text, layout)
    for item in layout.items:
        builder.feed(item)
    builder.finish()
    sections = _to_sections(text, _refine(text, builder.drafts))

    head = _head_texts(text, layout)
    period = _period(head)
    update: dict[str, Any] = {
        "languages": layout.languages,
        "format": layout.format,
        "bilingual": layout.bilingual,
        "authoritative_language": layout.authoritative_language,
        "company": transcript.company or read_header(text).company or _company(head),
        "ticker": transcript.ticker or _ticker(head),
        "call_date": transcript.call_date or read_call_date(text),
        "participants": list(builder.participants.values()) or transcript.participants,
    }
    if period and not transcript.period:
        update["period"], update["period_text"] = period
    return transcript.model_copy(update=update), sections


def _part(section: Section, sentences: list[Sentence], part: int, first: bool) -> Section:
    start = section.span.start if first else sentences[0].span.start
    end = sentences[-1].span.end
    turns = [
        t.model_copy(update={"span": Span(start=max(t.span.start, start), end=min(t.span.end, end))})
        for t in section.turns
        if t.span.start < end and t.span.end > start
    ]
    return section.model_copy(
        update={"sentences": sentences, "span": Span(start=start, end=end), "turns": turns, "part": part}
    )


def chunk(
    sections: list[Section], *, max_tokens: int, shown: Callable[[Section], list[Sentence]] | None = None
) -> list[Section]:
    """Split sections whose sentences exceed ``max_tokens`` into parts on sentence boundaries.

    Parts keep their section's id, kind, title, speaker, role and firm, number themselves with
    ``part``/``parts``, and keep the sentence ids. A single sentence above the budget becomes a
    part of its own (it is never cut). Each sentence costs its estimate plus two tokens for its id;
    with ``shown`` (the sentences the model will read, ``focus.shown``), the others cost nothing.
    """
    if max_tokens <= 0:
        raise ValueError("max_tokens must be positive")
    out: list[Section] = []
    for section in sections:
        visible = {s.id for s in shown(section)} if shown else None
        costs = [estimate_tokens(s.text) + 2 if visible is None or s.id in visible else 0 for s in section.sentences]
        total = sum(costs)
        if total <= max_tokens or len(section.sentences) <= 1:
            out.append(section)
            continue
        target = total / math.ceil(total / max_tokens)
        groups: list[list[Sentence]] = [[]]
        used = 0
        for sentence, cost in zip(section.sentences, costs, strict=True):
            if groups[-1] and (used + cost > max_tokens or used >= target):
                groups.append([])
                used = 0
            groups[-1].append(sentence)
            used += cost
        parts = [_part(section, group, n, n == 1) for n, group in enumerate(groups, start=1)]
        out.extend(p.model_copy(update={"parts": len(parts)}) for p in parts)
    return out


# --- what is sent, and what the structure misses ------------------------------------------------------


def worth_sending(section: Section) -> bool:
    """Whether ``section`` may carry items of the brief, so that the model should read it.

    Every prepared-remarks and Q&A section may. A section kept as ``other`` may too unless it is
    the host's, the title and source lines before the call, or nothing but safe-harbour and
    logistics sentences: closing remarks, and the text of a Q&A part whose labels were not read,
    are content. Which sentences of it carry a figure, an outlook or an AI point is
    ``focus.shown``'s choice, as for any section.
    """
    if section.kind is not SectionKind.other:
        return True
    if section.role is Role.operator or (section.turns and section.turns[0].role is Role.operator):
        return False
    chars = sum(len(s.text) for s in section.sentences)
    if section.id == "sec1" and section.speaker is None and chars <= _PREAMBLE_MAX_CHARS:
        return False  # the title, date and source lines before the call begins
    return any(not (_BOILERPLATE.search(s.text) or _LOGISTICS.match(s.text)) for s in section.sentences)


_QUESTIONS_OF_A_QA_PART = 3  # prepared remarks ask a rhetorical question or two, seldom three
_QUESTION_END = re.compile("[?\uff1f][\"'\u201d\u2019\u300d)\uff09]*$")


def _asks(sentence: str) -> bool:
    return bool(_QUESTION_END.search(sentence)) or (QUESTION_CUE.match(sentence) is not None and len(sentence) <= 200)


def structure_warnings(transcript: Transcript, sections: list[Section] | None = None) -> list[str]:
    """What the structure found leaves out that a reader of the brief must know: one message each.

    Today one case: the text has a Q&A part (a Q&A heading, or questions after the prepared
    remarks) but no ``qa`` section was found, so its questions and answers were not read as such.
    ``sections`` are ``analyse``'s (it is run when they are not given).
    """
    if sections is None:
        transcript, sections = analyse(transcript)
    if any(s.kind is SectionKind.qa for s in sections):
        return []
    heading = next(
        (i.title for i in read_layout(transcript.text).items if i.kind is ItemKind.heading and i.qa_heading), None
    )
    remarks = next((s for s in sections if s.kind is SectionKind.prepared_remarks), None)
    after = remarks.span.start if remarks is not None else 0
    questions = sum(1 for s in sections for x in s.sentences if x.span.start > after and _asks(x.text))
    if heading is None and questions < _QUESTIONS_OF_A_QA_PART:
        return []
    found = f"a Q&A heading ({heading!r})" if heading else f"{questions} questions after the prepared remarks"
    message = (
        f"the text has a Q&A part ({found}) but no question-and-answer section was found: its speaker "
        "labels were not recognised, so its questions and answers were not read as Q&A"
    )
    return [message]


def sections_json(transcript: Transcript, sections: list[Section]) -> dict[str, Any]:
    """The ``summarizer sections --json`` document: transcript facts (without its text), sections and
    the structure warnings."""
    info = transcript.model_dump(mode="json", exclude={"text"})
    info["chars"] = len(transcript.text)
    return {
        "transcript": info,
        "warnings": structure_warnings(transcript, sections),
        "sections": [
            {
                "id": s.id,
                "kind": s.kind.value,
                "speaker": s.speaker,
                "role": s.role.value,
                "firm": s.firm,
                "title": s.title,
                "span": [s.span.start, s.span.end],
                "part": s.part,
                "parts": s.parts,
                "turns": [
                    {"speaker": t.speaker, "role": t.role.value, "firm": t.firm, "span": [t.span.start, t.span.end]}
                    for t in s.turns
                ],
                "sentences": [
                    {"id": x.id, "span": [x.span.start, x.span.end], "text": x.text, "speaker": x.speaker}
                    for x in s.sentences
                ],
            }
            for s in sections
        ],
    }
