//! Resolve: the passing instances of a service, kept fresh by one blocking-query watch per
//! service, started by its first use. That first use waits up to 1 s for an answer; without one
//! it resolves to no instance (`Known: true`, empty), not to an unknown service.
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

const WATCH_WAIT: Duration = Duration::from_secs(10);
const WATCH_RETRY_BACKOFF: Duration = Duration::from_millis(500);
const FIRST_ANSWER_LIMIT: Duration = Duration::from_secs(1);

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Instance {
    pub id: String,
    pub address: String,
    pub port: u16,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Snapshot {
    /// Some instance was ever registered under the name.
    pub known: bool,
    pub instances: Vec<Instance>,
}

#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    known: bool,
    #[serde(default)]
    index: u64,
    #[serde(default)]
    instances: Vec<Instance>,
}

/// One service's watch: the latest snapshot and the task that long-polls for the next.
type Watch = (watch::Receiver<Option<Snapshot>>, JoinHandle<()>);

#[derive(Clone)]
pub struct Resolver {
    base_url: String,
    client: reqwest::Client,
    watches: Arc<Mutex<HashMap<String, Watch>>>,
}

impl Resolver {
    pub fn new(base_url: String) -> Resolver {
        Resolver { base_url, client: crate::cpclient::new(), watches: Arc::new(Mutex::new(HashMap::new())) }
    }

    pub async fn resolve(&self, service: &str) -> Snapshot {
        let mut answers = self.watch_of(service);
        let first = tokio::time::timeout(FIRST_ANSWER_LIMIT, answers.wait_for(Option::is_some)).await;
        match first {
            Ok(Ok(snapshot)) => snapshot.clone().expect("waited for an answer"),
            _ => Snapshot { known: true, instances: Vec::new() },
        }
    }

    fn watch_of(&self, service: &str) -> watch::Receiver<Option<Snapshot>> {
        let mut watches = self.watches.lock().expect("not poisoned");
        if let Some((receiver, _)) = watches.get(service) {
            return receiver.clone();
        }
        let (sender, receiver) = watch::channel(None);
        let task = tokio::spawn(self.clone().watch(service.to_string(), sender));
        watches.insert(service.to_string(), (receiver.clone(), task));
        receiver
    }

    /// Ends every watch.
    pub fn close(&self) {
        for (_, (_, task)) in self.watches.lock().expect("not poisoned").drain() {
            task.abort();
        }
    }

    async fn watch(self, service: String, answers: watch::Sender<Option<Snapshot>>) {
        let mut index = 0;
        loop {
            match self.query(&service, index).await {
                Ok((snapshot, next)) => {
                    answers.send_replace(Some(snapshot));
                    index = next;
                    if next == 0 {
                        tokio::time::sleep(WATCH_RETRY_BACKOFF).await; // nothing to block on: do not spin
                    }
                }
                Err(_) => tokio::time::sleep(WATCH_RETRY_BACKOFF).await,
            }
        }
    }

    async fn query(&self, service: &str, index: u64) -> Result<(Snapshot, u64), String> {
        let mut query = vec![("passing", "true".to_string())];
        if index > 0 {
            query.push(("index", index.to_string()));
            query.push(("wait", format!("{}s", WATCH_WAIT.as_secs())));
        }
        let response = self
            .client
            .get(format!("{}/v1/registry/services/{}", self.base_url, service))
            .query(&query)
            .timeout(WATCH_WAIT + Duration::from_secs(5))
            .send()
            .await
            .map_err(|e| e.to_string())?;
        if response.status().as_u16() == 400 {
            return Ok((Snapshot { known: false, instances: Vec::new() }, 0)); // a name the registry refuses
        }
        if response.status().as_u16() != 200 {
            return Err(format!("registry answered {} for {service}", response.status()));
        }
        let header_index =
            response.headers().get("x-scl-index").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
        let answer: Answer = response.json().await.map_err(|e| e.to_string())?;
        Ok((Snapshot { known: answer.known, instances: answer.instances }, header_index.unwrap_or(answer.index)))
    }
}
