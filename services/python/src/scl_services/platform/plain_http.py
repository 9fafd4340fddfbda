"""A plain HTTP client to peers (modes none and sidecar): one try, no retries, errors reported as egress kinds."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping

import httpx

from ..request_context import outbound_headers
from ..spec import load_json
from .base import PeerAnswer

# The ambassador has its own per-try timeouts; this only bounds a peer that never answers.
PEER_TIMEOUT_SECONDS = 30.0
EGRESS_ERROR_HEADER = "x-scl-egress-error"
_DROPPED_HEADERS = frozenset({"connection", "keep-alive", "transfer-encoding", "content-length", "content-encoding"})


def egress_error(kind: str) -> PeerAnswer:
    """The same answer the library's egress synthesizes (spec/features.json egress.errorKinds)."""
    definition = load_json("features.json")["egress"]["errorKinds"][kind]
    message = load_json("errors.json")["platform"][definition["code"]]["message"]
    body = json.dumps({"error": {"code": definition["code"], "message": message}}).encode()
    return PeerAnswer(definition["status"], body, {"content-type": "application/json", EGRESS_ERROR_HEADER: kind}, kind)


class PlainPeerClient:
    def __init__(
        self, base_url_of: Callable[[str], str | None], transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._base_url_of = base_url_of
        self._client = httpx.AsyncClient(
            timeout=PEER_TIMEOUT_SECONDS, limits=httpx.Limits(max_connections=None), transport=transport
        )

    async def call(
        self, service: str, method: str, path: str, headers: Mapping[str, str] | None, body: bytes | None
    ) -> PeerAnswer:
        base_url = self._base_url_of(service)
        if base_url is None:
            return egress_error("unknown_service")
        return await self.call_url(base_url + path, method, headers, body)

    async def call_url(
        self, url: str, method: str, headers: Mapping[str, str] | None, body: bytes | None
    ) -> PeerAnswer:
        try:
            response = await self._client.request(
                method, url, headers=outbound_headers(dict(headers or {})), content=body
            )
        except httpx.TimeoutException:
            return egress_error("timeout")
        except httpx.RequestError:
            # Refused, reset, or an answer that cannot be decoded: no usable answer, as in the library.
            return egress_error("connect_error")
        kept = {name: value for name, value in response.headers.items() if name not in _DROPPED_HEADERS}
        # The ambassador marks the answers it made itself; a peer's own answer carries no such header.
        return PeerAnswer(response.status_code, response.content, kept, kept.get(EGRESS_ERROR_HEADER))

    async def close(self) -> None:
        await self._client.aclose()
