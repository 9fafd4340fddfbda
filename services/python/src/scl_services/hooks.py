"""The /_scl/* conformance hooks (SCL_TEST_HOOKS=1): drive a feature through the app, the way this mode does."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import bodies
from .errors import invalid
from .platform import LogLevel, MetricError, Platform
from .platform.business_metrics import check_counter_input

_LEVELS: tuple[LogLevel, ...] = ("debug", "info", "warn", "error")
_MAX_LOG_COUNT = 100_000
_EVENT = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*")
_METHOD = re.compile(r"[A-Za-z]+")
_PATH = re.compile(r"/.*", re.DOTALL)
_RESERVED_FIELDS = frozenset({"time", "level", "msg", "event", "seq", "pid"})
# json.loads keeps an escaped lone surrogate ("\ud800") as one code point of this range;
# a valid pair is one code point above it
_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


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
        service = _string(body, "service", 100)
        if not service.strip():
            raise invalid("service", "service must not be blank")
        method = _string(body, "method", 20, _METHOD).upper()
        path = _string(body, "path", 8192, _PATH)
        # The hook's own request id and a JSON content type first; `headers` add to or replace them.
        headers = {"x-request-id": request.headers.get("x-request-id", "")}
        content = None
        if "body" in body:
            content = json.dumps(body["body"], separators=(",", ":")).encode()
            headers["content-type"] = "application/json"
        headers.update({name.lower(): value for name, value in _string_map(body, "headers").items()})
        answer = await self._platform.call(service, method, path, headers, content)
        return JSONResponse(
            {"status": answer.status, "headers": dict(answer.headers), "body": answer.body.decode("utf-8", "replace")}
        )

    async def log(self, request: Request) -> Response:
        body = await bodies.read_json_object(request)
        level = body.get("level")
        if level not in _LEVELS:
            raise invalid("level", f"level must be one of {', '.join(_LEVELS)}")
        event = _string(body, "event", 200, _EVENT)
        msg = _well_formed(_string(body, "msg", 65_536))
        fields = _log_fields(body)
        count = 1 if body.get("count") is None else bodies.integer(body["count"], "count", 1, _MAX_LOG_COUNT)
        for _ in range(count):
            self._platform.log(level, event, msg, fields)
        return Response(status_code=204)

    async def metric(self, request: Request) -> Response:
        body = await bodies.read_json_object(request)
        name, value, labels = body.get("name"), body.get("value"), body.get("labels")
        try:
            await self._platform.count(*check_counter_input(name, value, labels))
        except MetricError as error:
            raise invalid(error.field, str(error)) from None
        return Response(status_code=204)

    async def config(self, _request: Request) -> Response:
        in_use = self._platform.config()
        return JSONResponse({"version": in_use.version, "config": dict(in_use.config)})


def _string(body: dict[str, Any], field: str, max_length: int, pattern: re.Pattern[str] | None = None) -> str:
    value = body.get(field)
    if value is None:
        raise invalid(field, f"{field} is required")
    if not isinstance(value, str):
        raise invalid(field, f"{field} must be a string")
    if len(value) > max_length:
        raise invalid(field, f"{field} must be at most {max_length} characters")
    if pattern is not None and not pattern.fullmatch(value):
        raise invalid(field, f"{field} has an invalid format")
    return value


def _string_map(body: dict[str, Any], field: str) -> dict[str, str]:
    value = body.get(field)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid(field, f"{field} must be an object of strings")
    for key, entry in value.items():
        if not isinstance(entry, str):
            raise invalid(f"{field}.{key}", f"{field}.{key} must be a string")
    return value


def _log_fields(body: dict[str, Any]) -> dict[str, Any]:
    if "fields" not in body:  # absent is no fields; null is not an object
        return {}
    value = body["fields"]
    if not isinstance(value, dict):
        raise invalid("fields", "fields must be an object")
    fields: dict[str, Any] = {}
    for key, entry in value.items():
        if key in _RESERVED_FIELDS:
            raise invalid(f"fields.{key}", f"fields.{key} is set by the logger and cannot be given")
        if not (isinstance(entry, str | bool | int) or (isinstance(entry, float) and math.isfinite(entry))):
            raise invalid(f"fields.{key}", f"fields.{key} must be a string, number or boolean")
        fields[_well_formed(key)] = _well_formed(entry) if isinstance(entry, str) else entry
    return fields


def _well_formed(text: str) -> str:
    """Each lone surrogate becomes U+FFFD, as Go's and Node's UTF-8 decoders do."""
    return _LONE_SURROGATE.sub("\ufffd", text)
