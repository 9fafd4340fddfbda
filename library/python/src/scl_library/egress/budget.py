"""Retry budget: retries in the last window stay <= ratio x calls in it + minPerSecond x window."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RetryBudget:
    def __init__(
        self,
        ratio: float,
        min_per_second: float,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ratio = ratio
        self._floor = min_per_second * window_seconds
        self._window_seconds = window_seconds
        self._clock = clock
        self._calls: deque[float] = deque()
        self._retries: deque[float] = deque()

    def record_call(self) -> None:
        self._calls.append(self._clock())

    def try_spend(self) -> bool:
        """True, and the retry is counted, when one more retry keeps the window within budget."""
        now = self._clock()
        self._forget_before(now - self._window_seconds)
        if len(self._retries) + 1 > self._ratio * len(self._calls) + self._floor:
            return False
        self._retries.append(now)
        return True

    def _forget_before(self, horizon: float) -> None:
        for stamps in (self._calls, self._retries):
            while stamps and stamps[0] <= horizon:
                stamps.popleft()
