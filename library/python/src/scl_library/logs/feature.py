"""The logs feature: the app's records go to a bounded queue and are shipped as OTLP/HTTP JSON."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Mapping

import httpx
from prometheus_client import CollectorRegistry, Counter, Gauge

from ..feature import Exchange, FeatureName
from ..settings import LogsSettings
from .fault import install_fault_switch
from .handler import QueueingHandler, RecordQueue
from .records import EventLogger
from .shipper import LogShipper

STOP_FLUSH_SECONDS = 5.0


class _PrometheusShipperMetrics:
    def __init__(self, registry: CollectorRegistry, queue: RecordQueue) -> None:
        self.queued = Counter("scl_logs_records_queued_total", "records accepted for shipping", registry=registry)
        self._shipped = Counter(
            "scl_logs_records_shipped_total", "records the collector acknowledged", registry=registry
        )
        self._dropped = Counter(
            "scl_logs_records_dropped_total",
            "records given up: reason queue_full or rejected",
            ("reason",),
            registry=registry,
        )
        self.queue_full = self._dropped.labels("queue_full")
        self._rejected = self._dropped.labels("rejected")
        self._failures = Counter(
            "scl_logs_export_failures_total", "export requests that failed and will be retried", registry=registry
        )
        Gauge("scl_logs_queue_records", "records waiting to be shipped", registry=registry).set_function(
            lambda: len(queue)
        )

    def shipped(self, count: int) -> None:
        self._shipped.inc(count)

    def rejected(self, count: int) -> None:
        self._rejected.inc(count)

    def export_failed(self) -> None:
        self._failures.inc()


class LogsFeature:
    name: FeatureName = "logs"

    def __init__(
        self,
        logger: EventLogger,
        settings: LogsSettings,
        registry: CollectorRegistry,
        client: httpx.AsyncClient,
        controlplane_url: str,
        resource: Mapping[str, str],
    ) -> None:
        self._logger = logger
        self._queue = RecordQueue(settings.queue_max_records, settings.batch_max_records)
        metrics = _PrometheusShipperMetrics(registry, self._queue)
        self._handler = QueueingHandler(self._queue, metrics.queued.inc, metrics.queue_full.inc)
        self._shipper = LogShipper(client, f"{controlplane_url}/v1/logs", resource, self._queue, settings, metrics)
        self._task: asyncio.Task[None] | None = None
        self._disarm_fault: Callable[[], None] = lambda: None

    async def start(self) -> None:
        self._queue.bind(asyncio.get_running_loop())
        self._logger.logger.addHandler(self._handler)
        self._task = asyncio.create_task(self._shipper.run(), name="scl-logs-shipper")
        self._disarm_fault = install_fault_switch(self._shipper.inject_fault)

    def observe(self, exchange: Exchange) -> None:
        self._logger.log(
            "info",
            "http.request",
            "request completed",
            {
                "request_id": exchange.request_id,
                "http_route": exchange.route,
                "http_method": exchange.method,
                "http_status": exchange.status,
                "duration_seconds": exchange.duration_seconds,
            },
        )

    async def stop(self) -> None:
        """Flushes the queue for up to 5 s, then detaches from the logger."""
        if self._task is None:
            return
        self._disarm_fault()
        self._shipper.begin_stop(STOP_FLUSH_SECONDS)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._task, STOP_FLUSH_SECONDS + 1)
        self._logger.logger.removeHandler(self._handler)
        self._task = None
