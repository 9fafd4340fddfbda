//! The logs feature: records go through `Logger` into a bounded queue; one exporter task ships
//! them to the collector; stop flushes (up to 5 s). Apps that log with `tracing` macros get the
//! same records through `TracingLayer`.
mod exporter;
mod fault;
mod logger;
mod metrics;
mod otlp;
mod record;
mod tracing_layer;

pub use exporter::{classify, retry_wait, Export};
pub use logger::Logger;
pub use otlp::{any_value, encode_batch};
pub use record::{format_time, keep_field, Level, Record, RESERVED};
pub use tracing_layer::TracingLayer;

use crate::feature::{self, BoxFuture, Error, Exchange, Feature};
use crate::settings::Settings;
use serde_json::Value;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

const STOP_FLUSH_LIMIT: Duration = Duration::from_secs(5);

/// The OTLP resource attributes.
#[derive(Debug, Clone)]
pub struct Resource {
    pub service: String,
    pub instance_id: String,
    pub mode: String,
    pub lang: String,
}

pub struct Logs {
    logger: Logger,
    pending: Mutex<Option<(exporter::Exporter, mpsc::Receiver<Record>)>>,
    running: Mutex<Option<JoinHandle<()>>>,
    drain: CancellationToken,
    abort: CancellationToken,
}

impl Logs {
    pub fn new(
        endpoint: String,
        resource: Resource,
        settings: &Settings,
        level: Level,
        test_hooks: bool,
        registry: &prometheus::Registry,
    ) -> Logs {
        let metrics = metrics::LogMetrics::new(registry);
        let (sender, receiver) = mpsc::channel(settings.logs.queue_max_records);
        let exporter = exporter::Exporter {
            endpoint,
            resource,
            client: crate::cpclient::new(),
            settings: settings.logs.clone(),
            metrics: metrics.clone(),
            test_hooks,
        };
        Logs {
            logger: Logger::new(sender, metrics, level),
            pending: Mutex::new(Some((exporter, receiver))),
            running: Mutex::new(None),
            drain: CancellationToken::new(),
            abort: CancellationToken::new(),
        }
    }

    pub fn logger(&self) -> Logger {
        self.logger.clone()
    }
}

impl Feature for Logs {
    fn name(&self) -> &'static str {
        feature::LOGS
    }

    fn start(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async {
            if let Some((exporter, receiver)) = self.pending.lock().expect("not poisoned").take() {
                let task = tokio::spawn(exporter.run(receiver, self.drain.clone(), self.abort.clone()));
                *self.running.lock().expect("not poisoned") = Some(task);
            }
            Ok(())
        })
    }

    fn observe(&self, e: &Exchange) {
        if !self.logger.enabled(Level::Info) {
            return;
        }
        self.logger.log(
            Level::Info,
            "http.request",
            "request completed",
            vec![
                ("request_id".into(), Value::from(e.request_id.as_str())),
                ("http_route".into(), Value::from(e.route.as_str())),
                ("http_method".into(), Value::from(e.method.as_str())),
                ("http_status".into(), Value::from(e.status)),
                ("duration_seconds".into(), Value::from(e.duration.as_secs_f64())),
            ],
        );
    }

    /// Ships what is queued (up to 5 s); what is left after that is abandoned, not counted.
    fn stop(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async {
            let task = self.running.lock().expect("not poisoned").take();
            let Some(mut task) = task else { return Ok(()) };
            self.drain.cancel();
            if tokio::time::timeout(STOP_FLUSH_LIMIT, &mut task).await.is_err() {
                self.abort.cancel();
                let _ = task.await;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
#[path = "logs_test.rs"]
mod tests;
