//! The installed layout (see DESIGN.md, "Installer layout"):
//!
//! ```text
//! <install-dir>/v2/<version>/dist/{aws,aws_completer,install}
//! <install-dir>/v2/<version>/bin/aws -> ../dist/aws        (and aws_completer)
//! <install-dir>/v2/<version>/manifest.json(.sig)           the signed bundle manifest
//! <install-dir>/v2/current  -> <install-dir>/v2/<version>
//! <install-dir>/v2/previous -> <install-dir>/v2/<older version>   (for --rollback)
//! <bin-dir>/aws2 -> <install-dir>/v2/current/bin/aws       (and aws2_completer)
//! ```

use std::fs;
use std::path::{Path, PathBuf};

use aws2_bundle::manifest::{join, validate_version};

use crate::cli::Dirs;

/// Programs linked from `v2/<version>/bin` and the bin dir: (name in dist, name in bin dir).
pub const PROGRAMS: [(&str, &str); 2] = [("aws", "aws2"), ("aws_completer", "aws2_completer")];

/// Prefix of a version being built, `v2/.staging-<version>`.
pub const STAGING_PREFIX: &str = ".staging-";
/// Prefix of a version being removed, `v2/.remove-<version>`.
pub const REMOVE_PREFIX: &str = ".remove-";
/// Name of the lock file in `v2/`.
pub const LOCK_FILE: &str = ".lock";

/// Paths of one installation.
#[derive(Debug, Clone)]
pub struct Layout {
    /// `<install-dir>`.
    pub install_dir: PathBuf,
    /// `<bin-dir>`.
    pub bin_dir: PathBuf,
}

impl Layout {
    /// The layout for the given directories.
    pub fn new(dirs: &Dirs) -> Layout {
        Layout {
            install_dir: dirs.install_dir.clone(),
            bin_dir: dirs.bin_dir.clone(),
        }
    }

    /// `<install-dir>/v2`.
    pub fn v2(&self) -> PathBuf {
        self.install_dir.join("v2")
    }

    /// `<install-dir>/v2/current`.
    pub fn current(&self) -> PathBuf {
        self.v2().join("current")
    }

    /// `<install-dir>/v2/previous`.
    pub fn previous(&self) -> PathBuf {
        self.v2().join("previous")
    }

    /// `<install-dir>/v2/<version>`.
    pub fn version_dir(&self, version: &str) -> PathBuf {
        self.v2().join(version)
    }

    /// `<bin-dir>/<link>`.
    pub fn bin_link(&self, link: &str) -> PathBuf {
        self.bin_dir.join(link)
    }

    /// What `<bin-dir>/<link>` points to: `<install-dir>/v2/current/bin/<program>`.
    pub fn bin_link_target(&self, program: &str) -> PathBuf {
        self.current().join("bin").join(program)
    }

    /// The version `current` points to, if it is a link to a version directory.
    pub fn current_version(&self) -> Option<String> {
        self.link_version(&self.current())
    }

    /// The version `previous` points to, if it is a link to a version directory.
    pub fn previous_version(&self) -> Option<String> {
        self.link_version(&self.previous())
    }

    /// The version named by the link `link` (`v2/current` or `v2/previous`).
    fn link_version(&self, link: &Path) -> Option<String> {
        let target = fs::read_link(link).ok()?;
        let name = target.file_name()?.to_str()?.to_owned();
        validate_version(&name).ok()?;
        self.version_dir(&name).is_dir().then_some(name)
    }

    /// The installed version directories (`v2/<version>` holding a manifest).
    pub fn installed_versions(&self) -> Vec<String> {
        let Ok(entries) = fs::read_dir(self.v2()) else {
            return Vec::new();
        };
        let mut versions: Vec<String> = entries
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|name| name != "current" && name != "previous")
            .filter(|name| validate_version(name).is_ok())
            .filter(|name| {
                self.version_dir(name)
                    .join(aws2_bundle::MANIFEST_FILE)
                    .is_file()
            })
            .collect();
        versions.sort_by(|a, b| compare_versions(a, b));
        versions
    }
}

/// Where a bundle file (manifest path) is installed, relative to `v2/<version>`: the
/// installer `install` goes to `dist/install`, everything else keeps its path.
pub fn installed_path(version_dir: &Path, bundle_path: &str) -> PathBuf {
    if bundle_path == "install" {
        version_dir.join("dist").join("install")
    } else {
        join(version_dir, bundle_path)
    }
}

pub use aws2_bundle::channel::compare_versions;

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    #[test]
    fn versions_compare_numerically() {
        assert_eq!(compare_versions("2.0.10", "2.0.9"), Ordering::Greater);
        assert_eq!(compare_versions("2.1.0", "2.0.99"), Ordering::Greater);
        assert_eq!(compare_versions("2.0.0", "2.0.0"), Ordering::Equal);
    }

    #[test]
    fn installer_goes_to_dist() {
        let v = Path::new("/i/v2/2.0.0");
        assert_eq!(installed_path(v, "install"), v.join("dist/install"));
        assert_eq!(installed_path(v, "dist/aws"), v.join("dist/aws"));
    }
}
