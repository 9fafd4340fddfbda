"""The egress feature against scripted instances: retries, their limits, circuits, synthesized answers."""

import asyncio
import dataclasses
import json

import httpx
import pytest
from prometheus_client import CollectorRegistry

from scl_library.egress.feature import EgressFeature
from scl_library.model import EgressRequest
from scl_library.registry.client import Instance, ServiceInstances
from scl_library.settings import EgressSettings

pytestmark = pytest.mark.anyio

SETTINGS = EgressSettings(
    try_timeout_seconds=0.2,
    max_attempts=3,
    backoff_base_seconds=0.001,
    backoff_max_seconds=0.002,
    retry_budget_ratio=0.2,
    retry_budget_min_per_second=10,
    retry_budget_window_seconds=10,
    circuit_failure_threshold=2,
    circuit_open_seconds=60,
)


class FakeResolver:
    def __init__(self, answer: ServiceInstances | None) -> None:
        self.answer = answer

    async def resolve(self, service: str) -> ServiceInstances | None:
        return self.answer

    async def close(self) -> None:
        pass


def _instances(*ports):
    return ServiceInstances(True, 1, tuple(Instance(f"i{port}", "127.0.0.1", port) for port in ports))


async def _call(answers, request, resolved=None, settings=SETTINGS, calls=1):
    """Runs `calls` calls; `answers` maps a port to a list of statuses (0 connect error, -1 hang) used in turn."""
    seen = []

    async def downstream(req: httpx.Request) -> httpx.Response:
        seen.append((req.url.port, req.method, dict(req.headers)))
        script = answers[req.url.port]
        status = script.pop(0) if len(script) > 1 else script[0]
        if status == 0:
            raise httpx.ConnectError("refused")
        if status == -1:
            await asyncio.sleep(10)
        return httpx.Response(status, json={"port": req.url.port}, headers={"x-from": str(req.url.port)})

    registry = CollectorRegistry()
    async with httpx.AsyncClient(transport=httpx.MockTransport(downstream)) as client:
        resolver = FakeResolver(resolved or _instances(*answers))
        egress = EgressFeature(settings, registry, client, resolver)
        results = [await egress.request("payment", request) for _ in range(calls)]
    return results, seen, registry


GET = EgressRequest("GET", "/payments/1", {"x-request-id": "r1"})
POST = EgressRequest("POST", "/payments", {"content-type": "application/json"}, b"{}")
POST_WITH_KEY = EgressRequest("POST", "/payments", {"Idempotency-Key": "k1"}, b"{}")


async def test_a_get_answered_503_is_retried_on_another_instance_and_its_answer_passed_through():
    (result,), seen, _ = await _call({7001: [503], 7002: [200]}, GET)
    assert result.status == 200
    assert result.attempts == 2
    assert json.loads(result.body) == {"port": 7002}
    assert result.headers["x-from"] == "7002"
    assert [port for port, _, _ in seen] == [7001, 7002]
    assert seen[0][2]["x-request-id"] == "r1"


async def test_a_post_without_idempotency_key_is_tried_once():
    (result,), seen, _ = await _call({7001: [503], 7002: [200]}, POST)
    assert result.status == 503
    assert result.attempts == 1
    assert len(seen) == 1


async def test_a_post_with_idempotency_key_is_retried():
    (result,), _, _ = await _call({7001: [502], 7002: [201]}, POST_WITH_KEY)
    assert result.status == 201
    assert result.attempts == 2


async def test_a_4xx_or_500_is_not_retried():
    for status in (404, 500):
        (result,), seen, _ = await _call({7001: [status], 7002: [200]}, GET)
        assert result.status == status
        assert len(seen) == 1


async def test_after_max_attempts_the_last_downstream_answer_is_passed_through():
    settings = dataclasses.replace(SETTINGS, circuit_failure_threshold=100)
    (result,), _seen, registry = await _call({7001: [504]}, GET, settings=settings)
    assert result.status == 504
    assert result.error_kind is None
    assert result.attempts == 3
    assert registry.get_sample_value("scl_egress_retries_total", {"target": "payment"}) == 2


async def test_a_connect_error_on_the_last_try_is_answered_502_connect_error():
    (result,), _, _ = await _call({7001: [0]}, GET, settings=SETTINGS)
    assert result.status == 502
    assert result.error_kind == "connect_error"
    assert result.headers["x-scl-egress-error"] == "connect_error"
    assert json.loads(result.body)["error"]["code"] == "SCL_ERR_EGRESS_CONNECT"


async def test_a_try_longer_than_the_try_timeout_is_answered_504_timeout():
    (result,), _, registry = await _call({7001: [-1]}, POST)
    assert result.status == 504
    assert result.error_kind == "timeout"
    labels = {"target": "payment", "method": "POST", "status": "timeout"}
    assert registry.get_sample_value("scl_egress_requests_total", labels) == 1


@pytest.mark.parametrize(
    ("resolved", "kind", "status"),
    [
        (ServiceInstances(False, 1, ()), "unknown_service", 502),
        (ServiceInstances(True, 1, ()), "no_instance", 503),
    ],
)
async def test_no_try_is_made_for_an_unknown_service_or_one_without_instances(resolved, kind, status):
    (result,), seen, _ = await _call({7001: [200]}, GET, resolved=resolved)
    assert (result.status, result.error_kind, result.attempts, seen) == (status, kind, 0, [])


async def test_an_open_circuit_ends_the_retries_with_the_last_answer():
    (result,), seen, _ = await _call({7001: [504]}, GET)
    assert result.status == 504
    assert result.attempts == 2
    assert len(seen) == 2


async def test_consecutive_failures_open_the_circuit_and_then_calls_get_circuit_open():
    results, seen, registry = await _call({7001: [500]}, GET, calls=3)
    assert [r.status for r in results] == [500, 500, 503]
    assert results[2].error_kind == "circuit_open"
    assert len(seen) == 2
    assert registry.get_sample_value("scl_egress_circuit_opened_total", {"target": "payment"}) == 1
    assert registry.get_sample_value("scl_egress_circuit_state", {"target": "payment", "instance": "i7001"}) == 1


async def test_retries_stop_when_the_budget_is_spent():

    settings = dataclasses.replace(
        SETTINGS, retry_budget_ratio=0, retry_budget_min_per_second=0.1, circuit_failure_threshold=100
    )
    results, _seen, registry = await _call({7001: [503]}, GET, settings=settings, calls=2)
    assert [r.attempts for r in results] == [2, 1]  # one retry allowed in the window: 0.1/s x 10 s
    assert registry.get_sample_value("scl_egress_retry_budget_exhausted_total", {"target": "payment"}) == 2


async def _half_open_egress(downstream):
    """An egress whose one instance's circuit has opened and whose open time is over: the next try probes."""
    registry = CollectorRegistry()
    settings = dataclasses.replace(SETTINGS, max_attempts=1, circuit_failure_threshold=1, circuit_open_seconds=0)
    client = httpx.AsyncClient(transport=httpx.MockTransport(downstream))
    egress = EgressFeature(settings, registry, client, FakeResolver(_instances(7001)))
    return egress, client


@pytest.mark.parametrize(
    "interruption",
    [pytest.param(asyncio.CancelledError, id="caller cancelled"), pytest.param(httpx.DecodingError, id="undecodable")],
)
async def test_a_probe_that_ends_without_an_answer_leaves_the_circuit_usable(interruption):
    script = ["fail", "interrupt", "ok"]

    async def downstream(req: httpx.Request) -> httpx.Response:
        step = script.pop(0)
        if step == "interrupt":
            if interruption is asyncio.CancelledError:
                await asyncio.sleep(10)  # cancelled from outside while it waits
            raise interruption("no answer", request=req)
        return httpx.Response(500 if step == "fail" else 200)

    egress, client = await _half_open_egress(downstream)
    async with client:
        assert (await egress.request("payment", GET)).status == 500  # the circuit opens, at once half-open
        probe = asyncio.create_task(egress.request("payment", GET))
        await asyncio.sleep(0.05)
        if interruption is asyncio.CancelledError:
            probe.cancel()
            with pytest.raises(asyncio.CancelledError):
                await probe
        else:
            assert (await probe).error_kind == "connect_error"
        answer = await egress.request("payment", GET)
    assert answer.status == 200, "the abandoned probe kept the instance out of rotation"
