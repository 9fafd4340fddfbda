//! OTLP/HTTP JSON encoding of a batch of records (spec/features.md logs, Export).
use super::record::Record;
use super::Resource;
use crate::spec;
use serde_json::{json, Value};
use std::time::{SystemTime, UNIX_EPOCH};

/// JSON numbers in a safe-integer range are intValues.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Fields log-line.schema.json types as `number` (always doubleValue) and `integer` (always intValue).
const NUMBER_FIELDS: [&str; 1] = ["duration_seconds"];
const INTEGER_FIELDS: [&str; 3] = ["http_status", "seq", "pid"];

fn string_value(s: &str) -> Value {
    json!({ "stringValue": s })
}

fn int_value(i: i128) -> Value {
    json!({ "intValue": i.to_string() })
}

/// The typed OTLP value of a field; None for a value the schema does not allow.
pub fn any_value(key: &str, value: &Value) -> Option<Value> {
    match value {
        Value::String(s) => Some(string_value(s)),
        Value::Bool(b) => Some(json!({ "boolValue": b })),
        Value::Number(n) => {
            let f = n.as_f64()?;
            if !f.is_finite() {
                return None;
            }
            let integral = n.is_i64() || n.is_u64() || f.fract() == 0.0;
            if NUMBER_FIELDS.contains(&key) {
                Some(json!({ "doubleValue": f }))
            } else if integral && (INTEGER_FIELDS.contains(&key) || f.abs() <= MAX_SAFE_INTEGER) {
                let i = n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from)).unwrap_or(f as i128);
                Some(int_value(i))
            } else {
                Some(json!({ "doubleValue": f }))
            }
        }
        Value::Array(_) | Value::Object(_) => Some(string_value(&value.to_string())),
        Value::Null => None,
    }
}

fn nanos(time: &chrono::DateTime<chrono::Utc>) -> String {
    time.timestamp_nanos_opt().unwrap_or_default().to_string()
}

fn log_record(r: &Record, observed: &str) -> Value {
    let mut attributes = vec![json!({ "key": "event", "value": string_value(&r.event) })];
    for (key, value) in &r.fields {
        if let Some(v) = any_value(key, value) {
            attributes.push(json!({ "key": key, "value": v }));
        }
    }
    attributes.push(json!({ "key": "seq", "value": int_value(r.seq.into()) }));
    attributes.push(json!({ "key": "pid", "value": int_value(r.pid.into()) }));
    let level = r.level.as_str();
    json!({
        "timeUnixNano": nanos(&r.time),
        "observedTimeUnixNano": observed,
        "severityNumber": spec::contract().logs.severity_numbers.get(level).copied().unwrap_or(0),
        "severityText": level.to_uppercase(),
        "body": string_value(&r.msg),
        "attributes": attributes,
    })
}

/// One export request for the batch.
pub fn encode_batch(resource: &Resource, batch: &[Record]) -> Vec<u8> {
    let observed = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_nanos().to_string();
    let records: Vec<Value> = batch.iter().map(|r| log_record(r, &observed)).collect();
    let body = json!({ "resourceLogs": [{
        "resource": { "attributes": [
            { "key": "service.name", "value": string_value(&resource.service) },
            { "key": "service.instance.id", "value": string_value(&resource.instance_id) },
            { "key": "scl.mode", "value": string_value(&resource.mode) },
            { "key": "scl.lang", "value": string_value(&resource.lang) },
        ]},
        "scopeLogs": [{ "scope": { "name": spec::contract().logs.scope_name }, "logRecords": records }],
    }]});
    serde_json::to_vec(&body).expect("a JSON value serializes")
}
