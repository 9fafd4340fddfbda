//! Mode library: the only file that uses library/rust. It composes the features from the
//! environment, hands config changes to the app, serves /metrics and wraps the router in the
//! library's tower layer.
use super::{BoxFuture, Error, Fields, Level, PeerError, Platform};
use crate::appconfig::{self, Current};
use crate::httpapi::ApiError;
use crate::startenv::Env;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use bytes::Bytes;
use http::{HeaderValue, Request, Response};
use scl_library::{config, logs, settings::Settings, Library, Options};
use std::sync::Arc;
use std::time::Duration;

/// How long peers' registry watches get to see the deregistration before the port closes.
const DEREGISTRATION_PROPAGATION: Duration = Duration::from_millis(250);

pub struct WithLibrary {
    library: Arc<Library>,
    logger: logs::Logger,
    config: Arc<Current>,
}

fn level_of(level: Level) -> logs::Level {
    match level {
        Level::Debug => logs::Level::Debug,
        Level::Info => logs::Level::Info,
        Level::Warn => logs::Level::Warn,
        Level::Error => logs::Level::Error,
    }
}

impl WithLibrary {
    pub fn new(env: &Env, defaults: appconfig::Document) -> Result<WithLibrary, Error> {
        let settings = Settings::load(|name| std::env::var(name).ok())?;
        let library = Library::new(Options {
            service: env.service.clone(),
            instance_id: env.instance_id.clone(),
            mode: env.mode.clone(),
            control_plane_url: env.control_plane_url.clone(),
            advertise_host: env.host.clone(),
            advertise_port: env.public_port,
            features: env.features.clone(),
            settings,
            config_defaults: config::Document {
                log_level: defaults.log_level.clone(),
                banner: defaults.banner.clone(),
                max_amount_cents: defaults.max_amount_cents,
                page_size_max: defaults.page_size_max,
            },
            test_hooks: env.test_hooks,
        })?;
        let current = Arc::new(Current::new(defaults));
        let follower = current.clone();
        library.on_config(Box::new(move |applied: &config::Applied| {
            let d = &applied.document;
            follower.set(appconfig::Applied {
                version: applied.version,
                document: appconfig::Document {
                    log_level: d.log_level.clone(),
                    banner: d.banner.clone(),
                    max_amount_cents: d.max_amount_cents,
                    page_size_max: d.page_size_max,
                },
            });
        }));
        Ok(WithLibrary { logger: library.logger(), library: Arc::new(library), config: current })
    }
}

impl Platform for WithLibrary {
    fn log(&self, level: Level, event: &str, msg: &str, fields: Fields) {
        self.logger.log(level_of(level), event, msg, fields);
    }

    fn call<'a>(
        &'a self,
        service: &'a str,
        request: Request<Bytes>,
    ) -> BoxFuture<'a, Result<Response<Bytes>, PeerError>> {
        Box::pin(async move { Ok(self.library.call(service, request).await) })
    }

    fn config(&self) -> Arc<Current> {
        self.config.clone()
    }

    fn count(&self, name: &str, value: f64, labels: &[(String, String)]) -> Result<(), ApiError> {
        super::check_counter(name, value, labels)?;
        self.library.count(name, value, labels).map_err(|e| ApiError::invalid(e.field, &e.message))
    }

    fn routes(&self, router: Router) -> Router {
        if !self.library.has_metrics() {
            return router;
        }
        let library = self.library.clone();
        router.route(
            "/metrics",
            get(move || async move {
                let text = library.render_metrics().unwrap_or_default();
                let mut response = text.into_response();
                response
                    .headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
                response
            }),
        )
    }

    fn wrap(&self, router: Router) -> Router {
        router.layer(self.library.layer())
    }

    fn start(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(self.library.start())
    }

    fn withdraw(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(async {
            let result = self.library.deregister().await;
            tokio::time::sleep(DEREGISTRATION_PROPAGATION).await;
            result
        })
    }

    fn stop(&self) -> BoxFuture<'_, Result<(), Error>> {
        Box::pin(self.library.stop())
    }
}
