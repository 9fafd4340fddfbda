//! Business counters the app reports (spec/features.md metrics): name and label rules, label
//! names fixed by first use, at most 100 counters, exported as scl_business_<name>.
use prometheus::{CounterVec, Opts, Registry};
use regex::Regex;
use std::collections::HashMap;
use std::fmt;
use std::sync::{LazyLock, Mutex};

static NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-z][a-z0-9_]*_total$").expect("valid regex"));
static LABEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[a-zA-Z_][a-zA-Z0-9_]*$").expect("valid regex"));
const MAX_LABELS: usize = 5;
const MAX_COUNTERS: usize = 100;

/// A refused increment; `field` names what was wrong (name, value or labels).
#[derive(Debug, Clone, PartialEq)]
pub struct BusinessError {
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for BusinessError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for BusinessError {}

fn refuse(field: &'static str, message: String) -> Result<(), BusinessError> {
    Err(BusinessError { field, message })
}

pub struct BusinessCounters {
    registry: Registry,
    counters: Mutex<HashMap<String, (Vec<String>, CounterVec)>>,
}

impl BusinessCounters {
    pub fn new(registry: Registry) -> BusinessCounters {
        BusinessCounters { registry, counters: Mutex::new(HashMap::new()) }
    }

    pub fn add(&self, name: &str, value: f64, labels: &[(String, String)]) -> Result<(), BusinessError> {
        if !NAME.is_match(name) {
            return refuse("name", format!("{name:?} must match ^[a-z][a-z0-9_]*_total$"));
        }
        if !value.is_finite() || value < 0.0 {
            return refuse("value", format!("{value} must be a finite number >= 0"));
        }
        if labels.len() > MAX_LABELS {
            return refuse("labels", format!("{} labels, at most {MAX_LABELS}", labels.len()));
        }
        let mut sorted: Vec<&(String, String)> = labels.iter().collect();
        sorted.sort();
        for (label, _) in &sorted {
            if !LABEL.is_match(label) || label.starts_with("__") {
                return refuse("labels", format!("{label:?} is not a valid label name"));
            }
        }
        let names: Vec<String> = sorted.iter().map(|(k, _)| k.clone()).collect();
        let values: Vec<&str> = sorted.iter().map(|(_, v)| v.as_str()).collect();
        let mut counters = self.counters.lock().expect("not poisoned");
        if let Some((first, vec)) = counters.get(name) {
            if *first != names {
                return refuse(
                    "labels",
                    format!("{name} was first counted with labels {first:?}; use the same label names"),
                );
            }
            vec.with_label_values(&values).inc_by(value);
            return Ok(());
        }
        if counters.len() >= MAX_COUNTERS {
            return refuse(
                "name",
                format!("at most {MAX_COUNTERS} business counters per process; {name} would be one more"),
            );
        }
        let label_refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let opts = Opts::new(format!("scl_business_{name}"), format!("business counter {name} reported by the app"));
        let vec =
            CounterVec::new(opts, &label_refs).map_err(|e| BusinessError { field: "name", message: e.to_string() })?;
        self.registry
            .register(Box::new(vec.clone()))
            .map_err(|e| BusinessError { field: "name", message: e.to_string() })?;
        vec.with_label_values(&values).inc_by(value);
        counters.insert(name.to_string(), (names, vec));
        Ok(())
    }
}
