"""Two briefs -> one Change, given how their topics pair (pure: no model)."""

from __future__ import annotations

from collections.abc import Sequence

from summarizer.brief import Brief
from summarizer.compare.change import CallRef, Change, Matching, MatchMethod
from summarizer.compare.figures import kpi_changes, rate_checks, restatements
from summarizer.compare.outlook import guidance_changes, guidance_results
from summarizer.compare.periods import call_period
from summarizer.compare.topics import Pair, apply_pairs, topics_of, word_pairs
from summarizer.text.periods import period_order
from summarizer.text.words import normalise

__all__ = ["WORD_NOTE", "build", "by_words", "call_ref", "needs_model"]

WORD_NOTE = "matched by shared words, not by meaning: no model was used"


def call_ref(brief: Brief) -> CallRef:
    """What identifies a call in a Change."""
    return CallRef(
        company=brief.company, period=call_period(brief), source=brief.source.name, sha256=brief.source.sha256
    )


def _warnings(prev: Brief, cur: Brief) -> list[str]:
    found = []
    if prev.company and cur.company and normalise(prev.company) != normalise(cur.company):
        found.append(f"the calls are of different companies: {prev.company} and {cur.company}")
    before, after = call_period(prev), call_period(cur)
    if not before or not after:
        found.append("a call's period is unknown: KPIs and guidance results need both")
    elif (period_order(before) or (0, 0)) > (period_order(after) or (0, 0)):
        found.append(f"the earlier call ({before}) reports a later period than the later call ({after})")
    return found


def build(prev: Brief, cur: Brief, *, ai_pairs: Sequence[Pair], qa_pairs: Sequence[Pair], matching: Matching) -> Change:
    """The Change from ``prev`` (the earlier call) to ``cur``, with the topics paired as given."""
    ai, qa = topics_of(prev, cur)
    return Change(
        company=cur.company or prev.company,
        before=call_ref(prev),
        after=call_ref(cur),
        kpis=kpi_changes(prev, cur),
        rate_checks=rate_checks(prev, cur),
        restated=restatements(prev, cur),
        guidance_results=guidance_results(prev, cur),
        guidance_changes=guidance_changes(prev, cur),
        ai_strategy=apply_pairs(ai, ai_pairs),
        qa_themes=apply_pairs(qa, qa_pairs),
        matching=matching,
        warnings=_warnings(prev, cur),
    )


def by_words(prev: Brief, cur: Brief, *, note: str = WORD_NOTE) -> Change:
    """The Change with topics matched by shared words (deterministic, offline)."""
    ai, qa = topics_of(prev, cur)
    anything = ai.before or ai.after or qa.before or qa.after
    matching = Matching(method=MatchMethod.word_overlap, note=note) if anything else Matching(method=MatchMethod.none)
    return build(prev, cur, ai_pairs=word_pairs(ai), qa_pairs=word_pairs(qa), matching=matching)


def needs_model(prev: Brief, cur: Brief) -> bool:
    """Whether matching by meaning has anything to do: a kind of topic present in both calls."""
    ai, qa = topics_of(prev, cur)
    return bool((ai.before and ai.after) or (qa.before and qa.after))
