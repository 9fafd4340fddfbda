"""The config feature: blocking pull from the control plane, validate, keep the last good, hot-reload."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from urllib.parse import quote

import httpx
from prometheus_client import CollectorRegistry, Counter, Gauge

from ..feature import FeatureName
from ..model import AppliedConfig, ConfigDocument
from ..registry.client import wait_param
from ..settings import ConfigSettings
from ..tasks import cancel_and_wait
from .validation import Rejected, parse_answer

_log = logging.getLogger(__name__)
ConfigListener = Callable[[AppliedConfig], None]
FIRST_PULL_SECONDS = 1.5


class ConfigFeature:
    name: FeatureName = "config"

    def __init__(
        self,
        service: str,
        defaults: ConfigDocument,
        settings: ConfigSettings,
        registry: CollectorRegistry,
        client: httpx.AsyncClient,
        controlplane_url: str,
    ) -> None:
        self.current = AppliedConfig(0, defaults)
        self._url = f"{controlplane_url}/v1/config/{quote(service)}"
        self._wait_seconds = settings.wait_seconds
        self._retry_backoff_seconds = settings.retry_backoff_seconds
        self._client = client
        self._listeners: list[ConfigListener] = []
        self._index = 0
        self._task: asyncio.Task[None] | None = None
        self._version = Gauge(
            "scl_config_version", "version of the config in use (0: built-in defaults)", registry=registry
        )
        self._applied = Counter("scl_config_applied_total", "config versions applied", registry=registry)
        self._errors = Counter(
            "scl_config_errors_total",
            "answers not applied: reason fetch, empty, invalid_json or schema",
            ("reason",),
            registry=registry,
        )

    def on_config(self, listener: ConfigListener) -> None:
        """`listener` gets every newly applied config, on the event loop."""
        self._listeners.append(listener)

    async def start(self) -> None:
        """One pull that answers at once, for at most 1.5 s: a control plane that is down never blocks
        the app's start, which then runs on the defaults while the loop keeps asking."""
        try:
            async with asyncio.timeout(FIRST_PULL_SECONDS):
                await self._pull_once(wait_seconds=0)
        except TimeoutError:
            self._reject("fetch", f"no answer within {FIRST_PULL_SECONDS} s at start")
        self._task = asyncio.create_task(self._follow(), name="scl-config-pull")

    async def stop(self) -> None:
        if self._task is not None:
            await cancel_and_wait(self._task)
            self._task = None

    async def _follow(self) -> None:
        while True:
            if not await self._pull_once(self._wait_seconds):
                await asyncio.sleep(self._retry_backoff_seconds)

    async def _pull_once(self, wait_seconds: float) -> bool:
        """False when the answer was not applied (counted by reason); the caller waits before asking again."""
        try:
            response = await self._client.get(
                self._url,
                params={"index": str(self._index), "wait": wait_param(wait_seconds)},
                timeout=wait_seconds + 5,
            )
        except httpx.HTTPError as error:
            return self._reject("fetch", repr(error))
        if response.status_code != 200:
            return self._reject("fetch", f"status {response.status_code}")
        answer = parse_answer(response.content)
        if isinstance(answer, Rejected):
            # The index stays at the last good answer, so the next pull asks again at once.
            return self._reject(answer.reason, answer.detail)
        self._index = int(response.headers.get("x-scl-index", answer.version))
        if answer.version != self.current.version:
            self._apply(answer)
        return True

    def _apply(self, applied: AppliedConfig) -> None:
        self.current = applied
        self._version.set(applied.version)
        self._applied.inc()
        for listener in self._listeners:
            try:
                listener(applied)
            except Exception:
                _log.exception("config: a reload listener failed; the config is applied all the same")

    def _reject(self, reason: str, detail: str) -> bool:
        self._errors.labels(reason).inc()
        _log.warning("config: answer not applied (%s): %s", reason, detail)
        return False
