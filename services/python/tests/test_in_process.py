"""In-process tests (httpx.ASGITransport, the anyio plugin): the app's rules and the sidecar platform's parts."""

import asyncio

import anyio
import httpx
import pytest

from scl_services.app import build_app
from scl_services.config_defaults import BUILT_IN
from scl_services.platform import make_platform
from scl_services.platform.counter_sender import COUNTER_QUEUE_SIZE, CounterSender
from scl_services.platform.plain_http import PlainPeerClient
from scl_services.start_options import StartOptions
from scl_services.tasks import cancel_and_wait

pytestmark = pytest.mark.anyio

CHARGE = {"customerId": 1, "amountCents": 100, "currency": "EUR"}


@pytest.fixture
async def payment(tmp_path):
    env = {
        "SCL_SERVICE": "payment",
        "SCL_MODE": "none",
        "SCL_INSTANCE_ID": "payment-in-process",
        "SCL_PUBLIC_PORT": "1",
        "SCL_DATA_DIR": str(tmp_path),
    }
    options = StartOptions.from_env(env)
    app = build_app(options, make_platform(options, BUILT_IN["payment"]))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://payment") as client:
        yield client


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**CHARGE, "amountCents": 1_000_001}, "amountCents"),
        ({**CHARGE, "amountCents": True}, "amountCents"),
        ({**CHARGE, "customerId": 1.5}, "customerId"),
        ({**CHARGE, "currency": "JPY"}, "currency"),
    ],
)
async def test_a_bad_charge_is_400_naming_its_field(payment, body, field):
    answer = await payment.post("/payments", json=body)
    assert answer.status_code == 400
    assert answer.json()["error"]["field"] == field


def _peers(handler) -> PlainPeerClient:
    return PlainPeerClient(lambda service: f"http://{service}", transport=httpx.MockTransport(handler))


@pytest.mark.parametrize(
    ("error", "kind", "status"),
    [
        (httpx.ConnectError("refused"), "connect_error", 502),
        (httpx.ReadTimeout("slow"), "timeout", 504),
        (httpx.DecodingError("bad gzip"), "connect_error", 502),  # a RequestError that is not a TransportError
    ],
)
async def test_a_peer_that_gives_no_usable_answer_is_an_egress_error_not_a_500(error, kind, status):
    def fail(request: httpx.Request) -> httpx.Response:
        raise error

    peers = _peers(fail)
    answer = await peers.call("customers", "GET", "/customers/1", None, None)
    await peers.close()
    assert (answer.status, answer.error_kind) == (status, kind)


async def test_counters_wait_in_a_bounded_queue_and_stop_sends_them():
    received: list[bytes] = []

    def api(request: httpx.Request) -> httpx.Response:
        received.append(request.content)
        return httpx.Response(204)

    peers = _peers(api)
    sender = CounterSender("http://sidecar/v1/metrics", peers)
    for _ in range(COUNTER_QUEUE_SIZE + 10):  # sent before the sender runs: the queue fills up
        sender.send("orders_total", 1, {})
    tasks_before = len(asyncio.all_tasks())
    sender.start()
    assert len(asyncio.all_tasks()) == tasks_before + 1, "one sender task, not one task per counter"
    await sender.stop(flush_seconds=5)
    await peers.close()
    assert (len(received), sender.dropped) == (COUNTER_QUEUE_SIZE, 10)


async def test_stop_gives_up_on_a_sidecar_that_never_answers():
    async def api(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(60)
        return httpx.Response(204)

    peers = _peers(api)
    sender = CounterSender("http://sidecar/v1/metrics", peers)
    sender.start()
    sender.send("orders_total", 1, {})
    with anyio.fail_after(2):
        await sender.stop(flush_seconds=0.1)
    await peers.close()


async def test_cancel_and_wait_lets_the_stoppers_own_cancellation_through():
    async def slow_to_end() -> None:
        try:
            await asyncio.sleep(60)
        finally:
            await asyncio.sleep(0.2)  # cleanup that outlasts the stopper's patience

    background = asyncio.create_task(slow_to_end())
    await asyncio.sleep(0)
    stopper = asyncio.create_task(cancel_and_wait(background))
    await asyncio.sleep(0.05)
    stopper.cancel()
    with pytest.raises(asyncio.CancelledError):
        await stopper
    await asyncio.wait({background})
