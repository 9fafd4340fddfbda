//! Unit tests of the metrics feature: business counter rules and the exposed names.
use super::*;
use std::time::Duration;

fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn a_business_counter_is_exported_with_its_prefix() {
    let m = Metrics::new(Registry::new());
    m.count("payments_total", 2.0, &labels(&[("currency", "EUR")])).unwrap();
    assert!(m.render().contains("scl_business_payments_total{currency=\"EUR\"} 2"));
}

#[test]
fn bad_business_input_is_refused_by_field() {
    let m = Metrics::new(Registry::new());
    assert_eq!(m.count("Payments", 1.0, &[]).unwrap_err().field, "name");
    assert_eq!(m.count("payments_total", -1.0, &[]).unwrap_err().field, "value");
    assert_eq!(m.count("payments_total", 1.0, &labels(&[("__x", "y")])).unwrap_err().field, "labels");
    m.count("payments_total", 1.0, &labels(&[("currency", "EUR")])).unwrap();
    assert_eq!(m.count("payments_total", 1.0, &labels(&[("other", "x")])).unwrap_err().field, "labels");
}

#[test]
fn the_hundred_and_first_counter_is_refused() {
    let m = Metrics::new(Registry::new());
    for i in 0..100 {
        m.count(&format!("c{i}_total"), 1.0, &[]).unwrap();
    }
    assert_eq!(m.count("one_more_total", 1.0, &[]).unwrap_err().field, "name");
}

#[test]
fn every_exposed_name_is_in_features_json() {
    let m = Metrics::new(Registry::new());
    m.observe(&Exchange {
        route: "/x".into(),
        method: "GET".into(),
        status: 200,
        duration: Duration::from_millis(3),
        request_id: "r".into(),
    });
    let text = m.render();
    for line in text.lines().filter(|l| l.starts_with("# TYPE ")) {
        let name = line.split_whitespace().nth(2).unwrap();
        assert!(spec::contract().metrics.names.contains_key(name), "{name} is not in features.json");
    }
    assert!(
        text.contains("scl_http_server_request_duration_seconds_bucket{method=\"GET\",route=\"/x\",le=\"0.0025\"} 0")
    );
    assert!(text.contains("scl_app_resident_memory_bytes"));
}
