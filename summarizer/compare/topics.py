"""AI points and Q&A themes of two calls: which are new, which are no longer mentioned, which again.

The pairing itself comes from outside (one bounded model request, ``compare.meaning``) or from
``word_pairs``, the deterministic fallback: the best pairs by shared content words, each item
used once, above a threshold.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from summarizer.brief import AIPoint, Brief, QATheme
from summarizer.compare.change import Mention, TopicChange, TopicStatus
from summarizer.text.words import similarity

__all__ = ["WORD_THRESHOLD", "Pair", "Topics", "apply_pairs", "mentions", "topics_of", "word_pairs"]

WORD_THRESHOLD = 0.25
Pair = tuple[str, str]  # (earlier call's id, later call's id)


class Topics:
    """Both calls' mentions of one kind (AI points, or Q&A themes), by id."""

    def __init__(self, before: list[Mention], after: list[Mention]) -> None:
        self.before = before
        self.after = after


def mentions(items: Iterable[AIPoint | QATheme], prefix: str) -> list[Mention]:
    """AI points or Q&A themes as mentions; an item without an id gets ``prefix`` and its position."""
    found = []
    for n, item in enumerate(items, 1):
        text = item.point if isinstance(item, AIPoint) else f"{item.theme}: {item.question}"
        found.append(Mention(id=item.id or f"{prefix}{n}", text=text, evidence=list(item.evidence)))
    return found


def topics_of(prev: Brief, cur: Brief) -> tuple[Topics, Topics]:
    """The AI points and the Q&A themes of the two calls."""
    ai = Topics(mentions(prev.ai_strategy, "ai"), mentions(cur.ai_strategy, "ai"))
    qa = Topics(mentions(prev.qa_themes, "qa"), mentions(cur.qa_themes, "qa"))
    return ai, qa


def word_pairs(topics: Topics, threshold: float = WORD_THRESHOLD) -> list[Pair]:
    """Pairs by shared content words: the most similar first, each mention in at most one pair."""
    scored = sorted(
        ((similarity(b.text, a.text), b.id, a.id) for b in topics.before for a in topics.after),
        key=lambda s: -s[0],
    )
    used_before: set[str] = set()
    used_after: set[str] = set()
    pairs = []
    for score, before, after in scored:
        if score < threshold or before in used_before or after in used_after:
            continue
        used_before.add(before)
        used_after.add(after)
        pairs.append((before, after))
    return pairs


def apply_pairs(topics: Topics, pairs: Sequence[Pair]) -> list[TopicChange]:
    """Lines for each mention: again (paired), new (later call only), no longer mentioned (earlier only).

    Pairs naming an unknown id, or an id already paired, are ignored.
    """
    before = {m.id: m for m in topics.before}
    after = {m.id: m for m in topics.after}
    lines, seen_before, seen_after = [], set(), set()
    for b, a in pairs:
        if b in before and a in after and b not in seen_before and a not in seen_after:
            seen_before.add(b)
            seen_after.add(a)
            lines.append(TopicChange(status=TopicStatus.again, before=before[b], after=after[a]))
    lines += [TopicChange(status=TopicStatus.new, after=m) for m in topics.after if m.id not in seen_after]
    lines += [
        TopicChange(status=TopicStatus.no_longer_mentioned, before=m) for m in topics.before if m.id not in seen_before
    ]
    return lines
