"""Round robin over a service's passing instances whose circuit lets a try through."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from ..registry.client import Instance
from .circuit import CircuitBreaker


class Balancer:
    def __init__(self, new_breaker: Callable[[str, str], CircuitBreaker]) -> None:
        self._new_breaker = new_breaker
        self._breakers: dict[tuple[str, str], CircuitBreaker] = {}
        self._turns: dict[str, itertools.count[int]] = {}

    def breaker(self, service: str, instance_id: str) -> CircuitBreaker:
        key = (service, instance_id)
        breaker = self._breakers.get(key)
        if breaker is None:
            breaker = self._breakers[key] = self._new_breaker(service, instance_id)
        return breaker

    def pick(self, service: str, instances: Sequence[Instance], avoid: str | None = None) -> Instance | None:
        """The next instance in turn that may take a try, preferring one other than `avoid`.

        None when every circuit is open (or its one half-open probe is taken).
        """
        count = len(instances)
        if count == 0:
            return None
        turn = next(self._turns.setdefault(service, itertools.count()))
        fallback: Instance | None = None
        for offset in range(count):
            instance = instances[(turn + offset) % count]
            breaker = self.breaker(service, instance.id)
            if not breaker.allows():
                continue
            if instance.id == avoid and count > 1:
                fallback = fallback or instance
                continue
            if breaker.acquire():
                return instance
        if fallback is not None and self.breaker(service, fallback.id).acquire():
            return fallback
        return None
