//! Removing what the installer made, and only that: version directories are emptied using
//! their own manifest, then their directories are removed if nothing foreign is left in them.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use aws2_bundle::{Manifest, MANIFEST_FILE, MANIFEST_SIG_FILE};

use crate::checkpoint::step;
use crate::fsops::{remove_if_symlink, sync_dir};
use crate::layout::{installed_path, Layout, PROGRAMS, REMOVE_PREFIX, STAGING_PREFIX};
use crate::state::{CHANNEL_STATE_FILE, INSTALL_FILE, TMP_SUFFIX};

/// Retires `v2/<version>`: renames it to `v2/.remove-<version>` (one atomic step, so a
/// half-removed version is never mistaken for an installed one), then removes it.
/// Returns foreign paths left in place.
pub fn retire_version(layout: &Layout, version: &str) -> Result<Vec<PathBuf>> {
    let dir = layout.version_dir(version);
    let doomed = layout.v2().join(format!("{REMOVE_PREFIX}{version}"));
    let mut kept = Vec::new();
    if fs::symlink_metadata(&doomed).is_ok() {
        kept.extend(remove_version_dir(&doomed)?);
    }
    if fs::symlink_metadata(&doomed).is_err() {
        fs::rename(&dir, &doomed).with_context(|| format!("cannot remove {}", dir.display()))?;
        sync_dir(&layout.v2())?;
        step();
        kept.extend(remove_version_dir(&doomed)?);
    }
    if fs::symlink_metadata(&doomed).is_ok() && fs::symlink_metadata(&dir).is_err() {
        // Foreign files remain: put them back where their owner left them.
        fs::rename(&doomed, &dir).with_context(|| format!("cannot rename {}", doomed.display()))?;
        step();
        kept = kept
            .into_iter()
            .map(|p| match p.strip_prefix(&doomed) {
                Ok(rest) => dir.join(rest),
                Err(_) => p,
            })
            .collect();
    }
    Ok(kept)
}

/// Removes the files a version directory's manifest lists, its `bin/` links and the manifest,
/// then its directories where empty. Returns foreign paths left in place.
pub fn remove_version_dir(dir: &Path) -> Result<Vec<PathBuf>> {
    let manifest_path = dir.join(MANIFEST_FILE);
    if let Some(manifest) = fs::read(&manifest_path)
        .ok()
        .and_then(|b| Manifest::from_json(&b).ok())
    {
        for entry in &manifest.files {
            remove_file(&installed_path(dir, &entry.path))?;
            step();
        }
    }
    for (program, _) in PROGRAMS {
        remove_if_symlink(&dir.join("bin").join(program))?;
        step();
    }
    remove_file(&dir.join(MANIFEST_SIG_FILE))?;
    step();
    remove_file(&manifest_path)?;
    step();
    let mut kept = Vec::new();
    for sub in [dir.join("bin"), dir.join("dist"), dir.to_path_buf()] {
        kept.extend(remove_dir_if_empty(&sub)?);
        step();
    }
    Ok(kept)
}

/// Clears what an interrupted earlier run left behind: staging directories, half-removed
/// versions, temporary links. Called under the lock, before anything else changes.
pub fn recover(layout: &Layout) -> Result<()> {
    let v2 = layout.v2();
    if let Ok(entries) = fs::read_dir(&v2) {
        for entry in entries.filter_map(|e| e.ok()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if name.starts_with(STAGING_PREFIX) {
                fs::remove_dir_all(&path)
                    .with_context(|| format!("cannot remove {}", path.display()))?;
                step();
            } else if name.starts_with(REMOVE_PREFIX) {
                remove_version_dir(&path)?;
            } else if name.ends_with(TMP_SUFFIX) {
                let state_tmp = [INSTALL_FILE, CHANNEL_STATE_FILE]
                    .iter()
                    .any(|f| name == format!("{f}{TMP_SUFFIX}"));
                if state_tmp && path.is_file() {
                    remove_file(&path)?;
                } else {
                    remove_if_symlink(&path)?;
                }
            }
        }
    }
    for (_, link) in PROGRAMS {
        remove_if_symlink(&layout.bin_dir.join(format!(".{link}.tmp-aws2")))?;
    }
    Ok(())
}

/// Removes a file, treating "already gone" as success.
pub fn remove_file(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", path.display())),
    }
}

/// Removes `dir` if it is empty; if it still holds entries, returns them (they are foreign).
pub fn remove_dir_if_empty(dir: &Path) -> Result<Vec<PathBuf>> {
    match fs::remove_dir(dir) {
        Ok(()) => Ok(Vec::new()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) if e.kind() == io::ErrorKind::DirectoryNotEmpty => {
            let mut left: Vec<PathBuf> = fs::read_dir(dir)
                .with_context(|| format!("cannot read {}", dir.display()))?
                .filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| !p.is_dir() || fs::symlink_metadata(p).is_ok_and(|m| m.is_symlink()))
                .collect();
            left.sort();
            Ok(left)
        }
        Err(e) => Err(e).with_context(|| format!("cannot remove {}", dir.display())),
    }
}
