"""ASGI middleware: hands every completed inbound request to the features' observe step."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from .feature import Exchange

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Not counted (spec/features.md, metrics): the exposition itself, health checks, conformance hooks.
_UNOBSERVED_PATHS = frozenset({"/metrics", "/health"})
_HOOK_PREFIX = "/_scl/"
_REQUEST_ID = b"x-request-id"


def route_template(scope: Scope) -> str:
    """The matched route's path template, or `other`.

    Starlette's router leaves the matched route in `scope["route"]`; any framework that does the
    same gets the right label.
    """
    route = scope.get("route")
    path = getattr(route, "path", None)
    return path if isinstance(path, str) else "other"


def _request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == _REQUEST_ID:
            return str(value.decode("latin-1"))
    return ""


class ObserveMiddleware:
    def __init__(self, app: ASGIApp, observe: Callable[[Exchange], None]) -> None:
        self.app = app
        self._observe = observe

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in _UNOBSERVED_PATHS or path.startswith(_HOOK_PREFIX):
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client sees when the app raised before answering

        async def send_and_note_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_note_status)
        finally:
            self._observe(
                Exchange(
                    route_template(scope),
                    scope["method"],
                    status,
                    time.perf_counter() - started,
                    _request_id(scope),
                )
            )
