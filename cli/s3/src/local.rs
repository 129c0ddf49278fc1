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

/// The metadata of a path that can be transferred (a readable file or directory), or the
/// warning for one that cannot (missing, a special file, unreadable).
pub fn inspect(path: &Path) -> Result<fs::Metadata, String> {
    let skip = |why: &str| {
        format!(
            "warning: Skipping file {}. {why}",
            crate::paths::absolute(path).display()
        )
    };
    match fs::metadata(path) {
        Err(_) => Err(skip("File does not exist.")),
        Ok(m) if !m.is_file() && !m.is_dir() => Err(skip(
            "File is character special device, block special device, FIFO, or socket.",
        )),
        Ok(m) if !is_readable(path, &m) => Err(skip("File/Directory is not readable.")),
        Ok(m) => Ok(m),
    }
}

/// Whether a file can be opened, or a directory listed, for reading.
fn is_readable(path: &Path, meta: &fs::Metadata) -> bool {
    if meta.is_dir() {
        fs::read_dir(path).is_ok()
    } else {
        fs::File::open(path).is_ok()
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
    for item in Walk::new(root, follow) {
        match item {
            Walked::File(f) => files.push(f),
            Walked::Skipped(line) => warn(line),
        }
    }
    files
}

/// Whether `name` is the temporary file of a download this process is writing (named by
/// `transfer::temp_path`, `.<name>.<pid>.<n>.part`): a walk that runs while downloads
/// write into the same tree (`sync --delete` listing its local destination) must not see it.
fn is_download_in_progress(name: &str) -> bool {
    let pid = format!(".{}.", std::process::id());
    name.starts_with('.') && name.ends_with(".part") && name[1..].contains(&pid)
}

/// What a [`Walk`] finds next.
#[derive(Debug, Clone, PartialEq)]
pub enum Walked {
    /// A regular file.
    File(LocalFile),
    /// An entry left out, with its warning line.
    Skipped(String),
}

/// One entry of a directory read but not yet visited, under the name it sorts by (a
/// directory's name ends in `/`, so its files sort as their relative paths do).
struct Pending {
    sort_name: String,
    kind: PendingKind,
}

enum PendingKind {
    Dir { path: PathBuf, prefix: String },
    Found(Walked),
}

/// A directory walk in relative-path order that reads one directory at a time, as the
/// files are consumed: memory grows with the size of the directories on the current path,
/// not with the size of the tree.
pub struct Walk {
    follow: bool,
    /// The unvisited entries of every directory on the current path, innermost last.
    stack: Vec<std::vec::IntoIter<Pending>>,
}

impl Walk {
    /// A walk of `root` (nothing when `root` is a symbolic link and `follow` is off).
    pub fn new(root: &Path, follow: bool) -> Walk {
        let mut walk = Walk {
            follow,
            stack: Vec::new(),
        };
        if follow || !is_symlink(root) {
            let found = walk.read(root, "");
            walk.stack.push(found.into_iter());
        }
        walk
    }

    /// The entries of one directory in walk order.
    fn read(&self, dir: &Path, prefix: &str) -> Vec<Pending> {
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) => {
                return vec![Pending {
                    sort_name: String::new(),
                    kind: PendingKind::Found(Walked::Skipped(format!(
                        "warning: Skipping file {}. {e}",
                        dir.display()
                    ))),
                }];
            }
        };
        let mut found = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{prefix}{name}");
            if !self.follow && entry.file_type().is_ok_and(|t| t.is_symlink()) {
                continue;
            }
            if is_download_in_progress(&name) {
                continue;
            }
            let meta = match inspect(&path) {
                Ok(meta) => meta,
                Err(reason) => {
                    found.push(Pending {
                        sort_name: name,
                        kind: PendingKind::Found(Walked::Skipped(reason)),
                    });
                    continue;
                }
            };
            if meta.is_dir() {
                found.push(Pending {
                    sort_name: format!("{name}/"),
                    kind: PendingKind::Dir {
                        path,
                        prefix: format!("{relative}/"),
                    },
                });
            } else {
                found.push(Pending {
                    sort_name: name,
                    kind: PendingKind::Found(Walked::File(LocalFile {
                        path,
                        relative,
                        size: meta.len(),
                        modified: mtime(&meta),
                    })),
                });
            }
        }
        found.sort_by(|a, b| a.sort_name.cmp(&b.sort_name));
        found
    }
}

impl Iterator for Walk {
    type Item = Walked;

    fn next(&mut self) -> Option<Walked> {
        loop {
            let top = self.stack.last_mut()?;
            let Some(pending) = top.next() else {
                self.stack.pop();
                continue;
            };
            match pending.kind {
                PendingKind::Found(item) => return Some(item),
                PendingKind::Dir { path, prefix } => {
                    let found = self.read(&path, &prefix);
                    self.stack.push(found.into_iter());
                }
            }
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
    fn warns_of_unreadable_files() {
        // Write-only kernel settings cannot be read, whoever the user is.
        let write_only = fs::read_dir("/proc/sys/vm")
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                use std::os::unix::fs::PermissionsExt;
                fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o444 == 0)
            })
            .expect("a write-only file under /proc/sys/vm");
        assert_eq!(
            inspect(&write_only).unwrap_err(),
            format!(
                "warning: Skipping file {}. File/Directory is not readable.",
                write_only.display()
            )
        );
        let dir = tempfile::tempdir().unwrap();
        assert!(inspect(dir.path()).is_ok());
        assert!(inspect(&dir.path().join("missing"))
            .unwrap_err()
            .ends_with("File does not exist."));
    }

    #[test]
    fn walks_directories_as_their_keys_sort() {
        let dir = tempfile::tempdir().unwrap();
        for rel in ["a0", "a/b", "a-b/x", "a/c/d", "b", ".a.1.0.part"] {
            let path = dir.path().join(rel);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, rel).unwrap();
        }
        // A download of this process in progress is not a file of the tree.
        let ours = format!(".b.{}.3.part", std::process::id());
        fs::write(dir.path().join(&ours), "partial").unwrap();
        assert!(is_download_in_progress(&ours) && !is_download_in_progress(".a.1.0.part"));
        let rel: Vec<_> = Walk::new(dir.path(), true)
            .map(|w| match w {
                Walked::File(f) => f.relative,
                Walked::Skipped(line) => line,
            })
            .collect();
        let mut sorted = rel.clone();
        sorted.sort();
        assert_eq!(rel, sorted);
        assert_eq!(rel, [".a.1.0.part", "a-b/x", "a/b", "a/c/d", "a0", "b"]);
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
