"""payment over a real socket: idempotent capture, config limits, data that survives kill -9."""

import signal

import pytest

CHARGE = {"customerId": 1, "amountCents": 1250, "currency": "EUR"}


@pytest.fixture(scope="module")
def payment(start_module_service):
    return start_module_service("payment", "none").client


def test_a_payment_retried_with_the_same_key_charges_once(payment):
    first = payment.post("/payments", json=CHARGE, headers={"Idempotency-Key": "key-1"})
    again = payment.post("/payments", json={**CHARGE, "amountCents": 1250.0}, headers={"Idempotency-Key": "key-1"})
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert payment.get(f"/payments/{first.json()['id'] + 1}").status_code == 404


def test_the_same_key_with_another_body_is_422_and_charges_nothing(payment):
    payment.post("/payments", json=CHARGE, headers={"Idempotency-Key": "key-2"})
    reused = payment.post("/payments", json={**CHARGE, "amountCents": 99}, headers={"Idempotency-Key": "key-2"})
    assert reused.status_code == 422
    assert reused.json()["error"]["code"] == "idempotency_key_reused"


def test_without_a_key_every_request_charges(payment):
    ids = {payment.post("/payments", json=CHARGE).json()["id"] for _ in range(3)}
    assert len(ids) == 3


def test_an_amount_above_max_amount_cents_or_a_bad_field_is_400(payment):
    cases = [
        ({**CHARGE, "amountCents": 1_000_001}, "amountCents"),
        ({**CHARGE, "amountCents": True}, "amountCents"),
        ({**CHARGE, "customerId": 1.5}, "customerId"),
        ({**CHARGE, "currency": "JPY"}, "currency"),
    ]
    for body, field in cases:
        answer = payment.post("/payments", json=body)
        assert answer.status_code == 400, body
        assert answer.json()["error"]["field"] == field, body
    bad_key = payment.post("/payments", json=CHARGE, headers={"Idempotency-Key": "has space"})
    assert bad_key.status_code == 400
    assert bad_key.json()["error"]["field"] == "Idempotency-Key"


def test_a_committed_payment_survives_kill_9(start_service, tmp_path):
    data_dir = tmp_path / "payment-data"
    first = start_service("payment", "none", data_dir=data_dir)
    created = first.client.post("/payments", json=CHARGE, headers={"Idempotency-Key": "key-3"}).json()
    first.stop(signal.SIGKILL)
    second = start_service("payment", "none", data_dir=data_dir)
    assert second.client.get(f"/payments/{created['id']}").json() == created
    replay = second.client.post("/payments", json=CHARGE, headers={"Idempotency-Key": "key-3"})
    assert replay.headers["idempotent-replayed"] == "true"


def test_sigterm_exits_0(start_service):
    service = start_service("payment", "none")
    assert service.stop(signal.SIGTERM) == 0
