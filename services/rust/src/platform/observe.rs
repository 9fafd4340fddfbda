//! Sidecar mode's access records: one `http.request` line per request, written by the app
//! itself (the sidecar's ingress also sees the request, but the record is the app's).
use super::logfile::LogFile;
use super::Level;
use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;
use scl_library::observe::Unmatched;
use serde_json::Value;
use std::sync::Arc;
use std::time::Instant;

/// Whether a path is access-logged: not /metrics, /health or /_scl/*.
fn observed(path: &str) -> bool {
    path != "/metrics" && path != "/health" && !path.starts_with("/_scl/")
}

/// The OpenAPI template that matched, or `other` (no route, or the not-found answer).
fn route_of(matched: Option<String>, response: &Response) -> String {
    match matched {
        Some(route) if response.extensions().get::<Unmatched>().is_none() => route,
        _ => "other".to_string(),
    }
}

pub async fn access_record(log: Arc<LogFile>, request: Request, next: Next) -> Response {
    if !observed(request.uri().path()) {
        return next.run(request).await;
    }
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string());
    let method = request.method().as_str().to_string();
    let request_id = crate::httpapi::request_id_of(request.headers());
    let response = next.run(request).await;
    let fields = vec![
        ("request_id".to_string(), Value::from(request_id)),
        ("http_route".to_string(), Value::from(route_of(route, &response))),
        ("http_method".to_string(), Value::from(method)),
        ("http_status".to_string(), Value::from(response.status().as_u16())),
        ("duration_seconds".to_string(), Value::from(started.elapsed().as_secs_f64())),
    ];
    log.write(Level::Info, "http.request", "request completed", fields);
    response
}
