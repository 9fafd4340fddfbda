//! The `/_scl/*` conformance hooks (only with SCL_TEST_HOOKS=1): they drive a feature through
//! the app the way the app itself uses it.
mod egress;

use crate::httpapi::{read_object, ApiError, Fields, Object};
use crate::platform::{check_counter, Level, Platform};
use axum::body::Body;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use regex::Regex;
use serde_json::Value;
use std::sync::{Arc, LazyLock};

const MAX_LOG_COUNT: i64 = 100_000;
const RESERVED: [&str; 6] = ["time", "level", "msg", "event", "seq", "pid"];
static EVENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$").expect("valid regex"));

pub fn routes(platform: Arc<dyn Platform>) -> Router {
    Router::new()
        .route("/_scl/egress", post(egress::egress))
        .route("/_scl/log", post(log))
        .route("/_scl/metric", post(metric))
        .route("/_scl/config", get(config))
        .with_state(platform)
}

struct LogRequest {
    level: Level,
    event: String,
    msg: String,
    fields: Vec<(String, Value)>,
    count: i64,
}

fn read_log_request(obj: &Object) -> Result<LogRequest, ApiError> {
    let level = obj
        .get("level")
        .and_then(Value::as_str)
        .and_then(Level::parse)
        .ok_or_else(|| ApiError::invalid("level", "must be one of debug, info, warn, error"))?;
    let event = obj.string("event")?;
    if event.chars().count() > 200 || !EVENT.is_match(event) {
        return Err(ApiError::invalid("event", "must be a dotted lower-case name such as payment.captured"));
    }
    let msg = obj.string("msg")?;
    if msg.chars().count() > 65536 {
        return Err(ApiError::invalid("msg", "must be at most 65536 characters"));
    }
    let mut fields = Vec::new();
    if let Some(raw) = obj.get("fields") {
        let Value::Object(given) = raw else { return Err(ApiError::invalid("fields", "must be an object")) };
        for (key, value) in given {
            if RESERVED.contains(&key.as_str()) {
                return Err(ApiError::invalid(&format!("fields.{key}"), "is set by the logger and cannot be given"));
            }
            if !matches!(value, Value::String(_) | Value::Bool(_) | Value::Number(_)) {
                return Err(ApiError::invalid(&format!("fields.{key}"), "must be a string, number or boolean"));
            }
            fields.push((key.clone(), value.clone()));
        }
    }
    let count = match obj.get("count") {
        None => 1,
        Some(_) => obj
            .id("count")
            .ok()
            .filter(|c| *c <= MAX_LOG_COUNT)
            .ok_or_else(|| ApiError::invalid("count", "must be an integer from 1 to 100000"))?,
    };
    Ok(LogRequest { level, event: event.to_string(), msg: msg.to_string(), fields, count })
}

async fn log(State(platform): State<Arc<dyn Platform>>, body: Body) -> Response {
    let request = match read_object(body).await.and_then(|obj| read_log_request(&obj)) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    for _ in 0..request.count {
        platform.log(request.level, &request.event, &request.msg, request.fields.clone());
    }
    StatusCode::NO_CONTENT.into_response()
}

fn string_map(obj: &Object, field: &str) -> Result<Vec<(String, String)>, ApiError> {
    match obj.get(field) {
        None => Ok(Vec::new()),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| {
                v.as_str()
                    .map(|s| (k.clone(), s.to_string()))
                    .ok_or_else(|| ApiError::invalid(field, "must be an object of strings"))
            })
            .collect(),
        Some(_) => Err(ApiError::invalid(field, "must be an object of strings")),
    }
}

async fn metric(State(platform): State<Arc<dyn Platform>>, body: Body) -> Response {
    let obj = match read_object(body).await {
        Ok(obj) => obj,
        Err(e) => return e.into_response(),
    };
    let name = obj.get("name").and_then(Value::as_str).unwrap_or_default(); // not a string fails the name rule
    let value = obj.get("value").and_then(Value::as_f64).unwrap_or(f64::NAN); // not a number fails the value rule
    let labels = string_map(&obj, "labels");
    let checked = check_counter(name, value, labels.as_deref().unwrap_or_default()).and(labels.clone().map(|_| ()));
    match checked.and_then(|_| platform.count(name, value, &labels.unwrap_or_default())) {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => e.into_response(),
    }
}

async fn config(State(platform): State<Arc<dyn Platform>>) -> Response {
    axum::Json(platform.config().applied()).into_response()
}
