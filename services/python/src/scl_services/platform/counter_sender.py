"""Business counters to the sidecar's local API: a bounded queue and one sender task, drained on stop."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping

from ..tasks import cancel_and_wait
from .plain_http import PlainPeerClient

# Beyond this many increments waiting for the API, new ones are dropped: a request never waits
# for the sidecar, and a stalled sidecar cannot make the app hold memory without end.
COUNTER_QUEUE_SIZE = 1024
_log = logging.getLogger(__name__)


class CounterSender:
    def __init__(self, url: str, peers: PlainPeerClient) -> None:
        self._url = url
        self._peers = peers
        self._queue: asyncio.Queue[bytes] = asyncio.Queue(COUNTER_QUEUE_SIZE)
        self._task: asyncio.Task[None] | None = None
        self.dropped = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="scl-business-counters")

    def send(self, name: str, value: float, labels: Mapping[str, str]) -> None:
        body = json.dumps({"name": name, "value": value, "labels": dict(labels)}).encode()
        try:
            self._queue.put_nowait(body)
        except asyncio.QueueFull:
            self.dropped += 1

    async def stop(self, flush_seconds: float) -> None:
        """Sends what is queued for up to `flush_seconds`, then gives up the rest, saying how many."""
        if self._task is None:
            return
        try:
            async with asyncio.timeout(flush_seconds):
                await self._queue.join()
        except TimeoutError:
            _log.warning("%d business counter increments not sent to the sidecar", self._queue.qsize())
        await cancel_and_wait(self._task)
        self._task = None

    async def _run(self) -> None:
        while True:
            body = await self._queue.get()
            try:
                answer = await self._peers.call_url(self._url, "POST", {"content-type": "application/json"}, body)
                if answer.status >= 300:
                    _log.warning("the sidecar refused a business counter: %d", answer.status)
            except Exception:  # one bad send must not end the sender and strand the queue
                _log.exception("sending a business counter failed")
            finally:
                self._queue.task_done()
