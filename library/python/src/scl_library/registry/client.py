"""The registry half of the control plane API (spec/controlplane.openapi.yaml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx


@dataclass(frozen=True, slots=True)
class Instance:
    id: str
    address: str
    port: int

    @property
    def base_url(self) -> str:
        return f"http://{self.address}:{self.port}"


@dataclass(frozen=True, slots=True)
class ServiceInstances:
    """One answer of the blocking query: `known` is false for a name nobody ever registered."""

    known: bool
    index: int
    instances: tuple[Instance, ...]


def wait_param(seconds: float) -> str:
    """`10s`, `0.5s`: the control plane's duration syntax."""
    return f"{seconds:g}s"


class RegistryClient:
    def __init__(self, client: httpx.AsyncClient, controlplane_url: str) -> None:
        self._client = client
        self._base = f"{controlplane_url}/v1/registry"

    async def register(self, registration: dict[str, Any], timeout_seconds: float) -> None:
        response = await self._client.put(f"{self._base}/register", json=registration, timeout=timeout_seconds)
        response.raise_for_status()

    async def heartbeat(self, instance_id: str, timeout_seconds: float) -> int:
        """The status code: 200 renewed, 404 the control plane forgot the instance."""
        response = await self._client.put(f"{self._base}/heartbeat/{quote(instance_id)}", timeout=timeout_seconds)
        return response.status_code

    async def deregister(self, instance_id: str, timeout_seconds: float) -> None:
        await self._client.put(f"{self._base}/deregister/{quote(instance_id)}", timeout=timeout_seconds)

    async def passing(self, service: str, index: int, wait_seconds: float) -> ServiceInstances:
        """Blocks while the service's index is still `index` (up to `wait_seconds`)."""
        response = await self._client.get(
            f"{self._base}/services/{quote(service)}",
            params={"passing": "true", "index": str(index), "wait": wait_param(wait_seconds)},
            timeout=wait_seconds + 5,
        )
        if response.status_code == 400:  # a name the registry cannot hold: no such service can exist
            return ServiceInstances(False, index, ())
        response.raise_for_status()
        body = response.json()
        instances = tuple(
            Instance(item["id"], item["address"], int(item["port"]))
            for item in body["instances"]
            if item.get("status", "passing") == "passing"
        )
        return ServiceInstances(bool(body["known"]), int(response.headers.get("x-scl-index", body["index"])), instances)
