//! What a call ends with: a downstream's own answer, or an error kind that egress turns into
//! the kind's status, a JSON error body and `x-scl-egress-error` (features.json errorKinds).
use crate::spec;
use bytes::Bytes;
use http::{HeaderValue, Response, StatusCode};
use serde_json::json;

pub const ERROR_HEADER: &str = "x-scl-egress-error";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    UnknownService,
    NoInstance,
    CircuitOpen,
    Timeout,
    ConnectError,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::UnknownService => "unknown_service",
            Kind::NoInstance => "no_instance",
            Kind::CircuitOpen => "circuit_open",
            Kind::Timeout => "timeout",
            Kind::ConnectError => "connect_error",
        }
    }
}

/// The outcome of one try.
pub enum Outcome {
    Answer(Response<Bytes>),
    Failed(Kind),
}

impl Outcome {
    /// A failed try for the circuit: connect error, timeout, or any 5xx.
    pub fn failed(&self) -> bool {
        match self {
            Outcome::Failed(_) => true,
            Outcome::Answer(r) => r.status().is_server_error(),
        }
    }

    /// A try that may be retried: an error kind or a status of retryableStatuses.
    pub fn retryable(&self) -> bool {
        match self {
            Outcome::Failed(_) => true,
            Outcome::Answer(r) => spec::contract().egress.retryable_statuses.contains(&r.status().as_u16()),
        }
    }
}

/// The answer egress gives for an error kind.
pub fn synthesize(kind: Kind) -> Response<Bytes> {
    let contract = &spec::contract().egress.error_kinds[kind.as_str()];
    let body = json!({ "error": { "code": contract.code, "message": spec::platform_message(&contract.code) } });
    let mut response = Response::new(Bytes::from(body.to_string()));
    *response.status_mut() = StatusCode::from_u16(contract.status).expect("features.json statuses are valid");
    let headers = response.headers_mut();
    headers.insert("content-type", HeaderValue::from_static("application/json"));
    headers.insert(ERROR_HEADER, HeaderValue::from_static(kind.as_str()));
    response
}
