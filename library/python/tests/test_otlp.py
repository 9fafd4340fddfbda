"""OTLP/HTTP JSON conversion of log records."""
from scl_library.logs.otlp import any_value, export_request
from scl_library.logs.records import QueuedRecord


def test_attributes_are_typed_and_a_bool_is_not_an_integer():
    assert any_value(True) == {"boolValue": True}
    assert any_value(200) == {"intValue": "200"}
    assert any_value(0.25) == {"doubleValue": 0.25}
    assert any_value("x") == {"stringValue": "x"}
    # Python keeps 2.0 a float, so it ships as a double (JavaScript cannot tell 2.0 from 2).
    assert any_value(2.0) == {"doubleValue": 2.0}
    assert any_value(float("nan")) == {"stringValue": "nan"}


def test_a_record_carries_time_severity_body_and_one_attribute_per_other_field():
    record = QueuedRecord(1_700_000_000_123_456_789, "warn", "slow", {"event": "http.request", "seq": 3, "pid": 42})
    request = export_request({"service.name": "web", "scl.lang": "python"}, [record])
    resource_logs = request["resourceLogs"][0]
    assert resource_logs["resource"]["attributes"] == [
        {"key": "service.name", "value": {"stringValue": "web"}},
        {"key": "scl.lang", "value": {"stringValue": "python"}},
    ]
    scope_logs = resource_logs["scopeLogs"][0]
    assert scope_logs["scope"] == {"name": "sidecar-lab"}
    assert scope_logs["logRecords"] == [
        {
            "timeUnixNano": "1700000000123456789",
            "severityText": "WARN",
            "severityNumber": 13,
            "body": {"stringValue": "slow"},
            "attributes": [
                {"key": "event", "value": {"stringValue": "http.request"}},
                {"key": "seq", "value": {"intValue": "3"}},
                {"key": "pid", "value": {"intValue": "42"}},
            ],
        }
    ]
