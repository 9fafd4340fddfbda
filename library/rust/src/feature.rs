//! The one trait every feature implements (spec/features.md): start, observe a completed inbound
//! request, stop; and the order features are composed in.
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
pub type Error = Box<dyn std::error::Error + Send + Sync>;

pub const CONFIG: &str = "config";
pub const METRICS: &str = "metrics";
pub const LOGS: &str = "logs";
pub const REGISTRY: &str = "registry";
pub const EGRESS: &str = "egress";

/// Registration comes last so the instance is ready when listed, and is undone first at shutdown.
pub const START_ORDER: [&str; 5] = [CONFIG, METRICS, LOGS, REGISTRY, EGRESS];

/// A completed inbound request, as every feature sees it.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// OpenAPI path template (`/customers/{id}`), or `other`.
    pub route: String,
    pub method: String,
    pub status: u16,
    pub duration: Duration,
    pub request_id: String,
}

/// One unit of cross-cutting work. `observe` runs on the request path after the response is
/// built, so it must be cheap; features that do not care keep the default.
pub trait Feature: Send + Sync {
    fn name(&self) -> &'static str;
    /// Acquire what the feature needs: register, first config pull, open the queue.
    fn start(&self) -> BoxFuture<'_, Result<(), Error>>;
    fn observe(&self, _exchange: &Exchange) {}
    /// Release it, in reverse order of start.
    fn stop(&self) -> BoxFuture<'_, Result<(), Error>>;
}

/// Reads SCL_FEATURES ("metrics,logs"); empty means all five.
pub fn parse_list(value: &str) -> Result<Vec<&'static str>, String> {
    if value.trim().is_empty() {
        return Ok(START_ORDER.to_vec());
    }
    let mut names = Vec::new();
    for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let Some(known) = START_ORDER.iter().find(|k| **k == name) else {
            return Err(format!("SCL_FEATURES: unknown feature {name:?}; valid values: {}", START_ORDER.join(", ")));
        };
        if !names.contains(known) {
            names.push(*known);
        }
    }
    Ok(names)
}

/// The position of a feature in START_ORDER.
pub fn start_rank(name: &str) -> usize {
    START_ORDER.iter().position(|n| *n == name).unwrap_or(START_ORDER.len())
}
