//! The handle the app logs through: level filter, `seq`, and a bounded queue that drops and
//! counts when full, so the app is never blocked by logging.
use super::metrics::LogMetrics;
use super::record::{keep_field, Level, Record, DEFAULT_EVENT};
use chrono::Utc;
use serde_json::Value;
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use tokio::sync::mpsc::{error::TrySendError, Sender};

#[derive(Clone)]
pub struct Logger {
    shared: Option<Arc<Shared>>,
}

struct Shared {
    level: AtomicU8,
    seq: AtomicU64,
    pid: u32,
    queue: Sender<Record>,
    metrics: LogMetrics,
}

impl Logger {
    /// A logger that writes nothing (the logs feature is off).
    pub fn discard() -> Logger {
        Logger { shared: None }
    }

    pub(super) fn new(queue: Sender<Record>, metrics: LogMetrics, level: Level) -> Logger {
        let shared = Shared {
            level: AtomicU8::new(level as u8),
            seq: AtomicU64::new(0),
            pid: std::process::id(),
            queue,
            metrics,
        };
        Logger { shared: Some(Arc::new(shared)) }
    }

    pub fn set_level(&self, level: Level) {
        if let Some(s) = &self.shared {
            s.level.store(level as u8, Ordering::Relaxed);
        }
    }

    /// Whether a record at this level would be written.
    pub fn enabled(&self, level: Level) -> bool {
        self.shared.as_ref().is_some_and(|s| level as u8 >= s.level.load(Ordering::Relaxed))
    }

    /// Writes one record; fields with a reserved name or a value that is not a string, boolean
    /// or finite number are dropped. An empty event is `app.log`.
    pub fn log(&self, level: Level, event: &str, msg: &str, fields: Vec<(String, Value)>) {
        let Some(s) = &self.shared else { return };
        if !self.enabled(level) {
            return; // filtered records take no seq
        }
        let record = Record {
            time: Utc::now(),
            level,
            msg: msg.to_string(),
            event: if event.is_empty() { DEFAULT_EVENT.to_string() } else { event.to_string() },
            seq: s.seq.fetch_add(1, Ordering::Relaxed) + 1,
            pid: s.pid,
            fields: fields.into_iter().filter(|(k, v)| keep_field(k, v)).collect(),
        };
        match s.queue.try_send(record) {
            Ok(()) => {
                s.metrics.queued.inc();
                s.metrics.queue.inc();
            }
            Err(TrySendError::Full(_)) | Err(TrySendError::Closed(_)) => {
                s.metrics.dropped.with_label_values(&["queue_full"]).inc();
            }
        }
    }
}
