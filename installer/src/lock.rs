//! The lock file that serializes concurrent runs on one install directory.

use std::fs::{File, OpenOptions};
use std::path::Path;

use anyhow::{Context, Result};
use rustix::fs::{flock, FlockOperation};

use crate::checkpoint::step;

/// An exclusive lock on `<install-dir>/v2/.lock`, released when dropped (or when the process
/// dies, so a crash never leaves it held).
pub struct Lock {
    _file: File,
}

impl Lock {
    /// Creates the lock file if needed and waits until this process holds it exclusively.
    pub fn acquire(path: &Path) -> Result<Lock> {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .with_context(|| format!("cannot open lock file {}", path.display()))?;
        if flock(&file, FlockOperation::NonBlockingLockExclusive).is_err() {
            eprintln!(
                "Waiting for another install run to finish ({} is locked)...",
                path.display()
            );
            flock(&file, FlockOperation::LockExclusive)
                .with_context(|| format!("cannot lock {}", path.display()))?;
        }
        step();
        Ok(Lock { _file: file })
    }
}
