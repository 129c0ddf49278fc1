//! `--rollback`: make the previous version current again (and the current one previous).

use anyhow::{bail, Result};

use crate::cli::Dirs;
use crate::fsops::replace_symlink;
use crate::install::{ensure_bin_links, prepare};
use crate::layout::{Layout, PROGRAMS};
use crate::remove::recover;

/// Swaps `current` and `previous`.
pub fn run(dirs: &Dirs) -> Result<()> {
    let layout = Layout::new(dirs);
    let Some(current) = layout.current_version() else {
        bail!(
            "No AWS CLI installation found at {}; nothing to roll back",
            layout.current().display()
        );
    };
    let _lock = prepare(&layout)?;
    recover(&layout)?;
    let Some(previous) = layout.previous_version().filter(|p| *p != current) else {
        bail!(
            "No previous version to roll back to in {}",
            layout.v2().display()
        );
    };
    replace_symlink(&layout.version_dir(&previous), &layout.current())?;
    replace_symlink(&layout.version_dir(&current), &layout.previous())?;
    ensure_bin_links(&layout)?;
    println!(
        "Rolled back from AWS CLI version {current} to {previous} ({}). You can now run: {} --version",
        layout.version_dir(&previous).display(),
        layout.bin_link(PROGRAMS[0].1).display()
    );
    Ok(())
}
