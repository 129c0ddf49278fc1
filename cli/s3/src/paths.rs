//! Where a transfer reads or writes: `s3://bucket/key` paths and local paths, and how the
//! Python CLI displays local paths in its messages (relative to the working directory).

use std::path::{Component, Path, PathBuf};

/// An `s3://bucket/key` location; `key` may be empty or a prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct S3Path {
    /// The bucket name.
    pub bucket: String,
    /// The key or prefix (without the bucket).
    pub key: String,
}

impl S3Path {
    /// Parses `s3://bucket/key` (also `s3://bucket`); `None` for anything else.
    pub fn parse(text: &str) -> Option<S3Path> {
        let rest = text.strip_prefix("s3://")?;
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        Some(S3Path {
            bucket: bucket.to_owned(),
            key: key.to_owned(),
        })
    }

    /// The key's last component (after the last `/`).
    pub fn basename(&self) -> &str {
        self.key.rsplit('/').next().unwrap_or(&self.key)
    }

    /// A path in the same bucket with another key.
    pub fn with_key(&self, key: impl Into<String>) -> S3Path {
        S3Path {
            bucket: self.bucket.clone(),
            key: key.into(),
        }
    }
}

impl std::fmt::Display for S3Path {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "s3://{}/{}", self.bucket, self.key)
    }
}

/// One side of a transfer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A file or directory on this machine.
    Local(PathBuf),
    /// An object or prefix in S3.
    S3(S3Path),
}

impl Location {
    /// Parses a command-line path argument.
    pub fn parse(text: &str) -> Location {
        match S3Path::parse(text) {
            Some(p) => Location::S3(p),
            None => Location::Local(PathBuf::from(text)),
        }
    }
}

/// The absolute form of a path with `.` and `..` removed lexically (as Python's `abspath`).
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .unwrap_or_else(|_| PathBuf::from("/"))
            .join(path)
    };
    let mut out = PathBuf::new();
    for comp in joined.components() {
        match comp {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Lexical relative path from `base` to `target` (both absolute), `.` when equal.
fn relpath(target: &Path, base: &Path) -> PathBuf {
    let t: Vec<_> = target.components().collect();
    let b: Vec<_> = base.components().collect();
    let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &t[common..] {
        out.push(c.as_os_str());
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// How a local file is shown in transfer messages: its directory relative to the working
/// directory, then its name (`./a.txt`, `dir/a.txt`, `../x/a.txt`).
pub fn display_local(path: &Path) -> String {
    let abs = absolute(path);
    let name = abs
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = abs.parent().unwrap_or(Path::new("/"));
    let cwd = absolute(Path::new("."));
    let rel = relpath(dir, &cwd);
    let mut text = rel.to_string_lossy().into_owned();
    if !text.ends_with('/') {
        text.push('/');
    }
    text.push_str(&name);
    text
}

/// How a local directory is shown in messages: relative to the working directory, with a
/// trailing `/` (`t/`).
pub fn display_dir(path: &Path) -> String {
    let rel = relpath(&absolute(path), &absolute(Path::new(".")));
    format!("{}/", rel.to_string_lossy())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_s3_paths() {
        let p = S3Path::parse("s3://b/a/b c.txt").unwrap();
        assert_eq!(p.bucket, "b");
        assert_eq!(p.key, "a/b c.txt");
        assert_eq!(p.basename(), "b c.txt");
        assert_eq!(S3Path::parse("s3://b").unwrap().key, "");
        assert!(S3Path::parse("/tmp/x").is_none());
    }

    #[test]
    fn relative_paths_like_python() {
        let base = Path::new("/w/x");
        assert_eq!(relpath(Path::new("/w/x"), base), PathBuf::from("."));
        assert_eq!(relpath(Path::new("/w/x/d"), base), PathBuf::from("d"));
        assert_eq!(relpath(Path::new("/w/y"), base), PathBuf::from("../y"));
        assert_eq!(absolute(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(display_local(&cwd.join("a.txt")), "./a.txt");
        assert_eq!(display_local(&cwd.join("d/a.txt")), "d/a.txt");
    }
}
