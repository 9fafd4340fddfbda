//! The config the app uses: the service's built-in defaults (version 0) until a config arrives,
//! and the typed keys with their fallback to the defaults.
mod file;

pub use file::parse_file;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::RwLock;

const DEFAULTS_JSON: &str = include_str!("../../../../spec/config.defaults.json");

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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Applied {
    pub version: i64,
    #[serde(rename = "config")]
    pub document: Document,
}

/// The service's entry of spec/config.defaults.json.
pub fn defaults(service: &str) -> Result<Document, String> {
    let all: Value = serde_json::from_str(DEFAULTS_JSON).map_err(|e| e.to_string())?;
    let entry = all.get(service).ok_or_else(|| format!("config.defaults.json has no defaults for {service:?}"))?;
    serde_json::from_value(entry.clone()).map_err(|e| e.to_string())
}

/// The config in use, swapped whole on each change.
pub struct Current {
    defaults: Document,
    applied: RwLock<Applied>,
}

impl Current {
    pub fn new(defaults: Document) -> Current {
        Current { applied: RwLock::new(Applied { version: 0, document: defaults.clone() }), defaults }
    }

    pub fn set(&self, applied: Applied) {
        *self.applied.write().expect("not poisoned") = applied;
    }

    pub fn applied(&self) -> Applied {
        self.applied.read().expect("not poisoned").clone()
    }

    pub fn version(&self) -> i64 {
        self.applied.read().expect("not poisoned").version
    }

    pub fn banner(&self) -> String {
        let doc = &self.applied.read().expect("not poisoned").document;
        doc.banner.clone().or_else(|| self.defaults.banner.clone()).unwrap_or_default()
    }

    pub fn max_amount_cents(&self) -> i64 {
        let doc = &self.applied.read().expect("not poisoned").document;
        doc.max_amount_cents.or(self.defaults.max_amount_cents).unwrap_or(i64::MAX)
    }

    pub fn page_size_max(&self) -> i64 {
        let doc = &self.applied.read().expect("not poisoned").document;
        doc.page_size_max.or(self.defaults.page_size_max).unwrap_or(100)
    }
}
