//! The mode seam: what each mode (none, library, sidecar) puts beside the business logic.
//! Handlers see only the `Platform` trait, never the mode.
mod configfile;
mod counter;
mod counters;
mod library;
mod logfile;
mod none;
mod observe;
mod peers;
mod sidecar;

pub use counter::check_counter;
pub use peers::PeerError;

use crate::appconfig::{self, Current};
use crate::httpapi::ApiError;
use crate::startenv::Env;
use axum::Router;
use bytes::Bytes;
use http::{Request, Response};
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
pub type Error = Box<dyn std::error::Error + Send + Sync>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Debug,
    Info,
    Warn,
    Error,
}

impl Level {
    pub fn parse(name: &str) -> Option<Level> {
        match name {
            "debug" => Some(Level::Debug),
            "info" => Some(Level::Info),
            "warn" => Some(Level::Warn),
            "error" => Some(Level::Error),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Debug => "debug",
            Level::Info => "info",
            Level::Warn => "warn",
            Level::Error => "error",
        }
    }
}

/// Log fields: key and a string, boolean or number.
pub type Fields = Vec<(String, Value)>;

pub trait Platform: Send + Sync {
    /// Writes one app log record (discarded in mode none).
    fn log(&self, level: Level, event: &str, msg: &str, fields: Fields);
    /// Calls a peer: `request`'s URI is the path and query. Library mode always answers (egress
    /// synthesizes its errors); the plain clients fail with a `PeerError`.
    fn call<'a>(
        &'a self,
        service: &'a str,
        request: Request<Bytes>,
    ) -> BoxFuture<'a, Result<Response<Bytes>, PeerError>>;
    fn config(&self) -> Arc<Current>;
    /// Adds to a business counter; bad input is a 400 naming the field.
    fn count(&self, name: &str, value: f64, labels: &[(String, String)]) -> Result<(), ApiError>;
    /// The mode's own routes (library: /metrics).
    fn routes(&self, router: Router) -> Router {
        router
    }
    /// Lets the mode observe every request (metrics, access records).
    fn wrap(&self, router: Router) -> Router {
        router
    }
    /// Runs once the server listens.
    fn start(&self) -> BoxFuture<'_, Result<(), Error>>;
    /// On SIGTERM, before the server stops accepting: library mode deregisters and gives peers'
    /// watches a moment to see it. The other modes do nothing.
    fn withdraw(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }
    /// Runs once the server drained.
    fn stop(&self) -> BoxFuture<'_, Result<(), Error>>;
}

/// The platform of env.mode; a bad SCL_<FEATURE>_<SETTING> override is `Err(Ok(message))`.
pub fn new(env: &Env) -> Result<Arc<dyn Platform>, Error> {
    let defaults = appconfig::defaults(&env.service)?;
    Ok(match env.mode.as_str() {
        "library" => Arc::new(library::WithLibrary::new(env, defaults)?),
        "sidecar" => Arc::new(sidecar::Sidecar::new(env, defaults)?),
        _ => Arc::new(none::NoFeatures::new(env, defaults)),
    })
}
