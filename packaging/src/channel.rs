//! Writes a static update channel: `channel.json` indexing every bundle found in
//! `<dir>/<version>/awscli-exe-<platform>.zip` (with its `.sig`), and `channel.json.sig`.
//!
//! Each zip's version and platform are read from the signed manifest inside it and must agree
//! with its directory and file name, so the index cannot list a bundle under the wrong version.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use aws2_bundle::channel::{ChannelBundle, ChannelManifest, ChannelVersion};
use aws2_bundle::digest::sha256_file;
use aws2_bundle::{Manifest, SigningKey, CHANNEL_FILE, CHANNEL_SIG_FILE, MANIFEST_FILE};

use crate::PackagingError;

/// Prefix and suffix of bundle file names.
const ZIP_PREFIX: &str = "awscli-exe-";
const ZIP_SUFFIX: &str = ".zip";
/// Largest bundle manifest read from a zip.
const MAX_MANIFEST: u64 = 16 << 20;

/// Indexes the bundles under `dir` and writes the signed channel manifest; returns it.
pub fn write_channel(
    dir: &Path,
    key: &SigningKey,
    time: SystemTime,
) -> Result<ChannelManifest, PackagingError> {
    let mut versions = Vec::new();
    for version_dir in sorted_entries(dir)? {
        let Some(version) = version_dir.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if !version_dir.is_dir() || aws2_bundle::manifest::validate_version(version).is_err() {
            continue;
        }
        let mut bundles = Vec::new();
        for zip in sorted_entries(&version_dir)? {
            let Some(name) = zip.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(platform) = name
                .strip_prefix(ZIP_PREFIX)
                .and_then(|n| n.strip_suffix(ZIP_SUFFIX))
            else {
                continue;
            };
            bundles.push(index_bundle(&zip, version, platform, name)?);
        }
        if !bundles.is_empty() {
            versions.push(ChannelVersion {
                version: version.to_owned(),
                bundles,
            });
        }
    }
    if versions.is_empty() {
        return Err(PackagingError::Invalid(format!(
            "{}: no bundles found (expected <version>/{ZIP_PREFIX}<platform>{ZIP_SUFFIX})",
            dir.display()
        )));
    }
    let channel = ChannelManifest::new(versions)?;
    let json = channel.to_json();
    let signature = key.sign_detached(&json, time)?;
    // The signature goes first: a client never sees a new manifest with an old signature
    // accepted, it sees a mismatch and retries later.
    write_atomic(&dir.join(CHANNEL_SIG_FILE), &signature)?;
    write_atomic(&dir.join(CHANNEL_FILE), &json)?;
    Ok(channel)
}

/// One zip's channel entry, after checking it against the manifest inside it.
fn index_bundle(
    zip: &Path,
    version: &str,
    platform: &str,
    name: &str,
) -> Result<ChannelBundle, PackagingError> {
    let sig = zip.with_file_name(format!("{name}.sig"));
    if !sig.is_file() {
        return Err(PackagingError::Invalid(format!(
            "{}: no signature {}",
            zip.display(),
            sig.display()
        )));
    }
    let manifest = bundle_manifest(zip)?;
    if manifest.version != version || manifest.platform != platform {
        return Err(PackagingError::Invalid(format!(
            "{}: the bundle is version {} for {}, not {version} for {platform}",
            zip.display(),
            manifest.version,
            manifest.platform
        )));
    }
    let (sha256, size) = sha256_file(zip)?;
    Ok(ChannelBundle {
        platform: platform.to_owned(),
        url: format!("{version}/{name}"),
        size,
        sha256,
        signature_url: format!("{version}/{name}.sig"),
    })
}

/// The `aws/manifest.json` inside a bundle zip.
fn bundle_manifest(zip: &Path) -> Result<Manifest, PackagingError> {
    let file = File::open(zip).map_err(|e| PackagingError::io(zip, e))?;
    let zerr = |e: zip::result::ZipError| PackagingError::Zip(format!("{}: {e}", zip.display()));
    let mut archive = zip::ZipArchive::new(file).map_err(zerr)?;
    let entry = archive
        .by_name(&format!("aws/{MANIFEST_FILE}"))
        .map_err(zerr)?;
    let mut bytes = Vec::new();
    entry
        .take(MAX_MANIFEST)
        .read_to_end(&mut bytes)
        .map_err(|e| PackagingError::io(zip, e))?;
    Ok(Manifest::from_json(&bytes)?)
}

/// The entries of `dir`, sorted.
fn sorted_entries(dir: &Path) -> Result<Vec<std::path::PathBuf>, PackagingError> {
    let mut paths: Vec<_> = fs::read_dir(dir)
        .map_err(|e| PackagingError::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    Ok(paths)
}

/// Writes `path` through a temporary file renamed into place.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PackagingError> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, bytes).map_err(|e| PackagingError::io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| PackagingError::io(path, e))
}
