"""The /_scl/* conformance hooks (SCL_TEST_HOOKS=1): drive a feature through the app, the way this mode does."""
from __future__ import annotations

import json
import math
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import bodies
from .errors import invalid
from .platform import LogLevel, MetricError, Platform

_LEVELS: tuple[LogLevel, ...] = ("debug", "info", "warn", "error")
_MAX_LOG_COUNT = 100_000


class HooksApi:
    def __init__(self, platform: Platform) -> None:
        self._platform = platform

    def routes(self) -> list[Route]:
        return [
            Route("/_scl/egress", self.egress, methods=["POST"]),
            Route("/_scl/log", self.log, methods=["POST"]),
            Route("/_scl/metric", self.metric, methods=["POST"]),
            Route("/_scl/config", self.config, methods=["GET"]),
        ]

    async def egress(self, request: Request) -> Response:
        body = await bodies.read_json_object(request)
        service, method, path = body.get("service"), body.get("method"), body.get("path")
        if not isinstance(service, str) or not service:
            raise invalid("service", "service must be a service name")
        if not isinstance(method, str) or not method:
            raise invalid("method", "method must be an HTTP method")
        if not isinstance(path, str) or not path.startswith("/"):
            raise invalid("path", "path must start with /")
        headers = body.get("headers") or {}
        if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
            raise invalid("headers", "headers must map names to strings")
        content = None
        if "body" in body:
            content = json.dumps(body["body"]).encode()
            headers = {"content-type": "application/json", **headers}
        answer = await self._platform.call(service, method.upper(), path, headers, content)
        return JSONResponse(
            {
                "status": answer.status,
                "headers": dict(answer.headers),
                "body": answer.body.decode("utf-8", "replace"),
            }
        )

    async def log(self, request: Request) -> Response:
        body = await bodies.read_json_object(request)
        level, event, msg = body.get("level"), body.get("event"), body.get("msg")
        if level not in _LEVELS:
            raise invalid("level", f"level must be one of {', '.join(_LEVELS)}")
        if not isinstance(event, str) or not event:
            raise invalid("event", "event must be a dotted event name")
        if not isinstance(msg, str):
            raise invalid("msg", "msg must be a string")
        fields: dict[str, Any] = body.get("fields") or {}
        if not isinstance(fields, dict) or not all(_is_field_value(v) for v in fields.values()):
            raise invalid("fields", "fields must map names to strings, numbers or booleans")
        count = bodies.integer(body.get("count", 1), "count", 1, _MAX_LOG_COUNT)
        for _ in range(count):
            self._platform.log(level, event, msg, fields)
        return Response(status_code=204)

    async def metric(self, request: Request) -> Response:
        body = await bodies.read_json_object(request)
        labels = body.get("labels") or {}
        if not isinstance(labels, dict):
            raise invalid("labels", "labels must map names to strings")
        try:
            await self._platform.count(body.get("name"), body.get("value"), labels)  # type: ignore[arg-type]
        except MetricError as error:
            raise invalid(error.field, str(error)) from None
        return Response(status_code=204)

    async def config(self, _request: Request) -> Response:
        in_use = self._platform.config()
        return JSONResponse({"version": in_use.version, "config": dict(in_use.config)})


def _is_field_value(value: Any) -> bool:
    return isinstance(value, str | bool | int) or (isinstance(value, float) and math.isfinite(value))
