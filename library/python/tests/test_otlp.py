"""OTLP/HTTP JSON conversion of log records."""

from scl_library.logs.otlp import any_value, export_request
from scl_library.logs.records import QueuedRecord


def test_attributes_are_typed_and_a_bool_is_not_an_integer():
    assert any_value(True) == {"boolValue": True}
    assert any_value(200) == {"intValue": "200"}
    assert any_value(0.25) == {"doubleValue": 0.25}
    assert any_value("x") == {"stringValue": "x"}
    assert any_value({"a": [1]}) == {"stringValue": '{"a":[1]}'}


def test_numbers_follow_the_spec_rule_a_safe_integer_is_an_int_whatever_its_python_type():
    # Python keeps 2.0 a float and 2**60 an exact int; the spec's rule (JavaScript's) does not.
    assert any_value(2.0) == {"intValue": "2"}
    assert any_value(0.0) == {"intValue": "0"}
    assert any_value(2**53 - 1) == {"intValue": "9007199254740991"}
    assert any_value(2**60) == {"doubleValue": float(2**60)}


def test_a_record_carries_time_severity_body_and_one_attribute_per_other_field():
    record = QueuedRecord(1_700_000_000_123_456_789, "warn", "slow", {"event": "http.request", "seq": 3, "pid": 42})
    request = export_request({"service.name": "web", "scl.lang": "python"}, [record], observed_time_unix_nano=17)
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
            "observedTimeUnixNano": "17",
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


def test_a_field_the_line_schema_types_as_number_is_a_double_even_when_whole():
    record = QueuedRecord(1, "info", "m", {"duration_seconds": 0.0, "http_status": 200})
    attributes = export_request({}, [record], 1)["resourceLogs"][0]["scopeLogs"][0]["logRecords"][0]["attributes"]
    assert attributes == [
        {"key": "duration_seconds", "value": {"doubleValue": 0.0}},
        {"key": "http_status", "value": {"intValue": "200"}},
    ]
