//! The bundle manifest: the version, the platform, and every file with its SHA-256.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::digest::sha256_file;
use crate::BundleError;

/// Name of the manifest inside the bundle directory (`aws/manifest.json`).
pub const MANIFEST_FILE: &str = "manifest.json";
/// Name of the manifest's detached, ASCII-armored OpenPGP signature.
pub const MANIFEST_SIG_FILE: &str = "manifest.json.sig";
/// The manifest format this crate reads and writes.
pub const FORMAT: u32 = 1;

/// One file of the bundle, relative to the bundle directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Relative path with `/` separators, e.g. `dist/aws`.
    pub path: String,
    /// SHA-256 of the content, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
    /// Whether the file is installed with mode 0755 (else 0644).
    pub executable: bool,
}

/// The signed list of a bundle's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Format number, [`FORMAT`].
    pub format: u32,
    /// The version this bundle installs, e.g. `2.0.1`; also the name of its install directory.
    pub version: String,
    /// The platform, e.g. `linux-x86_64`.
    pub platform: String,
    /// Every file of the bundle except the manifest and its signature, sorted by path.
    pub files: Vec<FileEntry>,
}

impl Manifest {
    /// Builds a manifest for `version`/`platform` from the given files, hashing each one
    /// under `root`. Entries are sorted by path.
    pub fn build(
        root: &Path,
        version: &str,
        platform: &str,
        files: &[(String, bool)],
    ) -> Result<Manifest, BundleError> {
        let mut entries = Vec::with_capacity(files.len());
        for (path, executable) in files {
            let (sha256, size) = sha256_file(&root.join(path))?;
            entries.push(FileEntry {
                path: path.clone(),
                sha256,
                size,
                executable: *executable,
            });
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        let manifest = Manifest {
            format: FORMAT,
            version: version.to_owned(),
            platform: platform.to_owned(),
            files: entries,
        };
        manifest.validate()?;
        Ok(manifest)
    }

    /// Parses and validates manifest JSON.
    pub fn from_json(bytes: &[u8]) -> Result<Manifest, BundleError> {
        let manifest: Manifest =
            serde_json::from_slice(bytes).map_err(|e| BundleError::Manifest(e.to_string()))?;
        manifest.validate()?;
        Ok(manifest)
    }

    /// Serializes the manifest as pretty JSON with a trailing newline (stable for equal input).
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Checks the rules of the format: known format number, a version usable as a directory
    /// name, safe relative paths without duplicates, well-formed hashes.
    pub fn validate(&self) -> Result<(), BundleError> {
        if self.format != FORMAT {
            return Err(BundleError::Manifest(format!(
                "unsupported format {}",
                self.format
            )));
        }
        validate_version(&self.version)?;
        let mut seen = BTreeSet::new();
        for entry in &self.files {
            validate_relative_path(&entry.path)?;
            if entry.path == MANIFEST_FILE || entry.path == MANIFEST_SIG_FILE {
                return Err(BundleError::Manifest(format!(
                    "lists itself: {}",
                    entry.path
                )));
            }
            if !seen.insert(entry.path.as_str()) {
                return Err(BundleError::Manifest(format!(
                    "duplicate path {}",
                    entry.path
                )));
            }
            if entry.sha256.len() != 64 || !entry.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(BundleError::Manifest(format!(
                    "bad sha256 for {}",
                    entry.path
                )));
            }
        }
        Ok(())
    }

    /// Checks that the file of `entry` under `root` has the listed size and SHA-256.
    pub fn check_file(root: &Path, entry: &FileEntry) -> Result<(), BundleError> {
        let path = root.join(&entry.path);
        let (sha256, size) = sha256_file(&path)?;
        if size != entry.size {
            return Err(BundleError::Mismatch { path, what: "size" });
        }
        if sha256 != entry.sha256 {
            return Err(BundleError::Mismatch {
                path,
                what: "SHA-256",
            });
        }
        Ok(())
    }
}

/// Checks that `version` is a usable directory name: 1–64 characters of `[0-9A-Za-z._+-]`,
/// not starting with `.` or `-`.
pub fn validate_version(version: &str) -> Result<(), BundleError> {
    let ok = !version.is_empty()
        && version.len() <= 64
        && !version.starts_with(['.', '-'])
        && version
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._+-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(BundleError::Manifest(format!(
            "invalid version {version:?}"
        )))
    }
}

/// Checks that `path` is relative, uses `/` separators and has only normal components.
pub fn validate_relative_path(path: &str) -> Result<(), BundleError> {
    let bad = path.is_empty()
        || path.contains('\\')
        || path.contains('\0')
        || path.starts_with('/')
        || path
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == "..")
        || !Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if bad {
        Err(BundleError::Manifest(format!("unsafe path {path:?}")))
    } else {
        Ok(())
    }
}

/// Joins a validated relative manifest path onto `root`.
pub fn join(root: &Path, relative: &str) -> PathBuf {
    relative
        .split('/')
        .fold(root.to_path_buf(), |p, c| p.join(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_unsafe_paths_and_versions() {
        for p in ["../x", "/etc/passwd", "a/../b", "a//b", "a\\b", "", "./a"] {
            assert!(validate_relative_path(p).is_err(), "{p}");
        }
        assert!(validate_relative_path("dist/aws").is_ok());
        for v in ["", "../1", ".1", "1/2", "-x", "a b"] {
            assert!(validate_version(v).is_err(), "{v}");
        }
        assert!(validate_version("2.0.1+build.3").is_ok());
    }

    #[test]
    fn json_round_trip_and_duplicates() {
        let m = Manifest {
            format: FORMAT,
            version: "2.0.0".into(),
            platform: "linux-x86_64".into(),
            files: vec![FileEntry {
                path: "dist/aws".into(),
                sha256: "a".repeat(64),
                size: 3,
                executable: true,
            }],
        };
        assert_eq!(Manifest::from_json(&m.to_json()).unwrap(), m);
        let mut dup = m.clone();
        dup.files.push(dup.files[0].clone());
        assert!(Manifest::from_json(&dup.to_json()).is_err());
    }
}
