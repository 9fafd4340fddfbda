//! Sidecar mode's log file: each record is one JSON line (spec/log-line.schema.json) written with
//! one write(2) on an O_APPEND file, no buffer in the process, so kill -9 loses nothing that was
//! logged. SIGHUP reopens the path after a rename rotation.
use super::{Fields, Level};
use serde_json::{Map, Value};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::sync::RwLock;

const RESERVED: [&str; 6] = ["time", "level", "msg", "event", "seq", "pid"];

pub struct LogFile {
    path: PathBuf,
    file: RwLock<File>,
    level: AtomicU8,
    seq: AtomicU64,
    pid: u32,
}

fn open(path: &Path) -> std::io::Result<File> {
    if let Some(folder) = path.parent() {
        std::fs::create_dir_all(folder)?;
    }
    OpenOptions::new().create(true).append(true).open(path)
}

impl LogFile {
    pub fn open(path: &Path, level: Level) -> std::io::Result<LogFile> {
        Ok(LogFile {
            path: path.to_path_buf(),
            file: RwLock::new(open(path)?),
            level: AtomicU8::new(level as u8),
            seq: AtomicU64::new(0),
            pid: std::process::id(),
        })
    }

    pub fn set_level(&self, level: Level) {
        self.level.store(level as u8, Ordering::Relaxed);
    }

    pub fn enabled(&self, level: Level) -> bool {
        level as u8 >= self.level.load(Ordering::Relaxed)
    }

    /// Appends one record; records below the level are not written and take no seq.
    pub fn write(&self, level: Level, event: &str, msg: &str, fields: Fields) {
        if !self.enabled(level) {
            return;
        }
        let mut line = Map::new();
        line.insert("time".into(), Value::from(chrono::Utc::now().format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()));
        line.insert("level".into(), Value::from(level.as_str()));
        line.insert("msg".into(), Value::from(msg));
        line.insert("event".into(), Value::from(if event.is_empty() { "app.log" } else { event }));
        line.insert("seq".into(), Value::from(self.seq.fetch_add(1, Ordering::Relaxed) + 1));
        line.insert("pid".into(), Value::from(self.pid));
        for (key, value) in fields {
            let allowed = matches!(value, Value::String(_) | Value::Bool(_) | Value::Number(_));
            if allowed && !RESERVED.contains(&key.as_str()) {
                line.insert(key, value);
            }
        }
        let mut bytes = serde_json::to_vec(&Value::Object(line)).expect("a JSON value serializes");
        bytes.push(b'\n');
        let file = self.file.read().expect("not poisoned");
        let _ = (&*file).write_all(&bytes); // one write(2) for a line this size
    }

    /// Reopens the path (after a rename rotation); on failure keeps writing where it can.
    pub fn reopen(&self) {
        if let Ok(fresh) = open(&self.path) {
            *self.file.write().expect("not poisoned") = fresh;
        }
    }
}
