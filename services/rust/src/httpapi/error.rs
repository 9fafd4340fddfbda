//! Error answers: `{"error":{"code","message","field"?}}` with the codes of spec/errors.json.
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use scl_library::observe::Unmatched;
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

impl ApiError {
    pub fn invalid(field: &str, message: &str) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "validation_failed",
            message: format!("{field}: {message}"),
            field: Some(field.into()),
        }
    }
    pub fn not_found(field: Option<&str>, message: String) -> ApiError {
        ApiError { status: StatusCode::NOT_FOUND, code: "not_found", message, field: field.map(str::to_string) }
    }
    pub fn method_not_allowed(message: String) -> ApiError {
        ApiError { status: StatusCode::METHOD_NOT_ALLOWED, code: "method_not_allowed", message, field: None }
    }
    pub fn upstream_failed(message: String) -> ApiError {
        ApiError { status: StatusCode::BAD_GATEWAY, code: "upstream_failed", message, field: None }
    }
    pub fn invalid_json() -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "invalid_json",
            message: "the body is not valid JSON".into(),
            field: None,
        }
    }
    pub fn not_an_object() -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            code: "validation_failed",
            message: "the body must be a JSON object".into(),
            field: None,
        }
    }
    pub fn too_large() -> ApiError {
        ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            code: "payload_too_large",
            message: "the body is larger than 64 KiB; send a smaller one".into(),
            field: None,
        }
    }
    pub fn key_reused() -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "idempotency_key_reused",
            message: "this Idempotency-Key was used with a different request body".into(),
            field: None,
        }
    }
    pub fn internal() -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal_error",
            message: "the service failed unexpectedly; its log has the cause".into(),
            field: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut error = json!({ "code": self.code, "message": self.message });
        if let Some(field) = self.field {
            error["field"] = Value::String(field);
        }
        json_response(self.status, &json!({ "error": error }))
    }
}

/// A JSON answer.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    raw_json(status, body.to_string())
}

fn raw_json(status: StatusCode, body: String) -> Response {
    let mut response = (status, body).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    response
}

/// The fallback: no route for this method and path (route `other` for metrics and access records).
pub async fn not_found_route(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    let mut response = ApiError::not_found(None, format!("no route {method} {}", uri.path())).into_response();
    response.extensions_mut().insert(Unmatched);
    response
}

/// The fallback of a path served with other methods: 405 method_not_allowed. axum's method router
/// adds the `Allow` header naming the path's methods (HEAD with GET) and empties the body of a HEAD.
/// Route `other`, as for a path no route serves.
pub async fn method_not_allowed_route(method: axum::http::Method, uri: axum::http::Uri) -> Response {
    let mut response = ApiError::method_not_allowed(format!(
        "{} does not serve {method}; Allow lists the methods it does",
        uri.path()
    ))
    .into_response();
    response.extensions_mut().insert(Unmatched);
    response
}
