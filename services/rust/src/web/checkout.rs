//! POST /checkout: look the customer up, then charge the payment with an Idempotency-Key (the
//! request's, or a new one), so egress may retry the charge and a resubmitted checkout charges once.
use crate::httpapi::{is_valid_idempotency_key, read_object, request_id_of, ApiError, Fields};
use crate::platform::{PeerError, Platform};
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};
use std::sync::Arc;

const EGRESS_ERROR_HEADER: &str = "x-scl-egress-error";

struct Order {
    customer_id: i64,
    amount_cents: i64,
    currency: &'static str,
    key: String,
}

/// The answer of a paid checkout.
#[derive(Serialize)]
struct Paid {
    customer: Box<RawValue>,
    payment: Box<RawValue>,
}

/// A peer's answer, or why there is none.
struct Answer {
    status: u16,
    body: Bytes,
    /// Synthesized by egress or the ambassador.
    from_egress: bool,
    error: Option<PeerError>,
}

pub async fn checkout(State(platform): State<Arc<dyn Platform>>, headers: HeaderMap, body: Body) -> Response {
    let (response, outcome) = serve(platform.as_ref(), &headers, body).await;
    let _ = platform.count("checkouts_total", 1.0, &[("outcome".into(), outcome.into())]);
    response
}

/// Answers and says how the checkout ended.
async fn serve(platform: &dyn Platform, headers: &HeaderMap, body: Body) -> (Response, &'static str) {
    let order = match read_order(body).await {
        Ok(order) => order,
        Err(e) => return (e.into_response(), "invalid"),
    };
    let request_id = request_id_of(headers);
    let found =
        call(platform, "customers", Method::GET, &format!("/customers/{}", order.customer_id), None, None, &request_id)
            .await;
    if found.status == 404 && !found.from_egress {
        let e = ApiError::not_found(Some("customerId"), format!("no customer with id {}", order.customer_id));
        return (e.into_response(), "unknown_customer");
    }
    if found.status != 200 || !is_object(&found.body) {
        return (upstream_failed("customers", &found), "upstream_failed");
    }
    let charge =
        json!({ "customerId": order.customer_id, "amountCents": order.amount_cents, "currency": order.currency });
    let paid =
        call(platform, "payment", Method::POST, "/payments", Some(charge.to_string()), Some(&order.key), &request_id)
            .await;
    if (paid.status == 400 || paid.status == 422) && !paid.from_egress {
        // payment's own refusal is the client's to fix
        return (raw_json(paid.status, paid.body), "payment_rejected");
    }
    if paid.status != 201 || !is_object(&paid.body) {
        return (upstream_failed("payment", &paid), "upstream_failed");
    }
    // The peers' bodies byte for byte (key order included), as Go's json.RawMessage keeps them.
    let raw = |body: &Bytes| {
        RawValue::from_string(String::from_utf8_lossy(body).into_owned()).expect("checked to be a JSON object")
    };
    let paid_body = Paid { customer: raw(&found.body), payment: raw(&paid.body) };
    ((StatusCode::CREATED, axum::Json(paid_body)).into_response(), "paid")
}

fn raw_json(status: u16, body: Bytes) -> Response {
    let mut response = (StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY), body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    response
}

fn upstream_failed(service: &str, a: &Answer) -> Response {
    let why = match &a.error {
        Some(e) => e.to_string(),
        None => format!("status {}", a.status),
    };
    ApiError::upstream_failed(format!("{service} failed: {why}")).into_response()
}

async fn read_order(body: Body) -> Result<Order, ApiError> {
    let obj = read_object(body).await?;
    let customer_id = obj.id("customerId")?;
    let amount_cents = obj.id("amountCents")?;
    let currency = obj.currency("currency")?;
    let key = match obj.get("idempotencyKey") {
        None => uuid::Uuid::new_v4().to_string(), // a new key: egress may still retry the charge safely
        Some(Value::String(k)) if is_valid_idempotency_key(k) => k.clone(),
        Some(_) => {
            return Err(ApiError::invalid(
                "idempotencyKey",
                "must be 1 to 255 printable ASCII characters without spaces",
            ))
        }
    };
    Ok(Order { customer_id, amount_cents, currency, key })
}

async fn call(
    platform: &dyn Platform,
    service: &str,
    method: Method,
    path: &str,
    body: Option<String>,
    key: Option<&str>,
    request_id: &str,
) -> Answer {
    let mut request = http::Request::builder().method(method).uri(path);
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    if let Some(key) = key {
        request = request.header("idempotency-key", key);
    }
    if !request_id.is_empty() {
        request = request.header("x-request-id", request_id);
    }
    let request = request.body(Bytes::from(body.unwrap_or_default())).expect("a valid request");
    match platform.call(service, request).await {
        Ok(r) => Answer {
            status: r.status().as_u16(),
            from_egress: r.headers().contains_key(EGRESS_ERROR_HEADER),
            body: r.into_body(),
            error: None,
        },
        Err(e) => Answer { status: 0, body: Bytes::new(), from_egress: false, error: Some(e) },
    }
}

fn is_object(body: &[u8]) -> bool {
    matches!(serde_json::from_slice::<Value>(body), Ok(Value::Object(_)))
}
