"""Sidecar mode: one `http.request` record per completed request, written by the app to its log file."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..request_context import current_request_id
from .base import LogLevel

# Not counted (spec/features.md): the exposition, health checks and the conformance hooks.
_UNOBSERVED = frozenset({"/metrics", "/health"})

WriteRecord = Callable[[LogLevel, str, str, Mapping[str, Any] | None], None]


class AccessLogMiddleware:
    def __init__(self, app: ASGIApp, write: WriteRecord) -> None:
        self.app = app
        self._write = write

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or path in _UNOBSERVED or path.startswith("/_scl/"):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            route = getattr(scope.get("route"), "path", "other")
            self._write(
                "info",
                "http.request",
                "request completed",
                {
                    "request_id": current_request_id.get(),
                    "http_route": route,
                    "http_method": scope["method"],
                    "http_status": status,
                    "duration_seconds": time.perf_counter() - started,
                },
            )
