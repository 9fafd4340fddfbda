//! The egress feature's metrics; the circuit state gauge is read from the breakers at scrape time.
use super::breaker::Breaker;
use crate::spec;
use prometheus::core::{Collector, Desc};
use prometheus::proto::MetricFamily;
use prometheus::{CounterVec, HistogramOpts, HistogramVec, IntGaugeVec, Opts, Registry};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Breakers by (target service, instance id).
pub type Breakers = Arc<Mutex<HashMap<(String, String), Breaker>>>;

pub struct EgressMetrics {
    pub requests: CounterVec,
    pub duration: HistogramVec,
    pub retries: CounterVec,
    pub budget_exhausted: CounterVec,
    pub circuit_opened: CounterVec,
}

fn counter_vec(registry: &Registry, name: &str, labels: &[&str]) -> CounterVec {
    let c = CounterVec::new(Opts::new(name, spec::help(name)), labels).expect("valid metric");
    registry.register(Box::new(c.clone())).expect("registered once");
    c
}

impl EgressMetrics {
    pub fn new(registry: &Registry, breakers: Breakers) -> EgressMetrics {
        let duration = HistogramVec::new(
            HistogramOpts::new(
                "scl_egress_request_duration_seconds",
                spec::help("scl_egress_request_duration_seconds"),
            )
            .buckets(spec::contract().metrics.histogram_buckets_seconds.clone()),
            &["target", "method"],
        )
        .expect("valid metric");
        registry.register(Box::new(duration.clone())).expect("registered once");
        let state = IntGaugeVec::new(
            Opts::new("scl_egress_circuit_state", spec::help("scl_egress_circuit_state")),
            &["target", "instance"],
        )
        .expect("valid metric");
        registry.register(Box::new(CircuitStates { state, breakers })).expect("registered once");
        EgressMetrics {
            requests: counter_vec(registry, "scl_egress_requests_total", &["target", "method", "status"]),
            duration,
            retries: counter_vec(registry, "scl_egress_retries_total", &["target"]),
            budget_exhausted: counter_vec(registry, "scl_egress_retry_budget_exhausted_total", &["target"]),
            circuit_opened: counter_vec(registry, "scl_egress_circuit_opened_total", &["target"]),
        }
    }
}

/// scl_egress_circuit_state, refreshed from the breakers on each scrape (an open circuit turns
/// half-open by time alone).
struct CircuitStates {
    state: IntGaugeVec,
    breakers: Breakers,
}

impl Collector for CircuitStates {
    fn desc(&self) -> Vec<&Desc> {
        self.state.desc()
    }

    fn collect(&self) -> Vec<MetricFamily> {
        let now = Instant::now();
        for ((target, instance), breaker) in self.breakers.lock().expect("not poisoned").iter_mut() {
            self.state.with_label_values(&[target, instance]).set(breaker.state(now).gauge());
        }
        self.state.collect()
    }
}
