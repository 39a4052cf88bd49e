"""AI strategy points and Q&A themes: words of the model's, held to the sentences they cite.

Neither is a figure, but neither may carry one the transcript does not state; an AI point must
rest on sentences that mention AI (``focus.AI_TERMS``), and a Q&A theme's askers come from the
section's speaker labels, not from the model.
"""

from __future__ import annotations

import math
import re

from summarizer.brief import AICategory, AIPoint, Asker, QATheme, Rejected
from summarizer.document import Role, Section
from summarizer.text.cues import AI_TERMS
from summarizer.extract.replies import QA_TEXT_LENGTH, AIMove, QAFindings
from summarizer.ground.context import Entry, SectionContext, resolve_citations
from summarizer.ground.matching import MAX_RELATIVE_ROUNDING
from summarizer.ground.reasons import Reason, reject
from summarizer.text.numbers import parse
from summarizer.text.script import IDEOGRAPHS, fold

__all__ = ["ground_ai", "ground_theme", "trimmed"]

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
        pieces = [word[i : i + 2] for i in range(len(word) - 1)] if IDEOGRAPH_RUN.fullmatch(word) else [word.lower()[:5]]
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
    if not _figures_stated(move.point, [ctx.sentences[q.sentence_id] for q in quotes]):
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
    point = move.point if _a_claim(move.point, evidence) else trimmed(first.text)
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


def ground_theme(findings: QAFindings, ctx: SectionContext) -> QATheme | Rejected:
    """The Q&A theme of one exchange, on its cited sentences, or why it was rejected."""
    quotes = resolve_citations(findings.cite, ctx.section)
    summary = findings.model_copy(update={"figures": [], "guidance": [], "ai": []})
    if not quotes:
        return reject("qa_theme", ctx.section, Reason.no_citation, summary)
    words = f"{findings.theme}\n{findings.question}\n{findings.answer}"
    if not _figures_stated(words, list(ctx.sentences.values())):
        return reject("qa_theme", ctx.section, Reason.figure_not_stated, summary)
    return QATheme(
        theme=findings.theme,
        question=_whole_sentences(findings.question, "question"),
        answer=_whole_sentences(findings.answer, "answer"),
        askers=_askers(ctx.section),
        section_ids=[ctx.section.id],
        evidence=quotes,
    )
