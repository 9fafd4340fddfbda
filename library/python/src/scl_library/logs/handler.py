"""A logging.Handler that numbers records and offers them to the bounded queue, never blocking the app."""

from __future__ import annotations

import asyncio
import itertools
import logging
import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable

from .records import QueuedRecord, level_name

DEFAULT_EVENT = "app.log"  # for records written through plain `logging` calls
# A caller's field named like one of these is dropped: the record's own value wins (spec/features.md logs).
_RECORD_FIELDS = frozenset({"time", "level", "msg", "event", "seq", "pid"})


def is_field_value(value: object) -> bool:
    """A string, a boolean or a finite number; anything else is dropped."""
    return isinstance(value, str | bool | int) or (isinstance(value, float) and math.isfinite(value))


class RecordQueue:
    """Bounded FIFO shared by the handler (any thread) and the shipper (the event loop)."""

    def __init__(self, max_records: int, batch_records: int) -> None:
        self.max_records = max_records
        self._batch_records = batch_records
        self._records: deque[QueuedRecord] = deque()
        self.batch_ready = asyncio.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread = 0

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._loop_thread = threading.get_ident()

    def offer(self, record: QueuedRecord) -> bool:
        """False when full: the caller counts the drop."""
        if len(self._records) >= self.max_records:
            return False
        self._records.append(record)
        if len(self._records) == self._batch_records:
            self._wake()
        return True

    def take(self, count: int) -> list[QueuedRecord]:
        records = self._records
        return [records.popleft() for _ in range(min(count, len(records)))]

    def __len__(self) -> int:
        return len(self._records)

    def _wake(self) -> None:
        if self._loop is None:
            return
        if threading.get_ident() == self._loop_thread:
            self.batch_ready.set()
        else:
            self._loop.call_soon_threadsafe(self.batch_ready.set)


class QueueingHandler(logging.Handler):
    """Turns LogRecords into QueuedRecords with `seq` and `pid`; a full queue drops the new record."""

    def __init__(self, queue: RecordQueue, on_queued: Callable[[], None], on_dropped: Callable[[], None]) -> None:
        super().__init__()
        self._queue = queue
        self._on_queued = on_queued
        self._on_dropped = on_dropped
        self._seq = itertools.count(1)
        self._pid = os.getpid()

    def emit(self, record: logging.LogRecord) -> None:
        # A dropped record still takes its seq: the gap is how the collector counts the loss.
        attributes = {
            "event": getattr(record, "scl_event", DEFAULT_EVENT),
            "seq": next(self._seq),
            "pid": self._pid,
        }
        for key, value in getattr(record, "scl_fields", {}).items():
            if key not in _RECORD_FIELDS and is_field_value(value):
                attributes[key] = value
        queued = QueuedRecord(time.time_ns(), level_name(record.levelno), record.getMessage(), attributes)
        if self._queue.offer(queued):
            self._on_queued()
        else:
            self._on_dropped()
