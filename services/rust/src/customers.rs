//! customers: create, list by pages, get one (services.openapi.yaml).
use crate::httpapi::{integer_text, read_object, ApiError, Fields, Object, MAX_SAFE_INTEGER};
use crate::platform::{Level, Platform};
use crate::store::{now, Store, StoreError};
use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use regex::Regex;
use serde::Serialize;
use serde_json::json;
use std::sync::{Arc, LazyLock};

const SCHEMA: &str = "CREATE TABLE IF NOT EXISTS customers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    created_at TEXT NOT NULL
)";

/// `\s` of the OpenAPI file's patterns as ECMAScript defines it: Rust's Unicode `\s` and
/// `str::trim` differ from it on U+0085 (a space to Rust) and U+FEFF (not one to Rust).
const SPACE: &str = r"\t\n\x0B\x0C\r \x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}";
/// The name's pattern `\S`.
static NOT_BLANK: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("[^{SPACE}]")).expect("valid regex"));
/// The email's pattern `^[^@\s]+@[^@\s]+\.[^@\s]+$`.
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^{c}+@{c}+\.{c}+$", c = format!("[^@{SPACE}]"))).expect("valid regex"));

#[derive(Debug, Clone, Serialize)]
pub struct Customer {
    id: i64,
    name: String,
    email: String,
    #[serde(rename = "createdAt")]
    created_at: String,
}

#[derive(Clone)]
struct Service {
    store: Store,
    platform: Arc<dyn Platform>,
}

pub fn open(data_dir: &std::path::Path, platform: Arc<dyn Platform>) -> Result<Router, StoreError> {
    let service = Service { store: Store::open(data_dir, "customers.db", SCHEMA)?, platform };
    Ok(Router::new()
        .route("/customers", get(list).post(create))
        .route("/customers/{id}", get(get_one))
        .with_state(service))
}

/// An unexpected failure: logged, answered 500.
fn failed(platform: &dyn Platform, e: StoreError) -> Response {
    platform.log(Level::Error, "http.failure", &e.0, vec![]);
    ApiError::internal().into_response()
}

fn validate(obj: &Object) -> Result<(String, String), ApiError> {
    let name = obj.string("name")?;
    if !NOT_BLANK.is_match(name) || name.chars().count() > 100 {
        return Err(ApiError::invalid("name", "must be 1 to 100 characters, not blank"));
    }
    let email = obj.string("email")?;
    if email.chars().count() > 254 || !EMAIL.is_match(email) {
        return Err(ApiError::invalid("email", "must be an email address of at most 254 characters"));
    }
    Ok((name.to_string(), email.to_string()))
}

async fn create(State(s): State<Service>, body: Body) -> Response {
    let (name, email) = match read_object(body).await.and_then(|obj| validate(&obj)) {
        Ok(fields) => fields,
        Err(e) => return e.into_response(),
    };
    let created_at = now();
    let inserted = s
        .store
        .with(move |db| {
            let id = db.query_row(
                "INSERT INTO customers (name, email, created_at) VALUES (?1, ?2, ?3) RETURNING id",
                (&name, &email, &created_at),
                |row| row.get(0),
            )?;
            Ok(Customer { id, name, email, created_at })
        })
        .await;
    match inserted {
        Ok(c) => (StatusCode::CREATED, axum::Json(c)).into_response(),
        Err(e) => failed(s.platform.as_ref(), e),
    }
}

/// limit (1..page_size_max, default 20) and after (>= 0, default 0); a parameter given more than
/// once is as invalid as a malformed one.
fn page_of(query: Option<&str>, page_size_max: i64) -> Result<(i64, i64), ApiError> {
    let (mut limit, mut after) = (20, 0);
    let pairs = url_pairs(query.unwrap_or_default());
    for name in ["limit", "after"] {
        if pairs.iter().filter(|(k, _)| k == name).count() > 1 {
            return Err(ApiError::invalid(name, "must be given once"));
        }
    }
    if let Some(raw) = pairs.iter().find(|(k, _)| k == "limit").map(|(_, v)| v) {
        match integer_text(raw) {
            Some(v) if (1..=page_size_max).contains(&v) => limit = v,
            _ => return Err(ApiError::invalid("limit", &format!("must be an integer from 1 to {page_size_max}"))),
        }
    }
    if let Some(raw) = pairs.iter().find(|(k, _)| k == "after").map(|(_, v)| v) {
        match integer_text(raw) {
            Some(v) if (0..=MAX_SAFE_INTEGER).contains(&v) => after = v,
            _ => return Err(ApiError::invalid("after", "must be an integer >= 0")),
        }
    }
    Ok((limit, after))
}

/// The query's pairs, percent-decoded.
fn url_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query).unwrap_or_default()
}

async fn list(State(s): State<Service>, RawQuery(query): RawQuery) -> Response {
    let (limit, after) = match page_of(query.as_deref(), s.platform.config().page_size_max()) {
        Ok(page) => page,
        Err(e) => return e.into_response(),
    };
    let rows = s
        .store
        .with(move |db| {
            let mut statement = db.prepare_cached(
                "SELECT id, name, email, created_at FROM customers WHERE id > ?1 ORDER BY id LIMIT ?2",
            )?;
            let rows = statement.query_map((after, limit + 1), |r| {
                Ok(Customer { id: r.get(0)?, name: r.get(1)?, email: r.get(2)?, created_at: r.get(3)? })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
        .await;
    match rows {
        Ok(mut items) => {
            let mut next_after = None;
            if items.len() as i64 > limit {
                items.truncate(limit as usize);
                next_after = items.last().map(|c| c.id);
            }
            axum::Json(json!({ "items": items, "nextAfter": next_after })).into_response()
        }
        Err(e) => failed(s.platform.as_ref(), e),
    }
}

async fn get_one(State(s): State<Service>, Path(raw): Path<String>) -> Response {
    let Some(id) = integer_text(&raw).filter(|id| (1..=MAX_SAFE_INTEGER).contains(id)) else {
        return ApiError::invalid("id", "must be an integer from 1 to 9007199254740991").into_response();
    };
    let found = s
        .store
        .with(move |db| {
            let mut statement = db.prepare_cached("SELECT id, name, email, created_at FROM customers WHERE id = ?1")?;
            let mut rows = statement.query_map([id], |r| {
                Ok(Customer { id: r.get(0)?, name: r.get(1)?, email: r.get(2)?, created_at: r.get(3)? })
            })?;
            Ok(rows.next().transpose()?)
        })
        .await;
    match found {
        Ok(Some(c)) => axum::Json(c).into_response(),
        Ok(None) => ApiError::not_found(None, format!("no customer with id {id}")).into_response(),
        Err(e) => failed(s.platform.as_ref(), e),
    }
}

#[cfg(test)]
#[path = "customers_test.rs"]
mod tests;
