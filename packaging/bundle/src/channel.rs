//! The update channel manifest: every published version with, per platform, the bundle's URL,
//! size, SHA-256 and signature URL. It is served as `channel.json` next to its detached
//! signature `channel.json.sig`, both static files (any web server or bucket can serve them).
//!
//! URLs are relative to the manifest's own URL (e.g. `2.0.2/awscli-exe-linux-x86_64.zip`), so a
//! channel directory can be moved or mirrored as a whole; absolute `https://` URLs are allowed.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::manifest::validate_version;
use crate::BundleError;

/// File name of the channel manifest.
pub const CHANNEL_FILE: &str = "channel.json";
/// File name of its detached, ASCII-armored OpenPGP signature.
pub const CHANNEL_SIG_FILE: &str = "channel.json.sig";
/// The channel format this crate reads and writes.
pub const CHANNEL_FORMAT: u32 = 1;

/// One bundle of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelBundle {
    /// Platform, e.g. `linux-x86_64` (as in the bundle's own manifest).
    pub platform: String,
    /// URL of the zip, relative to the channel manifest or absolute.
    pub url: String,
    /// Size of the zip in bytes.
    pub size: u64,
    /// SHA-256 of the zip, lowercase hex.
    pub sha256: String,
    /// URL of the zip's detached signature, relative to the channel manifest or absolute.
    pub signature_url: String,
}

/// One published version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelVersion {
    /// The version, e.g. `2.0.2`.
    pub version: String,
    /// Its bundles, one per platform, sorted by platform.
    pub bundles: Vec<ChannelBundle>,
}

/// The signed list of published versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelManifest {
    /// Format number, [`CHANNEL_FORMAT`].
    pub format: u32,
    /// The versions, newest first.
    pub versions: Vec<ChannelVersion>,
}

impl ChannelManifest {
    /// Builds a manifest from versions in any order: sorts them newest first and their bundles
    /// by platform, then validates the result.
    pub fn new(mut versions: Vec<ChannelVersion>) -> Result<ChannelManifest, BundleError> {
        versions.sort_by(|a, b| compare_versions(&b.version, &a.version));
        for v in &mut versions {
            v.bundles.sort_by(|a, b| a.platform.cmp(&b.platform));
        }
        let manifest = ChannelManifest {
            format: CHANNEL_FORMAT,
            versions,
        };
        manifest.validate()?;
        Ok(manifest)
    }

    /// Parses and validates channel JSON.
    pub fn from_json(bytes: &[u8]) -> Result<ChannelManifest, BundleError> {
        let manifest: ChannelManifest =
            serde_json::from_slice(bytes).map_err(|e| channel_err(&e.to_string()))?;
        manifest.validate()?;
        Ok(manifest)
    }

    /// Pretty JSON with a trailing newline (stable for equal input).
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Checks the format number, the versions (valid, no duplicates), and every bundle
    /// (platform, non-empty URLs, well-formed SHA-256, one bundle per platform).
    pub fn validate(&self) -> Result<(), BundleError> {
        if self.format != CHANNEL_FORMAT {
            return Err(channel_err(&format!("unsupported format {}", self.format)));
        }
        let mut versions = std::collections::BTreeSet::new();
        for v in &self.versions {
            validate_version(&v.version)?;
            if !versions.insert(v.version.as_str()) {
                return Err(channel_err(&format!("duplicate version {}", v.version)));
            }
            let mut platforms = std::collections::BTreeSet::new();
            for b in &v.bundles {
                let platform_ok = !b.platform.is_empty()
                    && b.platform
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || b"._-".contains(&c));
                if !platform_ok || !platforms.insert(b.platform.as_str()) {
                    return Err(channel_err(&format!(
                        "bad or duplicate platform {:?} in {}",
                        b.platform, v.version
                    )));
                }
                if b.url.trim().is_empty() || b.signature_url.trim().is_empty() {
                    return Err(channel_err(&format!("empty URL in {}", v.version)));
                }
                if b.sha256.len() != 64 || !b.sha256.bytes().all(|c| c.is_ascii_hexdigit()) {
                    return Err(channel_err(&format!("bad sha256 in {}", v.version)));
                }
            }
        }
        Ok(())
    }

    /// The newest version that has a bundle for `platform`, with that bundle.
    pub fn newest_for(&self, platform: &str) -> Option<(&ChannelVersion, &ChannelBundle)> {
        self.versions
            .iter()
            .filter_map(|v| Some((v, v.bundles.iter().find(|b| b.platform == platform)?)))
            .max_by(|a, b| compare_versions(&a.0.version, &b.0.version))
    }
}

/// Orders versions by their numeric `.`/`-`/`+`-separated parts, then as text.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let parts = |v: &str| -> Vec<u64> {
        v.split(['.', '-', '+'])
            .map(|p| p.parse::<u64>().unwrap_or(0))
            .collect()
    };
    parts(a).cmp(&parts(b)).then_with(|| a.cmp(b))
}

fn channel_err(what: &str) -> BundleError {
    BundleError::Manifest(format!("channel: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundle(platform: &str) -> ChannelBundle {
        ChannelBundle {
            platform: platform.into(),
            url: format!("x/{platform}.zip"),
            size: 1,
            sha256: "0".repeat(64),
            signature_url: format!("x/{platform}.zip.sig"),
        }
    }

    #[test]
    fn picks_the_newest_version_for_a_platform() {
        let m = ChannelManifest::new(vec![
            ChannelVersion {
                version: "2.0.9".into(),
                bundles: vec![bundle("linux-x86_64")],
            },
            ChannelVersion {
                version: "2.0.10".into(),
                bundles: vec![bundle("linux-aarch64")],
            },
        ])
        .unwrap();
        assert_eq!(m.versions[0].version, "2.0.10");
        assert_eq!(m.newest_for("linux-x86_64").unwrap().0.version, "2.0.9");
        assert_eq!(m.newest_for("linux-aarch64").unwrap().0.version, "2.0.10");
        assert!(m.newest_for("darwin-arm64").is_none());
        assert_eq!(ChannelManifest::from_json(&m.to_json()).unwrap(), m);
    }

    #[test]
    fn rejects_invalid_channels() {
        let dup = ChannelVersion {
            version: "2.0.1".into(),
            bundles: vec![bundle("linux-x86_64"), bundle("linux-x86_64")],
        };
        assert!(ChannelManifest::new(vec![dup]).is_err());
        let mut bad_hash = bundle("linux-x86_64");
        bad_hash.sha256 = "zz".into();
        let v = ChannelVersion {
            version: "2.0.1".into(),
            bundles: vec![bad_hash],
        };
        assert!(ChannelManifest::new(vec![v]).is_err());
        let v = ChannelVersion {
            version: "../1".into(),
            bundles: vec![],
        };
        assert!(ChannelManifest::new(vec![v]).is_err());
        assert!(ChannelManifest::from_json(br#"{"format": 2, "versions": []}"#).is_err());
    }
}
