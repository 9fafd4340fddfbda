//! The registry feature: register once the server listens, heartbeat, re-register when the
//! control plane forgot the instance (404), deregister at stop. A failed registration never
//! fails start: each heartbeat tick registers again until one succeeds.
mod resolver;

pub use resolver::{Instance, Resolver, Snapshot};

use crate::feature::{self, BoxFuture, Error, Feature};
use crate::settings;
use crate::spec;
use prometheus::{CounterVec, IntGauge, Opts, Registry as PromRegistry};
use serde_json::json;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use tokio::task::JoinHandle;

pub struct Options {
    pub control_plane_url: String,
    pub service: String,
    pub instance_id: String,
    /// What the registry advertises: SCL_HOST and SCL_PUBLIC_PORT.
    pub address: String,
    pub port: u16,
    pub settings: settings::Registry,
}

pub struct Registry {
    shared: Arc<Shared>,
    heartbeat: Mutex<Option<JoinHandle<()>>>,
}

struct Shared {
    opts: Options,
    client: reqwest::Client,
    registered: IntGauge,
    heartbeats: CounterVec,
    is_registered: AtomicBool,
}

impl Registry {
    pub fn new(opts: Options, registry: &PromRegistry) -> Registry {
        let registered =
            IntGauge::with_opts(Opts::new("scl_registry_registered", spec::help("scl_registry_registered")))
                .expect("valid metric");
        let heartbeats = CounterVec::new(
            Opts::new("scl_registry_heartbeats_total", spec::help("scl_registry_heartbeats_total")),
            &["result"],
        )
        .expect("valid metric");
        registry.register(Box::new(registered.clone())).expect("registered once");
        registry.register(Box::new(heartbeats.clone())).expect("registered once");
        let shared = Shared {
            opts,
            client: crate::cpclient::new(),
            registered,
            heartbeats,
            is_registered: AtomicBool::new(false),
        };
        Registry { shared: Arc::new(shared), heartbeat: Mutex::new(None) }
    }
}

impl Shared {
    async fn put(&self, path: &str, body: Option<serde_json::Value>) -> Result<u16, reqwest::Error> {
        let mut request =
            self.client.put(format!("{}{}", self.opts.control_plane_url, path)).timeout(self.opts.settings.ttl);
        if let Some(body) = body {
            request = request.header("content-type", "application/json").body(body.to_string());
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let _ = response.bytes().await;
        Ok(status)
    }

    async fn register(&self) -> bool {
        let body = json!({
            "service": self.opts.service,
            "id": self.opts.instance_id,
            "address": self.opts.address,
            "port": self.opts.port,
            "ttlSeconds": self.opts.settings.ttl.as_secs_f64(),
        });
        let ok = matches!(self.put("/v1/registry/register", Some(body)).await, Ok(200));
        if ok {
            self.registered.set(1);
        }
        self.is_registered.store(ok, Ordering::SeqCst);
        ok
    }

    async fn heartbeat(&self) {
        match self.put(&format!("/v1/registry/heartbeat/{}", self.opts.instance_id), None).await {
            Ok(200) => {
                self.heartbeats.with_label_values(&["ok"]).inc();
                self.registered.set(1);
            }
            Ok(404) => {
                // The control plane forgot the instance: register again.
                self.heartbeats.with_label_values(&["error"]).inc();
                self.registered.set(0);
                self.register().await;
            }
            _ => self.heartbeats.with_label_values(&["error"]).inc(),
        }
    }

    async fn heartbeat_loop(self: Arc<Self>) {
        let mut ticker = tokio::time::interval(self.opts.settings.heartbeat_interval);
        ticker.tick().await; // the first tick is immediate; start already registered
        loop {
            ticker.tick().await;
            if self.is_registered.load(Ordering::SeqCst) {
                self.heartbeat().await;
            } else {
                self.register().await;
            }
        }
    }
}

impl Feature for Registry {
    fn name(&self) -> &'static str {
        feature::REGISTRY
    }

    fn start(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async {
            self.shared.register().await;
            let task = tokio::spawn(self.shared.clone().heartbeat_loop());
            *self.heartbeat.lock().expect("not poisoned") = Some(task);
            Ok(())
        })
    }

    /// Deregister, then stop heartbeating; a second stop does nothing.
    fn stop(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async {
            let Some(task) = self.heartbeat.lock().expect("not poisoned").take() else { return Ok(()) };
            task.abort();
            let _ = task.await;
            self.shared.registered.set(0);
            let id = &self.shared.opts.instance_id;
            match self.shared.put(&format!("/v1/registry/deregister/{id}"), None).await {
                Ok(200) | Ok(404) => Ok(()),
                Ok(status) => Err(format!("deregister {id}: control plane answered {status}").into()),
                Err(e) => Err(format!("deregister {id}: {e}").into()),
            }
        })
    }
}
