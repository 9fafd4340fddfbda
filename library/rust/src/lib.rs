//! The Rust library of sidecar-lab: the five features (metrics, logs, registry, config, egress)
//! in-process. `Library` composes the enabled ones in the order config, metrics, logs, registry,
//! egress and stops them in reverse (spec/features.md).
pub mod config;
mod cpclient;
pub mod egress;
pub mod feature;
pub mod logs;
pub mod metrics;
pub mod observe;
pub mod registry;
pub mod settings;
pub mod spec;

use crate::feature::{Error, Feature};
use bytes::Bytes;
use http::{Request, Response};
use std::sync::Arc;

/// Reported as the scl.lang resource attribute of logs.
pub const LANG: &str = "rust";

pub struct Options {
    pub service: String,
    pub instance_id: String,
    /// scl.mode of logs.
    pub mode: String,
    pub control_plane_url: String,
    /// What the registry advertises: SCL_HOST and SCL_PUBLIC_PORT.
    pub advertise_host: String,
    pub advertise_port: u16,
    /// Enabled features (SCL_FEATURES).
    pub features: Vec<&'static str>,
    pub settings: settings::Settings,
    /// In use as version 0 until a first good config.
    pub config_defaults: config::Document,
    /// SCL_TEST_HOOKS=1: arms the fault switch of spec/faults.md.
    pub test_hooks: bool,
}

/// The composed features of one process.
pub struct Library {
    features: Vec<Arc<dyn Feature>>,
    metrics: Option<Arc<metrics::Metrics>>,
    config: Option<Arc<config::Config>>,
    registry: Option<Arc<registry::Registry>>,
    logger: logs::Logger,
    egress: egress::Egress,
    defaults: config::Applied,
}

impl Library {
    /// Composes the enabled features; nothing runs until `start`.
    pub fn new(opts: Options) -> Result<Library, Error> {
        let on = |name: &str| opts.features.contains(&name);
        // Features whose metrics are not exposed still count into a registry nobody scrapes.
        let prom = prometheus::Registry::new();
        let mut features: Vec<Arc<dyn Feature>> = Vec::new();
        let metrics = on(feature::METRICS).then(|| Arc::new(metrics::Metrics::new(prom.clone())));
        if let Some(m) = &metrics {
            features.push(m.clone());
        }
        let config = on(feature::CONFIG).then(|| {
            Arc::new(config::Config::new(
                &opts.control_plane_url,
                &opts.service,
                opts.config_defaults.clone(),
                opts.settings.config.clone(),
                &prom,
            ))
        });
        if let Some(c) = &config {
            features.push(c.clone());
        }
        let mut logger = logs::Logger::discard();
        if on(feature::LOGS) {
            let level: logs::Level = opts.config_defaults.log_level.parse()?;
            let resource = logs::Resource {
                service: opts.service.clone(),
                instance_id: opts.instance_id.clone(),
                mode: opts.mode.clone(),
                lang: LANG.into(),
            };
            let feature = Arc::new(logs::Logs::new(
                format!("{}/v1/logs", opts.control_plane_url),
                resource,
                &opts.settings,
                level,
                opts.test_hooks,
                &prom,
            ));
            logger = feature.logger();
            if let Some(c) = &config {
                let follower = logger.clone();
                c.on_change(Box::new(move |applied| {
                    if let Ok(level) = applied.document.log_level.parse() {
                        follower.set_level(level);
                    }
                }));
            }
            features.push(feature);
        }
        let registry = on(feature::REGISTRY).then(|| {
            Arc::new(registry::Registry::new(
                registry::Options {
                    control_plane_url: opts.control_plane_url.clone(),
                    service: opts.service.clone(),
                    instance_id: opts.instance_id.clone(),
                    address: opts.advertise_host.clone(),
                    port: opts.advertise_port,
                    settings: opts.settings.registry.clone(),
                },
                &prom,
            ))
        });
        if let Some(r) = &registry {
            features.push(r.clone());
        }
        let egress = if on(feature::EGRESS) {
            let e = egress::Egress::new(
                registry::Resolver::new(opts.control_plane_url.clone()),
                opts.settings.egress.clone(),
                &prom,
            );
            features.push(Arc::new(e.clone()));
            e
        } else {
            egress::Egress::disabled()
        };
        features.sort_by_key(|f| feature::start_rank(f.name()));
        let defaults = config::Applied { version: 0, document: opts.config_defaults };
        Ok(Library { features, metrics, config, registry, logger, egress, defaults })
    }

    /// Writes log records through the logs feature (discarded when it is off).
    pub fn logger(&self) -> logs::Logger {
        self.logger.clone()
    }

    /// Calls a peer through egress (without the feature: `no_instance`).
    pub async fn call(&self, service: &str, request: Request<Bytes>) -> Response<Bytes> {
        self.egress.call(service, request).await
    }

    /// The config in use.
    pub fn config(&self) -> config::Applied {
        self.config.as_ref().map_or_else(|| self.defaults.clone(), |c| c.current())
    }

    /// Registers a listener called after each newly applied config.
    pub fn on_config(&self, listener: config::Listener) {
        if let Some(c) = &self.config {
            c.on_change(listener);
        }
    }

    /// Adds to a business counter; without the metrics feature it is a no-op.
    pub fn count(&self, name: &str, value: f64, labels: &[(String, String)]) -> Result<(), metrics::BusinessError> {
        self.metrics.as_ref().map_or(Ok(()), |m| m.count(name, value, labels))
    }

    /// Whether the metrics feature is on (the app then serves /metrics).
    pub fn has_metrics(&self) -> bool {
        self.metrics.is_some()
    }

    /// The /metrics exposition; None when the metrics feature is off.
    pub fn render_metrics(&self) -> Option<String> {
        self.metrics.as_ref().map(|m| m.render())
    }

    /// The tower layer that lets the features observe every completed request.
    pub fn layer(&self) -> observe::ObserveLayer {
        observe::ObserveLayer::new(self.features.clone())
    }

    /// Starts the features in order; on a failure it stops those already started.
    pub async fn start(&self) -> Result<(), Error> {
        for (i, f) in self.features.iter().enumerate() {
            if let Err(e) = f.start().await {
                let _ = stop_all(&self.features[..i]).await;
                return Err(format!("start {}: {e}", f.name()).into());
            }
        }
        Ok(())
    }

    /// Leaves the registry now (before the server stops accepting); `stop` does it when it was
    /// not done; without the registry feature it does nothing.
    pub async fn deregister(&self) -> Result<(), Error> {
        match &self.registry {
            Some(r) => r.stop().await,
            None => Ok(()),
        }
    }

    /// Stops the features in reverse order; every feature is stopped even if one fails.
    pub async fn stop(&self) -> Result<(), Error> {
        stop_all(&self.features).await
    }
}

async fn stop_all(features: &[Arc<dyn Feature>]) -> Result<(), Error> {
    let mut errors = Vec::new();
    for f in features.iter().rev() {
        if let Err(e) = f.stop().await {
            errors.push(format!("stop {}: {e}", f.name()));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("; ").into())
    }
}
