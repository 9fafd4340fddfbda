"""The payment service: capture a payment once per Idempotency-Key, read one back."""
from __future__ import annotations

import contextlib

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import bodies
from .errors import ApiError, invalid
from .payments_store import PaymentsStore
from .platform import MetricError, Platform


class PaymentApi:
    def __init__(self, store: PaymentsStore, platform: Platform) -> None:
        self._store = store
        self._platform = platform

    def routes(self) -> list[Route]:
        return [
            Route("/payments", self.capture, methods=["POST"]),
            Route("/payments/{id}", self.read, methods=["GET"]),
        ]

    async def capture(self, request: Request) -> Response:
        raw_key = request.headers.get("idempotency-key")
        key = None if raw_key is None else bodies.idempotency_key(raw_key, "Idempotency-Key")
        body = await bodies.read_json_object(request)
        customer_id = bodies.integer(body.get("customerId"), "customerId")
        amount_cents = bodies.integer(body.get("amountCents"), "amountCents")
        currency = bodies.currency(body.get("currency"))
        max_amount_cents = int(self._platform.config().config.get("maxAmountCents", bodies.MAX_SAFE_INTEGER))
        if amount_cents > max_amount_cents:
            raise invalid("amountCents", f"amountCents must be at most {max_amount_cents} (config maxAmountCents)")

        capture = self._store.capture(customer_id, amount_cents, currency, key)
        if capture.key_reused:
            raise ApiError("idempotency_key_reused", "Idempotency-Key")
        if capture.replayed:
            return Response(
                capture.body,
                capture.status,
                {"idempotent-replayed": "true"},
                media_type="application/json",
            )
        self._platform.log(
            "info", "payment.captured", "payment captured", {"amount_cents": amount_cents, "currency": currency}
        )
        with contextlib.suppress(MetricError):  # the charge is committed; counting it must not fail it
            await self._platform.count("payments_total", 1, {"currency": currency})
        return Response(capture.body, capture.status, media_type="application/json")

    async def read(self, request: Request) -> Response:
        payment = self._store.get(bodies.path_id(request.path_params["id"]))
        if payment is None:
            raise ApiError("not_found", "id")
        return JSONResponse(payment)
