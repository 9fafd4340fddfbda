//! Request bodies: at most 64 KiB, parsed as JSON whatever the Content-Type.
use super::error::ApiError;
use axum::body::Body;
use serde_json::{Map, Value};

pub const MAX_BODY_BYTES: usize = 64 << 10;

pub type Object = Map<String, Value>;

/// The body as one JSON value: 413 beyond 64 KiB, 400 invalid_json when it does not parse.
pub async fn read_json(body: Body) -> Result<Value, ApiError> {
    let bytes = axum::body::to_bytes(body, MAX_BODY_BYTES).await.map_err(|_| ApiError::too_large())?;
    serde_json::from_slice(&bytes).map_err(|_| ApiError::invalid_json())
}

/// The body as a JSON object; another JSON value is validation_failed without field.
pub async fn read_object(body: Body) -> Result<Object, ApiError> {
    match read_json(body).await? {
        Value::Object(o) => Ok(o),
        _ => Err(ApiError::not_an_object()),
    }
}
