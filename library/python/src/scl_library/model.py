"""Public types of the Python library; services/python codes against these."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

LogLevel = Literal["debug", "info", "warn", "error"]
LogFieldValue = str | int | float | bool

# spec/config.schema.json: logLevel always, banner / maxAmountCents / pageSizeMax per service.
ConfigDocument = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class AppliedConfig:
    """A config in use: version 0 is the built-in defaults."""

    version: int
    config: ConfigDocument


@dataclass(frozen=True, slots=True)
class EgressRequest:
    method: str
    path: str  # on the target service, starting with `/`, query included
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes | None = None


@dataclass(frozen=True, slots=True)
class EgressResponse:
    """A downstream's answer, or one the egress synthesized (spec/features.json egress.errorKinds)."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    attempts: int  # tries made, the first included
    error_kind: str | None = None  # unknown_service, no_instance, circuit_open, timeout, connect_error
