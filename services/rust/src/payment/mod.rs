//! payment: capture (idempotent by Idempotency-Key) and get one (services.openapi.yaml).
mod charge;

use crate::httpapi::{
    integer_text, is_valid_idempotency_key, read_json, request_id_of, ApiError, Fields, MAX_SAFE_INTEGER,
};
use crate::platform::{Level, Platform};
use crate::store::{Store, StoreError};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_id INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
    key TEXT PRIMARY KEY,
    request TEXT NOT NULL,      -- the request's fields, to tell a replay from a reuse
    status INTEGER NOT NULL,
    response TEXT NOT NULL      -- the answer given, replayed byte for byte
)";

#[derive(Debug, Clone, Serialize)]
pub struct Payment {
    id: i64,
    #[serde(rename = "customerId")]
    customer_id: i64,
    #[serde(rename = "amountCents")]
    amount_cents: i64,
    currency: String,
    status: String,
    #[serde(rename = "createdAt")]
    created_at: String,
}

#[derive(Clone)]
struct Service {
    store: Store,
    platform: Arc<dyn Platform>,
}

pub fn open(data_dir: &std::path::Path, platform: Arc<dyn Platform>) -> Result<Router, StoreError> {
    let service = Service { store: Store::open(data_dir, "payment.db", SCHEMA)?, platform };
    Ok(Router::new().route("/payments", post(capture)).route("/payments/{id}", get(get_one)).with_state(service))
}

fn failed(platform: &dyn Platform, e: StoreError) -> Response {
    platform.log(Level::Error, "http.failure", &e.0, vec![]);
    ApiError::internal().into_response()
}

/// The charge a request asks for, validated, and its idempotency key.
async fn read_request(
    s: &Service,
    headers: &HeaderMap,
    body: Body,
) -> Result<(charge::Charge, Option<String>), ApiError> {
    let value = read_json(body).await?;
    let keys: Vec<&HeaderValue> = headers.get_all("idempotency-key").iter().collect();
    let key = match keys.as_slice() {
        [] => None,
        [one] => match one.to_str() {
            Ok(k) if is_valid_idempotency_key(k) => Some(k.to_string()),
            _ => return Err(key_invalid()),
        },
        _ => return Err(key_invalid()),
    };
    let Value::Object(obj) = value else { return Err(ApiError::not_an_object()) };
    let customer_id = obj.id("customerId")?;
    let amount_cents = obj.id("amountCents")?;
    let ceiling = s.platform.config().max_amount_cents();
    if amount_cents > ceiling {
        return Err(ApiError::invalid("amountCents", &format!("must be at most {ceiling} (maxAmountCents)")));
    }
    let currency = obj.currency("currency")?;
    Ok((charge::Charge { customer_id, amount_cents, currency: currency.to_string() }, key))
}

fn key_invalid() -> ApiError {
    ApiError::invalid("Idempotency-Key", "must be 1 to 255 printable ASCII characters without spaces")
}

async fn capture(State(s): State<Service>, headers: HeaderMap, body: Body) -> Response {
    let (wanted, key) = match read_request(&s, &headers, body).await {
        Ok(request) => request,
        Err(e) => return e.into_response(),
    };
    let charged = s.store.with({
        let wanted = wanted.clone();
        move |db| charge::charge(db, &wanted, key.as_deref())
    });
    let outcome = match charged.await {
        Ok(outcome) => outcome,
        Err(e) => return failed(s.platform.as_ref(), e),
    };
    let (status, answer, replayed) = match outcome {
        charge::Outcome::KeyReused => return ApiError::key_reused().into_response(),
        charge::Outcome::Replayed { status, answer } => (status, answer, true),
        charge::Outcome::Captured(payment) => {
            captured(&s, &headers, &payment);
            (201, serde_json::to_string(&payment).expect("a payment serializes"), false)
        }
    };
    let mut response = (StatusCode::from_u16(status).unwrap_or(StatusCode::CREATED), answer).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    if replayed {
        response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// The business counters and the record of a captured payment (not of a replay).
fn captured(s: &Service, headers: &HeaderMap, p: &Payment) {
    let labels = [("currency".to_string(), p.currency.clone())];
    let _ = s.platform.count("payments_total", 1.0, &labels); // valid by construction
    let _ = s.platform.count("payment_amount_cents_total", p.amount_cents as f64, &labels);
    s.platform.log(
        Level::Info,
        "payment.captured",
        &format!("payment {} captured", p.id),
        vec![
            ("request_id".into(), Value::from(request_id_of(headers))),
            ("payment_id".into(), Value::from(p.id)),
            ("customer_id".into(), Value::from(p.customer_id)),
            ("amount_cents".into(), Value::from(p.amount_cents)),
            ("currency".into(), Value::from(p.currency.clone())),
        ],
    );
}

async fn get_one(State(s): State<Service>, Path(raw): Path<String>) -> Response {
    let Some(id) = integer_text(&raw).filter(|id| (1..=MAX_SAFE_INTEGER).contains(id)) else {
        return ApiError::invalid("id", "must be an integer from 1 to 9007199254740991").into_response();
    };
    match s.store.with(move |db| charge::find(db, id)).await {
        Ok(Some(p)) => axum::Json(p).into_response(),
        Ok(None) => ApiError::not_found(None, format!("no payment with id {id}")).into_response(),
        Err(e) => failed(s.platform.as_ref(), e),
    }
}
