"""OTLP/HTTP JSON: queued records to an ExportLogsServiceRequest (spec/features.md, logs export)."""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

from ..spec import features_spec
from .records import SEVERITY_NUMBERS, QueuedRecord

SCOPE_NAME: str = features_spec()["logs"]["scopeName"]


def any_value(value: Any) -> dict[str, Any]:
    """A typed OTLP AnyValue. bool is tested first: in Python it is an int."""
    if isinstance(value, bool):
        return {"boolValue": value}
    if isinstance(value, int):
        return {"intValue": str(value)}
    if isinstance(value, float) and math.isfinite(value):
        return {"doubleValue": value}
    return {"stringValue": str(value)}


def key_values(attributes: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [{"key": key, "value": any_value(value)} for key, value in attributes.items()]


def log_record(record: QueuedRecord) -> dict[str, Any]:
    return {
        "timeUnixNano": str(record.time_unix_nano),
        "severityText": record.level.upper(),
        "severityNumber": SEVERITY_NUMBERS[record.level],
        "body": {"stringValue": record.msg},
        "attributes": key_values(record.attributes),
    }


def export_request(resource: Mapping[str, str], records: Iterable[QueuedRecord]) -> dict[str, Any]:
    return {
        "resourceLogs": [
            {
                "resource": {"attributes": key_values(resource)},
                "scopeLogs": [{"scope": {"name": SCOPE_NAME}, "logRecords": [log_record(r) for r in records]}],
            }
        ]
    }
