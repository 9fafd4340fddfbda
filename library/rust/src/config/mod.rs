//! The config feature: a blocking pull loop on the control plane, applying only good answers and
//! keeping the last good config otherwise; listeners hear each newly applied version.
mod document;

pub use document::{defaults, document_of, parse_answer, Applied, Document, Refused};

use crate::feature::{self, BoxFuture, Error, Feature};
use crate::settings;
use crate::spec;
use prometheus::{Counter, CounterVec, IntGauge, Opts, Registry};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// How long start waits for the first answer before going on with the defaults.
const FIRST_PULL_LIMIT: Duration = Duration::from_millis(1500);

pub type Listener = Box<dyn Fn(&Applied) + Send + Sync>;

pub struct Config {
    shared: Arc<Shared>,
    task: Mutex<Option<JoinHandle<()>>>,
}

struct Shared {
    url: String,
    settings: settings::Config,
    client: reqwest::Client,
    current: RwLock<Applied>,
    listeners: RwLock<Vec<Listener>>,
    version: IntGauge,
    applied: Counter,
    errors: CounterVec,
}

impl Config {
    pub fn new(
        control_plane_url: &str,
        service: &str,
        defaults: Document,
        settings: settings::Config,
        registry: &Registry,
    ) -> Config {
        let version = IntGauge::with_opts(Opts::new("scl_config_version", spec::help("scl_config_version")))
            .expect("valid metric");
        let applied = Counter::with_opts(Opts::new("scl_config_applied_total", spec::help("scl_config_applied_total")))
            .expect("valid metric");
        let errors =
            CounterVec::new(Opts::new("scl_config_errors_total", spec::help("scl_config_errors_total")), &["reason"])
                .expect("valid metric");
        registry.register(Box::new(version.clone())).expect("registered once");
        registry.register(Box::new(applied.clone())).expect("registered once");
        registry.register(Box::new(errors.clone())).expect("registered once");
        let shared = Shared {
            url: format!("{control_plane_url}/v1/config/{service}"),
            settings,
            client: crate::cpclient::new(),
            current: RwLock::new(Applied { version: 0, document: defaults }),
            listeners: RwLock::new(Vec::new()),
            version,
            applied,
            errors,
        };
        Config { shared: Arc::new(shared), task: Mutex::new(None) }
    }

    pub fn current(&self) -> Applied {
        self.shared.current.read().expect("not poisoned").clone()
    }

    pub fn on_change(&self, listener: Listener) {
        self.shared.listeners.write().expect("not poisoned").push(listener);
    }
}

impl Shared {
    async fn pull(&self, index: u64) -> Result<(Applied, u64), Refused> {
        let wait = format!("{}ms", self.settings.wait.as_millis());
        let response = self
            .client
            .get(&self.url)
            .query(&[("index", index.to_string()), ("wait", wait)])
            .timeout(self.settings.wait * 3 / 2 + Duration::from_secs(2))
            .send()
            .await
            .map_err(|_| Refused::Fetch)?;
        let status = response.status().as_u16();
        let header_index =
            response.headers().get("x-scl-index").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
        let body = response.bytes().await.map_err(|_| Refused::Fetch)?;
        if status != 200 {
            return Err(Refused::Fetch);
        }
        let applied = parse_answer(&body)?;
        let next = header_index.unwrap_or(applied.version as u64);
        Ok((applied, next))
    }

    /// Applies a version that differs from the one in use.
    fn apply(&self, next: Applied) {
        {
            let mut current = self.current.write().expect("not poisoned");
            if current.version == next.version {
                return;
            }
            *current = next.clone();
        }
        self.version.set(next.version);
        self.applied.inc();
        for listener in self.listeners.read().expect("not poisoned").iter() {
            listener(&next);
        }
    }

    async fn run(self: Arc<Self>, first: oneshot::Sender<()>) {
        let mut first = Some(first);
        let mut index = 0;
        loop {
            let outcome = self.pull(index).await;
            let failed = outcome.is_err();
            match outcome {
                Ok((applied, next)) => {
                    self.apply(applied);
                    index = next;
                }
                Err(refused) => self.errors.with_label_values(&[refused.reason()]).inc(),
            }
            if let Some(first) = first.take() {
                let _ = first.send(()); // the first outcome is in place: start may return
            }
            if failed {
                tokio::time::sleep(self.settings.retry_backoff).await;
            }
        }
    }
}

impl Feature for Config {
    fn name(&self) -> &'static str {
        feature::CONFIG
    }

    /// Tries the first pull for a while, then goes on with the defaults in the background.
    fn start(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async {
            let (first, answered) = oneshot::channel();
            let task = tokio::spawn(self.shared.clone().run(first));
            *self.task.lock().expect("not poisoned") = Some(task);
            let _ = tokio::time::timeout(FIRST_PULL_LIMIT, answered).await;
            Ok(())
        })
    }

    fn stop(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async {
            let task = self.task.lock().expect("not poisoned").take();
            if let Some(task) = task {
                task.abort();
                let _ = task.await;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
#[path = "config_test.rs"]
mod tests;
