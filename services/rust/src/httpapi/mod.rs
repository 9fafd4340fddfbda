//! The HTTP conventions every service shares (services.openapi.yaml): error bodies, 64 KiB JSON
//! bodies, the field rules, the request id.
mod body;
mod error;
mod request_id;
mod validate;

pub use body::{read_json, read_object, Object};
pub use error::{json_response, method_not_allowed_route, not_found_route, ApiError};
pub use request_id::{request_id_of, set_request_id};
pub use validate::{integer_text, is_valid_idempotency_key, Fields, MAX_SAFE_INTEGER};
