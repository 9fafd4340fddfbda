//! The plain peer client of modes none and sidecar: `base(service) + path`, keep-alive, no
//! retries. A call that cannot be made is a `PeerError`.
use bytes::Bytes;
use http::{Request, Response};
use std::fmt;
use std::time::Duration;

/// A safety net, not a feature: the ambassador's own tries end well before it.
const PEER_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, PartialEq)]
pub enum PeerError {
    /// The mode has no address for the service.
    UnknownService(String),
    Connect(String),
    Timeout(String),
}

impl fmt::Display for PeerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PeerError::UnknownService(s) => write!(f, "no address for service {s}; add it to SCL_PEERS"),
            PeerError::Connect(e) | PeerError::Timeout(e) => f.write_str(e),
        }
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .pool_idle_timeout(Duration::from_secs(30))
        .timeout(PEER_TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client without TLS always builds")
}

/// Sends `request` to `base` + its path and query.
pub async fn send(client: &reqwest::Client, base: &str, request: Request<Bytes>) -> Result<Response<Bytes>, PeerError> {
    let path = request.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
    let (parts, body) = request.into_parts();
    let sent = client.request(parts.method, format!("{base}{path}")).headers(parts.headers).body(body).send().await;
    let failed = |e: reqwest::Error| {
        if e.is_timeout() {
            PeerError::Timeout(e.to_string())
        } else {
            PeerError::Connect(e.to_string())
        }
    };
    let response = sent.map_err(failed)?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(failed)?;
    let mut answer = Response::new(body);
    *answer.status_mut() = status;
    *answer.headers_mut() = headers;
    Ok(answer)
}
