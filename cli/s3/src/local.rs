//! Local files a command reads: a directory walk in S3 key order that follows symbolic links
//! (or, with `--no-follow-symlinks`, leaves them out without a word), with warnings for files
//! that cannot be transferred.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

/// One regular file found under a root.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalFile {
    /// The file's path (root joined with `relative`).
    pub path: PathBuf,
    /// Path relative to the root, `/`-separated.
    pub relative: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time in seconds since the epoch.
    pub modified: f64,
}

/// Modification time of file metadata in seconds since the epoch.
pub fn mtime(meta: &fs::Metadata) -> f64 {
    meta.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_secs_f64())
        .unwrap_or(0.0)
}

/// The warning for a path that is not a regular file, or `None` for a regular file.
pub fn skip_reason(path: &Path) -> Option<String> {
    match fs::metadata(path) {
        Err(_) => Some(format!(
            "warning: Skipping file {}. File does not exist.",
            crate::paths::absolute(path).display()
        )),
        Ok(m) if !m.is_file() && !m.is_dir() => Some(format!(
            "warning: Skipping file {}. File is character special device, block special device, FIFO, or socket.",
            crate::paths::absolute(path).display()
        )),
        Ok(_) => None,
    }
}

/// Whether `path` itself is a symbolic link (a trailing `/` does not lead through it).
pub fn is_symlink(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    let end = bytes.iter().rposition(|b| *b != b'/').map_or(1, |i| i + 1);
    let trimmed = Path::new(std::ffi::OsStr::from_bytes(&bytes[..end.min(bytes.len())]));
    fs::symlink_metadata(trimmed).is_ok_and(|m| m.file_type().is_symlink())
}

/// Every regular file under `root`, sorted by relative path; symbolic links are followed when
/// `follow` is set and left out otherwise. `warn` gets one line per skipped entry.
pub fn walk(root: &Path, follow: bool, warn: &mut dyn FnMut(String)) -> Vec<LocalFile> {
    let mut files = Vec::new();
    if follow || !is_symlink(root) {
        visit(root, "", follow, warn, &mut files);
    }
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    files
}

fn visit(
    dir: &Path,
    prefix: &str,
    follow: bool,
    warn: &mut dyn FnMut(String),
    out: &mut Vec<LocalFile>,
) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            warn(format!("warning: Skipping file {}. {e}", dir.display()));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        if !follow && entry.file_type().is_ok_and(|t| t.is_symlink()) {
            continue;
        }
        if let Some(reason) = skip_reason(&path) {
            warn(reason);
            continue;
        }
        let Ok(meta) = fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            visit(&path, &format!("{relative}/"), follow, warn, out);
        } else {
            out.push(LocalFile {
                path,
                relative,
                size: meta.len(),
                modified: mtime(&meta),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_in_key_order() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("a b")).unwrap();
        fs::create_dir_all(dir.path().join("empty")).unwrap();
        fs::write(dir.path().join("a b/x"), "1").unwrap();
        fs::write(dir.path().join("a.txt"), "22").unwrap();
        let mut warnings = Vec::new();
        let files = walk(dir.path(), true, &mut |w| warnings.push(w));
        let rel: Vec<_> = files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(rel, ["a b/x", "a.txt"]);
        assert_eq!(files[1].size, 2);
        assert!(warnings.is_empty());
    }

    #[test]
    fn follows_or_leaves_out_symbolic_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("t");
        fs::create_dir_all(root.join("d")).unwrap();
        fs::write(root.join("d/x"), "xx").unwrap();
        fs::write(dir.path().join("outside"), "123").unwrap();
        std::os::unix::fs::symlink(dir.path().join("outside"), root.join("file-link")).unwrap();
        std::os::unix::fs::symlink(root.join("d"), root.join("dir-link")).unwrap();
        std::os::unix::fs::symlink("/nonexistent", root.join("broken")).unwrap();
        let mut warnings = Vec::new();
        let files = walk(&root, true, &mut |w| warnings.push(w));
        let rel: Vec<_> = files
            .iter()
            .map(|f| (f.relative.as_str(), f.size))
            .collect();
        assert_eq!(rel, [("d/x", 2), ("dir-link/x", 2), ("file-link", 3)]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let mut warnings = Vec::new();
        let files = walk(&root, false, &mut |w| warnings.push(w));
        let rel: Vec<_> = files.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!((rel, warnings.len()), (vec!["d/x"], 0));
        std::os::unix::fs::symlink(&root, dir.path().join("root-link")).unwrap();
        assert!(is_symlink(&dir.path().join("root-link/")));
        assert!(!is_symlink(&root.join("d/")));
        assert!(walk(&dir.path().join("root-link/"), false, &mut |_| {}).is_empty());
        assert_eq!(
            walk(&dir.path().join("root-link"), true, &mut |_| {}).len(),
            3
        );
    }
}
