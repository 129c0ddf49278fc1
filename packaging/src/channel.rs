//! Writes a static update channel: `channel.json` indexing every bundle found in
//! `<dir>/<version>/awscli-exe-<platform>.zip` (with its `.sig`), and `channel.json.sig`.
//!
//! Each zip's version and platform are read from the signed manifest inside it and must agree
//! with its directory and file name, so the index cannot list a bundle under the wrong version.
//!
//! The index gets the next serial (one more than the index it replaces, unless given) and an
//! expiry. The key list `keys.json` (see [`aws2_bundle::keylist`]) is written beside it: the
//! public keys of a keys directory (else the ones already listed, else the signing key's own),
//! the revocations already listed plus new ones, signed by the key-list signer (by default the
//! signing key; during a rotation the current key, which vouches for the new one).

use std::fs::{self, File};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use aws2_bundle::channel::{ChannelBundle, ChannelManifest, ChannelVersion};
use aws2_bundle::digest::sha256_file;
use aws2_bundle::keylist::{validate_fingerprint, KeyList, KEYS_FORMAT};
use aws2_bundle::sign::sign_detached_by;
use aws2_bundle::{
    Manifest, SigningKey, CHANNEL_FILE, CHANNEL_SIG_FILE, KEYS_FILE, KEYS_SIG_FILE, MANIFEST_FILE,
};

use crate::PackagingError;

/// Prefix and suffix of bundle file names.
const ZIP_PREFIX: &str = "awscli-exe-";
const ZIP_SUFFIX: &str = ".zip";
/// Largest bundle manifest read from a zip.
const MAX_MANIFEST: u64 = 16 << 20;

/// How the index and the key list are made.
pub struct ChannelOptions<'a> {
    /// Signs the index (and, unless `key_list_signers` is given, the key list).
    pub key: &'a SigningKey,
    /// Creation time of the signatures.
    pub time: SystemTime,
    /// The index's serial; `None`: one more than the index in the directory (1 if none).
    pub serial: Option<u64>,
    /// Unix time after which clients refuse the index.
    pub expires: u64,
    /// Directory of public keys (`*.asc`) the key list names.
    pub keys_dir: Option<PathBuf>,
    /// Fingerprints to add to the key list's revocations.
    pub revoke: Vec<String>,
    /// Keys signing the key list instead of `key`.
    pub key_list_signers: Vec<&'a SigningKey>,
}

/// Indexes the bundles under `dir` and writes the signed key list and the signed channel
/// manifest; returns the manifest.
pub fn write_channel(dir: &Path, opts: &ChannelOptions) -> Result<ChannelManifest, PackagingError> {
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
    let serial = match opts.serial {
        Some(serial) => serial,
        None => previous_serial(dir)?.map_or(1, |s| s.saturating_add(1)),
    };
    write_key_list(dir, opts)?;
    let channel = ChannelManifest::new(versions, serial, opts.expires)?;
    let json = channel.to_json();
    let signature = opts.key.sign_detached(&json, opts.time)?;
    // The signature goes first: a client never sees a new manifest with an old signature
    // accepted, it sees a mismatch and retries later.
    write_atomic(&dir.join(CHANNEL_SIG_FILE), &signature)?;
    write_atomic(&dir.join(CHANNEL_FILE), &json)?;
    Ok(channel)
}

/// The serial of the index already in `dir`, if any.
fn previous_serial(dir: &Path) -> Result<Option<u64>, PackagingError> {
    let path = dir.join(CHANNEL_FILE);
    let Ok(bytes) = fs::read(&path) else {
        return Ok(None);
    };
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| PackagingError::Invalid(format!("{}: {e}", path.display())))?;
    Ok(Some(value["serial"].as_u64().unwrap_or(0)))
}

/// Writes `keys.json` and its signature.
fn write_key_list(dir: &Path, opts: &ChannelOptions) -> Result<KeyList, PackagingError> {
    let path = dir.join(KEYS_FILE);
    let previous = match fs::read(&path) {
        Ok(bytes) => Some(KeyList::from_json(&bytes)?),
        Err(_) => None,
    };
    let keys = match (&opts.keys_dir, &previous) {
        (Some(keys_dir), _) => public_keys(keys_dir)?,
        (None, Some(previous)) => previous.keys.clone(),
        (None, None) => vec![String::from_utf8_lossy(&opts.key.public_armored()?).into_owned()],
    };
    let mut revoked: Vec<String> = previous
        .iter()
        .flat_map(|p| p.revoked.iter().cloned())
        .chain(
            opts.revoke
                .iter()
                .map(|f| f.replace(' ', "").to_uppercase()),
        )
        .collect();
    for fpr in &revoked {
        validate_fingerprint(fpr)?;
    }
    revoked.sort();
    revoked.dedup();
    let version = match &previous {
        Some(p) if p.keys == keys && p.revoked == revoked => p.version,
        Some(p) => p.version.saturating_add(1),
        None => 1,
    };
    let list = KeyList {
        format: KEYS_FORMAT,
        version,
        keys,
        revoked,
    };
    list.validate()?;
    let json = list.to_json();
    let signers: Vec<&SigningKey> = if opts.key_list_signers.is_empty() {
        vec![opts.key]
    } else {
        opts.key_list_signers.clone()
    };
    let signature = sign_detached_by(&signers, &json, opts.time)?;
    write_atomic(&dir.join(KEYS_SIG_FILE), &signature)?;
    write_atomic(&path, &json)?;
    Ok(list)
}

/// The armored public keys (`*.asc`, sorted by name) of `dir`; refuses secret keys.
fn public_keys(dir: &Path) -> Result<Vec<String>, PackagingError> {
    let mut keys = Vec::new();
    for path in sorted_entries(dir)? {
        if path.extension().is_none_or(|x| x != "asc") {
            continue;
        }
        let text = fs::read_to_string(&path).map_err(|e| PackagingError::io(&path, e))?;
        if text.contains(concat!("PRIVATE", " KEY BLOCK")) {
            return Err(PackagingError::Invalid(format!(
                "{} holds secret key material; the key list takes public keys only",
                path.display()
            )));
        }
        keys.push(text);
    }
    if keys.is_empty() {
        return Err(PackagingError::Invalid(format!(
            "{}: no public keys (*.asc)",
            dir.display()
        )));
    }
    Ok(keys)
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
