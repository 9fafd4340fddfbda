"""The customers service: create, read and page through customers."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import bodies
from .config_defaults import config_value
from .customers_store import CustomersStore
from .errors import ApiError
from .platform import Platform

DEFAULT_PAGE_SIZE = 20


class CustomersApi:
    def __init__(self, store: CustomersStore, platform: Platform) -> None:
        self._store = store
        self._platform = platform

    def routes(self) -> list[Route]:
        return [
            Route("/customers", self.create, methods=["POST"]),
            Route("/customers", self.page, methods=["GET"]),
            Route("/customers/{id}", self.read, methods=["GET"]),
        ]

    async def create(self, request: Request) -> Response:
        body = await bodies.read_json_object(request)
        name = bodies.customer_name(body.get("name"))
        email = bodies.email(body.get("email"))
        return JSONResponse(self._store.create(name, email), 201)

    async def page(self, request: Request) -> Response:
        page_size_max = int(config_value("customers", self._platform.config().config, "pageSizeMax"))
        default_size = min(DEFAULT_PAGE_SIZE, page_size_max)
        limit = bodies.query_integer(request, "limit", default_size, minimum=1, maximum=page_size_max)
        after = bodies.query_integer(request, "after", 0, minimum=0)
        items, next_after = self._store.page(after, limit)
        return JSONResponse({"items": items, "nextAfter": next_after})

    async def read(self, request: Request) -> Response:
        customer_id = bodies.path_id(request.path_params["id"])
        customer = self._store.get(customer_id)
        if customer is None:
            raise ApiError("not_found", message=f"no customer with id {customer_id}")
        return JSONResponse(customer)
