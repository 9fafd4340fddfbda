//! Runs one service under the start contract: environment, the mode's platform, routes, listen,
//! start, /health, then on SIGTERM: withdraw, drain, stop (spec/start-contract.md).
use crate::httpapi::{json_response, method_not_allowed_route, not_found_route, set_request_id};
use crate::platform::{self, Platform};
use crate::startenv::{self, Env};
use crate::{customers, hooks, payment, web};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use scl_library::settings::BadSetting;
use serde_json::json;
use std::future::IntoFuture;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::signal::unix::{signal, SignalKind};
use tokio_util::sync::CancellationToken;

/// Bounds the in-flight requests, and then the features' stop, at SIGTERM.
const DRAIN_LIMIT: Duration = Duration::from_secs(10);
/// Bounds the deregistration (and the wait for peers to see it) before the drain.
const WITHDRAW_LIMIT: Duration = Duration::from_secs(3);

const EXIT_FAILURE: u8 = 1;
const EXIT_BAD_CONTRACT: u8 = 2;

struct Health {
    ready: AtomicBool,
    platform: Arc<dyn Platform>,
}

async fn serve_health(State(h): State<Arc<Health>>) -> Response {
    if !h.ready.load(Ordering::SeqCst) {
        return json_response(StatusCode::SERVICE_UNAVAILABLE, &json!({ "status": "starting" }));
    }
    json_response(StatusCode::OK, &json!({ "status": "ok", "configVersion": h.platform.config().version() }))
}

/// The routes of env.service, the mode's own, the hooks, and the fallbacks: 405 for a path served
/// with other methods (set on every route added so far), 404 for any other path.
fn router(env: &Env, platform: &Arc<dyn Platform>, health: Arc<Health>) -> Result<Router, String> {
    let service = match env.service.as_str() {
        "customers" => customers::open(&env.data_dir, platform.clone()).map_err(|e| e.0)?,
        "payment" => payment::open(&env.data_dir, platform.clone()).map_err(|e| e.0)?,
        _ => web::new(platform.clone()),
    };
    let mut router = service.merge(Router::new().route("/health", get(serve_health)).with_state(health));
    router = platform.routes(router);
    if env.test_hooks {
        router = router.merge(hooks::routes(platform.clone()));
    }
    let router = platform.wrap(router.method_not_allowed_fallback(method_not_allowed_route).fallback(not_found_route));
    Ok(router.layer(axum::middleware::from_fn(set_request_id)))
}

pub async fn run() -> ExitCode {
    let env = match startenv::read(&|name| std::env::var(name).ok()) {
        Ok(env) => env,
        Err(bad) => {
            eprintln!("{bad}");
            return ExitCode::from(EXIT_BAD_CONTRACT);
        }
    };
    if let Err(e) = std::fs::create_dir_all(&env.data_dir) {
        eprintln!("cannot create SCL_DATA_DIR {}: {e}", env.data_dir.display());
        return ExitCode::from(EXIT_FAILURE);
    }
    let platform = match platform::new(&env) {
        Ok(p) => p,
        Err(e) if e.downcast_ref::<BadSetting>().is_some() => {
            eprintln!("{e}");
            return ExitCode::from(EXIT_BAD_CONTRACT);
        }
        Err(e) => {
            eprintln!("cannot build the {} platform: {e}", env.mode);
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let health = Arc::new(Health { ready: AtomicBool::new(false), platform: platform.clone() });
    let app = match router(&env, &platform, health.clone()) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("cannot open the {} service: {e}", env.service);
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let address = format!("{}:{}", env.host, env.private_port);
    let listener = match tokio::net::TcpListener::bind(&address).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {address}: {e}");
            return ExitCode::from(EXIT_FAILURE);
        }
    };
    let mut terminate = signal(SignalKind::terminate()).expect("SIGTERM can be handled");
    let draining = CancellationToken::new();
    let mut server = tokio::spawn(
        axum::serve(listener, app).with_graceful_shutdown(draining.clone().cancelled_owned()).into_future(),
    );
    if let Err(e) = platform.start().await {
        eprintln!("cannot start the features: {e}");
        return ExitCode::from(EXIT_FAILURE);
    }
    health.ready.store(true, Ordering::SeqCst);
    tokio::select! {
        _ = terminate.recv() => {}
        _ = tokio::signal::ctrl_c() => {}
        served = &mut server => {
            eprintln!("the server stopped: {served:?}");
            return ExitCode::from(EXIT_FAILURE);
        }
    }
    // Out of the registry first (library mode), so peers stop sending before the port closes.
    match tokio::time::timeout(WITHDRAW_LIMIT, platform.withdraw()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => eprintln!("deregistering failed; the registry's TTL will expire the instance: {e}"),
        Err(_) => eprintln!("deregistering took over {WITHDRAW_LIMIT:?}; the registry's TTL will expire the instance"),
    }
    draining.cancel();
    if tokio::time::timeout(DRAIN_LIMIT, &mut server).await.is_err() {
        eprintln!("in-flight requests did not finish in {DRAIN_LIMIT:?}");
        server.abort();
    }
    match tokio::time::timeout(DRAIN_LIMIT, platform.stop()).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => eprintln!("a feature did not stop cleanly: {e}"),
        Err(_) => eprintln!("the features did not stop in {DRAIN_LIMIT:?}"),
    }
    ExitCode::SUCCESS
}
