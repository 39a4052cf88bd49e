"""Word overlap: one normalisation and one similarity for "worded alike" (merge and compare)."""

from __future__ import annotations

from summarizer.text.script import IDEOGRAPH, word_key

__all__ = ["content_words", "normalise", "similarity"]

normalise = word_key  # one normalisation: lower case, each run of punctuation or space one space


def content_words(text: str) -> set[str]:
    """The words longer than two letters, and each CJK ideograph on its own."""
    return {w for w in normalise(text).split() if len(w) > 2} | set(IDEOGRAPH.findall(text))


def similarity(a: str, b: str) -> float:
    """The Jaccard overlap of two texts' content words (1.0 for equal texts without any)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 1.0 if normalise(a) == normalise(b) else 0.0
    return len(wa & wb) / len(wa | wb)
