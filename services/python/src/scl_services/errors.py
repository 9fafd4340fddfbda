"""Error answers of every service: {"error":{"code","message","field"?}} with spec/errors.json's service codes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Match, Route

from .spec import load_json

_CATALOGUE: dict[str, dict[str, object]] = load_json("errors.json")["service"]


class ApiError(Exception):
    """Raised anywhere in a handler; rendered as the spec's error body."""

    def __init__(self, code: str, field: str | None = None, message: str | None = None, status: int | None = None):
        entry = _CATALOGUE[code]
        super().__init__(message or str(entry["message"]))
        self.code = code
        self.field = field
        self.message = message or str(entry["message"])
        self.status = status if status is not None else int(str(entry["status"]))


def invalid(field: str, message: str) -> ApiError:
    return ApiError("validation_failed", field, message)


def error_body(code: str, message: str, field: str | None = None) -> dict[str, object]:
    error: dict[str, object] = {"code": code, "message": message}
    if field is not None:
        error["field"] = field
    return {"error": error}


async def render_api_error(_request: Request, error: Exception) -> Response:
    assert isinstance(error, ApiError)
    return JSONResponse(error_body(error.code, error.message, error.field), error.status)


async def render_http_error(request: Request, error: Exception) -> Response:
    """Starlette's own 404 and 405 (no route; a known path with another method) in the spec's shape."""
    assert isinstance(error, HTTPException)
    if error.status_code == 405:
        allowed = _allowed_methods(request)
        message = f"{request.url.path} serves {allowed}, not {request.method}"
        return JSONResponse(error_body("method_not_allowed", message), 405, headers={"allow": allowed})
    message = f"no route {request.method} {request.url.path}"
    return JSONResponse(error_body("not_found", message), error.status_code, headers=error.headers)


def _allowed_methods(request: Request) -> str:
    """Every route of the path, not only the first: Starlette's own Allow names just the first route that matched it."""
    methods: set[str] = set()
    for route in request.app.router.routes:
        if isinstance(route, Route) and route.methods and route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods
    return ", ".join(sorted(methods))


def internal_error_renderer(
    log_failure: Callable[[Request, Exception], None],
) -> Callable[[Request, Exception], Awaitable[Response]]:
    """A bug answers 500 internal_error in the spec's shape; the cause goes to the log, not to the client."""

    async def render(request: Request, error: Exception) -> Response:
        log_failure(request, error)
        entry = _CATALOGUE["internal_error"]
        return JSONResponse(error_body("internal_error", str(entry["message"])), int(str(entry["status"])))

    return render
