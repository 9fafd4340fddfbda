//! Unit tests of the config answer rules, and of keeping the last good config against a real
//! local control plane that answers a good version, then bad ones.
use super::*;
use axum::{extract::State, routing::get, Router};
use std::sync::atomic::{AtomicUsize, Ordering};

#[test]
fn answers_are_classified_by_the_rules() {
    let cases: [(&str, Result<i64, Refused>); 9] = [
        ("", Err(Refused::Empty)),
        ("null", Err(Refused::Empty)),
        ("{}", Err(Refused::Empty)),
        (r#"{"version":2,"config":{}}"#, Err(Refused::Empty)),
        (r#"{"version":2}"#, Err(Refused::Empty)),
        ("{not json", Err(Refused::InvalidJson)),
        (r#"{"version":0,"config":{"logLevel":"info"}}"#, Err(Refused::Schema)),
        (r#"{"version":2,"config":{"logLevel":"loud"}}"#, Err(Refused::Schema)),
        (r#"{"version":2,"config":{"logLevel":"warn","pageSizeMax":10.0}}"#, Ok(2)),
    ];
    for (body, want) in cases {
        assert_eq!(parse_answer(body.as_bytes()).map(|a| a.version), want, "{body}");
    }
}

#[test]
fn the_defaults_validate() {
    assert_eq!(defaults("payment").unwrap().max_amount_cents, Some(1_000_000));
    assert!(defaults("nobody").is_err());
}

#[tokio::test]
async fn a_bad_answer_keeps_the_last_good_config() {
    let calls = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route(
            "/v1/config/web",
            get(|State(calls): State<Arc<AtomicUsize>>| async move {
                match calls.fetch_add(1, Ordering::SeqCst) {
                    0 => r#"{"version":3,"config":{"logLevel":"warn"}}"#,
                    _ => r#"{"version":4,"config":{"logLevel":"loud"}}"#,
                }
            }),
        )
        .with_state(calls.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let mut s = settings::Settings::defaults().config;
    s.retry_backoff = Duration::from_millis(10);
    let registry = Registry::new();
    let config = Config::new(&base, "web", defaults("web").unwrap(), s, &registry);
    config.start().await.unwrap();
    while calls.load(Ordering::SeqCst) < 4 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    config.stop().await.unwrap();
    assert_eq!(config.current().version, 3);
    assert_eq!(config.current().document.log_level, "warn");
}
