//! Small file-system operations with the durability and atomicity the installer relies on.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read};
use std::os::unix::fs::{symlink, OpenOptionsExt};
use std::path::Path;

use anyhow::{Context, Result};
use aws2_bundle::digest;

use crate::checkpoint::step;

/// Flushes a directory's entries (renames, creations) to disk.
pub fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot sync {}", dir.display()))
}

/// Replaces (or creates) the symbolic link `link` so that it points to `target`, atomically:
/// a temporary link is made beside it and renamed over it.
pub fn replace_symlink(target: &Path, link: &Path) -> Result<()> {
    let dir = link.parent().context("link without parent directory")?;
    let name = link.file_name().context("link without name")?;
    let tmp = dir.join(format!(".{}.tmp-aws2", name.to_string_lossy()));
    remove_if_symlink(&tmp)?;
    symlink(target, &tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    step();
    fs::rename(&tmp, link).with_context(|| format!("cannot replace {}", link.display()))?;
    sync_dir(dir)?;
    step();
    Ok(())
}

/// Removes `path` if it is a symbolic link; returns whether it did.
pub fn remove_if_symlink(path: &Path) -> Result<bool> {
    match fs::symlink_metadata(path) {
        Ok(meta) if meta.file_type().is_symlink() => {
            fs::remove_file(path).with_context(|| format!("cannot remove {}", path.display()))?;
            Ok(true)
        }
        Ok(_) => Ok(false),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e).with_context(|| format!("cannot inspect {}", path.display())),
    }
}

/// Copies `src` to the new file `dst` (mode 0755 or 0644), hashing what is written, and syncs
/// it. Returns the SHA-256 (hex) and length of the copy.
pub fn copy_hashed(src: &Path, dst: &Path, executable: bool) -> Result<(String, u64)> {
    let mut input = File::open(src).with_context(|| format!("cannot read {}", src.display()))?;
    let total = input
        .metadata()
        .with_context(|| format!("cannot read {}", src.display()))?
        .len();
    let mut output = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(if executable { 0o755 } else { 0o644 })
        .open(dst)
        .with_context(|| format!("cannot create {}", dst.display()))?;
    let mut tee = digest::HashingWriter::new(&mut output);
    // Write the first half, mark a step (a crash here leaves a partial file), then the rest.
    let half = total / 2;
    io::copy(&mut (&mut input).take(half), &mut tee)
        .with_context(|| format!("cannot write {}", dst.display()))?;
    step();
    io::copy(&mut input, &mut tee).with_context(|| format!("cannot write {}", dst.display()))?;
    let (_, sha256, len) = tee.finish();
    step();
    output
        .sync_all()
        .with_context(|| format!("cannot sync {}", dst.display()))?;
    step();
    Ok((sha256, len))
}

/// True when `err` (anywhere in its chain) is a permission or read-only-file-system error.
pub fn is_permission_error(err: &anyhow::Error) -> bool {
    err.chain().any(|c| {
        c.downcast_ref::<io::Error>().is_some_and(|e| {
            e.kind() == io::ErrorKind::PermissionDenied
                || e.raw_os_error() == Some(rustix::io::Errno::ROFS.raw_os_error())
                || e.raw_os_error() == Some(rustix::io::Errno::PERM.raw_os_error())
        })
    })
}
