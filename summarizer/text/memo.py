"""One cache for the pure readings of a sentence (amounts, metrics, periods), keyed by its text.

Recall, grounding and the highlights check read the same sentences again and again, across the
figures of a section and the sections of a batch. Pure: no model, no I/O.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["LONG_TEXT", "per_text"]

LONG_TEXT = 2000  # longer texts (a transcript's head, scanned once) are read but not kept
_SIZE = 4096

R = TypeVar("R")


def per_text(read: Callable[..., R]) -> Callable[..., R]:
    """Cache ``read(text, *args)`` by its arguments.

    A list answer is kept as a tuple and handed back as a new list, so a caller may change it;
    any other answer (a tuple too) is handed back as it is. The wrapper's ``cache_info`` is the
    cache's.
    """

    @functools.lru_cache(maxsize=_SIZE)
    def kept(text: str, *args: Any) -> tuple[bool, Any]:
        answer = read(text, *args)
        return (True, tuple(answer)) if isinstance(answer, list) else (False, answer)

    @functools.wraps(read)
    def reader(text: str, *args: Any) -> Any:
        if len(text) > LONG_TEXT:
            return read(text, *args)
        was_list, answer = kept(text, *args)
        return list(answer) if was_list else answer

    reader.cache_info = kept.cache_info  # type: ignore[attr-defined]
    return reader
