"""Mode sidecar: no library. Log lines to SCL_LOG_FILE, config from SCL_CONFIG_FILE, peers via SCL_EGRESS_URL."""
from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp

from ..start_options import StartOptions
from .base import ConfigInUse, LogLevel, MetricError, PeerAnswer
from .config_file import ConfigFileWatcher
from .json_lines import JsonLineLogger
from .plain_http import PlainPeerClient


class SidecarPlatform:
    mode = "sidecar"

    def __init__(self, options: StartOptions, defaults: Mapping[str, Any]) -> None:
        self._defaults = ConfigInUse(0, defaults)
        egress_url = options.egress_url
        self._peers = PlainPeerClient(lambda service: f"{egress_url}/{service}" if egress_url else None)
        self._api_url = options.sidecar_api_url
        self._logger = JsonLineLogger(options.log_file, f"scl.app.{options.instance_id}") if options.log_file else None
        self._watcher = ConfigFileWatcher(options.config_file, defaults, self._apply) if options.config_file else None
        self._follow_task: asyncio.Task[None] | None = None
        self._apply(self._defaults)

    def config(self) -> ConfigInUse:
        return self._watcher.current if self._watcher else self._defaults

    def log(self, level: LogLevel, event: str, msg: str, fields: Mapping[str, Any] | None = None) -> None:
        if self._logger is not None:
            self._logger.log(level, event, msg, fields)

    async def count(self, name: str, value: float, labels: Mapping[str, str] | None = None) -> None:
        """Business counters go to the sidecar's local API, when it has one."""
        if self._api_url is None:
            return
        body = json.dumps({"name": name, "value": value, "labels": dict(labels or {})}).encode()
        answer = await self._peers.call_url(
            f"{self._api_url}/v1/metrics", "POST", {"content-type": "application/json"}, body
        )
        if answer.status == 400:
            raise MetricError("name", answer.body.decode("utf-8", "replace"))

    async def call(
        self, service: str, method: str, path: str, headers: Mapping[str, str] | None = None, body: bytes | None = None
    ) -> PeerAnswer:
        return await self._peers.call(service, method, path, headers, body)

    def wrap(self, app: ASGIApp) -> ASGIApp:
        return app

    def scrape(self) -> tuple[bytes, str] | None:
        return None

    async def start(self) -> None:
        if self._watcher is not None:
            self._watcher.check()
            self._follow_task = asyncio.create_task(self._watcher.follow(), name="scl-config-file")

    async def stop(self) -> None:
        if self._follow_task is not None:
            self._follow_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._follow_task
        await self._peers.close()
        if self._logger is not None:
            self._logger.close()

    def _apply(self, applied: ConfigInUse) -> None:
        if self._logger is not None:
            self._logger.set_level(applied.config.get("logLevel", "info"))
