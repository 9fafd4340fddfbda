"""The logs feature: seq and pid, level filtering, the bounded queue, shipping with retry."""

import asyncio
import json
import logging

import httpx

from scl_library.logs.fault import InjectedFault, install_fault_switch
from scl_library.logs.handler import QueueingHandler, RecordQueue
from scl_library.logs.records import EventLogger
from scl_library.logs.shipper import LogShipper
from scl_library.settings import LogsSettings

SETTINGS = LogsSettings(
    batch_max_records=2,
    flush_interval_seconds=0.01,
    queue_max_records=3,
    export_timeout_seconds=1,
    retry_backoff_seconds=0.001,
    retry_backoff_max_seconds=0.004,
)


class Counts:
    def __init__(self):
        self.queued = self.dropped = self.shipped = self.rejected = self.failures = 0

    def shipped_(self, n):
        self.shipped += n

    def rejected_(self, n):
        self.rejected += n

    def export_failed(self):
        self.failures += 1


class ShipperMetrics:
    def __init__(self, counts):
        self.shipped, self.rejected, self.export_failed = counts.shipped_, counts.rejected_, counts.export_failed


def _logger(name, queue, counts):
    logger = logging.getLogger(name)
    logger.propagate = False
    logger.handlers[:] = []

    def queued():
        counts.queued += 1

    def dropped():
        counts.dropped += 1

    logger.addHandler(QueueingHandler(queue, queued, dropped))
    event_logger = EventLogger(logger)
    event_logger.set_level("info")
    return event_logger


def test_records_are_numbered_from_one_and_carry_the_pid_and_fields():
    queue, counts = RecordQueue(10, 10), Counts()
    log = _logger("t.numbered", queue, counts)
    log.info("payment.captured", "captured", amount_cents=100)
    log.log("error", "payment.failed", "failed", {"reason": "card"})
    first, second = queue.take(10)
    assert first.attributes["seq"] == 1
    assert second.attributes["seq"] == 2
    assert first.attributes["pid"] > 0
    assert first.attributes["event"] == "payment.captured"
    assert first.attributes["amount_cents"] == 100
    assert second.level == "error"
    assert second.msg == "failed"


def test_a_field_named_like_a_record_field_or_not_a_plain_value_is_dropped():
    queue, counts = RecordQueue(10, 10), Counts()
    log = _logger("t.fields", queue, counts)
    log.log("info", "a.b", "m", {"seq": 99, "event": "x.y", "ok": 1, "bad": float("inf"), "nested": {"a": 1}})
    (record,) = queue.take(10)
    assert record.attributes == {"event": "a.b", "seq": 1, "pid": record.attributes["pid"], "ok": 1}


def test_a_record_below_the_level_is_not_written_and_takes_no_seq():
    queue, counts = RecordQueue(10, 10), Counts()
    log = _logger("t.level", queue, counts)
    log.set_level("warn")
    log.info("a.b", "hidden")
    log.warn("a.b", "shown")
    (record,) = queue.take(10)
    assert record.attributes["seq"] == 1
    assert record.msg == "shown"


def test_a_full_queue_drops_the_new_record_and_its_seq_leaves_a_gap():
    queue, counts = RecordQueue(3, 10), Counts()
    log = _logger("t.full", queue, counts)
    for i in range(5):
        log.info("a.b", f"m{i}")
    assert (counts.queued, counts.dropped) == (3, 2)
    assert [r.attributes["seq"] for r in queue.take(10)] == [1, 2, 3]
    log.info("a.b", "after")
    assert queue.take(1)[0].attributes["seq"] == 6


def _run_shipper(statuses, records=3, flush_seconds=1.0):
    """Ships `records` records against a collector answering `statuses` in turn (then 200)."""
    bodies, answers = [], list(statuses)

    def collector(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        status = answers.pop(0) if answers else 200
        if status == 0:
            raise httpx.ConnectError("refused")
        return httpx.Response(status)

    async def scenario():
        queue, counts = RecordQueue(10, SETTINGS.batch_max_records), Counts()
        queue.bind(asyncio.get_running_loop())
        log = _logger("t.ship", queue, counts)
        async with httpx.AsyncClient(transport=httpx.MockTransport(collector)) as client:
            shipper = LogShipper(
                client, "http://cp/v1/logs", {"service.name": "web"}, queue, SETTINGS, ShipperMetrics(counts)
            )
            task = asyncio.create_task(shipper.run())
            for i in range(records):
                log.info("a.b", f"m{i}")
            await asyncio.sleep(0.05)
            shipper.begin_stop(flush_seconds)
            await task
        return counts, bodies

    return asyncio.run(scenario())


def _seqs(body):
    records = body["resourceLogs"][0]["scopeLogs"][0]["logRecords"]
    return [int(next(a["value"]["intValue"] for a in r["attributes"] if a["key"] == "seq")) for r in records]


def test_records_are_shipped_in_batches_of_at_most_batch_max_records():
    counts, bodies = _run_shipper([])
    assert [_seqs(b) for b in bodies] == [[1, 2], [3]]
    assert counts.shipped == 3


def test_a_failed_export_is_retried_with_the_same_batch():
    counts, bodies = _run_shipper([503, 0, 429])
    assert [_seqs(b) for b in bodies] == [[1, 2], [1, 2], [1, 2], [1, 2], [3]]
    assert counts.failures == 3
    assert counts.shipped == 3
    assert counts.rejected == 0


def test_a_batch_refused_with_a_4xx_other_than_429_is_dropped_as_rejected():
    counts, bodies = _run_shipper([400])
    assert [_seqs(b) for b in bodies] == [[1, 2], [3]]
    assert counts.rejected == 2
    assert counts.shipped == 1


def test_stop_gives_up_a_failing_batch_after_the_flush_time():
    counts, _bodies = _run_shipper([503] * 1000, records=1, flush_seconds=0.05)
    assert counts.shipped == 0
    assert counts.failures >= 2


def test_an_injected_fault_ends_the_shipper_task_with_an_exception_nothing_catches(capsys):
    async def scenario():
        queue, counts = RecordQueue(10, SETTINGS.batch_max_records), Counts()
        queue.bind(asyncio.get_running_loop())
        async with httpx.AsyncClient(transport=httpx.MockTransport(lambda _: httpx.Response(200))) as client:
            shipper = LogShipper(
                client, "http://cp/v1/logs", {"service.name": "web"}, queue, SETTINGS, ShipperMetrics(counts)
            )
            task = asyncio.create_task(shipper.run())
            shipper.inject_fault()
            try:
                await asyncio.wait_for(task, 5)
            except InjectedFault:
                return True
        return False

    assert asyncio.run(scenario())
    assert "SCL_FAULT_INJECTED logs.shipper pid=" in capsys.readouterr().err


def test_the_fault_switch_is_off_without_test_hooks():
    async def scenario():
        return install_fault_switch(lambda: None, env={})

    disarm = asyncio.run(scenario())
    assert disarm() is None
