"""The registry feature: register once listening, heartbeat the TTL, re-register when forgotten, deregister."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

import httpx
from prometheus_client import CollectorRegistry, Counter, Gauge

from ..feature import FeatureName
from ..settings import RegistrySettings
from ..tasks import cancel_and_wait
from .client import RegistryClient

_log = logging.getLogger(__name__)
REGISTRY_CALL_TIMEOUT_SECONDS = 2.0  # one register, heartbeat or deregister call (as library/ts)


@dataclass(frozen=True, slots=True)
class Registration:
    service: str
    instance_id: str
    address: str  # what the registry advertises: SCL_HOST
    port: int  # SCL_PUBLIC_PORT


class RegistryFeature:
    name: FeatureName = "registry"

    def __init__(
        self,
        registration: Registration,
        settings: RegistrySettings,
        registry: CollectorRegistry,
        client: RegistryClient,
    ) -> None:
        self._registration = registration
        self._ttl_seconds = settings.ttl_seconds
        self._interval_seconds = settings.heartbeat_interval_seconds
        self._timeout_seconds = REGISTRY_CALL_TIMEOUT_SECONDS
        self._client = client
        self._registered = Gauge(
            "scl_registry_registered", "1 while the instance is registered, else 0", registry=registry
        )
        heartbeats = Counter(
            "scl_registry_heartbeats_total", "heartbeats sent: result ok or error", ("result",), registry=registry
        )
        self._heartbeat_ok = heartbeats.labels("ok")
        self._heartbeat_error = heartbeats.labels("error")
        self._is_registered = False
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Registers now when the control plane answers; otherwise the heartbeat loop keeps trying."""
        await self._register()
        self._task = asyncio.create_task(self._heartbeat_loop(), name="scl-registry-heartbeat")

    async def stop(self) -> None:
        """Deregisters, so no caller is sent here while the server drains, and stops heartbeating.

        The heartbeat task is cancelled just before the deregister call rather than after it: a
        re-register already in flight could otherwise land after the deregister.
        """
        if self._task is not None:
            await cancel_and_wait(self._task)
            self._task = None
        if self._is_registered:
            try:
                await self._client.deregister(self._registration.instance_id, self._timeout_seconds)
            except httpx.HTTPError as error:
                _log.warning("registry: deregister failed, the TTL will expire the instance: %r", error)
            self._set_registered(False)

    async def _register(self) -> None:
        registration = self._registration
        try:
            await self._client.register(
                {
                    "service": registration.service,
                    "id": registration.instance_id,
                    "address": registration.address,
                    "port": registration.port,
                    "ttlSeconds": self._ttl_seconds,
                },
                self._timeout_seconds,
            )
        except httpx.HTTPError as error:
            _log.warning("registry: register failed, will retry: %r", error)
            return
        self._set_registered(True)

    def _set_registered(self, registered: bool) -> None:
        self._is_registered = registered
        self._registered.set(1 if registered else 0)

    async def _heartbeat_loop(self) -> None:
        while True:
            await asyncio.sleep(self._interval_seconds)
            if not self._is_registered:
                await self._register()
                continue
            try:
                status = await self._client.heartbeat(self._registration.instance_id, self._timeout_seconds)
            except httpx.HTTPError:
                status = 0
            if status == 200:
                self._heartbeat_ok.inc()
                continue
            self._heartbeat_error.inc()
            if status == 404:
                self._set_registered(False)
                await self._register()
