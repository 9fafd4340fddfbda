//! The field rules of services.openapi.yaml: integers (a zero fraction is an integer), ids,
//! strings, currencies, idempotency keys, decimal digits in paths and queries.
use super::body::Object;
use super::error::ApiError;
use serde_json::Value;

pub const MAX_SAFE_INTEGER: i64 = 9_007_199_254_740_991;

/// A JSON number that is an integer (10.0 is one, as in JSON Schema).
pub fn integer_of(value: &Value) -> Option<i64> {
    let n = value.as_number()?;
    if let Some(i) = n.as_i64() {
        return Some(i);
    }
    let f = n.as_f64()?;
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.2e18).then_some(f as i64)
}

/// Decimal digits only (no sign, no spaces), any number of them: leading zeros are digits (007 is
/// 7), and a value too large for an i64 reads as `i64::MAX`, so the caller's range check refuses it.
pub fn integer_text(s: &str) -> Option<i64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.parse().unwrap_or(i64::MAX))
}

/// 1 to 255 printable ASCII characters without spaces.
pub fn is_valid_idempotency_key(key: &str) -> bool {
    (1..=255).contains(&key.len()) && key.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

/// Reads the fields of a request object, each error naming its field.
pub trait Fields {
    fn id(&self, field: &str) -> Result<i64, ApiError>;
    fn string(&self, field: &str) -> Result<&str, ApiError>;
    fn currency(&self, field: &str) -> Result<&'static str, ApiError>;
}

impl Fields for Object {
    fn id(&self, field: &str) -> Result<i64, ApiError> {
        let raw = self.get(field).ok_or_else(|| ApiError::invalid(field, "is required"))?;
        let value = integer_of(raw).ok_or_else(|| ApiError::invalid(field, "must be an integer"))?;
        if !(1..=MAX_SAFE_INTEGER).contains(&value) {
            return Err(ApiError::invalid(field, "must be between 1 and 9007199254740991"));
        }
        Ok(value)
    }

    fn string(&self, field: &str) -> Result<&str, ApiError> {
        match self.get(field) {
            None => Err(ApiError::invalid(field, "is required")),
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(ApiError::invalid(field, "must be a string")),
        }
    }

    fn currency(&self, field: &str) -> Result<&'static str, ApiError> {
        match self.string(field)? {
            "EUR" => Ok("EUR"),
            "USD" => Ok("USD"),
            "GBP" => Ok("GBP"),
            _ => Err(ApiError::invalid(field, "must be one of EUR, USD, GBP")),
        }
    }
}

#[cfg(test)]
#[path = "validate_test.rs"]
mod tests;
