//! web: the home page (the config's banner), the checkout page, and POST /checkout.
mod checkout;

use crate::platform::Platform;
use axum::extract::State;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;

pub fn new(platform: Arc<dyn Platform>) -> Router {
    Router::new()
        .route("/", get(home))
        .route("/checkout", get(checkout_page).post(checkout::checkout))
        .with_state(platform)
}

/// HTML-escapes text for the page.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&#34;").replace('\'', "&#39;")
}

async fn home(State(platform): State<Arc<dyn Platform>>) -> Response {
    let banner = escape(&platform.config().banner());
    Html(format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sidecar-lab shop</title></head>\n<body><h1>{banner}</h1><p><a href=\"/checkout\">Check out</a></p></body></html>\n"
    ))
    .into_response()
}

async fn checkout_page() -> Html<&'static str> {
    Html(include_str!("checkout.html"))
}
