"""Per-section, already grounded items -> one Brief: de-duplication, conflicts, grouping, ids.

- The same KPI stated in several sections (same key or metric, segment, period and value)
  becomes one item with all its evidence; the same metric and period with different values
  stays twice, and ``ground.check_consistency`` decides between them or names the conflict.
- Guidance and AI points are de-duplicated; Q&A themes with similar wording are grouped, and
  themes left with one title are told apart by their questions' words (``distinct_titles``).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from pydantic import BaseModel

from summarizer.brief import (
    KPI,
    AIPoint,
    Brief,
    Guidance,
    MetadataSource,
    QATheme,
    Quote,
    Rejected,
    Source,
)
from summarizer.document import Transcript
from summarizer.ingest.callinfo import FIELDS
from summarizer.text.script import word_key
from summarizer.text.words import salient, similarity

M = TypeVar("M", bound=BaseModel)

_GUIDANCE_NOUN = re.compile(r"\b(?:guidance|outlook|forecast)\b|指引|展望", re.IGNORECASE)


class Grounded(Protocol):
    kpis: list[KPI]
    guidance: list[Guidance]
    ai_strategy: list[AIPoint]
    qa_theme: QATheme | None
    rejected: list[Rejected]


def _same_number(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _own_lists(item: M, *names: str) -> M:
    """A copy of ``item`` with its own copy of each named list, the lists merging appends to.

    The quotes, askers and strings in them are shared with ``item``: merging never changes one,
    so a deep copy (the largest cost of merging) bought nothing.
    """
    return item.model_copy(update={name: list(getattr(item, name)) for name in names})


def _add_evidence(target: list[Quote], more: Iterable[Quote]) -> None:
    seen = {q.sentence_id for q in target}
    for quote in more:
        if quote.sentence_id not in seen:
            target.append(quote)
            seen.add(quote.sentence_id)


def _same_row(a: KPI, b: KPI) -> bool:
    """Whether two KPIs are one metric of one segment and period."""
    same_metric = (a.key and a.key == b.key) or word_key(a.metric) == word_key(b.metric)
    return bool(same_metric) and word_key(a.segment) == word_key(b.segment) and a.period == b.period


def _changes_agree(a: KPI, b: KPI) -> bool:
    """Whether no change one states differs from the other's (a change either leaves out is no conflict)."""
    for kind in ("yoy", "qoq"):
        x, y = getattr(a, kind), getattr(b, kind)
        if (
            x is not None
            and y is not None
            and not (_same_number(x, y) and getattr(a, f"{kind}_unit") == getattr(b, f"{kind}_unit"))
        ):
            return False
    return True


def _take_changes(kept: KPI, other: KPI) -> None:
    for kind in ("yoy", "qoq"):
        if getattr(kept, kind) is None and getattr(other, kind) is not None:
            setattr(kept, kind, getattr(other, kind))
            setattr(kept, f"{kind}_unit", getattr(other, f"{kind}_unit"))


def merge_kpis(kpis: Iterable[KPI]) -> list[KPI]:
    """Fold repeats of one figure into one item; keep differing values as separate items.

    A figure stated only as its change (no value) folds into the same row's level, or into
    another change of that row, when no change they both state differs: "DAU rose 9% year over
    year" beside "DAU was 410 million" is one row with its YoY.
    """
    merged: list[KPI] = []
    for kpi in kpis:
        for n, kept in enumerate(merged):
            if not _same_row(kpi, kept):
                continue
            if kpi.value is None or kept.value is None:
                if not _changes_agree(kpi, kept):
                    continue
                if kept.value is None and kpi.value is not None:  # the level takes the row's place
                    kpi, kept = kept, _own_lists(kpi, "evidence")
                    merged[n] = kept
                _add_evidence(kept.evidence, kpi.evidence)
                _take_changes(kept, kpi)
                break
            if kpi.unit == kept.unit and _same_number(kpi.value, kept.value):
                _add_evidence(kept.evidence, kpi.evidence)
                _take_changes(kept, kpi)
                kept.basis = kept.basis or kpi.basis
                break
        else:
            merged.append(_own_lists(kpi, "evidence"))
    return merged


def merge_guidance(items: Iterable[Guidance]) -> list[Guidance]:
    merged: list[Guidance] = []
    for item in items:
        for kept in merged:
            same_metric = (item.key and item.key == kept.key) or word_key(item.metric) == word_key(kept.metric)
            # One sentence's one figure named twice (the model's label and recall's) is one item.
            same_sentence = {q.sentence_id for q in item.evidence[:1]} == {q.sentence_id for q in kept.evidence[:1]}
            if (
                (same_metric or (same_sentence and item.low is not None))
                and item.period == kept.period
                and _same_number(item.low, kept.low)
                and _same_number(item.high, kept.high)
                and (
                    item.low is not None
                    or item.high is not None
                    or word_key(item.statement) == word_key(kept.statement)
                )
            ):
                _add_evidence(kept.evidence, item.evidence)
                break
        else:
            merged.append(_own_lists(item, "evidence"))
    # A qualitative item resting only on sentences a figure-bearing item already cites adds nothing,
    # nor does one that only points back at the guidance ("our increased free cash flow outlook")
    # of a metric the call guides with figures, for the same period or none.
    figured = [g for g in merged if g.low is not None or g.high is not None]
    quantified = {q.sentence_id for g in figured for q in g.evidence}
    guided = {(g.key, g.period) for g in figured if g.key} | {(g.key, None) for g in figured if g.key}

    def redundant(g: Guidance) -> bool:
        if {q.sentence_id for q in g.evidence} <= quantified:
            return True
        return (g.key, g.period) in guided and bool(_GUIDANCE_NOUN.search(g.statement or ""))

    return [g for g in merged if g in figured or not redundant(g)]


def merge_ai_points(items: Iterable[AIPoint]) -> list[AIPoint]:
    """Points citing the same sentences, or worded the same, are one point."""
    merged: list[AIPoint] = []
    for item in items:
        ids = {q.sentence_id for q in item.evidence}
        for kept in merged:
            if word_key(item.point) == word_key(kept.point) or ids == {q.sentence_id for q in kept.evidence}:
                _add_evidence(kept.evidence, item.evidence)
                break
        else:
            merged.append(_own_lists(item, "evidence"))
    return merged


def _similar(a: str, b: str, threshold: float = 0.6) -> bool:
    return similarity(a, b) >= threshold


def merge_qa_themes(items: Iterable[QATheme]) -> list[QATheme]:
    """Group one question asked again (theme and question worded alike), and the parts of one
    split exchange, into one theme with every asker.

    A theme alike is not enough: the merged theme keeps one question and answer, and a small
    model gives different questions the same short title ("AI"), which would become one.
    """
    merged: list[QATheme] = []
    for item in items:
        for kept in merged:
            asked_again = _similar(item.theme, kept.theme) and _similar(item.question, kept.question)
            if asked_again or set(item.section_ids) & set(kept.section_ids):
                _add_evidence(kept.evidence, item.evidence)
                for asker in item.askers:
                    if asker not in kept.askers:
                        kept.askers.append(asker)
                kept.section_ids.extend(s for s in item.section_ids if s not in kept.section_ids)
                break
        else:
            merged.append(_own_lists(item, "evidence", "askers", "section_ids"))
    return merged


def distinct_titles(themes: list[QATheme]) -> None:
    """Give themes that share a title the words of their own question, so no two read alike."""
    for i, theme in enumerate(themes):
        clashes = [t for t in themes[:i] if word_key(t.theme) == word_key(theme.theme)]
        if not clashes:
            continue
        words = salient(theme.question, 3, besides=theme.theme)
        title = f"{theme.theme}: {' '.join(words)}" if words else theme.theme
        if any(word_key(t.theme) == word_key(title) for t in themes[:i]) or title == theme.theme:
            title = f"{title} ({len(clashes) + 1})"
        theme.theme = title


def _number(items: Sequence[KPI | Guidance | AIPoint | QATheme], prefix: str) -> None:
    for i, item in enumerate(items, 1):
        item.id = f"{prefix}{i}"


def number(brief: Brief) -> None:
    """Give the brief's items their ids in order: k1.. for KPIs, g1.. guidance, a1.. AI points, q1.. themes."""
    for items, prefix in ((brief.kpis, "k"), (brief.guidance, "g"), (brief.ai_strategy, "a"), (brief.qa_themes, "q")):
        _number(items, prefix)


def metadata_source(transcript: Transcript) -> dict[str, MetadataSource]:
    """Per metadata field the transcript has: ``given`` by the caller or ``detected`` in the text."""
    return {
        f: MetadataSource.given if f in transcript.given else MetadataSource.detected
        for f in FIELDS
        if getattr(transcript, f)
    }


def merge(transcript: Transcript, grounded: Iterable[Grounded], *, warnings: Iterable[str] = ()) -> Brief:
    """Assemble the brief from every section's grounded items, in transcript order."""
    grounded = list(grounded)
    kpis = merge_kpis(k for g in grounded for k in g.kpis)
    guidance = merge_guidance(x for g in grounded for x in g.guidance)
    ai = merge_ai_points(x for g in grounded for x in g.ai_strategy)
    qa = merge_qa_themes(g.qa_theme for g in grounded if g.qa_theme is not None)
    distinct_titles(qa)
    brief = Brief(
        source=Source(
            name=transcript.name,
            sha256=transcript.sha256,
            characters=len(transcript.text),
            languages=transcript.languages,
            format=transcript.format,
            bilingual=transcript.bilingual,
            encoding=transcript.encoding,
        ),
        company=transcript.company,
        ticker=transcript.ticker,
        period=transcript.period,
        call_date=transcript.call_date,
        metadata_source=metadata_source(transcript),
        participants=transcript.participants,
        kpis=kpis,
        guidance=guidance,
        ai_strategy=ai,
        qa_themes=qa,
        warnings=[*transcript.notes, *warnings],
        rejected=[r for g in grounded for r in g.rejected],
    )
    number(brief)
    return brief
