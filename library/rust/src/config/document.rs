//! A config document (spec/config.schema.json, validated with the `jsonschema` crate) and the
//! rules that classify a control plane answer: applied, or refused with a reason.
use crate::spec;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    #[serde(rename = "logLevel")]
    pub log_level: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub banner: Option<String>,
    #[serde(rename = "maxAmountCents", skip_serializing_if = "Option::is_none")]
    pub max_amount_cents: Option<i64>,
    #[serde(rename = "pageSizeMax", skip_serializing_if = "Option::is_none")]
    pub page_size_max: Option<i64>,
}

/// A config in use: version 0 is the built-in defaults.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied {
    pub version: i64,
    #[serde(rename = "config")]
    pub document: Document,
}

/// Why an answer was not applied: the `reason` label of scl_config_errors_total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Fetch,
    Empty,
    InvalidJson,
    Schema,
}

impl Refused {
    pub fn reason(self) -> &'static str {
        match self {
            Refused::Fetch => "fetch",
            Refused::Empty => "empty",
            Refused::InvalidJson => "invalid_json",
            Refused::Schema => "schema",
        }
    }
}

static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema: Value = serde_json::from_str(spec::CONFIG_SCHEMA_JSON).expect("spec/config.schema.json parses");
    jsonschema::validator_for(&schema).expect("spec/config.schema.json compiles")
});

/// The service's entry of config.defaults.json.
pub fn defaults(service: &str) -> Result<Document, String> {
    let all: Value = serde_json::from_str(spec::CONFIG_DEFAULTS_JSON).expect("spec/config.defaults.json parses");
    let entry =
        all.get(service).ok_or_else(|| format!("config.defaults.json has no defaults for service {service:?}"))?;
    document_of(entry).map_err(|_| format!("the defaults of {service} do not match config.schema.json"))
}

/// A document validated against the schema.
pub fn document_of(value: &Value) -> Result<Document, Refused> {
    if !SCHEMA.is_valid(value) {
        return Err(Refused::Schema);
    }
    let integer = |key: &str| value.get(key).and_then(Value::as_f64).map(|f| f as i64);
    Ok(Document {
        log_level: value["logLevel"].as_str().unwrap_or_default().to_string(),
        banner: value.get("banner").and_then(Value::as_str).map(str::to_string),
        max_amount_cents: integer("maxAmountCents"),
        page_size_max: integer("pageSizeMax"),
    })
}

fn is_empty_object(value: &Value) -> bool {
    value.as_object().is_some_and(|o| o.is_empty())
}

/// The rules of spec/features.md config for the body of a 200 answer.
pub fn parse_answer(body: &[u8]) -> Result<Applied, Refused> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Refused::Empty);
    }
    let parsed: Value = serde_json::from_slice(body).map_err(|_| Refused::InvalidJson)?;
    if parsed.is_null() || is_empty_object(&parsed) {
        return Err(Refused::Empty);
    }
    let Some(fields) = parsed.as_object() else { return Err(Refused::Schema) };
    match fields.get("config") {
        None | Some(Value::Null) => return Err(Refused::Empty),
        Some(config) if is_empty_object(config) => return Err(Refused::Empty),
        _ => {}
    }
    let version = fields.get("version").and_then(Value::as_i64).filter(|v| (1..=9_007_199_254_740_991).contains(v));
    let Some(version) = version else { return Err(Refused::Schema) };
    Ok(Applied { version, document: document_of(&fields["config"])? })
}
