"""Mode sidecar: no library. Log lines to SCL_LOG_FILE, config from SCL_CONFIG_FILE, peers via SCL_EGRESS_URL."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp

from ..start_options import StartOptions
from ..tasks import cancel_and_wait
from .access_log import AccessLogMiddleware
from .base import ConfigInUse, LogLevel, PeerAnswer
from .business_metrics import check_counter_input
from .config_file import ConfigFileWatcher
from .counter_sender import CounterSender
from .json_lines import JsonLineLogger
from .plain_http import PlainPeerClient

# On stop, queued business counters get this long to reach the sidecar (the logs feature's flush bound).
COUNTER_FLUSH_SECONDS = 5.0


class SidecarPlatform:
    mode = "sidecar"

    def __init__(self, options: StartOptions, defaults: Mapping[str, Any]) -> None:
        self._defaults = ConfigInUse(0, defaults)
        egress_url, peers = options.egress_url, options.peers
        if egress_url is not None:
            self._peers = PlainPeerClient(lambda service: f"{egress_url}/{service}")
        else:
            self._peers = PlainPeerClient(peers.get)
        # The sidecar's local API takes business counters; without it they are checked and dropped.
        self._counters = (
            CounterSender(f"{options.sidecar_api_url}/v1/metrics", self._peers)
            if options.sidecar_api_url and "metrics" in options.features
            else None
        )
        self._logger = JsonLineLogger(options.log_file, f"scl.app.{options.instance_id}") if options.log_file else None
        self._watcher = (
            ConfigFileWatcher(options.config_file, defaults, self._applied, self._rejected)
            if options.config_file
            else None
        )
        self._follow_task: asyncio.Task[None] | None = None
        if self._logger is not None:
            self._logger.set_level(defaults.get("logLevel", "info"))

    def config(self) -> ConfigInUse:
        return self._watcher.current if self._watcher else self._defaults

    def log(self, level: LogLevel, event: str, msg: str, fields: Mapping[str, Any] | None = None) -> None:
        if self._logger is not None:
            self._logger.log(level, event, msg, fields)

    async def count(self, name: str, value: float, labels: Mapping[str, str] | None = None) -> None:
        """Checked here; queued for the sender task, so the request never waits for the sidecar."""
        check_counter_input(name, value, dict(labels) if labels else None)
        if self._counters is not None:
            self._counters.send(name, value, labels or {})

    async def call(
        self, service: str, method: str, path: str, headers: Mapping[str, str] | None = None, body: bytes | None = None
    ) -> PeerAnswer:
        return await self._peers.call(service, method, path, headers, body)

    def wrap(self, app: ASGIApp) -> ASGIApp:
        return AccessLogMiddleware(app, self.log) if self._logger else app

    def scrape(self) -> tuple[bytes, str] | None:
        return None

    async def start(self) -> None:
        if self._counters is not None:
            self._counters.start()
        if self._logger is not None:
            # logrotate's convention: after renaming the file away, it signals the app to reopen the path.
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self._logger.reopen)
        if self._watcher is not None:
            self._watcher.check()
            self._follow_task = asyncio.create_task(self._watcher.follow(), name="scl-config-file")

    async def withdraw(self) -> None:
        pass  # the sidecar deregisters the app on its own SIGTERM

    async def stop(self) -> None:
        if self._follow_task is not None:
            await cancel_and_wait(self._follow_task)
        if self._counters is not None:
            await self._counters.stop(COUNTER_FLUSH_SECONDS)
        await self._peers.close()
        if self._logger is not None:
            self._logger.close()

    def _applied(self, applied: ConfigInUse) -> None:
        if self._logger is not None:
            self._logger.set_level(applied.config["logLevel"])
        if self._follow_task is None:
            return  # the file found at start is not news
        self.log(
            "info", "config.applied", f"config version {applied.version} in use", {"config_version": applied.version}
        )

    def _rejected(self, detail: str) -> None:
        version = self.config().version
        self.log("warn", "config.rejected", f"config file not applied, keeping version {version}", {"detail": detail})
