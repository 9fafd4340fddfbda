"""Mode none: no features at all. Built-in config, no logs, peers from SCL_PEERS over a plain client."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp

from ..start_options import StartOptions
from .base import ConfigInUse, LogLevel, PeerAnswer
from .plain_http import PlainPeerClient


class NonePlatform:
    mode = "none"

    def __init__(self, options: StartOptions, defaults: Mapping[str, Any]) -> None:
        self._config = ConfigInUse(0, defaults)
        self._peers = PlainPeerClient(options.peers.get)

    def config(self) -> ConfigInUse:
        return self._config

    def log(self, level: LogLevel, event: str, msg: str, fields: Mapping[str, Any] | None = None) -> None:
        pass

    async def count(self, name: str, value: float, labels: Mapping[str, str] | None = None) -> None:
        pass

    async def call(
        self, service: str, method: str, path: str, headers: Mapping[str, str] | None = None, body: bytes | None = None
    ) -> PeerAnswer:
        return await self._peers.call(service, method, path, headers, body)

    def wrap(self, app: ASGIApp) -> ASGIApp:
        return app

    def scrape(self) -> tuple[bytes, str] | None:
        return None

    async def start(self) -> None:
        pass

    async def withdraw(self) -> None:
        pass

    async def stop(self) -> None:
        await self._peers.close()
