"""OTLP/HTTP JSON: queued records to an ExportLogsServiceRequest (spec/features.md, logs export)."""

from __future__ import annotations

import json
import math
import time
from collections.abc import Iterable, Mapping
from typing import Any

from ..spec import features_spec, load_json
from .records import SEVERITY_NUMBERS, QueuedRecord

SCOPE_NAME: str = features_spec()["logs"]["scopeName"]
# Fields the line schema types as `number` are always doubles, so `duration_seconds` 0 ships as
# a double like every other duration (as library/ts does; spec/features.md's example says intValue).
DOUBLE_FIELDS = frozenset(
    key for key, prop in load_json("log-line.schema.json")["properties"].items() if prop.get("type") == "number"
)


MAX_SAFE_INTEGER = 2**53 - 1


def any_value(value: Any) -> dict[str, Any]:
    """A typed OTLP AnyValue, by the spec's rule for numbers (spec/features.md logs export).

    The rule is JavaScript's: a number that is a safe integer is an intValue, any other a
    doubleValue. So Python's float 2.0 ships as intValue "2", and its int 2**60 as a double.
    bool is tested first: in Python it is an int.
    """
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int | float) and math.isfinite(value):
        if value == int(value) and abs(value) <= MAX_SAFE_INTEGER:
            return {"intValue": str(int(value))}
        return {"doubleValue": float(value)}
    if isinstance(value, str):
        return {"stringValue": value}
    return {"stringValue": json.dumps(value, separators=(",", ":"), default=str)}


def key_values(attributes: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"key": key, "value": _attribute_value(key, value)} for key, value in attributes.items()]


def _attribute_value(key: str, value: Any) -> dict[str, Any]:
    if key in DOUBLE_FIELDS and isinstance(value, int | float) and not isinstance(value, bool):
        return {"doubleValue": float(value)}
    return any_value(value)


def log_record(record: QueuedRecord, observed_time_unix_nano: str) -> dict[str, Any]:
    return {
        "timeUnixNano": str(record.time_unix_nano),
        "observedTimeUnixNano": observed_time_unix_nano,
        "severityText": record.level.upper(),
        "severityNumber": SEVERITY_NUMBERS[record.level],
        "body": {"stringValue": record.msg},
        "attributes": key_values(record.attributes),
    }


def export_request(
    resource: Mapping[str, str], records: Iterable[QueuedRecord], observed_time_unix_nano: int | None = None
) -> dict[str, Any]:
    """`observed_time_unix_nano` is the export time (default: now)."""
    observed = str(observed_time_unix_nano if observed_time_unix_nano is not None else time.time_ns())
    return {
        "resourceLogs": [
            {
                "resource": {"attributes": key_values(resource)},
                "scopeLogs": [
                    {"scope": {"name": SCOPE_NAME}, "logRecords": [log_record(r, observed) for r in records]}
                ],
            }
        ]
    }
