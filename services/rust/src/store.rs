//! SQLite (rusqlite, bundled) in WAL mode: one connection per service, used from blocking
//! threads so a query never stalls the async runtime.
use rusqlite::Connection;
use std::path::Path;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct Store {
    connection: Arc<Mutex<Connection>>,
}

#[derive(Debug)]
pub struct StoreError(pub String);

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> StoreError {
        StoreError(e.to_string())
    }
}

impl Store {
    /// Opens (or creates) `name` in the data dir and applies the schema.
    pub fn open(data_dir: &Path, name: &str, schema: &str) -> Result<Store, StoreError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| StoreError(format!("create SCL_DATA_DIR {}: {e}", data_dir.display())))?;
        let connection = Connection::open(data_dir.join(name))?;
        // WAL with synchronous=NORMAL: a commit survives the process dying, not a power loss.
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.busy_timeout(std::time::Duration::from_secs(5))?;
        connection.execute_batch(schema)?;
        Ok(Store { connection: Arc::new(Mutex::new(connection)) })
    }

    /// Runs `work` with the connection on a blocking thread.
    pub async fn with<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, StoreError> {
        let connection = self.connection.clone();
        tokio::task::spawn_blocking(move || work(&mut connection.lock().expect("not poisoned")))
            .await
            .map_err(|e| StoreError(e.to_string()))?
    }
}

/// RFC 3339 in UTC with milliseconds.
pub fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}
