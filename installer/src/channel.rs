//! `install --update --channel <URL>`: update from a signed update channel.
//!
//! First the channel's key list (`keys.json`) is checked against the keys this installation
//! trusts (built in, or from the last key list accepted, minus revoked keys) and must not be
//! older than the last one accepted; its keys then sign everything else. The channel manifest's
//! signature is checked before it is read, then its freshness: not expired, serial not lower
//! than the newest seen here. The chosen bundle's size and SHA-256 are checked against the
//! manifest, its own detached signature against the channel's keys, then the extracted bundle
//! is verified and installed exactly as `install -u` from an unzipped bundle. Everything is
//! fetched and checked in a temporary directory before the installation is touched; the
//! channel state is recorded (under the install lock) only when the update succeeded.

use std::fs::File;

use anyhow::{bail, Context, Result};
use aws2_bundle::channel::{check_freshness, compare_versions, ChannelManifest, SeenIndex};
use aws2_bundle::{KeyList, TrustedKeys, CHANNEL_FILE, CHANNEL_SIG_FILE, KEYS_FILE, KEYS_SIG_FILE};
use url::Url;

use crate::cli::ChannelOptions;
use crate::fetch::Fetcher;
use crate::install::ChannelRecord;
use crate::layout::Layout;
use crate::state::ChannelState;
use crate::{checkpoint, install, source, trusted};

/// This program's platform as bundles name it (`uname -s`-`uname -m`, lower case).
pub fn this_platform() -> String {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match (os, std::env::consts::ARCH) {
        ("darwin", "aarch64") => "arm64",
        (_, arch) => arch,
    };
    format!("{os}-{arch}")
}

/// The manifest URL for a channel URL: the URL itself if it names a `.json` file, else
/// `channel.json` in that directory.
pub fn manifest_url(channel: &str) -> Result<Url> {
    let parsed = match Url::parse(channel) {
        Ok(url) => url,
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            let path = std::path::absolute(channel)
                .with_context(|| format!("invalid channel {channel}"))?;
            Url::from_file_path(&path)
                .map_err(|()| anyhow::anyhow!("invalid channel path {channel}"))?
        }
        Err(e) => bail!("invalid channel URL {channel}: {e}"),
    };
    if parsed.path().ends_with(".json") {
        return Ok(parsed);
    }
    let mut dir = parsed.clone();
    if !dir.path().ends_with('/') {
        let path = format!("{}/", dir.path());
        dir.set_path(&path);
    }
    dir.join(CHANNEL_FILE)
        .with_context(|| format!("invalid channel URL {channel}"))
}

/// The channel's keys after its key list was checked, and the state to record.
struct ChannelTrust {
    /// Keys accepted for the index and the bundles.
    keys: TrustedKeys,
    /// Keys revoked (built in or listed before), to name them in errors.
    revoked: TrustedKeys,
    /// The state to record after a successful update.
    state: ChannelState,
}

/// Fetches the channel's key list and checks it against what this installation trusts: the
/// built-in keys plus the keys of the last key list accepted, minus every revoked key.
fn channel_trust(
    fetcher: &Fetcher,
    manifest_url: &Url,
    state: &ChannelState,
) -> Result<ChannelTrust> {
    let builtin = trusted::keys()?;
    let known = builtin
        .with_armored(&state.keys.iter().map(|k| k.as_bytes()).collect::<Vec<_>>())
        .context("the recorded channel keys are unusable")?;
    let current = known.without(&state.revoked);
    let keys_url = manifest_url
        .join(KEYS_FILE)
        .context("invalid channel URL")?;
    let keys_sig_url = manifest_url
        .join(KEYS_SIG_FILE)
        .context("invalid channel URL")?;
    let bytes = fetcher.get_small(&keys_url)?;
    let signature = fetcher.get_small(&keys_sig_url)?;
    let refused = || format!("key list {keys_url} refused, nothing installed");
    verify_or_name_revoked(&current, &known.only(&state.revoked), &bytes, &signature)
        .with_context(refused)?;
    let list = KeyList::from_json(&bytes).with_context(refused)?;
    if list.version < state.keys_version {
        bail!(
            "key list {keys_url} refused, nothing installed: its version {} is lower than version {} already seen here; refusing a replayed older key list",
            list.version,
            state.keys_version
        );
    }
    let mut revoked: Vec<String> = state.revoked.iter().chain(&list.revoked).cloned().collect();
    revoked.sort();
    revoked.dedup();
    let listed: Vec<&[u8]> = list.keys.iter().map(|k| k.as_bytes()).collect();
    let all = builtin.with_armored(&listed).with_context(refused)?;
    Ok(ChannelTrust {
        keys: all.without(&revoked),
        revoked: all.only(&revoked),
        state: ChannelState {
            index: state.index.clone(),
            keys_version: list.version,
            keys: list.keys,
            revoked,
        },
    })
}

/// Verifies `data` against `keys`; when that fails and a key of `revoked` made the signature,
/// says so.
fn verify_or_name_revoked(
    keys: &TrustedKeys,
    revoked: &TrustedKeys,
    data: &[u8],
    signature: &[u8],
) -> Result<String> {
    match keys.verify_bytes(data, signature) {
        Ok(signer) => Ok(signer),
        Err(e) => match revoked.verify_bytes(data, signature) {
            Ok(signer) => bail!(
                "signature verification failed: signed by key {signer}, which has been revoked"
            ),
            Err(_) => Err(e.into()),
        },
    }
}

/// Runs the update (or, with `--dry-run`, reports what it would do).
pub fn run(opts: &ChannelOptions) -> Result<()> {
    let layout = Layout::new(&opts.install.dirs);
    if !opts.dry_run {
        install::check_preexisting(&layout, opts.install.update)?;
    }
    let fetcher = Fetcher::new()?;
    let state = ChannelState::load(&layout)?;

    let manifest_url = manifest_url(&opts.url)?;
    let trust = channel_trust(&fetcher, &manifest_url, &state)?;
    let sig_url = manifest_url
        .join(CHANNEL_SIG_FILE)
        .context("invalid channel URL")?;
    let manifest_bytes = fetcher.get_small(&manifest_url)?;
    let signature = fetcher.get_small(&sig_url)?;
    let refused = || format!("channel manifest {manifest_url} refused, nothing installed");
    verify_or_name_revoked(&trust.keys, &trust.revoked, &manifest_bytes, &signature)
        .with_context(refused)?;
    let channel = ChannelManifest::from_json(&manifest_bytes).with_context(refused)?;
    let sha256 = aws2_bundle::digest::sha256_bytes(&manifest_bytes);
    let now = checkpoint::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    check_freshness(&channel, &sha256, state.index.as_ref(), now).with_context(refused)?;
    let mut new_state = trust.state.clone();
    new_state.index = Some(SeenIndex {
        serial: channel.serial,
        sha256,
    });
    let record = ChannelRecord {
        url: &opts.url,
        state: &new_state,
    };

    let platform = this_platform();
    let (release, entry) = channel
        .newest_for(&platform)
        .with_context(|| format!("the channel {manifest_url} has no bundle for {platform}"))?;
    let version = release.version.as_str();
    let current = layout.current_version();
    if let Some(current) = &current {
        if current == version {
            if opts.dry_run {
                println!("AWS CLI {current} is up to date (newest in the channel for {platform}); nothing would change.");
                return Ok(());
            }
            install::ensure_bin_links_locked(&layout, opts.install.keep, Some(&record))?;
            println!("AWS CLI {current} is up to date (newest in the channel for {platform}).");
            return Ok(());
        }
        if compare_versions(version, current).is_lt() && !opts.allow_downgrade {
            bail!(
                "The channel's newest version {version} is older than the installed {current}; refusing to downgrade (rerun with --allow-downgrade to install it)"
            );
        }
    }

    let bundle_url = manifest_url
        .join(&entry.url)
        .with_context(|| format!("invalid bundle URL {}", entry.url))?;
    let bundle_sig_url = manifest_url
        .join(&entry.signature_url)
        .with_context(|| format!("invalid signature URL {}", entry.signature_url))?;
    if opts.dry_run {
        println!(
            "Would update AWS CLI {} to {version} for {platform} from {bundle_url} ({} bytes); nothing changed.",
            current.as_deref().unwrap_or("(none)"),
            entry.size
        );
        return Ok(());
    }
    println!("Downloading AWS CLI {version} for {platform} from {bundle_url}");
    let work = tempfile::Builder::new()
        .prefix("aws2-update-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let zip = work.path().join("bundle.zip");
    let size = fetcher.download(&bundle_url, &zip, entry.size)?;
    let (sha256, _) = aws2_bundle::digest::sha256_file(&zip)?;
    if size != entry.size || sha256 != entry.sha256 {
        bail!(
            "{bundle_url}: the downloaded bundle does not match the signed channel manifest (size {size}, expected {}; SHA-256 {}); nothing installed",
            entry.size,
            if sha256 == entry.sha256 { "matches" } else { "differs" }
        );
    }
    let zip_signature = fetcher.get_small(&bundle_sig_url)?;
    let zip_file = File::open(&zip).with_context(|| format!("cannot read {}", zip.display()))?;
    trust
        .keys
        .verify_reader(zip_file, &zip_signature)
        .with_context(|| format!("bundle {bundle_url} refused, nothing installed"))?;

    let extracted = work.path().join("x");
    aws2_bundle::unzip::extract(&zip, &extracted)
        .with_context(|| format!("bundle {bundle_url} refused, nothing installed"))?;
    let bundle = source::verify_with(&extracted.join("aws"), &trust.keys)?;
    if bundle.manifest.version != version || bundle.manifest.platform != platform {
        bail!(
            "{bundle_url} holds version {} for {}, not {version} for {platform} as the channel says; nothing installed",
            bundle.manifest.version,
            bundle.manifest.platform
        );
    }
    install::install_verified(&opts.install, &bundle, Some(&record))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_url_forms() {
        let u = manifest_url("https://example.invalid/aws2/stable").unwrap();
        assert_eq!(
            u.as_str(),
            "https://example.invalid/aws2/stable/channel.json"
        );
        let u = manifest_url("https://example.invalid/aws2/stable/").unwrap();
        assert_eq!(
            u.as_str(),
            "https://example.invalid/aws2/stable/channel.json"
        );
        let u = manifest_url("http://127.0.0.1:8/c/other.json").unwrap();
        assert_eq!(u.as_str(), "http://127.0.0.1:8/c/other.json");
        let u = manifest_url("/srv/channel").unwrap();
        assert_eq!(u.as_str(), "file:///srv/channel/channel.json");
        let sig = u.join(CHANNEL_SIG_FILE).unwrap();
        assert_eq!(sig.as_str(), "file:///srv/channel/channel.json.sig");
        assert_eq!(
            u.join("2.0.2/a.zip").unwrap().as_str(),
            "file:///srv/channel/2.0.2/a.zip"
        );
    }

    #[test]
    fn platform_matches_the_bundle_naming() {
        let p = this_platform();
        assert!(p.starts_with("linux-") || p.starts_with("darwin-"), "{p}");
        assert!(!p.contains("macos"));
    }
}
