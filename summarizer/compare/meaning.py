"""The one model request of a comparison: pair the two calls' AI points and Q&A themes by meaning.

One bounded request for both kinds (at most ``MAX_ITEMS`` of each kind per call, each text cut
to ``MAX_CHARS``), through the Session (its client, limit, pacing and cache). The reply names
ids only; pairs with an unknown id, across kinds, or reusing an id are dropped by
``topics.apply_pairs``. When no model is wanted, or the request fails, the topics are paired by
shared words and the Change says so.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from summarizer.brief import Brief
from summarizer.compare.change import Change, Matching, MatchMethod
from summarizer.compare.diff import build, by_words, needs_model
from summarizer.compare.topics import Pair, Topics, topics_of
from summarizer.extract.extractor import describe_error
from summarizer.extract.prompting import field_guide, render_prompt
from summarizer.run.session import Session

__all__ = ["MAX_CHARS", "MAX_ITEMS", "MAX_TOKENS", "SameTopic", "TopicPairs", "compare_in", "messages_for"]

MAX_ITEMS = 20  # per kind and call: 80 lines at most, well inside the embedded model's context
MAX_CHARS = 200
MAX_TOKENS = 800
_KINDS = (("a", "ai"), ("q", "qa"))


class SameTopic(BaseModel):
    """One earlier item and one later item about the same topic."""

    earlier: str = Field(description="the earlier call's id, e.g. pa2 or pq1")
    later: str = Field(description="the later call's id of the same kind, e.g. ca1 or cq3")


class TopicPairs(BaseModel):
    """The pairs of items, one from each call, that are about the same topic."""

    pairs: list[SameTopic] = Field(default_factory=list, max_length=2 * MAX_ITEMS)


def _lines(topics: Topics, letter: str) -> tuple[list[str], dict[str, str]]:
    """The prompt lines for one kind, and the prompt id -> mention id map."""
    lines, ids = [], {}
    for side, mentions in (("p", topics.before), ("c", topics.after)):
        for n, m in enumerate(mentions[:MAX_ITEMS], 1):
            shown = f"{side}{letter}{n}"
            ids[shown] = m.id
            lines.append(f"{shown}: {' '.join(m.text.split())[:MAX_CHARS]}")
    return lines, ids


def messages_for(ai: Topics, qa: Topics) -> tuple[list[dict[str, str]], dict[str, str]]:
    """The request's messages and the map from the ids shown to the mentions' ids."""
    body, ids = [], {}
    for (letter, _), topics, title in zip(_KINDS, (ai, qa), ("AI strategy", "Q&A themes"), strict=True):
        lines, shown = _lines(topics, letter)
        body += [f"## {title}", *(lines or ["(none)"])]
        ids.update(shown)
    system = render_prompt("compare", field_guide=field_guide(TopicPairs))
    return [{"role": "system", "content": system}, {"role": "user", "content": "\n".join(body)}], ids


def _split(reply: TopicPairs, ids: dict[str, str]) -> tuple[list[Pair], list[Pair]]:
    ai, qa = [], []
    for pair in reply.pairs:
        earlier, later = pair.earlier.strip().lower(), pair.later.strip().lower()
        if (
            earlier not in ids
            or later not in ids
            or earlier[:1] != "p"
            or later[:1] != "c"
            or earlier[1:2] != later[1:2]
        ):
            continue
        (ai if earlier[1] == "a" else qa).append((ids[earlier], ids[later]))
    return ai, qa


async def compare_in(session: Session, prev: Brief, cur: Brief) -> Change:
    """The Change from ``prev`` to ``cur``, topics paired by the session's model in one request.

    With no topics on one side there is nothing to pair and no request is made; a failed
    request falls back to shared words, and the Change's ``matching.note`` gives the reason.
    """
    if not needs_model(prev, cur):
        nothing = Matching(method=MatchMethod.none, note="no kind of topic appears in both calls")
        return build(prev, cur, ai_pairs=[], qa_pairs=[], matching=nothing)
    ai, qa = topics_of(prev, cur)
    messages, ids = messages_for(ai, qa)
    try:
        reply, usage = await session.ask(TopicPairs, messages, max_tokens=MAX_TOKENS)
    except Exception as e:  # noqa: BLE001 - any model failure falls back, and the Change says why
        return by_words(
            prev, cur, note=f"the model request failed ({describe_error(e)}); matched by shared words instead"
        )
    ai_pairs, qa_pairs = _split(reply, ids)
    longest = max(len(ai.before), len(ai.after), len(qa.before), len(qa.after))
    note = "matched by meaning in one request"
    if longest > MAX_ITEMS:
        note += f"; only the first {MAX_ITEMS} of each kind per call were shown, the rest count as unpaired"
    matching = Matching(
        method=MatchMethod.model,
        note=note,
        model=session.endpoint.model,
        requests=usage.requests,
        cached_responses=usage.cached_responses,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
    )
    return build(prev, cur, ai_pairs=ai_pairs, qa_pairs=qa_pairs, matching=matching)
