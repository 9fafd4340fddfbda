//! A `tracing_subscriber::Layer` that turns `tracing` events into log records, so an app that
//! logs with `tracing::info!(event = "payment.captured", ...)` feeds the logs feature. The
//! fields `event` and `message` become the record's event and msg; the others stay flat fields.
use super::record::Level;
use super::Logger;
use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::Context;

pub struct TracingLayer {
    logger: Logger,
}

impl TracingLayer {
    pub fn new(logger: Logger) -> TracingLayer {
        TracingLayer { logger }
    }
}

#[derive(Default)]
struct Fields {
    event: String,
    msg: String,
    fields: Vec<(String, Value)>,
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "event" => self.event = value.to_string(),
            "message" => self.msg = value.to_string(),
            name => self.fields.push((name.to_string(), Value::from(value))),
        }
    }
    fn record_i64(&mut self, field: &Field, value: i64) {
        self.fields.push((field.name().to_string(), Value::from(value)));
    }
    fn record_u64(&mut self, field: &Field, value: u64) {
        self.fields.push((field.name().to_string(), Value::from(value)));
    }
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.fields.push((field.name().to_string(), Value::from(value)));
    }
    fn record_bool(&mut self, field: &Field, value: bool) {
        self.fields.push((field.name().to_string(), Value::from(value)));
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.record_str(field, &format!("{value:?}"));
    }
}

fn level_of(level: &tracing::Level) -> Level {
    match *level {
        tracing::Level::ERROR => Level::Error,
        tracing::Level::WARN => Level::Warn,
        tracing::Level::INFO => Level::Info,
        _ => Level::Debug,
    }
}

impl<S: Subscriber> tracing_subscriber::Layer<S> for TracingLayer {
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let level = level_of(event.metadata().level());
        if !self.logger.enabled(level) {
            return;
        }
        let mut fields = Fields::default();
        event.record(&mut fields);
        self.logger.log(level, &fields.event, &fields.msg, fields.fields);
    }
}
