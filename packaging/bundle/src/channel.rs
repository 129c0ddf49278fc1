//! The update channel manifest: every published version with, per platform, the bundle's URL,
//! size, SHA-256 and signature URL. It is served as `channel.json` next to its detached
//! signature `channel.json.sig`, both static files (any web server or bucket can serve them).
//!
//! URLs are relative to the manifest's own URL (e.g. `2.0.2/awscli-exe-linux-x86_64.zip`), so a
//! channel directory can be moved or mirrored as a whole; absolute `https://` URLs are allowed.
//!
//! Freshness (format 2), as TUF's timestamp and snapshot roles: every index carries a `serial`
//! that grows with each index published, and an `expires` time (Unix seconds). A client refuses
//! an expired index (so a replayed old one stops working when it expires) and an index whose
//! serial is lower than the newest it has seen (see [`check_freshness`]).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

use crate::manifest::validate_version;
use crate::BundleError;

/// File name of the channel manifest.
pub const CHANNEL_FILE: &str = "channel.json";
/// File name of its detached, ASCII-armored OpenPGP signature.
pub const CHANNEL_SIG_FILE: &str = "channel.json.sig";
/// The channel format this crate reads and writes (2: with `serial` and `expires`).
pub const CHANNEL_FORMAT: u32 = 2;

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
    /// Grows with every index published for the channel; clients refuse a lower one.
    pub serial: u64,
    /// Unix time (seconds) after which clients refuse this index.
    pub expires: u64,
    /// The versions, newest first.
    pub versions: Vec<ChannelVersion>,
}

impl ChannelManifest {
    /// Builds a manifest with the given serial and expiry from versions in any order: sorts
    /// them newest first and their bundles by platform, then validates the result.
    pub fn new(
        mut versions: Vec<ChannelVersion>,
        serial: u64,
        expires: u64,
    ) -> Result<ChannelManifest, BundleError> {
        versions.sort_by(|a, b| compare_versions(&b.version, &a.version));
        for v in &mut versions {
            v.bundles.sort_by(|a, b| a.platform.cmp(&b.platform));
        }
        let manifest = ChannelManifest {
            format: CHANNEL_FORMAT,
            serial,
            expires,
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

/// What a client remembers of the newest index it accepted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeenIndex {
    /// Its serial.
    pub serial: u64,
    /// The SHA-256 of its bytes, lowercase hex.
    pub sha256: String,
}

/// Why an index is not fresh.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Staleness {
    /// The index expired.
    #[error("it expired at {expired} (now {now}); refusing a stale index, which may be replayed to hold back updates")]
    Expired {
        /// Its expiry, RFC 3339.
        expired: String,
        /// The time checked, RFC 3339.
        now: String,
    },
    /// Its serial is lower than one already accepted.
    #[error("its serial {serial} is lower than serial {seen} already seen here; refusing a replayed older index")]
    Rollback {
        /// Its serial.
        serial: u64,
        /// The newest serial seen.
        seen: u64,
    },
    /// Same serial as the one accepted, other content.
    #[error(
        "its serial {serial} is the one already seen here but its content differs; refusing it"
    )]
    Fork {
        /// The serial.
        serial: u64,
    },
}

/// Checks an index's freshness: not expired at `now` (Unix seconds), serial not lower than the
/// newest `seen`, and equal serials only for identical bytes (`sha256` of this index).
pub fn check_freshness(
    index: &ChannelManifest,
    sha256: &str,
    seen: Option<&SeenIndex>,
    now: u64,
) -> Result<(), Staleness> {
    if now >= index.expires {
        return Err(Staleness::Expired {
            expired: format_utc(index.expires),
            now: format_utc(now),
        });
    }
    if let Some(seen) = seen {
        if index.serial < seen.serial {
            return Err(Staleness::Rollback {
                serial: index.serial,
                seen: seen.serial,
            });
        }
        if index.serial == seen.serial && sha256 != seen.sha256 {
            return Err(Staleness::Fork {
                serial: index.serial,
            });
        }
    }
    Ok(())
}

/// Formats Unix seconds as RFC 3339 UTC, e.g. `2026-11-26T00:00:00Z`.
pub fn format_utc(secs: u64) -> String {
    let t = aws2_text::calendar::DateTime::from_epoch(secs as i64);
    format!("{}T{}Z", t.date(), t.clock())
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
        let m = ChannelManifest::new(
            vec![
                ChannelVersion {
                    version: "2.0.9".into(),
                    bundles: vec![bundle("linux-x86_64")],
                },
                ChannelVersion {
                    version: "2.0.10".into(),
                    bundles: vec![bundle("linux-aarch64")],
                },
            ],
            1,
            2,
        )
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
        assert!(ChannelManifest::new(vec![dup], 1, 2).is_err());
        let mut bad_hash = bundle("linux-x86_64");
        bad_hash.sha256 = "zz".into();
        let v = ChannelVersion {
            version: "2.0.1".into(),
            bundles: vec![bad_hash],
        };
        assert!(ChannelManifest::new(vec![v], 1, 2).is_err());
        let v = ChannelVersion {
            version: "../1".into(),
            bundles: vec![],
        };
        assert!(ChannelManifest::new(vec![v], 1, 2).is_err());
        assert!(ChannelManifest::from_json(
            br#"{"format": 3, "serial": 1, "expires": 2, "versions": []}"#
        )
        .is_err());
        assert!(ChannelManifest::from_json(br#"{"format": 2, "versions": []}"#).is_err());
        assert!(ChannelManifest::from_json(br#"{"format": 1, "versions": []}"#).is_err());
    }

    #[test]
    fn freshness() {
        let m = ChannelManifest::new(vec![], 5, 1000).unwrap();
        let sha = "a".repeat(64);
        assert!(check_freshness(&m, &sha, None, 999).is_ok());
        let err = check_freshness(&m, &sha, None, 1000).unwrap_err();
        assert!(
            err.to_string().contains("expired at 1970-01-01T00:16:40Z"),
            "{err}"
        );
        let seen = |serial, sha256: &str| SeenIndex {
            serial,
            sha256: sha256.into(),
        };
        assert!(check_freshness(&m, &sha, Some(&seen(4, "b")), 0).is_ok());
        assert!(check_freshness(&m, &sha, Some(&seen(5, &sha)), 0).is_ok());
        assert_eq!(
            check_freshness(&m, &sha, Some(&seen(5, "b")), 0),
            Err(Staleness::Fork { serial: 5 })
        );
        assert_eq!(
            check_freshness(&m, &sha, Some(&seen(6, &sha)), 0),
            Err(Staleness::Rollback { serial: 5, seen: 6 })
        );
        assert_eq!(format_utc(1_795_651_200), "2026-11-26T00:00:00Z");
        assert_eq!(format_utc(951_782_400), "2000-02-29T00:00:00Z");
    }
}
