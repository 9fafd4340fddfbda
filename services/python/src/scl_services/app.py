"""Builds one service's ASGI app: its routes, /health, the hooks, and what the mode wraps around them."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from .customers import CustomersApi
from .customers_store import CustomersStore
from .errors import ApiError, internal_error_renderer, render_api_error, render_http_error
from .hooks import HooksApi
from .payment import PaymentApi
from .payments_store import PaymentsStore
from .platform import Platform
from .request_context import RequestIdMiddleware
from .start_options import StartOptions


def build_app(options: StartOptions, platform: Platform) -> ASGIApp:
    routes, close_store = _service_routes(options, platform)
    routes.append(Route("/health", _health(platform), methods=["GET"]))
    if platform.scrape() is not None:
        routes.append(Route("/metrics", _metrics(platform), methods=["GET"]))
    if options.test_hooks:
        routes.extend(HooksApi(platform).routes())

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # The socket is already listening (main.py), so registration happens once the server listens.
        await platform.start()
        try:
            yield
        finally:
            await platform.stop()
            close_store()

    def log_failure(request: Request, error: Exception) -> None:
        request_id = request.headers.get("x-request-id", "")
        platform.log("error", "http.failure", repr(error), {"request_id": request_id})

    app = Starlette(
        routes=routes,
        exception_handlers={
            ApiError: render_api_error,
            HTTPException: render_http_error,
            Exception: internal_error_renderer(log_failure),
        },
        lifespan=lifespan,
    )
    # "/customers/" is another path than "/customers": 404, not a redirect (spec/services.openapi.yaml).
    app.router.redirect_slashes = False
    return RequestIdMiddleware(platform.wrap(app))


def _service_routes(options: StartOptions, platform: Platform) -> tuple[list[Route], Callable[[], None]]:
    if options.service == "customers":
        customers = CustomersStore(options.data_dir)
        return CustomersApi(customers, platform).routes(), customers.close
    if options.service == "payment":
        payments = PaymentsStore(options.data_dir)
        return PaymentApi(payments, platform).routes(), payments.close
    from .web import WebApi

    return WebApi(platform).routes(), lambda: None


def _health(platform: Platform) -> Callable[[Request], Any]:
    async def health(_request: Request) -> Response:
        return JSONResponse({"status": "ok", "configVersion": platform.config().version})

    return health


def _metrics(platform: Platform) -> Callable[[Request], Any]:
    async def metrics(_request: Request) -> Response:
        exposition = platform.scrape()
        if exposition is None:
            return Response(status_code=404)
        body, content_type = exposition
        return Response(body, headers={"content-type": content_type})

    return metrics
