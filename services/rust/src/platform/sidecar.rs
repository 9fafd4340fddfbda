//! Mode sidecar: the app links no library. It appends JSON lines to SCL_LOG_FILE (reopened on
//! SIGHUP), re-reads SCL_CONFIG_FILE when it changes, calls peers through the ambassador at
//! SCL_EGRESS_URL, and sends business counters to the sidecar's local API.
use super::configfile::{Change, ConfigFile};
use super::counters::CounterSender;
use super::logfile::LogFile;
use super::{check_counter, observe, peers, BoxFuture, Error, Fields, Level, PeerError, Platform};
use crate::appconfig::{Current, Document};
use crate::httpapi::ApiError;
use crate::startenv::Env;
use axum::Router;
use bytes::Bytes;
use http::{Request, Response};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::signal::unix::{signal, SignalKind};
use tokio::task::JoinHandle;

/// How often the config file is checked: one stat, so cheap, well within the spec's 1 s.
const POLL_INTERVAL: Duration = Duration::from_millis(20);

pub struct Sidecar {
    files: Arc<Files>,
    egress_url: Option<String>,
    peers: HashMap<String, String>,
    client: reqwest::Client,
    counters: Option<CounterSender>,
    task: Mutex<Option<JoinHandle<()>>>,
}

/// The log and config files, shared with the watcher task.
struct Files {
    config: Arc<Current>,
    log_file: Option<Arc<LogFile>>,
    config_file: Mutex<Option<ConfigFile>>,
}

impl Sidecar {
    pub fn new(env: &Env, defaults: Document) -> Result<Sidecar, Error> {
        let level = Level::parse(&defaults.log_level).unwrap_or(Level::Info);
        let log_file = match &env.log_file {
            Some(path) => Some(Arc::new(LogFile::open(path, level).map_err(|e| format!("open SCL_LOG_FILE: {e}"))?)),
            None => None,
        };
        let files = Files {
            config: Arc::new(Current::new(defaults)),
            log_file,
            config_file: Mutex::new(env.config_file.clone().map(ConfigFile::new)),
        };
        let api = env.sidecar_api_url.as_ref().filter(|_| env.uses("metrics"));
        Ok(Sidecar {
            files: Arc::new(files),
            egress_url: env.egress_url.clone(),
            peers: env.peers.clone(),
            client: peers::client(),
            counters: api.map(|url| CounterSender::new(format!("{url}/v1/metrics"))),
            task: Mutex::new(None),
        })
    }
}

impl Files {
    fn log(&self, level: Level, event: &str, msg: &str, fields: Fields) {
        if let Some(log) = &self.log_file {
            log.write(level, event, msg, fields);
        }
    }

    /// Applies what a check of the config file found, and logs it.
    fn check_config(&self) {
        let change = match self.config_file.lock().expect("not poisoned").as_mut() {
            Some(file) => file.check(),
            None => return,
        };
        match change {
            Change::Unchanged => {}
            Change::Applied(applied) => {
                let version = applied.version;
                if let (Some(log), Some(level)) = (&self.log_file, Level::parse(&applied.document.log_level)) {
                    log.set_level(level);
                }
                self.config.set(applied);
                self.log(
                    Level::Info,
                    "config.applied",
                    "config version in use",
                    vec![("config_version".into(), Value::from(version))],
                );
            }
            Change::Rejected(why) => self.log(
                Level::Warn,
                "config.rejected",
                "config file not applied, keeping the version in use",
                vec![
                    ("config_version".into(), Value::from(self.config.version())),
                    ("detail".into(), Value::from(why)),
                ],
            ),
        }
    }
}

impl Platform for Sidecar {
    fn log(&self, level: Level, event: &str, msg: &str, fields: Fields) {
        self.files.log(level, event, msg, fields);
    }

    fn call<'a>(
        &'a self,
        service: &'a str,
        request: Request<Bytes>,
    ) -> BoxFuture<'a, Result<Response<Bytes>, PeerError>> {
        Box::pin(async move {
            let base = match &self.egress_url {
                Some(url) => format!("{url}/{service}"),
                None => {
                    self.peers.get(service).cloned().ok_or_else(|| PeerError::UnknownService(service.to_string()))?
                }
            };
            peers::send(&self.client, &base, request).await
        })
    }

    fn config(&self) -> Arc<Current> {
        self.files.config.clone()
    }

    /// Checks the increment and hands it to the sidecar's local API; without the API it is
    /// dropped, so the app's side of the work is the same.
    fn count(&self, name: &str, value: f64, labels: &[(String, String)]) -> Result<(), ApiError> {
        check_counter(name, value, labels)?;
        if let Some(counters) = &self.counters {
            counters.send(name, value, labels);
        }
        Ok(())
    }

    fn wrap(&self, router: Router) -> Router {
        match &self.files.log_file {
            Some(log) => {
                let log = log.clone();
                router.layer(axum::middleware::from_fn(move |request, next| {
                    observe::access_record(log.clone(), request, next)
                }))
            }
            None => router,
        }
    }

    /// Reads the config file once (it may not exist yet: the defaults stay in use), then polls
    /// it, and reopens the log file on SIGHUP.
    fn start(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async {
            self.files.check_config();
            let mut hangups = signal(SignalKind::hangup())?;
            let files = self.files.clone();
            let task = tokio::spawn(async move {
                let mut ticker = tokio::time::interval(POLL_INTERVAL);
                loop {
                    tokio::select! {
                        _ = ticker.tick() => files.check_config(),
                        _ = hangups.recv() => {
                            if let Some(log) = &files.log_file {
                                log.reopen();
                            }
                        }
                    }
                }
            });
            *self.task.lock().expect("not poisoned") = Some(task);
            Ok(())
        })
    }

    fn stop(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async {
            if let Some(task) = self.task.lock().expect("not poisoned").take() {
                task.abort();
            }
            Ok(())
        })
    }
}
