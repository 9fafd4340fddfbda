"""The seam between business code and the mode: one Platform per mode, the handlers never ask which."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from starlette.types import ASGIApp

LogLevel = Literal["debug", "info", "warn", "error"]
LOG_LEVELS: tuple[LogLevel, ...] = ("debug", "info", "warn", "error")


@dataclass(frozen=True, slots=True)
class ConfigInUse:
    """The config the app uses now; version 0 is the built-in defaults."""

    version: int
    config: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class PeerAnswer:
    """What a call to another service answered, or the egress error that stood in for an answer."""

    status: int
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    error_kind: str | None = None


class MetricError(ValueError):
    """A business counter call with a bad name, value or labels."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class Platform(Protocol):
    mode: str

    def config(self) -> ConfigInUse: ...

    def log(self, level: LogLevel, event: str, msg: str, fields: Mapping[str, Any] | None = None) -> None: ...

    async def count(self, name: str, value: float, labels: Mapping[str, str] | None = None) -> None:
        """Adds to the business counter scl_business_<name>; raises MetricError on bad input."""

    async def call(
        self, service: str, method: str, path: str, headers: Mapping[str, str] | None = None, body: bytes | None = None
    ) -> PeerAnswer:
        """Calls another service the way this mode does; x-request-id is added from the current request."""

    def wrap(self, app: ASGIApp) -> ASGIApp:
        """The ASGI app with whatever this mode puts around requests (library: the features' observe)."""

    def scrape(self) -> tuple[bytes, str] | None:
        """The app's own /metrics (body, content type), or None where the app serves none."""

    async def start(self) -> None: ...

    async def withdraw(self) -> None:
        """On SIGTERM, before the server stops accepting: library mode deregisters and gives peers'
        registry watches a moment to see it. Modes none and sidecar have nothing to do."""

    async def stop(self) -> None: ...
