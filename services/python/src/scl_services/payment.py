"""The payment service: capture a payment once per Idempotency-Key, read one back."""

from __future__ import annotations

import contextlib

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import bodies
from .config_defaults import config_value
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
        max_amount_cents = int(config_value("payment", self._platform.config().config, "maxAmountCents"))
        if amount_cents > max_amount_cents:
            raise invalid("amountCents", f"amountCents must be at most {max_amount_cents} (config maxAmountCents)")
        currency = bodies.currency(body.get("currency"))

        capture = self._store.capture(customer_id, amount_cents, currency, key)
        if capture.key_reused:
            raise ApiError("idempotency_key_reused")
        if capture.replayed:
            return Response(
                capture.body,
                capture.status,
                {"idempotent-replayed": "true"},
                media_type="application/json",
            )
        labels = {"currency": currency}
        with contextlib.suppress(MetricError):  # the charge is committed; counting it must not fail it
            await self._platform.count("payments_total", 1, labels)
            await self._platform.count("payment_amount_cents_total", amount_cents, labels)
        self._platform.log(
            "info",
            "payment.captured",
            f"payment {capture.payment_id} captured",
            {
                "request_id": request.headers.get("x-request-id", ""),
                "payment_id": capture.payment_id,
                "customer_id": customer_id,
                "amount_cents": amount_cents,
                "currency": currency,
            },
        )
        return Response(capture.body, capture.status, media_type="application/json")

    async def read(self, request: Request) -> Response:
        payment_id = bodies.path_id(request.path_params["id"])
        payment = self._store.get(payment_id)
        if payment is None:
            raise ApiError("not_found", message=f"no payment with id {payment_id}")
        return JSONResponse(payment)
