"""Mode library against the real control plane: /metrics, access records, registration, SIGTERM."""

import time

import httpx
from prometheus_client.parser import text_string_to_metric_families


def _eventually(check, timeout_seconds=5.0):
    deadline = time.monotonic() + timeout_seconds
    while not (result := check()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return result


def test_a_library_mode_service_counts_logs_and_registers_and_deregisters_on_sigterm(start_service, controlplane_url):
    cp = httpx.Client(base_url=controlplane_url)
    service = start_service(
        "customers", "library", SCL_CONTROLPLANE_URL=controlplane_url, SCL_LOGS_FLUSH_INTERVAL_SECONDS="0.05"
    )
    instance = service.env["SCL_INSTANCE_ID"]
    assert service.client.get("/health").json()["configVersion"] == 1  # seeded by the control plane
    registered = cp.get("/v1/registry/services/customers").json()["instances"]
    assert [(i["id"], i["port"]) for i in registered] == [(instance, int(service.env["SCL_PUBLIC_PORT"]))]

    service.client.get("/customers/12345", headers={"x-request-id": "req-lib-1"})
    service.client.get("/no/such/route")
    families = {f.name: f for f in text_string_to_metric_families(service.client.get("/metrics").text)}
    counted = {
        (s.labels["route"], s.labels["status"]): s.value
        for s in families["scl_http_server_requests"].samples
        if s.name.endswith("_total")
    }
    assert counted == {("/customers/{id}", "404"): 1.0, ("other", "404"): 1.0}  # /health and /metrics not counted

    def access_records():
        records = cp.get("/v1/logs/records", params={"instance": instance, "event": "http.request"}).json()["records"]
        return records if len(records) == 2 else None

    first = _eventually(access_records)[0]["attributes"]
    assert first["request_id"] == "req-lib-1"
    assert first["http_route"] == "/customers/{id}"
    assert first["http_status"] == 404
    assert first["http_method"] == "GET"
    assert first["duration_seconds"] >= 0

    assert service.stop() == 0
    assert cp.get("/v1/registry/services/customers").json()["instances"] == []
