//! Sidecar mode's config file: checked every 20 ms with one stat (inode, size, modification
//! time); the sidecar replaces it by rename, so a reader never sees a partial file.
use crate::appconfig::{parse_file, Applied};
use std::os::unix::fs::MetadataExt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Identity {
    inode: u64,
    size: u64,
    modified_ns: i64,
}

pub struct ConfigFile {
    path: PathBuf,
    seen: Identity,
    in_use: i64,
}

/// What a check found.
pub enum Change {
    Unchanged,
    Applied(Applied),
    Rejected(String),
}

impl ConfigFile {
    pub fn new(path: PathBuf) -> ConfigFile {
        ConfigFile { path, seen: Identity::default(), in_use: 0 }
    }

    pub fn check(&mut self) -> Change {
        let Ok(meta) = std::fs::metadata(&self.path) else { return Change::Unchanged }; // not written yet
        let id = Identity {
            inode: meta.ino(),
            size: meta.size(),
            modified_ns: meta.mtime() * 1_000_000_000 + meta.mtime_nsec(),
        };
        if id == self.seen {
            return Change::Unchanged;
        }
        let Ok(data) = std::fs::read(&self.path) else { return Change::Unchanged };
        self.seen = id;
        match parse_file(&data) {
            Err(e) => Change::Rejected(e),
            Ok(applied) if applied.version != self.in_use => {
                self.in_use = applied.version;
                Change::Applied(applied)
            }
            Ok(_) => Change::Unchanged,
        }
    }
}
