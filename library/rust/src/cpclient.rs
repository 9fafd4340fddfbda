//! The HTTP client every feature uses to reach the control plane: keep-alive, no redirects, no
//! global timeout (each call sets its own).
use std::time::Duration;

pub fn new() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(16)
        .pool_idle_timeout(Duration::from_secs(30))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client without TLS always builds")
}
