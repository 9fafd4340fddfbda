//! The tower layer that turns every completed inbound request into one `Exchange` for the
//! features. The route is axum's `MatchedPath` (written as the OpenAPI template), or `other` when
//! no route matched or the app marked its answer `Unmatched`. /metrics, /health and /_scl/* are
//! not observed.
use crate::feature::{Exchange, Feature};
use axum::extract::MatchedPath;
use http::{Request, Response};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;
use tower::{Layer, Service};

/// A response extension an app's not-found handler sets, so its route is `other`.
#[derive(Debug, Clone, Copy)]
pub struct Unmatched;

/// Whether a path is counted and access-logged.
pub fn observed(path: &str) -> bool {
    path != "/metrics" && path != "/health" && !path.starts_with("/_scl/")
}

#[derive(Clone)]
pub struct ObserveLayer {
    features: Arc<Vec<Arc<dyn Feature>>>,
}

impl ObserveLayer {
    pub fn new(features: Vec<Arc<dyn Feature>>) -> ObserveLayer {
        ObserveLayer { features: Arc::new(features) }
    }
}

impl<S> Layer<S> for ObserveLayer {
    type Service = Observe<S>;
    fn layer(&self, inner: S) -> Observe<S> {
        Observe { inner, features: self.features.clone() }
    }
}

#[derive(Clone)]
pub struct Observe<S> {
    inner: S,
    features: Arc<Vec<Arc<dyn Feature>>>,
}

impl<S, B, R> Service<Request<B>> for Observe<S>
where
    S: Service<Request<B>, Response = Response<R>> + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        if !observed(request.uri().path()) || self.features.is_empty() {
            return Box::pin(self.inner.call(request));
        }
        let started = Instant::now();
        let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string());
        let method = request.method().as_str().to_uppercase();
        let request_id =
            request.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        let features = self.features.clone();
        let answer = self.inner.call(request);
        Box::pin(async move {
            let response = answer.await?;
            let route = match route {
                Some(route) if response.extensions().get::<Unmatched>().is_none() => route,
                _ => "other".to_string(),
            };
            let exchange =
                Exchange { route, method, status: response.status().as_u16(), duration: started.elapsed(), request_id };
            for feature in features.iter() {
                feature.observe(&exchange);
            }
            Ok(response)
        })
    }
}
