"""web in mode none: the checkout calls customers and payment at SCL_PEERS."""

import socket

import pytest


def _unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def shop(start_module_service):
    customers = start_module_service("customers", "none")
    payment = start_module_service("payment", "none")
    web = start_module_service("web", "none", SCL_PEERS=f"customers={customers.url},payment={payment.url}")
    return web.client, customers.client


def test_the_home_page_shows_the_built_in_banner(shop):
    web, _ = shop
    page = web.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "Welcome to the sidecar-lab shop" in page.text
    assert "<form" in web.get("/checkout").text


def test_a_checkout_resubmitted_with_its_key_charges_once(shop):
    web, customers = shop
    customer = customers.post("/customers", json={"name": "Ada", "email": "ada@example.com"}).json()
    order = {"customerId": customer["id"], "amountCents": 500, "currency": "GBP", "idempotencyKey": "order-1"}
    first = web.post("/checkout", json=order)
    again = web.post("/checkout", json=order)
    assert first.status_code == again.status_code == 201
    assert first.json()["customer"] == customer
    assert first.json()["payment"] == again.json()["payment"]
    assert first.json()["payment"]["amountCents"] == 500


def test_an_unknown_customer_is_404_naming_customer_id(shop):
    web, _ = shop
    answer = web.post("/checkout", json={"customerId": 999999, "amountCents": 5, "currency": "EUR"})
    assert answer.status_code == 404
    assert answer.json()["error"]["field"] == "customerId"


def test_a_400_from_payment_is_passed_through(shop):
    web, customers = shop
    customer = customers.post("/customers", json={"name": "Bo", "email": "bo@example.com"}).json()
    answer = web.post("/checkout", json={"customerId": customer["id"], "amountCents": 10**9, "currency": "EUR"})
    assert answer.status_code == 400
    assert answer.json()["error"]["field"] == "amountCents"


def test_a_null_idempotency_key_is_400_not_a_missing_one(shop):
    web, _ = shop
    answer = web.post("/checkout", json={"customerId": 1, "amountCents": 5, "currency": "EUR", "idempotencyKey": None})
    assert answer.status_code == 400
    assert answer.json()["error"]["field"] == "idempotencyKey"


def test_an_unreachable_peer_is_502_upstream_failed(start_service):
    dead = f"http://127.0.0.1:{_unused_port()}"
    web = start_service("web", "none", SCL_PEERS=f"customers={dead},payment={dead}").client
    answer = web.post("/checkout", json={"customerId": 1, "amountCents": 5, "currency": "EUR"})
    assert answer.status_code == 502
    assert answer.json()["error"]["code"] == "upstream_failed"
    hook = web.post("/_scl/egress", json={"service": "customers", "method": "GET", "path": "/customers/1"}).json()
    assert hook["status"] == 502
    assert hook["headers"]["x-scl-egress-error"] == "connect_error"
