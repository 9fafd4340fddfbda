"""Metric names, labels and buckets exactly as spec/features.json; business counters checked."""

import re

import pytest
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families

from scl_library.feature import Exchange
from scl_library.metrics.business import BusinessMetricError
from scl_library.metrics.feature import MetricsFeature
from scl_library.spec import features_spec

SPEC = features_spec()["metrics"]


def _families(feature):
    body, content_type = feature.scrape()
    assert content_type.startswith("text/plain; version=0.0.4")
    return {family.name: family for family in text_string_to_metric_families(body.decode())}


def test_a_request_is_counted_and_timed_under_its_route_template():
    feature = MetricsFeature(CollectorRegistry())
    feature.observe(Exchange("/customers/{id}", "GET", 404, 0.003, "r1"))
    families = _families(feature)
    (sample,) = [s for s in families["scl_http_server_requests"].samples if s.name.endswith("_total")]
    assert sample.labels == {"route": "/customers/{id}", "method": "GET", "status": "404"}
    assert sample.value == 1
    buckets = [s for s in families["scl_http_server_request_duration_seconds"].samples if s.name.endswith("_bucket")]
    assert [float(s.labels["le"]) for s in buckets] == [*SPEC["histogramBucketsSeconds"], float("inf")]
    assert {s.labels["route"] for s in buckets} == {"/customers/{id}"}


def test_the_exposition_has_no_series_beyond_the_spec():
    feature = MetricsFeature(CollectorRegistry())
    feature.observe(Exchange("other", "POST", 200, 0.1, "r1"))
    body = feature.scrape()[0].decode()
    names = {re.split(r"[{ ]", line)[0] for line in body.splitlines() if line and not line.startswith("#")}
    spec_names = set(SPEC["names"])
    for name in names:
        base = re.sub(r"_(bucket|sum|count)$", "", name)
        assert base in spec_names, name


def test_the_app_process_figures_are_read_at_scrape_time():
    families = _families(MetricsFeature(CollectorRegistry()))
    for name in (
        "scl_app_cpu_seconds",
        "scl_app_resident_memory_bytes",
        "scl_app_open_fds",
        "scl_app_start_time_seconds",
    ):
        assert families[name].samples[0].value > 0, name


def test_a_business_counter_is_exported_with_the_scl_business_prefix():
    feature = MetricsFeature(CollectorRegistry())
    feature.business.count("payments_total", 2, {"currency": "EUR"})
    feature.business.count("payments_total", 1.5, {"currency": "EUR"})
    (sample,) = [s for s in _families(feature)["scl_business_payments"].samples if s.name.endswith("_total")]
    assert sample.labels == {"currency": "EUR"}
    assert sample.value == 3.5


@pytest.mark.parametrize(
    ("name", "value", "labels", "field"),
    [
        ("payments", 1, {}, "name"),
        ("Payments_total", 1, {}, "name"),
        ("payments_total", -1, {}, "value"),
        ("payments_total", float("nan"), {}, "value"),
        ("payments_total", True, {}, "value"),
        ("payments_total", 1, {f"l{i}": "x" for i in range(6)}, "labels"),
        ("payments_total", 1, {"bad-name": "x"}, "labels"),
        ("payments_total", 1, {"currency": 3}, "labels"),
    ],
)
def test_a_bad_business_counter_call_is_an_error_to_the_caller(name, value, labels, field):
    feature = MetricsFeature(CollectorRegistry())
    with pytest.raises(BusinessMetricError) as raised:
        feature.business.count(name, value, labels)
    assert raised.value.field == field


def test_a_business_counter_keeps_the_label_names_of_its_first_use():
    feature = MetricsFeature(CollectorRegistry())
    feature.business.count("refunds_total", 1, {"currency": "EUR"})
    with pytest.raises(BusinessMetricError):
        feature.business.count("refunds_total", 1, {"reason": "late"})
