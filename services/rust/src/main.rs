//! scl-service: web, customers or payment (SCL_SERVICE) in mode none, library or sidecar
//! (SCL_MODE), under spec/start-contract.md.
mod app;
mod appconfig;
mod customers;
mod hooks;
mod httpapi;
mod payment;
mod platform;
mod startenv;
mod store;
mod web;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    app::run().await
}
