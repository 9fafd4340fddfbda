//! POST /_scl/egress: one outbound call the way this mode makes it; a call a plain client cannot
//! make answers like egress would (unknown_service, connect_error, timeout).
use crate::httpapi::{json_response, read_object, request_id_of, ApiError, Fields, Object};
use crate::platform::{PeerError, Platform};
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde_json::{json, Map, Value};
use std::sync::Arc;

fn build_call(obj: &Object, request_id: &str) -> Result<(String, http::Request<Bytes>), ApiError> {
    let service = obj.string("service")?;
    if service.trim().is_empty() || service.chars().count() > 100 {
        return Err(ApiError::invalid("service", "must be a service name of at most 100 characters"));
    }
    let method = obj.string("method")?;
    if method.is_empty() || method.len() > 20 || !method.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(ApiError::invalid("method", "must be an HTTP method such as GET"));
    }
    let path = obj.string("path")?;
    if !path.starts_with('/') || path.chars().count() > 8192 {
        return Err(ApiError::invalid("path", "must start with / and be at most 8192 characters"));
    }
    let mut request = http::Request::builder().method(method.to_uppercase().as_str()).uri(path);
    if !request_id.is_empty() {
        request = request.header("x-request-id", request_id);
    }
    let body = match obj.get("body") {
        Some(value) => {
            request = request.header("content-type", "application/json");
            Bytes::from(value.to_string())
        }
        None => Bytes::new(),
    };
    if let Some(raw) = obj.get("headers") {
        let Value::Object(headers) = raw else {
            return Err(ApiError::invalid("headers", "must be an object of strings"));
        };
        let built = request.headers_mut().expect("a valid builder so far");
        for (name, value) in headers {
            let Some(value) = value.as_str() else {
                return Err(ApiError::invalid(&format!("headers.{name}"), "must be a string"));
            };
            let name = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ApiError::invalid(&format!("headers.{name}"), "is not a header name"))?;
            let value = http::HeaderValue::from_str(value)
                .map_err(|_| ApiError::invalid(&format!("headers.{name}"), "is not a header value"))?;
            built.insert(name, value);
        }
    }
    let request = request.body(body).map_err(|e| ApiError::invalid("path", &e.to_string()))?;
    Ok((service.to_string(), request))
}

/// What a plain client's failed call looks like through egress.
fn failed_call(error: &PeerError) -> Value {
    let (kind, status, code) = match error {
        PeerError::UnknownService(_) => ("unknown_service", 502, "SCL_ERR_EGRESS_UNKNOWN_SERVICE"),
        PeerError::Timeout(_) => ("timeout", 504, "SCL_ERR_EGRESS_TIMEOUT"),
        PeerError::Connect(_) => ("connect_error", 502, "SCL_ERR_EGRESS_CONNECT"),
    };
    let body = json!({ "error": { "code": code, "message": error.to_string() } });
    json!({ "status": status, "headers": { "content-type": "application/json", "x-scl-egress-error": kind }, "body": body.to_string() })
}

pub async fn egress(State(platform): State<Arc<dyn Platform>>, headers: HeaderMap, body: Body) -> Response {
    let built = read_object(body).await.and_then(|obj| build_call(&obj, &request_id_of(&headers)));
    let (service, request) = match built {
        Ok(call) => call,
        Err(e) => return e.into_response(),
    };
    let report = match platform.call(&service, request).await {
        Ok(response) => {
            let mut answered = Map::new();
            for name in response.headers().keys() {
                let values: Vec<&str> =
                    response.headers().get_all(name).iter().filter_map(|v| v.to_str().ok()).collect();
                answered.insert(name.as_str().to_lowercase(), Value::from(values.join(", ")));
            }
            json!({ "status": response.status().as_u16(), "headers": answered, "body": String::from_utf8_lossy(response.body()) })
        }
        Err(e) => failed_call(&e),
    };
    json_response(StatusCode::OK, &report)
}
