//! The egress feature: a call names a service and carries a request; egress resolves passing
//! instances, goes round robin over those whose circuit is not open, times each try out, retries
//! under the rules (idempotent, budget, backoff with full jitter, another instance first) and
//! answers with the downstream's answer or a synthesized error answer.
mod answer;
mod breaker;
mod budget;
mod metrics;

pub use answer::{synthesize, Kind, Outcome, ERROR_HEADER};
pub use breaker::{Breaker, State, Ticket};
pub use budget::Budget;

use crate::feature::{self, BoxFuture, Error, Feature};
use crate::registry::{Instance, Resolver};
use crate::{settings, spec};
use bytes::Bytes;
use http::{HeaderMap, Request, Response};
use rand::Rng;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Headers a try does not forward: hop-by-hop, host and content-length.
const NOT_FORWARDED: [&str; 9] = [
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-connection",
    "host",
    "content-length",
];

/// Retry n waits uniform(0, min(max, base x 2^(n-1))).
pub fn backoff(retry: u32, base: Duration, max: Duration) -> Duration {
    let ceiling = base.saturating_mul(2u32.saturating_pow(retry.saturating_sub(1).min(30))).min(max);
    if ceiling.is_zero() {
        return Duration::ZERO;
    }
    rand::rng().random_range(Duration::ZERO..=ceiling)
}

/// Whether a failed try of this request may be retried.
pub fn may_retry(method: &str, headers: &HeaderMap) -> bool {
    spec::contract().egress.idempotent_methods.iter().any(|m| m == method) || headers.contains_key("idempotency-key")
}

#[derive(Clone)]
pub struct Egress {
    inner: Option<Arc<Inner>>,
}

struct Inner {
    resolver: Resolver,
    settings: settings::Egress,
    client: reqwest::Client,
    metrics: metrics::EgressMetrics,
    breakers: metrics::Breakers,
    budgets: Mutex<HashMap<String, Budget>>,
    next: Mutex<HashMap<String, usize>>,
}

impl Egress {
    pub fn new(resolver: Resolver, settings: settings::Egress, registry: &prometheus::Registry) -> Egress {
        let breakers: metrics::Breakers = Arc::new(Mutex::new(HashMap::new()));
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(64)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("a client without TLS always builds");
        let inner = Inner {
            resolver,
            settings,
            client,
            metrics: metrics::EgressMetrics::new(registry, breakers.clone()),
            breakers,
            budgets: Mutex::new(HashMap::new()),
            next: Mutex::new(HashMap::new()),
        };
        Egress { inner: Some(Arc::new(inner)) }
    }

    /// The stand-in when the feature is off: every call answers `no_instance` at once.
    pub fn disabled() -> Egress {
        Egress { inner: None }
    }

    /// Calls `service` with `request` (its URI is the path and query); never fails: a call that
    /// cannot be made answers with its error kind.
    pub async fn call(&self, service: &str, request: Request<Bytes>) -> Response<Bytes> {
        let Some(inner) = &self.inner else { return synthesize(Kind::NoInstance) };
        let started = Instant::now();
        let method = request.method().as_str().to_string();
        let response = inner.call(service, request).await;
        let status = match response.headers().get(ERROR_HEADER).and_then(|v| v.to_str().ok()) {
            Some(kind) => kind.to_string(),
            None => response.status().as_u16().to_string(),
        };
        inner.metrics.requests.with_label_values(&[service, &method, &status]).inc();
        inner.metrics.duration.with_label_values(&[service, &method]).observe(started.elapsed().as_secs_f64());
        response
    }
}

/// Hands a half-open probe back when a try is dropped before it finished (the caller went away).
struct TryGuard<'a> {
    inner: &'a Inner,
    key: (String, String),
    ticket: Option<Ticket>,
}

impl TryGuard<'_> {
    fn finish(mut self, failed: bool) {
        let ticket = self.ticket.take().expect("finished once");
        let mut breakers = self.inner.breakers.lock().expect("not poisoned");
        if let Some(b) = breakers.get_mut(&self.key) {
            if b.done(ticket, failed, Instant::now()) {
                self.inner.metrics.circuit_opened.with_label_values(&[&self.key.0]).inc();
            }
        }
    }
}

impl Drop for TryGuard<'_> {
    fn drop(&mut self) {
        if let Some(ticket) = self.ticket.take() {
            if let Some(b) = self.inner.breakers.lock().expect("not poisoned").get_mut(&self.key) {
                b.cancelled(ticket);
            }
        }
    }
}

impl Inner {
    async fn call(&self, target: &str, request: Request<Bytes>) -> Response<Bytes> {
        self.budgets
            .lock()
            .expect("not poisoned")
            .entry(target.to_string())
            .or_insert_with(|| {
                Budget::new(
                    self.settings.retry_budget_ratio,
                    self.settings.retry_budget_min_per_second,
                    self.settings.retry_budget_window,
                )
            })
            .call(Instant::now());
        let mut snapshot = self.resolver.resolve(target).await;
        if !snapshot.known {
            return synthesize(Kind::UnknownService);
        }
        let retries_allowed = may_retry(request.method().as_str(), request.headers());
        let mut last: Option<Outcome> = None;
        let mut previous = String::new();
        let mut attempt = 1;
        loop {
            let Some((instance, guard)) = self.pick(target, &snapshot.instances, &previous) else {
                // A retry with no usable instance is not made: the last try's answer stands.
                if last.is_none() {
                    let kind = if snapshot.instances.is_empty() { Kind::NoInstance } else { Kind::CircuitOpen };
                    last = Some(Outcome::Failed(kind));
                }
                break;
            };
            if attempt > 1 {
                self.with_budget(target, |b| b.record_retry(Instant::now()));
                self.metrics.retries.with_label_values(&[target]).inc();
            }
            previous = instance.id.clone();
            let outcome = self.attempt(&request, &instance).await;
            guard.finish(outcome.failed());
            let retryable = outcome.retryable();
            last = Some(outcome);
            if attempt >= self.settings.max_attempts || !retries_allowed || !retryable {
                break;
            }
            if !self.with_budget(target, |b| b.allows_retry(Instant::now())) {
                self.metrics.budget_exhausted.with_label_values(&[target]).inc();
                break;
            }
            tokio::time::sleep(backoff(attempt, self.settings.backoff_base, self.settings.backoff_max)).await;
            snapshot = self.resolver.resolve(target).await;
            attempt += 1;
        }
        match last.expect("at least one outcome") {
            Outcome::Answer(response) => response,
            Outcome::Failed(kind) => synthesize(kind),
        }
    }

    fn with_budget<T>(&self, target: &str, f: impl FnOnce(&mut Budget) -> T) -> T {
        let mut budgets = self.budgets.lock().expect("not poisoned");
        f(budgets.get_mut(target).expect("created by the call"))
    }

    /// The next instance round robin whose circuit lets a try through, preferring one other than
    /// `previous`; None when there is none.
    fn pick(&self, target: &str, instances: &[Instance], previous: &str) -> Option<(Instance, TryGuard<'_>)> {
        if instances.is_empty() {
            return None;
        }
        let start = {
            let mut next = self.next.lock().expect("not poisoned");
            let position = next.entry(target.to_string()).or_insert(0);
            let start = *position;
            *position = position.wrapping_add(1);
            start
        };
        let mut order: Vec<&Instance> =
            (0..instances.len()).map(|i| &instances[(start + i) % instances.len()]).collect();
        if order.len() > 1 && order[0].id == previous {
            order.rotate_left(1);
        }
        let now = Instant::now();
        let mut breakers = self.breakers.lock().expect("not poisoned");
        for instance in order {
            let key = (target.to_string(), instance.id.clone());
            let breaker = breakers
                .entry(key.clone())
                .or_insert_with(|| Breaker::new(self.settings.circuit_failure_threshold, self.settings.circuit_open));
            if let Some(ticket) = breaker.allow(now) {
                return Some((instance.clone(), TryGuard { inner: self, key, ticket: Some(ticket) }));
            }
        }
        None
    }

    /// One try on one instance, bounded by egress.tryTimeoutSeconds (the body read included).
    async fn attempt(&self, request: &Request<Bytes>, instance: &Instance) -> Outcome {
        let path = request.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/");
        let url = format!("http://{}:{}{}", instance.address, instance.port, path);
        let mut headers = request.headers().clone();
        for name in NOT_FORWARDED {
            headers.remove(name);
        }
        let sent = self
            .client
            .request(request.method().clone(), url)
            .headers(headers)
            .body(request.body().clone())
            .timeout(self.settings.try_timeout)
            .send()
            .await;
        let kind_of = |e: &reqwest::Error| if e.is_timeout() { Kind::Timeout } else { Kind::ConnectError };
        let response = match sent {
            Ok(r) => r,
            Err(e) => return Outcome::Failed(kind_of(&e)),
        };
        let status = response.status();
        let headers = response.headers().clone();
        match response.bytes().await {
            Ok(body) => {
                let mut answer = Response::new(body);
                *answer.status_mut() = status;
                *answer.headers_mut() = headers;
                answer.headers_mut().remove("content-length");
                answer.headers_mut().remove("transfer-encoding");
                Outcome::Answer(answer)
            }
            Err(e) => Outcome::Failed(kind_of(&e)),
        }
    }
}

impl Feature for Egress {
    fn name(&self) -> &'static str {
        feature::EGRESS
    }

    fn start(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }

    fn stop(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async {
            if let Some(inner) = &self.inner {
                inner.resolver.close();
            }
            Ok(())
        })
    }
}

#[cfg(test)]
#[path = "egress_test.rs"]
mod tests;
