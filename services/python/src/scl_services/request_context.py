"""x-request-id: taken from the request or generated, echoed, and available to outbound calls."""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID_HEADER = "x-request-id"
_HEADER = REQUEST_ID_HEADER.encode()
# Reused when 1 to 128 printable ASCII characters, else replaced (spec/features.md logs).
_VALID_ID = re.compile(rb"[\x21-\x7e]{1,128}")
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="")


class RequestIdMiddleware:
    """Outermost: the id is also written into the request's headers, so every layer below reads one place."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers: list[tuple[bytes, bytes]] = scope["headers"]
        raw = next((value for name, value in headers if name == _HEADER), None)
        if raw is None or not _VALID_ID.fullmatch(raw):
            raw = str(uuid.uuid4()).encode()
            scope["headers"] = [*(h for h in headers if h[0] != _HEADER), (_HEADER, raw)]
        current_request_id.set(raw.decode("latin-1"))
        header = (_HEADER, raw)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        await self.app(scope, receive, send_with_id)


def outbound_headers(headers: dict[str, Any] | None = None) -> dict[str, str]:
    """Headers of an outbound call made for the current request: the caller's, plus its request id."""
    result = {str(name).lower(): str(value) for name, value in (headers or {}).items()}
    request_id = current_request_id.get()
    if request_id and REQUEST_ID_HEADER not in result:
        result[REQUEST_ID_HEADER] = request_id
    return result
