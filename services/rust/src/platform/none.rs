//! Mode none: no features at all; peers from SCL_PEERS with a plain client.
use super::{check_counter, peers, BoxFuture, Error, Fields, Level, PeerError, Platform};
use crate::appconfig::{Current, Document};
use crate::httpapi::ApiError;
use crate::startenv::Env;
use bytes::Bytes;
use http::{Request, Response};
use std::collections::HashMap;
use std::sync::Arc;

pub struct NoFeatures {
    config: Arc<Current>,
    peers: HashMap<String, String>,
    client: reqwest::Client,
}

impl NoFeatures {
    pub fn new(env: &Env, defaults: Document) -> NoFeatures {
        NoFeatures { config: Arc::new(Current::new(defaults)), peers: env.peers.clone(), client: peers::client() }
    }
}

impl Platform for NoFeatures {
    fn log(&self, _: Level, _: &str, _: &str, _: Fields) {}

    fn call<'a>(
        &'a self,
        service: &'a str,
        request: Request<Bytes>,
    ) -> BoxFuture<'a, Result<Response<Bytes>, PeerError>> {
        Box::pin(async move {
            let base = self.peers.get(service).ok_or_else(|| PeerError::UnknownService(service.to_string()))?;
            peers::send(&self.client, base, request).await
        })
    }

    fn config(&self) -> Arc<Current> {
        self.config.clone()
    }

    /// Checks the input, as every mode does, and drops it: mode none has no metrics.
    fn count(&self, name: &str, value: f64, labels: &[(String, String)]) -> Result<(), ApiError> {
        check_counter(name, value, labels)
    }

    fn start(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }

    fn stop(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }
}
