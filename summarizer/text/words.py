"""Word overlap: one normalisation and one similarity for "worded alike" (merge and compare)."""

from __future__ import annotations

from summarizer.text.script import IDEOGRAPH, word_key

__all__ = ["content_words", "normalise", "salient", "similarity"]

normalise = word_key  # one normalisation: lower case, each run of punctuation or space one space


def content_words(text: str) -> set[str]:
    """The words longer than two letters, and each CJK ideograph on its own."""
    return {w for w in normalise(text).split() if len(w) > 2} | set(IDEOGRAPH.findall(text))


# Words that say nothing of what a question is about: "Could you share more about your plans for...".
_PLAIN = frozenset(
    "a an the and or but of to for in on at by with from about into over your you our we they their its it is are was "
    "were be been can could would will shall should may might do does did what how why when where which who whom whose "
    "please share give update more some any any color colour comment talk thoughts view views there this that these those "
    "management company company's also just like then than so if as any other such has have had i me my us".split()
)


def salient(text: str, count: int, *, besides: str = "") -> list[str]:
    """The first ``count`` words of ``text`` that say what it is about: not plain words, not in ``besides``."""
    seen = set(normalise(besides).split())
    words: list[str] = []
    for word in normalise(text).split():
        if word in _PLAIN or word in seen or len(word) < 2 or word in words:
            continue
        words.append(word)
        if len(words) == count:
            break
    return words


def similarity(a: str, b: str) -> float:
    """The Jaccard overlap of two texts' content words (1.0 for equal texts without any)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 1.0 if normalise(a) == normalise(b) else 0.0
    return len(wa & wb) / len(wa | wb)
