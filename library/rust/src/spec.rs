//! The repository's spec files, compiled into the library with `include_str!` so a build never
//! reads a stale copy: features.json (settings, metric help, egress rules), config.schema.json,
//! config.defaults.json and errors.json.
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

pub const FEATURES_JSON: &str = include_str!("../../../spec/features.json");
pub const CONFIG_SCHEMA_JSON: &str = include_str!("../../../spec/config.schema.json");
pub const CONFIG_DEFAULTS_JSON: &str = include_str!("../../../spec/config.defaults.json");
pub const ERRORS_JSON: &str = include_str!("../../../spec/errors.json");

#[derive(Debug, Deserialize)]
pub struct Contract {
    pub settings: HashMap<String, Setting>,
    pub metrics: MetricsContract,
    pub egress: EgressContract,
    pub logs: LogsContract,
}

#[derive(Debug, Deserialize)]
pub struct Setting {
    #[serde(rename = "type")]
    pub kind: String,
    pub default: f64,
    pub min: f64,
}

#[derive(Debug, Deserialize)]
pub struct MetricsContract {
    #[serde(rename = "histogramBucketsSeconds")]
    pub histogram_buckets_seconds: Vec<f64>,
    pub names: HashMap<String, MetricName>,
}

#[derive(Debug, Deserialize)]
pub struct MetricName {
    #[serde(rename = "type")]
    pub kind: String,
    pub labels: Vec<String>,
    pub help: String,
}

#[derive(Debug, Deserialize)]
pub struct EgressContract {
    #[serde(rename = "idempotentMethods")]
    pub idempotent_methods: Vec<String>,
    #[serde(rename = "retryableStatuses")]
    pub retryable_statuses: Vec<u16>,
    #[serde(rename = "errorKinds")]
    pub error_kinds: HashMap<String, ErrorKind>,
}

#[derive(Debug, Deserialize)]
pub struct ErrorKind {
    pub status: u16,
    pub code: String,
}

#[derive(Debug, Deserialize)]
pub struct LogsContract {
    #[serde(rename = "severityNumbers")]
    pub severity_numbers: HashMap<String, i64>,
    #[serde(rename = "scopeName")]
    pub scope_name: String,
}

/// features.json, parsed once; the file is part of the build, so a parse error is a build bug.
pub fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| serde_json::from_str(FEATURES_JSON).expect("spec/features.json parses"))
}

/// The help text of a metric name of features.json.
pub fn help(name: &str) -> String {
    contract().metrics.names.get(name).map(|m| m.help.clone()).unwrap_or_else(|| name.to_string())
}

/// The message of a platform error code of errors.json.
pub fn platform_message(code: &str) -> String {
    static ERRORS: OnceLock<serde_json::Value> = OnceLock::new();
    let errors = ERRORS.get_or_init(|| serde_json::from_str(ERRORS_JSON).expect("spec/errors.json parses"));
    errors["platform"][code]["message"].as_str().unwrap_or(code).to_string()
}
