"""Mode library: the Python copy of the library, in-process (library/python)."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from scl_library import (
    BusinessMetricError,
    EgressRequest,
    Library,
    LibraryOptions,
    load_settings,
)
from starlette.types import ASGIApp

from ..request_context import outbound_headers
from ..start_options import StartOptions
from .base import ConfigInUse, LogLevel, MetricError, PeerAnswer

# spec/start-contract.md: after deregistering, peers get this long to see it before the server stops accepting.
DEREGISTRATION_PROPAGATION_SECONDS = 0.25


class LibraryPlatform:
    mode = "library"

    def __init__(self, options: StartOptions, defaults: Mapping[str, Any]) -> None:
        assert options.controlplane_url is not None  # checked by StartOptions
        self.library = Library(
            LibraryOptions(
                service=options.service,
                instance_id=options.instance_id,
                controlplane_url=options.controlplane_url,
                advertise_address=options.host,
                advertise_port=options.public_port,
                config_defaults=defaults,
                features=tuple(options.features),  # type: ignore[arg-type]
                settings=load_settings(),
            )
        )

    def config(self) -> ConfigInUse:
        applied = self.library.config()
        return ConfigInUse(applied.version, applied.config)

    def log(self, level: LogLevel, event: str, msg: str, fields: Mapping[str, Any] | None = None) -> None:
        self.library.log.log(level, event, msg, dict(fields) if fields else None)

    async def count(self, name: str, value: float, labels: Mapping[str, str] | None = None) -> None:
        try:
            self.library.metrics.count(name, value, labels)
        except BusinessMetricError as error:
            raise MetricError(error.field, str(error)) from None

    async def call(
        self, service: str, method: str, path: str, headers: Mapping[str, str] | None = None, body: bytes | None = None
    ) -> PeerAnswer:
        answer = await self.library.egress(
            service, EgressRequest(method, path, outbound_headers(dict(headers or {})), body)
        )
        return PeerAnswer(answer.status, answer.body, answer.headers, answer.error_kind)

    def wrap(self, app: ASGIApp) -> ASGIApp:
        return self.library.middleware(app)

    def scrape(self) -> tuple[bytes, str] | None:
        return self.library.scrape()

    async def start(self) -> None:
        await self.library.start()

    async def withdraw(self) -> None:
        await self.library.deregister()
        await asyncio.sleep(DEREGISTRATION_PROPAGATION_SECONDS)

    async def stop(self) -> None:
        await self.library.stop()
