//! Parses SCL_CONFIG_FILE (config-file.schema.json) in sidecar mode. The schema's rules for the
//! four keys are checked by hand: sidecar mode links no library, so no JSON Schema engine.
use super::{Applied, Document};
use serde_json::Value;

fn integer(value: &Value) -> Option<i64> {
    let n = value.as_number()?;
    n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18).map(|f| f as i64))
}

fn integer_field(config: &serde_json::Map<String, Value>, key: &str, maximum: i64) -> Result<Option<i64>, String> {
    match config.get(key) {
        None => Ok(None),
        Some(raw) => match integer(raw) {
            Some(v) if (1..=maximum).contains(&v) => Ok(Some(v)),
            _ => Err(format!("config file: {key} must be an integer from 1 to {maximum}")),
        },
    }
}

pub fn parse_file(data: &[u8]) -> Result<Applied, String> {
    let file: Value = serde_json::from_slice(data).map_err(|e| format!("config file: {e}"))?;
    let version = file.get("version").and_then(Value::as_i64).filter(|v| *v >= 1);
    let Some(version) = version else { return Err("config file: version is not an integer >= 1".into()) };
    let Some(config) = file.get("config").and_then(Value::as_object) else {
        return Err("config file: config is not an object".into());
    };
    if let Some(key) =
        config.keys().find(|k| !["logLevel", "banner", "maxAmountCents", "pageSizeMax"].contains(&k.as_str()))
    {
        return Err(format!("config file: unknown key {key:?}"));
    }
    let log_level =
        config.get("logLevel").and_then(Value::as_str).filter(|l| ["debug", "info", "warn", "error"].contains(l));
    let Some(log_level) = log_level else { return Err("config file: logLevel is missing or invalid".into()) };
    let banner = match config.get("banner") {
        None => None,
        Some(Value::String(s)) if s.chars().count() <= 200 => Some(s.clone()),
        Some(_) => return Err("config file: banner must be a string of at most 200 characters".into()),
    };
    let document = Document {
        log_level: log_level.to_string(),
        banner,
        max_amount_cents: integer_field(config, "maxAmountCents", 100_000_000)?,
        page_size_max: integer_field(config, "pageSizeMax", 1000)?,
    };
    Ok(Applied { version, document })
}
