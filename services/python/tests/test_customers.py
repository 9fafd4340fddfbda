"""customers over a real socket (mode none): create, read, page, and every validation rule."""

import pytest


@pytest.fixture(scope="module")
def customers(start_module_service):
    return start_module_service("customers", "none").client


def test_a_created_customer_can_be_read_back(customers):
    created = customers.post("/customers", json={"name": "Ada", "email": "ada@example.com"})
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"id", "name", "email", "createdAt"}
    assert body["createdAt"].endswith("Z")
    assert len(body["createdAt"]) == len("2026-11-28T02:22:26.123Z")
    assert customers.get(f"/customers/{body['id']}").json() == body


def test_customers_are_paged_by_ascending_id_with_next_after(customers):
    ids = [customers.post("/customers", json={"name": f"c{i}", "email": f"c{i}@x.io"}).json()["id"] for i in range(5)]
    first = customers.get("/customers", params={"limit": 2, "after": ids[0] - 1}).json()
    assert [c["id"] for c in first["items"]] == ids[:2]
    assert first["nextAfter"] == ids[1]
    last = customers.get("/customers", params={"limit": 3, "after": ids[1]}).json()
    assert [c["id"] for c in last["items"]] == ids[2:]
    assert last["nextAfter"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "a@b.co"}, "name"),
        ({"name": "   ", "email": "a@b.co"}, "name"),
        ({"name": "x" * 101, "email": "a@b.co"}, "name"),
        ({"name": "Ada"}, "email"),
        ({"name": "Ada", "email": "not-an-email"}, "email"),
        ({"name": "Ada", "email": "a@b.co\n"}, "email"),
    ],
)
def test_an_invalid_customer_is_400_validation_failed_naming_the_field(customers, body, field):
    answer = customers.post("/customers", json=body)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "validation_failed"
    assert answer.json()["error"]["field"] == field


def test_a_body_that_is_json_but_not_an_object_is_400_without_a_field(customers):
    answer = customers.post("/customers", json=[1, 2])
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "validation_failed"
    assert "field" not in answer.json()["error"]


def test_a_name_is_measured_in_characters_not_utf16_units(customers):
    answer = customers.post("/customers", json={"name": "\U0001f600" * 100, "email": "a@b.co"})
    assert answer.status_code == 201


@pytest.mark.parametrize("path", ["/customers/0", "/customers/abc", "/customers/9007199254740992", "/customers/1.5"])
def test_a_bad_id_is_400_naming_id(customers, path):
    answer = customers.get(path)
    assert answer.status_code == 400
    assert answer.json()["error"]["field"] == "id"


def test_an_unknown_customer_is_404_not_found(customers):
    answer = customers.get("/customers/424242")
    assert answer.status_code == 404
    assert answer.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 101}, "limit"),
        ({"after": -1}, "after"),
        ({"limit": "1_0"}, "limit"),
        ({"limit": ["1", "2"]}, "limit"),
    ],
)
def test_a_bad_page_request_is_400_naming_the_parameter(customers, params, field):
    answer = customers.get("/customers", params=params)
    assert answer.status_code == 400
    assert answer.json()["error"]["field"] == field


def test_a_body_that_is_not_json_is_400_invalid_json_and_nan_is_not_json(customers):
    for body in (b"{", b'{"name": NaN, "email": "a@b.co"}'):
        answer = customers.post("/customers", content=body, headers={"content-type": "application/json"})
        assert answer.status_code == 400
        assert answer.json()["error"]["code"] == "invalid_json"


def test_a_body_over_64_kib_is_413(customers):
    answer = customers.post("/customers", content=b" " * (64 * 1024 + 1), headers={"content-type": "application/json"})
    assert answer.status_code == 413
    assert answer.json()["error"]["code"] == "payload_too_large"


def test_the_request_id_is_echoed_or_generated(customers):
    assert customers.get("/health", headers={"x-request-id": "abc-1"}).headers["x-request-id"] == "abc-1"
    assert len(customers.get("/health").headers["x-request-id"]) == 36  # a UUID
    assert customers.get("/health", headers={"x-request-id": "x" * 129}).headers["x-request-id"] != "x" * 129


def test_hooks_are_404_without_scl_test_hooks(start_service):
    service = start_service("customers", "none", SCL_TEST_HOOKS="0")
    assert service.client.get("/_scl/config").status_code == 404


@pytest.mark.parametrize(("name", "status"), [("\x1c", 201), ("\x85", 201), ("\ufeff", 400), ("\u3000 ", 400)])
def test_blank_means_ecma_262_white_space_as_in_the_spec_pattern(customers, name, status):
    assert customers.post("/customers", json={"name": name, "email": "a@b.co"}).status_code == status


def test_an_id_with_leading_zeros_is_decimal_digits(customers):
    created = customers.post("/customers", json={"name": "Zero", "email": "zero@b.co"}).json()
    assert customers.get(f"/customers/{created['id']:020d}").json() == created


def test_another_method_is_405_with_every_method_of_the_path_in_allow(customers):
    answer = customers.delete("/customers")
    assert answer.status_code == 405
    assert answer.json()["error"]["code"] == "method_not_allowed"
    assert answer.headers["allow"] == "GET, HEAD, POST"
