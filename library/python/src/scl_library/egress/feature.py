"""The egress feature: discovery, round robin, per-try timeout, retries with backoff and a budget, circuits."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Protocol

import httpx
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

from ..feature import FeatureName
from ..metrics.feature import BUCKETS_SECONDS
from ..model import EgressRequest, EgressResponse
from ..registry.client import Instance, ServiceInstances
from ..settings import EgressSettings
from ..spec import features_spec
from .answers import error_answer
from .backoff import retry_delay_seconds
from .balancer import Balancer
from .budget import RetryBudget
from .circuit import CircuitBreaker, CircuitState

IDEMPOTENT_METHODS = frozenset(features_spec()["egress"]["idempotentMethods"])
RETRYABLE_STATUSES = frozenset(features_spec()["egress"]["retryableStatuses"])
# Per hop (spec/features.md egress): not forwarded with a request.
_NOT_FORWARDED = frozenset(
    {
        "connection",
        "keep-alive",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "proxy-connection",
        "host",
        "content-length",
    }
)
# Per hop, or describing a body httpx already decoded: not passed on with the downstream's answer.
_DROPPED_HEADERS = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding", "upgrade"}
)


@dataclass(frozen=True, slots=True)
class _Try:
    """One attempt on one instance: the downstream's answer, or the kind of failure."""

    response: httpx.Response | None
    error_kind: str | None

    @property
    def circuit_failure(self) -> bool:
        return self.response is None or self.response.status_code >= 500

    @property
    def retryable(self) -> bool:
        return self.response is None or self.response.status_code in RETRYABLE_STATUSES


class _EgressMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "scl_egress_requests_total",
            "outbound calls, after retries; status is the final HTTP code or an egress error kind",
            ("target", "method", "status"),
            registry=registry,
        )
        self.duration = Histogram(
            "scl_egress_request_duration_seconds",
            "outbound call duration, retries included",
            ("target", "method"),
            buckets=BUCKETS_SECONDS,
            registry=registry,
        )
        self.retries = Counter("scl_egress_retries_total", "tries after the first", ("target",), registry=registry)
        self.budget_exhausted = Counter(
            "scl_egress_retry_budget_exhausted_total",
            "retries not sent because the budget was spent",
            ("target",),
            registry=registry,
        )
        self.circuit_opened = Counter(
            "scl_egress_circuit_opened_total", "times a circuit opened", ("target",), registry=registry
        )
        self.circuit_state = Gauge(
            "scl_egress_circuit_state", "0 closed, 1 open, 2 half-open", ("target", "instance"), registry=registry
        )


class Resolver(Protocol):
    """Where egress finds a service's passing instances (registry.resolver.Resolver; a fake in tests)."""

    async def resolve(self, service: str) -> ServiceInstances | None: ...

    async def close(self) -> None: ...


class EgressFeature:
    name: FeatureName = "egress"

    def __init__(
        self, settings: EgressSettings, registry: CollectorRegistry, client: httpx.AsyncClient, resolver: Resolver
    ) -> None:
        self._settings = settings
        self._client = client
        self._resolver = resolver
        self._metrics = _EgressMetrics(registry)
        self._balancer = Balancer(self._new_breaker)
        self._budgets: dict[str, RetryBudget] = {}

    async def start(self) -> None:
        pass

    async def stop(self) -> None:
        await self._resolver.close()

    async def request(self, service: str, request: EgressRequest) -> EgressResponse:
        """Calls `service`; answers the downstream's own response or a synthesized egress error."""
        started = time.perf_counter()
        response = await self._call(service, request)
        method = request.method.upper()
        status_label = response.error_kind or str(response.status)
        self._metrics.requests.labels(service, method, status_label).inc()
        self._metrics.duration.labels(service, method).observe(time.perf_counter() - started)
        return response

    async def _call(self, service: str, request: EgressRequest) -> EgressResponse:
        budget = self._budget(service)
        budget.record_call()
        found = await self._resolver.resolve(service)
        if found is None:
            return error_answer("no_instance", 0)
        if not found.known:
            return error_answer("unknown_service", 0)
        headers = {name: value for name, value in request.headers.items() if name.lower() not in _NOT_FORWARDED}
        may_retry = request.method.upper() in IDEMPOTENT_METHODS or any(
            name.lower() == "idempotency-key" for name in headers
        )
        attempts = 0
        last: EgressResponse | None = None
        avoid: str | None = None
        while True:
            if not found.instances:
                return last or error_answer("no_instance", attempts)
            instance = self._balancer.pick(service, found.instances, avoid)
            if instance is None:
                return last or error_answer("circuit_open", attempts)
            attempts += 1
            breaker = self._balancer.breaker(service, instance.id)
            openings = breaker.openings
            try:
                outcome = await self._try(instance, request.method, request.path, headers, request.body)
            except BaseException:
                breaker.release(openings)  # cancelled mid-try: no outcome, but the claim must not outlive it
                raise
            breaker.record(outcome.circuit_failure, openings)
            last = self._answer(outcome, attempts)
            if not (outcome.retryable and may_retry) or attempts >= self._settings.max_attempts:
                return last
            if not budget.try_spend():
                self._metrics.budget_exhausted.labels(service).inc()
                return last
            self._metrics.retries.labels(service).inc()
            settings = self._settings
            await asyncio.sleep(
                retry_delay_seconds(attempts, settings.backoff_base_seconds, settings.backoff_max_seconds)
            )
            avoid = instance.id
            found = await self._resolver.resolve(service) or found

    async def _try(
        self, instance: Instance, method: str, path: str, headers: dict[str, str], body: bytes | None
    ) -> _Try:
        try:
            async with asyncio.timeout(self._settings.try_timeout_seconds):
                response = await self._client.request(method, instance.base_url + path, headers=headers, content=body)
        except (TimeoutError, httpx.TimeoutException):
            return _Try(None, "timeout")
        except httpx.RequestError:
            # Refused, reset, closed before an answer, or an answer that cannot be decoded: all read
            # as a failure to connect (no usable answer came back).
            return _Try(None, "connect_error")
        return _Try(response, None)

    @staticmethod
    def _answer(outcome: _Try, attempts: int) -> EgressResponse:
        response = outcome.response
        if response is None:
            return error_answer(outcome.error_kind or "connect_error", attempts)
        headers = {name: value for name, value in response.headers.items() if name not in _DROPPED_HEADERS}
        return EgressResponse(response.status_code, headers, response.content, attempts)

    def _budget(self, service: str) -> RetryBudget:
        budget = self._budgets.get(service)
        if budget is None:
            settings = self._settings
            budget = self._budgets[service] = RetryBudget(
                settings.retry_budget_ratio, settings.retry_budget_min_per_second, settings.retry_budget_window_seconds
            )
        return budget

    def _new_breaker(self, service: str, instance_id: str) -> CircuitBreaker:
        gauge = self._metrics.circuit_state.labels(service, instance_id)
        opened = self._metrics.circuit_opened.labels(service)
        gauge.set(CircuitState.CLOSED)

        def on_change(state: CircuitState) -> None:
            gauge.set(state)
            if state is CircuitState.OPEN:
                opened.inc()

        return CircuitBreaker(
            self._settings.circuit_failure_threshold, self._settings.circuit_open_seconds, on_change=on_change
        )
