//! The logs feature's own metrics (features.json names).
use crate::spec;
use prometheus::{Counter, CounterVec, IntGauge, Opts, Registry};

#[derive(Clone)]
pub struct LogMetrics {
    pub queued: Counter,
    pub shipped: Counter,
    pub dropped: CounterVec,
    pub export_failures: Counter,
    pub queue: IntGauge,
}

fn counter(registry: &Registry, name: &str) -> Counter {
    let c = Counter::with_opts(Opts::new(name, spec::help(name))).expect("valid metric");
    registry.register(Box::new(c.clone())).expect("registered once");
    c
}

impl LogMetrics {
    pub fn new(registry: &Registry) -> LogMetrics {
        let dropped = CounterVec::new(
            Opts::new("scl_logs_records_dropped_total", spec::help("scl_logs_records_dropped_total")),
            &["reason"],
        )
        .expect("valid metric");
        registry.register(Box::new(dropped.clone())).expect("registered once");
        let queue = IntGauge::with_opts(Opts::new("scl_logs_queue_records", spec::help("scl_logs_queue_records")))
            .expect("valid metric");
        registry.register(Box::new(queue.clone())).expect("registered once");
        LogMetrics {
            queued: counter(registry, "scl_logs_records_queued_total"),
            shipped: counter(registry, "scl_logs_records_shipped_total"),
            dropped,
            export_failures: counter(registry, "scl_logs_export_failures_total"),
            queue,
        }
    }
}
