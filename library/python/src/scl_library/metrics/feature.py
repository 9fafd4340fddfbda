"""The metrics feature: request counters and latency histograms, process figures, Prometheus exposition."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, disable_created_metrics, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from ..feature import Exchange, FeatureName
from ..spec import features_spec
from .business import BusinessMetrics
from .process import AppProcessCollector

BUCKETS_SECONDS: tuple[float, ...] = tuple(features_spec()["metrics"]["histogramBucketsSeconds"])


class MetricsFeature:
    name: FeatureName = "metrics"

    def __init__(self, registry: CollectorRegistry) -> None:
        # The spec names no `*_created` series; prometheus_client adds them unless told not to,
        # and the switch is process-wide.
        disable_created_metrics()  # type: ignore[no-untyped-call]
        self.registry = registry
        self._requests = Counter(
            "scl_http_server_requests_total",
            "inbound requests completed",
            ("route", "method", "status"),
            registry=registry,
        )
        self._duration = Histogram(
            "scl_http_server_request_duration_seconds",
            "inbound request duration",
            ("route", "method"),
            buckets=BUCKETS_SECONDS,
            registry=registry,
        )
        registry.register(AppProcessCollector())
        self.business = BusinessMetrics(registry)

    async def start(self) -> None:
        pass

    def observe(self, exchange: Exchange) -> None:
        self._requests.labels(exchange.route, exchange.method, str(exchange.status)).inc()
        self._duration.labels(exchange.route, exchange.method).observe(exchange.duration_seconds)

    async def stop(self) -> None:
        pass

    def scrape(self) -> tuple[bytes, str]:
        """Prometheus text format 0.0.4 of every metric in the registry, with its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_PLAIN_0_0_4
