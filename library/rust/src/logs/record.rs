//! One log record (spec/log-line.schema.json) and the rules for its fields.
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Debug = 0,
    Info = 1,
    Warn = 2,
    Error = 3,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }

    pub fn from_u8(value: u8) -> Level {
        match value {
            0 => Level::Debug,
            1 => Level::Info,
            2 => Level::Warn,
            _ => Level::Error,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Level {
    type Err = String;
    fn from_str(s: &str) -> Result<Level, String> {
        match s {
            "debug" => Ok(Level::Debug),
            "info" => Ok(Level::Info),
            "warn" => Ok(Level::Warn),
            "error" => Ok(Level::Error),
            _ => Err(format!("{s:?} is not a level; valid: debug, info, warn, error")),
        }
    }
}

/// The record's own fields: a caller's field with one of these names is dropped.
pub const RESERVED: [&str; 6] = ["time", "level", "msg", "event", "seq", "pid"];

/// The event of a record that names none.
pub const DEFAULT_EVENT: &str = "app.log";

#[derive(Debug, Clone)]
pub struct Record {
    pub time: DateTime<Utc>,
    pub level: Level,
    pub msg: String,
    pub event: String,
    pub seq: u64,
    pub pid: u32,
    /// Flat fields: strings, booleans and finite numbers only (see `keep_field`).
    pub fields: Vec<(String, Value)>,
}

/// Whether a caller's field may be written: not a reserved name, and a string, boolean or finite number.
pub fn keep_field(key: &str, value: &Value) -> bool {
    !RESERVED.contains(&key) && matches!(value, Value::String(_) | Value::Bool(_) | Value::Number(_))
}

/// RFC 3339 in UTC with milliseconds.
pub fn format_time(time: &DateTime<Utc>) -> String {
    time.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

impl Record {
    /// The record as one JSON object, the line a log file holds.
    pub fn to_json(&self) -> Value {
        let mut line = Map::new();
        line.insert("time".into(), Value::String(format_time(&self.time)));
        line.insert("level".into(), Value::String(self.level.as_str().into()));
        line.insert("msg".into(), Value::String(self.msg.clone()));
        line.insert("event".into(), Value::String(self.event.clone()));
        line.insert("seq".into(), self.seq.into());
        line.insert("pid".into(), self.pid.into());
        for (key, value) in &self.fields {
            line.insert(key.clone(), value.clone());
        }
        Value::Object(line)
    }
}
