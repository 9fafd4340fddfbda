//! The one task that ships queued records as OTLP/HTTP JSON batches: a batch leaves when full or
//! after the flush interval; a failed export is retried with doubling backoff, keeping the batch.
use super::metrics::LogMetrics;
use super::otlp::encode_batch;
use super::record::Record;
use super::{fault, Resource};
use crate::settings;
use std::time::Duration;
use tokio::sync::mpsc::Receiver;
use tokio::time::{sleep, sleep_until, Instant};
use tokio_util::sync::CancellationToken;

pub struct Exporter {
    pub endpoint: String,
    pub resource: Resource,
    pub client: reqwest::Client,
    pub settings: settings::Logs,
    pub metrics: LogMetrics,
    pub test_hooks: bool,
}

/// How one export ended.
#[derive(Debug, PartialEq)]
pub enum Export {
    Acknowledged,
    /// Network error, timeout, 5xx or 429: send the batch again.
    Retry,
    /// Any other status (4xx, 3xx): the batch is dropped.
    Rejected,
}

/// The rule for a collector's status code.
pub fn classify(status: u16) -> Export {
    match status {
        200..=299 => Export::Acknowledged,
        429 | 500..=599 => Export::Retry,
        _ => Export::Rejected,
    }
}

/// The wait before re-sending after `failures` failed exports in a row (1 = the first).
pub fn retry_wait(first: Duration, max: Duration, failures: u32) -> Duration {
    let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(30));
    first.saturating_mul(factor).min(max)
}

impl Exporter {
    /// Runs until the queue is drained after `drain`, or until `abort`.
    pub async fn run(self, mut queue: Receiver<Record>, drain: CancellationToken, abort: CancellationToken) {
        let mut switch = fault::arm(self.test_hooks);
        loop {
            let mut batch = Vec::with_capacity(self.settings.batch_max_records);
            if drain.is_cancelled() {
                self.take_queued(&mut queue, &mut batch);
                if batch.is_empty() {
                    return;
                }
            } else {
                tokio::select! {
                    _ = abort.cancelled() => return,
                    _ = fault::fired(&mut switch) => fault::injected_panic(),
                    _ = drain.cancelled() => continue,
                    record = queue.recv() => match record {
                        Some(r) => batch.push(r),
                        None => return,
                    },
                }
                let flush_at = Instant::now() + self.settings.flush_interval;
                while batch.len() < self.settings.batch_max_records {
                    tokio::select! {
                        _ = sleep_until(flush_at) => break,
                        _ = abort.cancelled() => return,
                        _ = drain.cancelled() => { self.take_queued(&mut queue, &mut batch); break }
                        _ = fault::fired(&mut switch) => fault::injected_panic(),
                        record = queue.recv() => match record {
                            Some(r) => batch.push(r),
                            None => break,
                        },
                    }
                }
            }
            self.ship(&batch, &abort).await;
        }
    }

    fn take_queued(&self, queue: &mut Receiver<Record>, batch: &mut Vec<Record>) {
        while batch.len() < self.settings.batch_max_records {
            match queue.try_recv() {
                Ok(r) => batch.push(r),
                Err(_) => return,
            }
        }
    }

    async fn ship(&self, batch: &[Record], abort: &CancellationToken) {
        let body = encode_batch(&self.resource, batch);
        let count = batch.len() as f64;
        let mut failures = 0;
        loop {
            match self.post(body.clone()).await {
                Export::Acknowledged => {
                    self.metrics.shipped.inc_by(count);
                    break;
                }
                Export::Rejected => {
                    self.metrics.dropped.with_label_values(&["rejected"]).inc_by(count);
                    break;
                }
                Export::Retry => {
                    self.metrics.export_failures.inc();
                    failures += 1;
                    let wait = retry_wait(self.settings.retry_backoff, self.settings.retry_backoff_max, failures);
                    tokio::select! {
                        _ = sleep(wait) => {}
                        _ = abort.cancelled() => break,
                    }
                }
            }
        }
        self.metrics.queue.sub(batch.len() as i64);
    }

    async fn post(&self, body: Vec<u8>) -> Export {
        let sent = self
            .client
            .post(&self.endpoint)
            .header("content-type", "application/json")
            .timeout(self.settings.export_timeout)
            .body(body)
            .send()
            .await;
        match sent {
            Ok(response) => {
                let status = response.status().as_u16();
                let _ = response.bytes().await;
                classify(status)
            }
            Err(_) => Export::Retry,
        }
    }
}
