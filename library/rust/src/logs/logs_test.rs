//! Unit tests of the logs feature: filtering and seq, dropping on a full queue, batching against
//! a real local collector, the retry rules and the OTLP typing.
use super::*;
use axum::{extract::State, http::StatusCode, routing::post, Router};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn resource() -> Resource {
    Resource { service: "web".into(), instance_id: "web-1".into(), mode: "library".into(), lang: "rust".into() }
}

fn settings(batch: usize, queue: usize) -> Settings {
    let mut s = Settings::defaults();
    s.logs.batch_max_records = batch;
    s.logs.queue_max_records = queue;
    s.logs.flush_interval = Duration::from_millis(20);
    s.logs.retry_backoff = Duration::from_millis(5);
    s
}

/// A collector on a real socket that answers `status` and counts records and requests.
async fn collector(status: StatusCode) -> (String, Arc<(AtomicUsize, AtomicUsize)>) {
    let seen = Arc::new((AtomicUsize::new(0), AtomicUsize::new(0)));
    let app = Router::new()
        .route(
            "/v1/logs",
            post(move |State(seen): State<Arc<(AtomicUsize, AtomicUsize)>>, body: String| async move {
                let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                let n = v["resourceLogs"][0]["scopeLogs"][0]["logRecords"].as_array().unwrap().len();
                seen.0.fetch_add(n, Ordering::SeqCst);
                seen.1.fetch_add(1, Ordering::SeqCst);
                status
            }),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1/logs", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

#[tokio::test]
async fn records_below_the_level_take_no_seq_and_batches_respect_their_size() {
    let (url, seen) = collector(StatusCode::OK).await;
    let registry = prometheus::Registry::new();
    let logs = Logs::new(url, resource(), &settings(4, 100), Level::Info, false, &registry);
    logs.start().await.unwrap();
    let logger = logs.logger();
    logger.log(Level::Debug, "x", "filtered", vec![]);
    for i in 0..10 {
        logger.log(
            Level::Info,
            "x",
            &format!("m{i}"),
            vec![("seq".into(), Value::from(99)), ("n".into(), Value::from(i))],
        );
    }
    logs.stop().await.unwrap();
    assert_eq!(seen.0.load(Ordering::SeqCst), 10);
    assert!(seen.1.load(Ordering::SeqCst) >= 3, "10 records in batches of at most 4");
}

#[tokio::test]
async fn a_full_queue_drops_and_counts() {
    let registry = prometheus::Registry::new();
    let logs =
        Logs::new("http://127.0.0.1:9/v1/logs".into(), resource(), &settings(1, 2), Level::Info, false, &registry);
    let logger = logs.logger();
    for _ in 0..5 {
        logger.log(Level::Info, "x", "m", vec![]); // not started: nothing drains the queue
    }
    let text = String::from_utf8({
        let mut out = Vec::new();
        prometheus::Encoder::encode(&prometheus::TextEncoder::new(), &registry.gather(), &mut out).unwrap();
        out
    })
    .unwrap();
    assert!(text.contains("scl_logs_records_dropped_total{reason=\"queue_full\"} 3"), "{text}");
}

#[tokio::test]
async fn a_rejected_batch_is_dropped_not_retried() {
    let (url, seen) = collector(StatusCode::BAD_REQUEST).await;
    let logs = Logs::new(url, resource(), &settings(10, 100), Level::Info, false, &prometheus::Registry::new());
    logs.start().await.unwrap();
    logs.logger().log(Level::Warn, "x", "m", vec![]);
    logs.stop().await.unwrap();
    assert_eq!(seen.1.load(Ordering::SeqCst), 1);
}

#[test]
fn collector_statuses_follow_the_rules() {
    assert_eq!(classify(204), Export::Acknowledged);
    assert_eq!(classify(429), Export::Retry);
    assert_eq!(classify(503), Export::Retry);
    assert_eq!(classify(404), Export::Rejected);
    assert_eq!(classify(302), Export::Rejected);
}

#[test]
fn the_retry_wait_doubles_up_to_its_ceiling() {
    let first = Duration::from_millis(100);
    let max = Duration::from_secs(2);
    let waits: Vec<u128> = (1..=7).map(|n| retry_wait(first, max, n).as_millis()).collect();
    assert_eq!(waits, vec![100, 200, 400, 800, 1600, 2000, 2000]);
}

#[test]
fn fields_are_typed_as_the_schema_says() {
    assert_eq!(any_value("duration_seconds", &Value::from(2)).unwrap(), serde_json::json!({"doubleValue": 2.0}));
    assert_eq!(any_value("http_status", &Value::from(200)).unwrap(), serde_json::json!({"intValue": "200"}));
    assert_eq!(any_value("n", &Value::from(2.0)).unwrap(), serde_json::json!({"intValue": "2"}));
    assert_eq!(any_value("n", &Value::from(2.5)).unwrap(), serde_json::json!({"doubleValue": 2.5}));
    assert_eq!(any_value("b", &Value::from(true)).unwrap(), serde_json::json!({"boolValue": true}));
}

#[tokio::test]
async fn tracing_events_become_records() {
    use tracing_subscriber::layer::SubscriberExt;
    let (url, seen) = collector(StatusCode::OK).await;
    let logs = Logs::new(url, resource(), &settings(10, 100), Level::Info, false, &prometheus::Registry::new());
    logs.start().await.unwrap();
    let subscriber = tracing_subscriber::registry().with(TracingLayer::new(logs.logger()));
    tracing::subscriber::with_default(subscriber, || {
        tracing::info!(event = "payment.captured", amount_cents = 1200, "payment 7 captured");
        tracing::debug!(event = "x.filtered", "below the level");
    });
    logs.stop().await.unwrap();
    assert_eq!(seen.0.load(Ordering::SeqCst), 1);
}
