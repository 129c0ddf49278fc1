//! `--uninstall`: remove the bin-dir links that point into the install directory, then every
//! version and the installer's own files, leaving anything foreign in place.

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::cli::Dirs;
use crate::fsops::remove_if_symlink;
use crate::install::prepare;
use crate::layout::{Layout, LOCK_FILE, PROGRAMS};
use crate::remove::{recover, remove_dir_if_empty, retire_version};
use crate::state::{CHANNEL_STATE_FILE, INSTALL_FILE};

/// Uninstalls and prints what was removed.
pub fn run(dirs: &Dirs) -> Result<()> {
    let layout = Layout::new(dirs);
    let is_install = fs::symlink_metadata(layout.current()).is_ok_and(|m| m.is_symlink())
        || !layout.installed_versions().is_empty();
    if !is_install {
        bail!(
            "{} is not an aws2 installation (no {}); nothing removed",
            layout.install_dir.display(),
            layout.current().display()
        );
    }
    let lock = prepare(&layout)?;
    recover(&layout)?;
    for (_, link) in PROGRAMS {
        let path = layout.bin_link(link);
        let ours = fs::read_link(&path).is_ok_and(|target| target.starts_with(&layout.install_dir));
        if ours && remove_if_symlink(&path)? {
            println!("Removed {}", path.display());
        }
    }
    for name in ["current", "previous"] {
        remove_if_symlink(&layout.v2().join(name))?;
    }
    let mut kept = Vec::new();
    for version in layout.installed_versions() {
        kept.extend(retire_version(&layout, &version)?);
        println!("Removed {}", layout.version_dir(&version).display());
    }
    for file in [INSTALL_FILE, CHANNEL_STATE_FILE] {
        remove_file_if_exists(&layout.v2().join(file))?;
    }
    drop(lock);
    remove_file_if_exists(&layout.v2().join(LOCK_FILE))?;
    kept.extend(remove_dir_if_empty(&layout.v2())?);
    kept.extend(remove_dir_if_empty(&layout.install_dir)?);
    if fs::symlink_metadata(&layout.install_dir).is_err() {
        println!("Removed {}", layout.install_dir.display());
    }
    for path in &kept {
        println!(
            "Left {} in place: not created by the installer",
            path.display()
        );
    }
    println!(
        "Uninstalled the AWS CLI from {}",
        layout.install_dir.display()
    );
    Ok(())
}

/// Removes a file if present.
fn remove_file_if_exists(path: &Path) -> Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot remove {}", path.display()))
        }
        _ => Ok(()),
    }
}
