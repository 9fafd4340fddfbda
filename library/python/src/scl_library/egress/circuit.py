"""Circuit breaker of one instance: consecutive failed tries open it; after a while one probe may pass."""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import IntEnum


class CircuitState(IntEnum):
    """The values of the scl_egress_circuit_state gauge."""

    CLOSED = 0
    OPEN = 1
    HALF_OPEN = 2


class CircuitBreaker:
    def __init__(
        self,
        failure_threshold: int,
        open_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[CircuitState], None] = lambda state: None,
    ) -> None:
        self._failure_threshold = failure_threshold
        self._open_seconds = open_seconds
        self._clock = clock
        self._on_change = on_change
        self.state = CircuitState.CLOSED
        self._consecutive_failures = 0
        self._opened_at = 0.0
        self._probe_in_flight = False
        self.openings = 0  # a try passes this to record(), so an answer from before an opening is ignored

    def allows(self) -> bool:
        """Whether a try may go here now; does not claim the half-open probe (see `acquire`)."""
        if self.state is CircuitState.CLOSED:
            return True
        if self.state is CircuitState.OPEN:
            return self._clock() - self._opened_at >= self._open_seconds
        return not self._probe_in_flight

    def acquire(self) -> bool:
        """Claims a try; in half-open only one try at a time passes."""
        if not self.allows():
            return False
        if self.state is CircuitState.OPEN:
            self._set(CircuitState.HALF_OPEN)
        if self.state is CircuitState.HALF_OPEN:
            self._probe_in_flight = True
        return True

    def release(self, openings_at_start: int | None = None) -> None:
        """Gives back a claimed try that ended with no outcome (the caller cancelled, an unexpected error).

        Without it a half-open probe that never records keeps every later try out, for good.
        """
        if openings_at_start is None or openings_at_start == self.openings:
            self._probe_in_flight = False

    def record(self, failed: bool, openings_at_start: int | None = None) -> None:
        """The outcome of a try: a failure is a connect error, a timeout or any 5xx.

        The answer of a try that started before the circuit (last) opened changes nothing.
        """
        if openings_at_start is not None and openings_at_start != self.openings:
            return
        self._probe_in_flight = False
        if not failed:
            self._consecutive_failures = 0
            if self.state is not CircuitState.CLOSED:
                self._set(CircuitState.CLOSED)
            return
        self._consecutive_failures += 1
        if self.state is CircuitState.HALF_OPEN or (
            self.state is CircuitState.CLOSED and self._consecutive_failures >= self._failure_threshold
        ):
            self._opened_at = self._clock()
            self.openings += 1
            self._set(CircuitState.OPEN)

    def _set(self, state: CircuitState) -> None:
        self.state = state
        self._on_change(state)
