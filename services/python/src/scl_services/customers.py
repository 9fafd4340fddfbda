"""The customers service: create, read and page through customers."""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import bodies
from .customers_store import CustomersStore
from .errors import ApiError, invalid
from .platform import Platform


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
        customer = self._store.create(name, email)
        self._platform.log("info", "customer.created", "customer created", {"customer_id": customer["id"]})
        return JSONResponse(customer, 201)

    async def page(self, request: Request) -> Response:
        page_size_max = int(self._platform.config().config.get("pageSizeMax", 100))
        limit = bodies.query_integer(request.query_params.get("limit"), "limit", default=20, minimum=1)
        if limit > page_size_max:
            raise invalid("limit", f"limit must be at most {page_size_max} (config pageSizeMax)")
        after = bodies.query_integer(request.query_params.get("after"), "after", default=0, minimum=0)
        items, next_after = self._store.page(after, limit)
        return JSONResponse({"items": items, "nextAfter": next_after})

    async def read(self, request: Request) -> Response:
        customer = self._store.get(bodies.path_id(request.path_params["id"]))
        if customer is None:
            raise ApiError("not_found", "id")
        return JSONResponse(customer)
