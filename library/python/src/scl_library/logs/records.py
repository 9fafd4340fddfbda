"""Log records of spec/log-line.schema.json: levels, the event logger the app writes with, the queued form."""

from __future__ import annotations

import logging
from typing import Any, NamedTuple

from ..model import LogFieldValue, LogLevel
from ..spec import features_spec

LEVEL_NUMBERS: dict[LogLevel, int] = {
    "debug": logging.DEBUG,
    "info": logging.INFO,
    "warn": logging.WARNING,
    "error": logging.ERROR,
}
SEVERITY_NUMBERS: dict[str, int] = features_spec()["logs"]["severityNumbers"]


def level_name(levelno: int) -> LogLevel:
    """The spec's four levels; CRITICAL reads as error, anything under INFO as debug."""
    if levelno >= logging.ERROR:
        return "error"
    if levelno >= logging.WARNING:
        return "warn"
    if levelno >= logging.INFO:
        return "info"
    return "debug"


class QueuedRecord(NamedTuple):
    """What waits in the queue: the spec's fields other than time and level travel as `attributes`."""

    time_unix_nano: int
    level: LogLevel
    msg: str
    attributes: dict[str, Any]  # event, seq, pid, then the app's flat fields


class EventLogger:
    """The app's structured logger: a level, a dotted event name, a message and flat fields.

    It writes through a standard `logging.Logger`, so `setLevel`, filters and extra handlers work
    as usual; a record below the level is never created and so takes no `seq`.
    """

    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger

    def log(self, level: LogLevel, event: str, msg: str, fields: dict[str, LogFieldValue] | None = None) -> None:
        levelno = LEVEL_NUMBERS[level]
        if self.logger.isEnabledFor(levelno):
            self.logger.log(levelno, msg, extra={"scl_event": event, "scl_fields": fields or {}})

    def info(self, event: str, msg: str, **fields: LogFieldValue) -> None:
        self.log("info", event, msg, fields)

    def warn(self, event: str, msg: str, **fields: LogFieldValue) -> None:
        self.log("warn", event, msg, fields)

    def error(self, event: str, msg: str, **fields: LogFieldValue) -> None:
        self.log("error", event, msg, fields)

    def set_level(self, level: LogLevel) -> None:
        self.logger.setLevel(LEVEL_NUMBERS[level])
