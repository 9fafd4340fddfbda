//! The metrics feature: its own Prometheus registry (the `prometheus` crate), the inbound request
//! counter and histogram, the `scl_app_*` gauges of this process, business counters, and the
//! text exposition (format 0.0.4) that `/metrics` serves.
mod business;
mod process;

pub use business::BusinessError;

use crate::feature::{self, BoxFuture, Error, Exchange, Feature};
use crate::spec;
use prometheus::{CounterVec, Encoder, HistogramOpts, HistogramVec, Opts, Registry, TextEncoder};

pub struct Metrics {
    registry: Registry,
    requests: CounterVec,
    duration: HistogramVec,
    process: process::ProcessMetrics,
    business: business::BusinessCounters,
}

impl Metrics {
    pub fn new(registry: Registry) -> Metrics {
        let requests = CounterVec::new(
            Opts::new("scl_http_server_requests_total", spec::help("scl_http_server_requests_total")),
            &["route", "method", "status"],
        )
        .expect("valid metric");
        let duration = HistogramVec::new(
            HistogramOpts::new(
                "scl_http_server_request_duration_seconds",
                spec::help("scl_http_server_request_duration_seconds"),
            )
            .buckets(spec::contract().metrics.histogram_buckets_seconds.clone()),
            &["route", "method"],
        )
        .expect("valid metric");
        registry.register(Box::new(requests.clone())).expect("registered once");
        registry.register(Box::new(duration.clone())).expect("registered once");
        let process = process::ProcessMetrics::new(&registry);
        let business = business::BusinessCounters::new(registry.clone());
        Metrics { registry, requests, duration, process, business }
    }

    /// Adds to a business counter (spec/features.md): bad input is an error, never a panic.
    pub fn count(&self, name: &str, value: f64, labels: &[(String, String)]) -> Result<(), BusinessError> {
        self.business.add(name, value, labels)
    }

    /// The exposition, with the process gauges read now (at scrape time).
    pub fn render(&self) -> String {
        self.process.refresh();
        let mut out = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut out).expect("text encoding never fails");
        String::from_utf8(out).expect("the exposition is UTF-8")
    }
}

impl Feature for Metrics {
    fn name(&self) -> &'static str {
        feature::METRICS
    }

    fn start(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }

    fn observe(&self, e: &Exchange) {
        let status = e.status.to_string();
        self.requests.with_label_values(&[&e.route, &e.method, &status]).inc();
        self.duration.with_label_values(&[&e.route, &e.method]).observe(e.duration.as_secs_f64());
    }

    fn stop(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async { Ok(()) })
    }
}

#[cfg(test)]
#[path = "metrics_test.rs"]
mod tests;
