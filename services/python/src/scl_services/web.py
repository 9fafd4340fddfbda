"""The web service: home and checkout pages, and a checkout that calls customers and payment."""
from __future__ import annotations

import json
import uuid
from html import escape
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from . import bodies
from .errors import ApiError
from .platform import PeerAnswer, Platform

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
        banner = escape(str(self._platform.config().config.get("banner", "")))
        return HTMLResponse(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>sidecar-lab shop</title></head>'
            f'<body><h1>{banner}</h1><p><a href="/checkout">Checkout</a></p></body></html>'
        )

    async def checkout_page(self, _request: Request) -> Response:
        return HTMLResponse(_CHECKOUT_PAGE)

    async def checkout(self, request: Request) -> Response:
        body = await bodies.read_json_object(request)
        customer_id = bodies.integer(body.get("customerId"), "customerId")
        amount_cents = bodies.integer(body.get("amountCents"), "amountCents")
        currency = bodies.currency(body.get("currency"))
        raw_key = body.get("idempotencyKey")
        key = uuid.uuid4().hex if raw_key is None else bodies.idempotency_key(raw_key, "idempotencyKey")

        found = await self._platform.call("customers", "GET", f"/customers/{customer_id}")
        if found.status == 404 and found.error_kind is None:
            raise ApiError("not_found", "customerId", "no customer with this id")
        customer = _json_object(found) if found.status == 200 else None
        if customer is None:
            raise ApiError("upstream_failed", message=f"customers answered {found.status}")

        charge = json.dumps({"customerId": customer_id, "amountCents": amount_cents, "currency": currency}).encode()
        paid = await self._platform.call(
            "payment",
            "POST",
            "/payments",
            {"content-type": "application/json", "idempotency-key": key},
            charge,
        )
        if paid.status in (400, 422) and paid.error_kind is None:
            return Response(paid.body, paid.status, media_type="application/json")
        payment = _json_object(paid) if paid.status == 201 else None
        if payment is None:
            raise ApiError("upstream_failed", message=f"payment answered {paid.status}")
        self._platform.log(
            "info", "checkout.completed", "checkout completed", {"customer_id": customer_id, "payment_id": payment["id"]}
        )
        return JSONResponse({"customer": customer, "payment": payment}, 201)
