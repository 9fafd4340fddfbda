"""Ships queued records to the collector in batches, at least once per flush interval, retrying with backoff."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Mapping
from enum import Enum
from typing import Protocol

import httpx

from ..settings import LogsSettings
from .fault import InjectedFault, announce
from .handler import RecordQueue
from .otlp import export_request
from .records import QueuedRecord

_log = logging.getLogger(__name__)


class ExportOutcome(Enum):
    SHIPPED = "shipped"
    RETRY = "retry"  # network error, timeout, 5xx, 429: keep the batch
    REJECTED = "rejected"  # any other 4xx: the collector will never take it


class ShipperMetrics(Protocol):
    """The counters the shipper moves; the feature binds them to Prometheus."""

    def shipped(self, count: int) -> None: ...
    def rejected(self, count: int) -> None: ...
    def export_failed(self) -> None: ...


class LogShipper:
    def __init__(
        self,
        client: httpx.AsyncClient,
        url: str,
        resource: Mapping[str, str],
        queue: RecordQueue,
        settings: LogsSettings,
        metrics: ShipperMetrics,
    ) -> None:
        self._client = client
        self._url = url
        self._resource = resource
        self._queue = queue
        self._settings = settings
        self._metrics = metrics
        self._stopping = False
        self._fault_armed = False
        self._deadline = float("inf")  # monotonic time after which a failing batch is given up

    async def run(self) -> None:
        """Until stop(): wait for a full batch or the flush interval, then ship what is queued."""
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queue.batch_ready.wait(), self._settings.flush_interval_seconds)
            self._queue.batch_ready.clear()
            if self._fault_armed:
                # Raised in the task, as a bug here would be: asyncio keeps it in the task, the process goes on.
                raise InjectedFault()
            await self._drain()
        await self._drain()

    def inject_fault(self) -> None:
        """The test switch (fault.py): the task raises at its next turn, woken now."""
        announce()
        self._fault_armed = True
        self._queue.batch_ready.set()

    def begin_stop(self, flush_seconds: float) -> None:
        """The final drain gets `flush_seconds`; what is still unshipped after that is lost."""
        self._deadline = time.monotonic() + flush_seconds
        self._stopping = True
        self._queue.batch_ready.set()

    async def _drain(self) -> None:
        while len(self._queue) and time.monotonic() < self._deadline:
            batch = self._queue.take(self._settings.batch_max_records)
            await self._ship(batch)

    async def _ship(self, batch: list[QueuedRecord]) -> None:
        body = json.dumps(export_request(self._resource, batch), separators=(",", ":")).encode()
        backoff_seconds = self._settings.retry_backoff_seconds
        while True:
            outcome = await self._export(body)
            if outcome is ExportOutcome.SHIPPED:
                self._metrics.shipped(len(batch))
                return
            if outcome is ExportOutcome.REJECTED:
                self._metrics.rejected(len(batch))
                return
            self._metrics.export_failed()
            if time.monotonic() + backoff_seconds > self._deadline:
                _log.warning("logs: gave up %d records at shutdown, the collector did not take them", len(batch))
                return
            await asyncio.sleep(backoff_seconds)
            backoff_seconds = min(backoff_seconds * 2, self._settings.retry_backoff_max_seconds)

    async def _export(self, body: bytes) -> ExportOutcome:
        try:
            async with asyncio.timeout(self._settings.export_timeout_seconds):
                response = await self._client.post(
                    self._url, content=body, headers={"content-type": "application/json"}
                )
        except (httpx.HTTPError, TimeoutError) as error:
            _log.debug("logs: export failed: %r", error)
            return ExportOutcome.RETRY
        if response.is_success:
            return ExportOutcome.SHIPPED
        if response.status_code == 429 or response.status_code >= 500:
            return ExportOutcome.RETRY
        # Any other answer, 3xx included, will not change by sending the same batch again.
        _log.warning("logs: collector rejected a batch with %d", response.status_code)
        return ExportOutcome.REJECTED
