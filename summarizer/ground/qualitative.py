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

__all__ = ["ground_ai", "ground_theme"]

_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|[\u3002\uff01\uff1f]")


def _figures_stated(text: str, sentences: list[Entry]) -> bool:
    """Every quantity in the model's own words is one the sentences state (rounding tolerated)."""
    pool = [v for s in sentences if not s.injected for a in s.amounts for v in a.values()]
    return all(
        any(math.isclose(v, p, rel_tol=MAX_RELATIVE_ROUNDING) for v in amount.values() for p in pool)
        for amount in parse(text)
    )


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
    return AIPoint(
        category=category,
        point=move.point,
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
