"""Resolve: the passing instances of a service, kept fresh by one blocking-query watch per service."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field

import httpx

from ..tasks import cancel_and_wait
from .client import RegistryClient, ServiceInstances

_log = logging.getLogger(__name__)

# The spec gives the resolver no settings of its own; the first is the spec's, the others choices.
WATCH_WAIT_SECONDS = 10.0  # as config.waitSeconds
WATCH_RETRY_SECONDS = 0.5  # after a failed query
FIRST_ANSWER_TIMEOUT_SECONDS = 1.0  # a first call waits this long for the control plane (spec)


@dataclass(slots=True)
class _Watch:
    task: asyncio.Task[None] | None = None
    current: ServiceInstances | None = None
    first_attempt_done: asyncio.Event = field(default_factory=asyncio.Event)


class Resolver:
    def __init__(self, client: RegistryClient) -> None:
        self._client = client
        self._watches: dict[str, _Watch] = {}

    async def resolve(self, service: str) -> ServiceInstances | None:
        """The latest answer; None while the control plane has never answered for this service."""
        watch = self._watches.get(service)
        if watch is None:
            watch = self._watches[service] = _Watch()
            watch.task = asyncio.create_task(self._follow(service, watch), name=f"scl-resolve-{service}")
        if not watch.first_attempt_done.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(watch.first_attempt_done.wait(), FIRST_ANSWER_TIMEOUT_SECONDS)
        return watch.current

    async def close(self) -> None:
        tasks = [watch.task for watch in self._watches.values() if watch.task is not None]
        for task in tasks:
            await cancel_and_wait(task)
        self._watches.clear()

    async def _follow(self, service: str, watch: _Watch) -> None:
        index = 0
        while True:
            # The first query answers at once: index 0 would otherwise wait for a service that never existed.
            wait_seconds = WATCH_WAIT_SECONDS if watch.current is not None else 0
            try:
                answer = await self._client.passing(service, index, wait_seconds)
            except (httpx.HTTPError, ValueError, KeyError) as error:
                _log.debug("resolve %s failed: %r", service, error)
                watch.first_attempt_done.set()
                await asyncio.sleep(WATCH_RETRY_SECONDS)
                continue
            watch.current = answer
            watch.first_attempt_done.set()
            if not answer.known and answer.index == index:
                await asyncio.sleep(WATCH_RETRY_SECONDS)  # a name refused at once would otherwise spin
            index = answer.index
