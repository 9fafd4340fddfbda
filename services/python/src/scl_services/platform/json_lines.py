"""Sidecar mode's logger: spec/log-line.schema.json lines appended to SCL_LOG_FILE, with the standard library only.

The request path only puts the record on a queue (logging.handlers.QueueHandler); a listener thread
formats it, writes the line and flushes it, so each line reaches the OS within moments. A kill -9
loses at most the records still on that queue; nothing written is lost, the kernel holds it.
WatchedFileHandler reopens the path when the file is rotated by rename.
"""

from __future__ import annotations

import itertools
import json
import logging
import logging.handlers
import math
import os
import queue
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .base import LogLevel

LEVEL_NUMBERS: dict[LogLevel, int] = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warn": logging.WARNING,
    "error": logging.ERROR,
}


def _level_name(levelno: int) -> str:
    if levelno >= logging.ERROR:
        return "error"
    if levelno >= logging.WARNING:
        return "warn"
    return "info" if levelno >= logging.INFO else "debug"


def _is_plain(value: object) -> bool:
    return isinstance(value, str | bool | int) or (isinstance(value, float) and math.isfinite(value))


def rfc3339_millis(epoch_seconds: float) -> str:
    whole = int(epoch_seconds)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(whole)) + f".{int((epoch_seconds - whole) * 1000):03d}Z"


class JsonLineFormatter(logging.Formatter):
    """One record per line; `seq` is taken here, in the one writer thread, so lines are numbered in file order."""

    def __init__(self) -> None:
        super().__init__()
        self._seq = itertools.count(1)
        self._pid = os.getpid()

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": rfc3339_millis(record.created),
            "level": _level_name(record.levelno),
            "msg": record.getMessage(),
            "event": getattr(record, "scl_event", "app.log"),
            "seq": next(self._seq),
            "pid": self._pid,
        }
        for key, value in getattr(record, "scl_fields", {}).items():
            # A field named like a record field, or not a plain value, is dropped (spec/features.md logs).
            if key not in line and _is_plain(value):
                line[key] = value
        return json.dumps(line, ensure_ascii=False, separators=(",", ":"))


class JsonLineLogger:
    def __init__(self, path: Path, name: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file = logging.handlers.WatchedFileHandler(path, encoding="utf-8")
        self._file.setFormatter(JsonLineFormatter())
        records: queue.SimpleQueue[logging.LogRecord] = queue.SimpleQueue()
        self._listener = logging.handlers.QueueListener(records, self._file)
        self._logger = logging.getLogger(name)
        self._logger.propagate = False
        self._logger.handlers[:] = [logging.handlers.QueueHandler(records)]
        self._listener.start()

    def log(self, level: LogLevel, event: str, msg: str, fields: Mapping[str, Any] | None = None) -> None:
        levelno = LEVEL_NUMBERS[level]
        if self._logger.isEnabledFor(levelno):
            self._logger.log(levelno, msg, extra={"scl_event": event, "scl_fields": fields or {}})

    def reopen(self) -> None:
        """After a rotation by rename (SIGHUP, spec/start-contract.md); the next line goes to the new file."""
        self._file.acquire()
        try:
            self._file.reopenIfNeeded()
        finally:
            self._file.release()

    def set_level(self, level: LogLevel) -> None:
        self._logger.setLevel(LEVEL_NUMBERS[level])

    def close(self) -> None:
        """Writes what is still queued, then closes the file."""
        self._listener.stop()
        self._file.close()
