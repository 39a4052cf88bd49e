"""A generator of variation: the same transcript with its labels and punctuation in another style.

``restyle(text, style)`` reads the ORIGINAL's structure with ``analyse`` (its sections; who speaks
each turn, in which role, for which firm) and re-emits the text with every speaker label rewritten
in ``style``: Q/A markers in both scripts and widths, numbered questions, role words of each family
with the firm before, inside or after them or in a phrase, names with titles, bold Markdown, a
label alone on its line or followed by the text. The text itself is kept line for line; Chinese
lines may have their punctuation and digits widened (or narrowed to ASCII).

A reader that generalises finds the same sections in every restyled version: ``structure`` is what
the tests compare (kinds, count, askers and their firms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from widths import WIDE_OFFSET, wide, wide_digits

from summarizer.document import Role, Section, SectionKind, Transcript
from summarizer.ingest.labels import parse_label
from summarizer.ingest.layout import ItemKind, line_language, read_layout
from summarizer.ingest.readers import load_text
from summarizer.ingest.sections import analyse

__all__ = ["STYLES", "Style", "Who", "restyle", "structure"]

_ZH_DIGITS = "零一二三四五六七八九"
_ASCII_MARKS = ":;!?()"  # widened in Chinese lines; a comma only between non-digits
_WIDE_MARKS = {chr(ord(c) + WIDE_OFFSET): c for c in ":;!?(),"}


@dataclass(frozen=True)
class Who:
    """Who speaks a turn, as the original says: role family, person, firm, title, question number."""

    role: str  # "asker", "answerer", "executive" or "host"
    person: str | None = None
    firm: str | None = None
    title: str | None = None
    number: int = 1
    company: str | None = None


@dataclass(frozen=True)
class Style:
    """One way of writing labels: a label per role family, then colon, layout and widths."""

    name: str
    asker: Callable[[Who, Callable[..., str]], str]
    answerer: Callable[[Who, Callable[..., str]], str]
    executive: Callable[[Who, Callable[..., str]], str]
    host: str
    colon: str | None = ":"  # None: the label stands alone on its line, without a colon
    inline: bool = True  # the label and the turn's first text share a line
    bold: bool = False
    wide: bool | None = None  # full-width (True) or ASCII (False) punctuation; None: as written
    digits: bool = False  # full-width digits in labels and Chinese lines


def _zh_number(n: int) -> str:
    if n <= 10:
        return "十" if n == 10 else _ZH_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[ones] if ones else "")


def _joined(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def _glued(*parts: str | None) -> str:
    """Parts written together, as Chinese writes a title and a name ("首席財務官陳美玲"); a space
    where either side is Latin."""
    out = ""
    for part in (p for p in parts if p):
        out += part if not out or (_han(out[-1]) and _han(part[0])) else " " + part
    return out


def _han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


# --- the styles ---------------------------------------------------------------------------------------
# Each label function gets the turn's ``Who`` and ``paren(*parts)``, which writes the non-empty parts
# in parentheses of the style's width ("" when all are empty).


def _title(w: Who, default: str) -> str:
    return w.title or default


STYLES: list[Style] = [
    Style(
        "ascii_q_a_inline",
        asker=lambda w, p: f"Q{w.number}{p(w.person, w.firm)}",
        answerer=lambda w, p: f"A{p(w.person)}",
        executive=lambda w, p: f"{w.person} {p(_title(w, 'Executive'))}" if w.person else "Management",
        host="Operator",
        wide=False,
    ),
    Style(
        "fullwidth_q_a_inline",
        asker=lambda w, p: f"Q{w.number}{p(w.person, w.firm)}",
        answerer=lambda w, p: f"A{p(w.person)}",
        executive=lambda w, p: f"{w.person}{p(_title(w, '管理層'))}" if w.person else "管理層",
        host="主持人",
        colon="\uff1a",
        wide=True,
    ),
    Style(
        "fullwidth_letters_and_digits",
        asker=lambda w, p: wide(wide_digits(f"Q{w.number}"), "QA") + p(w.person, w.firm),
        answerer=lambda w, p: wide("A", "A") + p(w.person),
        executive=lambda w, p: f"{_title(w, '管理層')} {w.person}" if w.person else "管理層",
        host="主持人",
        colon="\uff1a",
        wide=True,
        digits=True,
    ),
    Style(
        "zh_ask_answer",
        asker=lambda w, p: f"問{p(w.person, w.firm)}",
        answerer=lambda w, p: f"答{p(w.person)}",
        executive=lambda w, p: f"{_title(w, '管理層')} {w.person}" if w.person else "管理層",
        host="主持人",
        colon="\uff1a",
        wide=True,
    ),
    Style(
        "zh_numbered_question_own_line",
        asker=lambda w, p: f"問題{_zh_number(w.number)}{p(w.person, w.firm)}",
        answerer=lambda w, p: f"回答{p(w.person)}",
        executive=lambda w, p: f"{w.person}{p(_title(w, '管理層'))}" if w.person else "管理層",
        host="操作員",
        colon="\uff1a",
        inline=False,
        wide=True,
    ),
    Style(
        "zh_ordinal_question",
        asker=lambda w, p: f"第{_zh_number(w.number)}個問題{p(w.person, w.firm)}",
        answerer=lambda w, p: f"管理層回答{p(w.person)}",
        executive=lambda w, p: f"{w.person}{p(_title(w, '管理層'))}" if w.person else "管理層",
        host="主持人",
        colon=":",
        wide=False,
    ),
    Style(
        "zh_firm_before_role_company_before_answer",
        asker=lambda w, p: _joined(_glued(w.firm, "分析師"), w.person),
        answerer=lambda w, p: f"{w.company or ''}管理層{p(w.person)}",
        executive=lambda w, p: _joined(w.company, _title(w, "管理層"), w.person),
        host="主持人",
        colon="\uff1a",
        wide=True,
    ),
    Style(
        "zh_firm_inside_parentheses_bold",
        asker=lambda w, p: _joined("分析師", w.person) + p(w.firm),
        answerer=lambda w, p: f"回答{p(w.person)}",
        executive=lambda w, p: f"{w.person}{p(_title(w, '管理層'))}" if w.person else "管理層",
        host="主持人",
        colon="\uff1a",
        bold=True,
        wide=True,
    ),
    Style(
        "zh_firm_in_a_phrase",
        asker=lambda w, p: _glued((f"來自{w.firm}的" if w.firm else "") + "分析師", w.person),
        answerer=lambda w, p: _joined("公司代表", w.person),
        executive=lambda w, p: _glued(_title(w, "管理層"), w.person) if w.person else "管理層",
        host="會議主持人",
        colon="\uff1a",
        wide=True,
    ),
    Style(
        "en_firm_before_role",
        asker=lambda w, p: _joined(w.firm, "analyst" if w.firm else "Analyst", w.person),
        answerer=lambda w, p: f"Management{p(w.person)}",
        executive=lambda w, p: f"{_title(w, 'Executive')} {w.person}" if w.person else "Management",
        host="Moderator",
        wide=False,
    ),
    Style(
        "en_firm_after_role_own_line",
        asker=lambda w, p: ", ".join(x for x in (_joined("Analyst", w.person), w.firm) if x),
        answerer=lambda w, p: f"Answer{p(w.person)}",
        executive=lambda w, p: f"{w.person}, {_title(w, 'Executive')}" if w.person else "Management",
        host="Host",
        inline=False,
        wide=False,
    ),
    Style(
        "en_question_phrase_bold_alone",
        asker=lambda w, p: "Question" + (f" from {w.person}" if w.person else "") + (f" of {w.firm}" if w.firm else ""),
        answerer=lambda w, p: f"Reply{p(w.person)}",
        executive=lambda w, p: f"{w.person} - {_title(w, 'Executive')}" if w.person else "Management",
        host="Operator",
        colon=None,
        inline=False,
        bold=True,
        wide=False,
    ),
    Style(
        "name_dash_title_lines",
        asker=lambda w, p: " - ".join(x for x in (w.person, w.firm, "Analyst") if x),
        answerer=lambda w, p: f"{w.person} - {_title(w, 'Executive')}" if w.person else "Management",
        executive=lambda w, p: f"{w.person} - {_title(w, 'Executive')}" if w.person else "Management",
        host="Operator",
        colon=None,
        inline=False,
    ),
    Style(
        "investor_and_company_words",
        asker=lambda w, p: f"Investor{p(w.person, w.firm)}",
        answerer=lambda w, p: f"Company{p(w.person)}",
        executive=lambda w, p: f"{w.person}{p(_title(w, 'Executive'))}" if w.person else "Company",
        host="Coordinator",
        colon="\uff1a",
        wide=True,
    ),
    Style(
        "names_and_firms_without_role_words",
        asker=lambda w, p: f"{w.person}{p(w.firm)}" if w.person and w.firm else f"問{p(w.person, w.firm)}",
        answerer=lambda w, p: w.person or "答",
        executive=lambda w, p: w.person or "管理層",
        host="主持人",
        colon="\uff1a",
        wide=True,
    ),
]


# --- reading the original ------------------------------------------------------------------------------


def _is_role_word(speaker: str | None) -> bool:
    label = parse_label(speaker) if speaker else None
    return label is not None and label.family is not None and label.person is None


def _who_by_turn(transcript: Transcript, sections: list[Section]) -> dict[int, tuple[int, Who]]:
    """Who speaks each turn, by the offset where the turn starts, with the offset where it ends."""
    titles = {p.name: p.title for p in transcript.participants}
    out: dict[int, tuple[int, Who]] = {}
    number = 0
    for section in sections:
        if section.kind is SectionKind.qa:
            number += 1
        for turn in section.turns:
            person = None if _is_role_word(turn.speaker) else turn.speaker
            if turn.role is Role.operator:
                role = "host"
            elif section.kind is SectionKind.qa and turn.role is Role.analyst:
                role = "asker"
            elif section.kind is SectionKind.qa:
                role = "answerer"
            else:
                role = "executive"
            firm = turn.firm if role == "asker" else None
            title = titles.get(turn.speaker or "") if role in ("executive", "answerer") else None
            out[turn.span.start] = (turn.span.end, Who(role, person, firm, title, number, transcript.company))
    return out


def _turn_at(who: dict[int, tuple[int, Who]], offset: int) -> Who | None:
    """The turn whose span holds ``offset`` (a label line opens its turn or continues it)."""
    for start, (end, speaker) in who.items():
        if start <= offset < max(end, start + 1):
            return speaker
    return None


# --- writing ----------------------------------------------------------------------------------------------


def _paren(style: Style) -> Callable[..., str]:
    wide_marks = style.wide is True

    def paren(*parts: str | None) -> str:
        inner = [p for p in parts if p]
        if not inner:
            return ""
        if wide_marks:
            return "\uff08" + "\uff0c".join(inner) + "\uff09"
        return "(" + ", ".join(inner) + ")"

    return paren


def _label(style: Style, who: Who) -> str:
    paren = _paren(style)
    if who.role == "host":
        text = style.host
    else:
        text = {"asker": style.asker, "answerer": style.answerer, "executive": style.executive}[who.role](who, paren)
    text = text.strip()
    if style.digits:
        text = wide_digits(text)
    if style.bold:
        text = f"**{text}**"
    return text


def _punctuate(line: str, style: Style) -> str:
    """A content line with Chinese punctuation and digits in the style's widths."""
    if style.wide is False:
        line = "".join(_WIDE_MARKS.get(c, c) for c in line)
    elif style.wide and line_language(line) == "zh":
        out = []
        for i, c in enumerate(line):
            between_digits = 0 < i < len(line) - 1 and line[i - 1].isdigit() and line[i + 1].isdigit()
            if c in _ASCII_MARKS or (c == "," and not between_digits):
                c = chr(ord(c) + WIDE_OFFSET)
            out.append(c)
        line = "".join(out)
    if style.digits and line_language(line) == "zh":
        line = wide_digits(line)
    return line


def _with_colon(style: Style, label: str) -> str:
    return label + (style.colon or "")


def restyle(text: str, style: Style) -> str:
    """``text`` with every speaker label written in ``style`` (see the module docstring)."""
    transcript, sections = analyse(load_text(text))
    layout = read_layout(text)
    who = _who_by_turn(transcript, sections)
    lines = text.split("\n")
    out: list[list[str] | None] = [[_punctuate(line, style)] for line in lines]
    merge = style.inline and not layout.bilingual
    contents = {i.line.index for i in layout.items if i.kind is ItemKind.content}
    restyled: dict[int, str] = {}
    for item in layout.items:
        if item.kind not in (ItemKind.label, ItemKind.question, ItemKind.answer):
            continue
        speaker = _turn_at(who, item.line.start)
        if speaker is None:
            continue  # a participant list entry
        label = _label(style, speaker)
        index = item.line.index
        restyled[index] = label
        body = _punctuate(text[item.body[0] : item.body[1]], style) if item.body else None
        head = _with_colon(style, label)
        if body is not None:
            out[index] = [f"{head} {body}" if merge else head, *([] if merge else [body])]
            continue
        out[index] = [head]
        nxt = next((j for j in range(index + 1, len(lines)) if lines[j].strip()), None)
        if merge and nxt is not None and nxt in contents:
            out[index] = [f"{head} {_punctuate(lines[nxt].strip(), style)}"]
            out[nxt] = None
    if layout.bilingual:
        _restyle_translations(lines, out, restyled, style)
    return "\n".join(line for group in out if group is not None for line in group)


def _restyle_translations(
    lines: list[str], out: list[list[str] | None], restyled: dict[int, str], style: Style
) -> None:
    """A label line that repeats or translates the restyled label just before it gets the same label."""
    for index, label in sorted(restyled.items()):
        j = index + 1
        while j < len(lines) and j not in restyled and lines[j].strip() and _reads_as_label(lines[j]):
            out[j] = [_with_colon(style, label)]
            j += 1


def _reads_as_label(line: str) -> bool:
    head = line.strip()
    for colon in (":", "\uff1a"):
        if head.endswith(colon):
            head = head[: -len(colon)]
    label = parse_label(head)
    return label is not None and (label.family is not None or label.person is not None)


def structure(text: str) -> list[tuple[str, str | None, str | None]]:
    """What a restyle must keep: each section's kind, and for Q&A its asker and firm."""
    _, sections = analyse(load_text(text))
    return [
        (s.kind.value, s.speaker, s.firm) if s.kind is SectionKind.qa else (s.kind.value, None, None) for s in sections
    ]
