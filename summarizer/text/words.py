"""Word overlap: one normalisation and one similarity for "worded alike" (merge and compare)."""

from __future__ import annotations

import re

__all__ = ["content_words", "normalise", "similarity"]


def normalise(text: str | None) -> str:
    """Lower case, every run of punctuation or space as one space."""
    return re.sub(r"[\W_]+", " ", (text or "").lower()).strip()


def content_words(text: str) -> set[str]:
    """The words longer than two letters, and each CJK ideograph on its own."""
    return {w for w in normalise(text).split() if len(w) > 2} | set(re.findall(r"[\u4e00-\u9fff]", text))


def similarity(a: str, b: str) -> float:
    """The Jaccard overlap of two texts' content words (1.0 for equal texts without any)."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return 1.0 if normalise(a) == normalise(b) else 0.0
    return len(wa & wb) / len(wa | wb)
