"""Mode sidecar, as the sidecar sees the app: log lines in SCL_LOG_FILE, SCL_CONFIG_FILE reloads, SCL_EGRESS_URL."""

import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest

REPO = Path(__file__).resolve().parents[3]

LOG_LINE_SCHEMA = json.loads((REPO / "spec" / "log-line.schema.json").read_text())


def _eventually(check, timeout_seconds=5.0):
    deadline = time.monotonic() + timeout_seconds
    while not (result := check()):
        if time.monotonic() > deadline:
            return result
        time.sleep(0.02)
    return result


def _write_config(path: Path, version: int, config: dict[str, Any]) -> None:
    """As the sidecar does: a temp file in the same folder, then rename."""
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps({"version": version, "config": config}))
    os.replace(temp, path)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture
def sidecar_app(start_service, tmp_path):
    log_file, config_file = tmp_path / "app.log", tmp_path / "config.json"
    _write_config(config_file, 3, {"logLevel": "info", "pageSizeMax": 2})
    service = start_service(
        "customers",
        "sidecar",
        SCL_LOG_FILE=str(log_file),
        SCL_CONFIG_FILE=str(config_file),
        SCL_EGRESS_URL="http://127.0.0.1:9",
    )
    return service, log_file, config_file


def test_the_app_uses_the_config_file_and_reloads_it_when_it_is_replaced(sidecar_app):
    service, _, config_file = sidecar_app
    assert service.client.get("/health").json() == {"status": "ok", "configVersion": 3}
    assert service.client.get("/customers", params={"limit": 3}).status_code == 400  # pageSizeMax 2
    _write_config(config_file, 4, {"logLevel": "info", "pageSizeMax": 50})
    assert _eventually(lambda: service.client.get("/health").json()["configVersion"] == 4, 1.0)
    assert service.client.get("/_scl/config").json() == {
        "version": 4,
        "config": {"logLevel": "info", "pageSizeMax": 50},
    }
    config_file.write_text("{half a file")
    time.sleep(0.2)
    assert service.client.get("/health").json()["configVersion"] == 4  # the last good one stays


def test_log_records_are_appended_as_json_lines_numbered_from_one(sidecar_app):
    service, log_file, _config_file = sidecar_app
    service.client.post("/customers", json={"name": "Ada", "email": "ada@example.com"})
    hook = {
        "level": "warn",
        "event": "test.flood",
        "msg": "many",
        "fields": {"n": 1, "ok": True, "ratio": 0.5},
        "count": 50,
    }
    assert service.client.post("/_scl/log", json=hook).status_code == 204
    service.client.post("/_scl/log", json={"level": "debug", "event": "test.hidden", "msg": "below info"})
    lines = _eventually(lambda: (found := _lines(log_file)) and len(found) >= 51 and found)
    for line in lines:
        jsonschema.validate(line, LOG_LINE_SCHEMA)
    assert [line["seq"] for line in lines] == list(range(1, 52))
    access = lines[0]  # the hooks themselves are not logged as requests
    assert (access["event"], access["http_route"], access["http_method"], access["http_status"]) == (
        "http.request",
        "/customers",
        "POST",
        201,
    )
    assert lines[1]["event"] == "test.flood"
    assert lines[1]["n"] == 1
    assert lines[1]["ok"] is True
    assert {line["pid"] for line in lines} == {service.process.pid}
    assert all(line["event"] != "test.hidden" for line in lines)


def test_a_lowered_log_level_in_the_config_file_lets_debug_records_through(sidecar_app):
    service, log_file, config_file = sidecar_app
    _write_config(config_file, 5, {"logLevel": "debug", "pageSizeMax": 2})
    assert _eventually(lambda: service.client.get("/health").json()["configVersion"] == 5, 1.0)
    service.client.post("/_scl/log", json={"level": "debug", "event": "test.shown", "msg": "now written"})
    assert _eventually(lambda: any(line["event"] == "test.shown" for line in _lines(log_file)))


def test_records_written_before_sigterm_are_all_in_the_file(sidecar_app):
    service, log_file, _ = sidecar_app
    service.client.post("/_scl/log", json={"level": "info", "event": "test.burst", "msg": "x", "count": 2000})
    assert service.stop() == 0
    assert len([line for line in _lines(log_file) if line["event"] == "test.burst"]) == 2000


class _Ambassador(BaseHTTPRequestHandler):
    """Answers like the ambassador would after stripping /<service>; records what it was sent."""

    seen: ClassVar[list[tuple[str, str, dict[str, str]]]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        self.seen.append((self.command, self.path, {k.lower(): v for k, v in self.headers.items()}))
        if self.path == "/v1/metrics":
            status, answer = 204, None
        elif self.path.startswith("/customers/customers/"):
            status, answer = 200, {"id": 7, "name": "Ada", "email": "a@b.co", "createdAt": "2026-01-01T00:00:00.000Z"}
        else:
            charge = json.loads(body)
            status, answer = 201, {"id": 1, **charge, "status": "captured", "createdAt": "2026-01-01T00:00:00.000Z"}
        data = json.dumps(answer).encode() if answer is not None else b""
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


def test_peers_are_called_through_the_egress_url_with_the_request_id(start_service):
    ambassador = ThreadingHTTPServer(("127.0.0.1", 0), _Ambassador)
    thread = threading.Thread(target=ambassador.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{ambassador.server_port}"
        web = start_service(
            "web", "sidecar", SCL_FEATURES="egress,metrics", SCL_EGRESS_URL=url, SCL_SIDECAR_API_URL=url
        )
        order = {"customerId": 7, "amountCents": 100, "currency": "EUR", "idempotencyKey": "k-9"}
        answer = web.client.post("/checkout", json=order, headers={"x-request-id": "req-42"})
        assert answer.status_code == 201
        assert answer.json()["payment"]["customerId"] == 7
        (get, post) = [seen for seen in _Ambassador.seen if seen[1] != "/v1/metrics"][-2:]
        assert (get[0], get[1]) == ("GET", "/customers/customers/7")
        assert (post[0], post[1]) == ("POST", "/payment/payments")
        assert get[2]["x-request-id"] == post[2]["x-request-id"] == "req-42"
        assert post[2]["idempotency-key"] == "k-9"
        # The business counter went to the sidecar's local API, without the request waiting for it.
        assert _eventually(lambda: any(seen[1] == "/v1/metrics" for seen in _Ambassador.seen))
    finally:
        ambassador.shutdown()
        ambassador.server_close()
