"""AI strategy points and Q&A themes: words of the model's, held to the sentences they cite.

Neither is a figure, but neither may carry one the transcript does not state; an AI point must
rest on sentences that mention AI (``focus.AI_TERMS``), and a Q&A theme's askers come from the
section's speaker labels, not from the model. A theme keeps the answer's substance: the figures
the answer sentences state (amounts with a unit or a scale, not counts of months or years) that
the model's summary left out are appended to it, and a one-word title ("AI") is made specific
with the question's own words.
"""

from __future__ import annotations

import math
import re

from summarizer.brief import AICategory, AIPoint, Asker, QATheme, Rejected
from summarizer.document import Role, Section
from summarizer.extract.focus import asked
from summarizer.extract.replies import AMOUNT_MARK, QA_TEXT_LENGTH, AIMove, QAFindings
from summarizer.ground.context import Entry, SectionContext, resolve_citations
from summarizer.ground.guidance import counts_time
from summarizer.ground.matching import MAX_RELATIVE_ROUNDING
from summarizer.ground.reasons import Reason, reject
from summarizer.text.cues import AI_TERMS
from summarizer.text.numbers import Amount, parse
from summarizer.text.script import IDEOGRAPHS, fold
from summarizer.text.words import salient

__all__ = ["ANSWER_FIGURES", "answer_figures", "ground_ai", "ground_theme", "specific_title", "trimmed"]

# At most this many of the answer's figures are appended to a summary that left them out.
ANSWER_FIGURES = 4

_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[\u3002\uff01\uff1f]")


def _figures_stated(text: str, sentences: list[Entry]) -> bool:
    """Every quantity in the model's own words is one the sentences state (rounding tolerated)."""
    pool = [v for s in sentences if not s.injected for a in s.amounts for v in a.values()]
    return all(
        any(math.isclose(v, p, rel_tol=MAX_RELATIVE_ROUNDING) for v in amount.values() for p in pool)
        for amount in parse(text)
    )


_POINT_LENGTH = 160  # the schema's cap on a point
_CLAUSE_END = re.compile(r"[,;:]\s|[\u3002\uff0c\uff1b\uff1a]")
_CONTENT_WORD = re.compile(rf"[A-Za-z][A-Za-z-]{{3,}}|[{IDEOGRAPHS}]{{2,}}")
_FEW_WORDS = 4  # "Atlas Assist", "navigation models": a name, not a claim
_FEW_IDEOGRAPHS = 8
IDEOGRAPH_RUN = re.compile(f"[{IDEOGRAPHS}]+")


def _a_claim(point: str, evidence: list[Entry]) -> bool:
    """Whether a point says something the evidence states: a few words, not a bare name, sharing
    a content word with the cited sentences."""
    words = re.findall(r"[A-Za-z0-9][\w&'-]*", point)
    ideographs = re.findall(f"[{IDEOGRAPHS}]", point)
    if len(words) < _FEW_WORDS and len(ideographs) < _FEW_IDEOGRAPHS:
        return False
    haystack = fold(" ".join(e.text for e in evidence)).lower()
    for word in _CONTENT_WORD.findall(fold(point)):
        pieces = (
            [word[i : i + 2] for i in range(len(word) - 1)] if IDEOGRAPH_RUN.fullmatch(word) else [word.lower()[:5]]
        )
        if any(p in haystack for p in pieces):
            return True
    return False


def trimmed(text: str, length: int = _POINT_LENGTH) -> str:
    """A sentence as a point: whole when short, else cut at its last clause break within ``length``."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    ends = [m.start() for m in _CLAUSE_END.finditer(text[:length])]
    cut = ends[-1] if ends and ends[-1] > length // 3 else length - 1
    return text[:cut].rstrip() + "\u2026"


def ground_ai(move: AIMove, ctx: SectionContext) -> AIPoint | Rejected:
    """The AI point ``move`` makes, on the cited sentences that mention AI, or why it was rejected."""
    quotes = resolve_citations(move.cite, ctx.section)
    if not quotes:
        return reject("ai_point", ctx.section, Reason.no_citation, move)
    quotes = [q for q in quotes if not ctx.sentences[q.sentence_id].injected]
    if not quotes:
        return reject("ai_point", ctx.section, Reason.injected, move)
    said = AMOUNT_MARK.sub("", move.point)
    if not _figures_stated(said, [ctx.sentences[q.sentence_id] for q in quotes]):
        return reject("ai_point", ctx.section, Reason.figure_not_stated, move)
    about_ai = [q for q in quotes if AI_TERMS.search(q.text)]
    if not about_ai:
        return reject("ai_point", ctx.section, Reason.not_about_ai, move)
    try:
        category = AICategory(move.category)
    except ValueError:
        category = AICategory.other
    first = ctx.sentences[about_ai[0].sentence_id]
    evidence = [ctx.sentences[q.sentence_id] for q in about_ai]
    # A bare name ("Atlas Assist") or words the sentences do not state: the point is what the
    # cited sentence says about the company's AI.
    point = said if _a_claim(said, evidence) else trimmed(first.text)
    return AIPoint(
        category=category,
        point=point,
        speaker=first.sentence.speaker or ctx.section.speaker,
        section_id=ctx.section.id,
        evidence=about_ai,
    )


def _askers(section: Section) -> list[Asker]:
    askers: list[Asker] = []
    if section.role is Role.analyst and (section.speaker or section.firm):
        askers.append(Asker(name=section.speaker, firm=section.firm))
    for turn in section.turns:
        if turn.role is Role.analyst and (turn.speaker or turn.firm):
            asker = Asker(name=turn.speaker, firm=turn.firm)
            if asker not in askers:
                askers.append(asker)
    return askers


def _whole_sentences(text: str, field: str) -> str:
    """A summary the grammar's length cap (``QA_TEXT_LENGTH``) cut mid-sentence, back to its last
    whole sentence, else marked as cut."""
    cap = QA_TEXT_LENGTH[field]
    text = text.strip()
    if len(text) < cap or _SENTENCE_END.search(text[-1]):
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    return text[: ends[-1]] if ends else text + "\u2026"


def _number(value: float) -> str:
    return f"{value:,.4g}".replace(",", "") if abs(value) < 1e4 else f"{value:,.0f}"


def _scaled(value: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand")):
        if abs(value) >= size:
            return f"{_number(value / size)} {word}"
    return _number(value)


def _written(amount: Amount) -> str:
    """An amount in plain English digits ("1-2 pp", "60-70%", "CNY 100 million"), whatever its script."""
    ends = amount.values()
    if amount.unit in {"%", "pp", "x"}:
        joint = " pp" if amount.unit == "pp" else amount.unit
        return "-".join(_number(v) for v in ends) + joint
    text = "-".join(_scaled(v) for v in ends)
    return f"{amount.unit} {text}" if amount.unit else text


def answer_figures(ctx: SectionContext, cited: list[str]) -> list[Amount]:
    """The figures management's sentences of the exchange state, cited sentences first: amounts
    with a unit or a scale, not counts of months or years, nor counts of things."""
    answers = [e for sid, e in ctx.sentences.items() if not e.injected and not asked(ctx.section, e.sentence)]
    answers.sort(key=lambda e: (e.sentence.id not in cited, e.index))
    return [
        a for e in answers for a in e.amounts
        if (a.unit is not None or a.scale) and not counts_time(e.text, a)
    ]  # fmt: skip


def _with_figures(answer: str, figures: list[Amount]) -> str:
    """The model's answer, plus the stated figures it left out (by value, rounding tolerated)."""
    said = [v for a in parse(answer) for v in a.values()]
    missing: list[str] = []
    for amount in figures:
        if all(any(math.isclose(v, s, rel_tol=MAX_RELATIVE_ROUNDING) for s in said) for v in amount.values()):
            continue
        written = _written(amount)
        if written not in missing:
            missing.append(written)
    if not missing:
        return answer
    return f"{answer.rstrip()} Figures stated: {'; '.join(missing[:ANSWER_FIGURES])}."


# A title that names no topic: the model's answer to "what is this exchange about" when it had none.
_NO_TOPIC = re.compile(r"(?:q\s*&\s*a|q\s*/\s*a|questions?(?:\s+and\s+answers?)?|topics?|themes?|other|general)", re.I)


def specific_title(theme: str, question: str) -> str:
    """A title that says what was asked: a one- or two-word topic ("AI") gets the question's own
    words, and a title that names no topic ("Q&A", "Question") is the question's words alone."""
    if len(theme.split()) > 2:
        return theme
    if _NO_TOPIC.fullmatch(theme.strip(" .:")):
        words = salient(question, 4)
        return " ".join(words).capitalize() if words else theme
    words = salient(question, 4, besides=theme)
    return f"{theme}: {' '.join(words)}" if words else theme


def ground_theme(findings: QAFindings, ctx: SectionContext) -> QATheme | Rejected:
    """The Q&A theme of one exchange, on its cited sentences, or why it was rejected."""
    quotes = resolve_citations(findings.cite, ctx.section)
    findings = findings.model_copy(
        update={f: AMOUNT_MARK.sub("", getattr(findings, f)) for f in ("theme", "question", "answer")}
    )
    summary = findings.model_copy(update={"figures": [], "guidance": [], "ai": []})
    if not quotes:
        return reject("qa_theme", ctx.section, Reason.no_citation, summary)
    words = f"{findings.theme}\n{findings.question}\n{findings.answer}"
    if not _figures_stated(words, list(ctx.sentences.values())):
        return reject("qa_theme", ctx.section, Reason.figure_not_stated, summary)
    answer = _with_figures(
        _whole_sentences(findings.answer, "answer"), answer_figures(ctx, [q.sentence_id for q in quotes])
    )
    return QATheme(
        theme=specific_title(findings.theme.strip(), findings.question),
        question=_whole_sentences(findings.question, "question"),
        answer=answer,
        askers=_askers(ctx.section),
        section_ids=[ctx.section.id],
        evidence=quotes,
    )
