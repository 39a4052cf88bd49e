"""Pacing for endpoints with a tokens-per-minute limit (``--tpm``): pure, no client."""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from summarizer.errors import ConfigError

__all__ = ["TokenRate"]


class TokenRate:
    """A tokens-per-minute limiter: awaited with a request's estimated tokens before it is sent.

    It keeps the estimates of the last 60 seconds and waits until the new request fits. A
    request larger than the whole budget goes alone once the window is empty.
    """

    def __init__(
        self,
        tokens_per_minute: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        if tokens_per_minute <= 0:
            raise ConfigError(f"--tpm must be a positive number of tokens, got {tokens_per_minute}")
        self.tokens_per_minute = tokens_per_minute
        self._clock = clock
        self._sleep = sleep
        self._window: deque[tuple[float, int]] = deque()
        self._lock: asyncio.Lock | None = None

    async def __call__(self, tokens: int) -> None:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            while True:
                now = self._clock()
                while self._window and self._window[0][0] <= now - 60.0:
                    self._window.popleft()
                used = sum(n for _, n in self._window)
                if not self._window or used + tokens <= self.tokens_per_minute:
                    self._window.append((now, tokens))
                    return
                await self._sleep(max(0.01, self._window[0][0] + 60.0 - now))
