//! Sidecar mode's business counters: each increment is POSTed to the sidecar's local API
//! through a bounded queue; a full queue drops it, so a request never waits on the sidecar.
use serde_json::json;
use std::time::Duration;
use tokio::sync::mpsc;

const QUEUE_SIZE: usize = 1024;

pub struct CounterSender {
    pending: mpsc::Sender<Vec<u8>>,
}

impl CounterSender {
    pub fn new(url: String) -> CounterSender {
        let (pending, mut queue) = mpsc::channel::<Vec<u8>>(QUEUE_SIZE);
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .expect("a client without TLS always builds");
        tokio::spawn(async move {
            while let Some(body) = queue.recv().await {
                if let Ok(response) =
                    client.post(&url).header("content-type", "application/json").body(body).send().await
                {
                    let _ = response.bytes().await;
                }
            }
        });
        CounterSender { pending }
    }

    pub fn send(&self, name: &str, value: f64, labels: &[(String, String)]) {
        let labels: serde_json::Map<String, serde_json::Value> =
            labels.iter().map(|(k, v)| (k.clone(), json!(v))).collect();
        let body = json!({ "name": name, "value": value, "labels": labels }).to_string().into_bytes();
        let _ = self.pending.try_send(body);
    }
}
