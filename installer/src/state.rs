//! What the installer remembers beside an installation, in `<install-dir>/v2/`:
//!
//! - `.install.json`: where the links are and which channel the installation updates from (read
//!   by `aws update`), written by every install and update;
//! - `.channel-state.json`: the newest channel index accepted (its serial and SHA-256) and the
//!   key list accepted (its version, keys and every revocation seen), so that a replayed older
//!   index or key list is refused and a revoked key stays revoked.
//!
//! Both are written through a temporary file renamed into place under the install lock, so a
//! crash leaves the old or the new file, never half of one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use aws2_bundle::channel::SeenIndex;
use serde::{Deserialize, Serialize};

use crate::checkpoint::step;
use crate::fsops::sync_dir;
use crate::layout::Layout;

/// File name of the install metadata in `v2/`.
pub const INSTALL_FILE: &str = ".install.json";
/// File name of the channel state in `v2/`.
pub const CHANNEL_STATE_FILE: &str = ".channel-state.json";
/// Suffix of the temporary files the two are written through.
pub const TMP_SUFFIX: &str = ".tmp-aws2";

/// `v2/.install.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstallInfo {
    /// The directory of the `aws2` and `aws2_completer` links.
    pub bin_dir: PathBuf,
    /// The channel URL of the last update from a channel, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

/// `v2/.channel-state.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelState {
    /// The newest index accepted.
    #[serde(default)]
    pub index: Option<SeenIndex>,
    /// Version of the key list accepted (0: none yet).
    #[serde(default)]
    pub keys_version: u64,
    /// The keys of that list, ASCII-armored.
    #[serde(default)]
    pub keys: Vec<String>,
    /// Every revoked fingerprint seen, sorted.
    #[serde(default)]
    pub revoked: Vec<String>,
}

/// Reads a JSON state file; `Ok(None)` when it does not exist.
fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Option<T>> {
    match fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .with_context(|| format!("{} is corrupt; remove it and rerun", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Writes `value` as JSON to `path` through a synced temporary file renamed into place.
fn write<T: Serialize>(path: &Path, value: &T) -> Result<()> {
    let mut json = serde_json::to_vec_pretty(value).context("cannot encode the state")?;
    json.push(b'\n');
    let name = path.file_name().context("state file without name")?;
    let tmp = path.with_file_name(format!("{}{TMP_SUFFIX}", name.to_string_lossy()));
    let mut file =
        fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    file.write_all(&json)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", tmp.display()))?;
    step();
    fs::rename(&tmp, path).with_context(|| format!("cannot replace {}", path.display()))?;
    sync_dir(path.parent().context("state file without directory")?)?;
    step();
    Ok(())
}

impl InstallInfo {
    /// Reads `v2/.install.json` of `layout`, if present.
    pub fn load(layout: &Layout) -> Result<Option<InstallInfo>> {
        read(&layout.v2().join(INSTALL_FILE))
    }

    /// Writes it (the caller holds the lock); skipped when unchanged.
    pub fn store(&self, layout: &Layout) -> Result<()> {
        if Self::load(layout).ok().flatten().as_ref() == Some(self) {
            return Ok(());
        }
        write(&layout.v2().join(INSTALL_FILE), self)
    }
}

impl ChannelState {
    /// Reads `v2/.channel-state.json` of `layout` (empty when absent).
    pub fn load(layout: &Layout) -> Result<ChannelState> {
        Ok(read(&layout.v2().join(CHANNEL_STATE_FILE))?.unwrap_or_default())
    }

    /// Writes it (the caller holds the lock); skipped when unchanged.
    pub fn store(&self, layout: &Layout) -> Result<()> {
        if Self::load(layout).ok().as_ref() == Some(self) {
            return Ok(());
        }
        write(&layout.v2().join(CHANNEL_STATE_FILE), self)
    }
}
