//! The business counter rules every mode checks (spec/features.md metrics), so a bad increment
//! is a 400 in every mode, with or without a metrics backend.
use crate::httpapi::ApiError;

const MAX_LABELS: usize = 5;

fn is_counter_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.ends_with("_total")
        && bytes.first().is_some_and(u8::is_ascii_lowercase)
        && bytes.iter().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'_')
}

fn is_label_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.first().is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        && bytes.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && !name.starts_with("__")
}

pub fn check_counter(name: &str, value: f64, labels: &[(String, String)]) -> Result<(), ApiError> {
    if !is_counter_name(name) {
        return Err(ApiError::invalid("name", "must match ^[a-z][a-z0-9_]*_total$"));
    }
    if !value.is_finite() || value < 0.0 {
        return Err(ApiError::invalid("value", "must be a finite number >= 0"));
    }
    if labels.len() > MAX_LABELS {
        return Err(ApiError::invalid("labels", &format!("at most {MAX_LABELS} labels")));
    }
    if let Some((label, _)) = labels.iter().find(|(l, _)| !is_label_name(l)) {
        return Err(ApiError::invalid("labels", &format!("label {label:?} must be a Prometheus label name")));
    }
    Ok(())
}
