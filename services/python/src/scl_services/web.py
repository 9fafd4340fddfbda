"""The web service: home and checkout pages, and a checkout that calls customers and payment."""

from __future__ import annotations

import contextlib
import json
import uuid
from dataclasses import dataclass
from html import escape
from typing import Any, Literal

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from . import bodies
from .config_defaults import config_value
from .errors import ApiError, error_body
from .platform import MetricError, PeerAnswer, Platform

# The label of checkouts_total{outcome} (spec/services.openapi.yaml).
Outcome = Literal["paid", "invalid", "unknown_customer", "payment_rejected", "upstream_failed"]

_CHECKOUT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Checkout</title></head>
<body><h1>Checkout</h1>
<form id="checkout">
<label>Customer id <input name="customerId" type="number" min="1" required></label>
<label>Amount (cents) <input name="amountCents" type="number" min="1" required></label>
<label>Currency <select name="currency"><option>EUR</option><option>USD</option><option>GBP</option></select></label>
<button>Pay</button></form>
<pre id="result"></pre>
<script>
document.getElementById('checkout').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const body = { customerId: Number(form.get('customerId')), amountCents: Number(form.get('amountCents')),
                 currency: form.get('currency'), idempotencyKey: crypto.randomUUID() };
  const answer = await fetch('/checkout', { method: 'POST', headers: { 'content-type': 'application/json' },
                                            body: JSON.stringify(body) });
  document.getElementById('result').textContent = answer.status + ' ' + await answer.text();
});
</script></body></html>
"""


def _json_object(answer: PeerAnswer) -> dict[str, Any] | None:
    try:
        document = json.loads(answer.body)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None


class WebApi:
    def __init__(self, platform: Platform) -> None:
        self._platform = platform

    def routes(self) -> list[Route]:
        return [
            Route("/", self.home, methods=["GET"]),
            Route("/checkout", self.checkout_page, methods=["GET"]),
            Route("/checkout", self.checkout, methods=["POST"]),
        ]

    async def home(self, _request: Request) -> Response:
        banner = escape(str(config_value("web", self._platform.config().config, "banner")))
        return HTMLResponse(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sidecar-lab shop</title></head>'
            f'<body><h1>{banner}</h1><p><a href="/checkout">Checkout</a></p></body></html>'
        )

    async def checkout_page(self, _request: Request) -> Response:
        return HTMLResponse(_CHECKOUT_PAGE)

    async def checkout(self, request: Request) -> Response:
        body = await bodies.read_json_object(request)
        outcome: Outcome = "invalid"
        try:
            response, outcome = await self._checkout(_read_order(body))
        finally:
            with contextlib.suppress(MetricError):
                await self._platform.count("checkouts_total", 1, {"outcome": outcome})
        return response

    async def _checkout(self, order: _Order) -> tuple[Response, Outcome]:
        found = await self._platform.call("customers", "GET", f"/customers/{order.customer_id}")
        if found.status == 404 and found.error_kind is None:
            error = ApiError("not_found", "customerId", f"no customer with id {order.customer_id}")
            return _error_response(error), "unknown_customer"
        customer = _json_object(found) if found.status == 200 else None
        if customer is None:
            return _upstream_failed("customers", found), "upstream_failed"

        charge = {"customerId": order.customer_id, "amountCents": order.amount_cents, "currency": order.currency}
        paid = await self._platform.call(
            "payment",
            "POST",
            "/payments",
            {"content-type": "application/json", "idempotency-key": order.idempotency_key},
            json.dumps(charge).encode(),
        )
        if paid.status in (400, 422) and paid.error_kind is None:
            # payment's own refusal (amount too large, key reused) is the client's to fix: passed through.
            return Response(paid.body, paid.status, media_type="application/json"), "payment_rejected"
        payment = _json_object(paid) if paid.status == 201 else None
        if payment is None:
            return _upstream_failed("payment", paid), "upstream_failed"
        return JSONResponse({"customer": customer, "payment": payment}, 201), "paid"


@dataclass(frozen=True, slots=True)
class _Order:
    customer_id: int
    amount_cents: int
    currency: str
    idempotency_key: str


def _read_order(body: dict[str, Any]) -> _Order:
    # An absent key gets a new one; a null key is a wrong type, as the schema says (a string).
    return _Order(
        customer_id=bodies.integer(body.get("customerId"), "customerId"),
        amount_cents=bodies.integer(body.get("amountCents"), "amountCents"),
        currency=bodies.currency(body.get("currency")),
        idempotency_key=bodies.idempotency_key(body["idempotencyKey"], "idempotencyKey")
        if "idempotencyKey" in body
        else str(uuid.uuid4()),
    )


def _error_response(error: ApiError) -> Response:
    return JSONResponse(error_body(error.code, error.message, error.field), error.status)


def _upstream_failed(service: str, answer: PeerAnswer) -> Response:
    why = answer.error_kind or f"status {answer.status}"
    return _error_response(ApiError("upstream_failed", message=f"{service} failed: {why}"))
