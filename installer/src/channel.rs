//! `install --update --channel <URL>`: update from a signed update channel.
//!
//! The channel manifest's signature is checked against the built-in keys before it is read;
//! the chosen bundle's size and SHA-256 are checked against the manifest, its own detached
//! signature against the built-in keys, then the extracted bundle is verified and installed
//! exactly as `install -u` from an unzipped bundle. Everything is fetched and checked in a
//! temporary directory before the installation is touched.

use std::fs::File;

use anyhow::{bail, Context, Result};
use aws2_bundle::channel::{compare_versions, ChannelManifest};
use aws2_bundle::{CHANNEL_FILE, CHANNEL_SIG_FILE};
use url::Url;

use crate::cli::ChannelOptions;
use crate::fetch::Fetcher;
use crate::layout::Layout;
use crate::{install, source, trusted};

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

/// Runs the update.
pub fn run(opts: &ChannelOptions) -> Result<()> {
    let layout = Layout::new(&opts.install.dirs);
    install::check_preexisting(&layout, opts.install.update)?;
    let fetcher = Fetcher::new()?;
    let keys = trusted::keys()?;

    let manifest_url = manifest_url(&opts.url)?;
    let sig_url = manifest_url
        .join(CHANNEL_SIG_FILE)
        .context("invalid channel URL")?;
    let manifest_bytes = fetcher.get_small(&manifest_url)?;
    let signature = fetcher.get_small(&sig_url)?;
    keys.verify_bytes(&manifest_bytes, &signature)
        .with_context(|| format!("channel manifest {manifest_url} refused, nothing installed"))?;
    let channel = ChannelManifest::from_json(&manifest_bytes)
        .with_context(|| format!("channel manifest {manifest_url} refused"))?;

    let platform = this_platform();
    let (release, entry) = channel
        .newest_for(&platform)
        .with_context(|| format!("the channel {manifest_url} has no bundle for {platform}"))?;
    let version = release.version.as_str();
    if let Some(current) = layout.current_version() {
        if current == version {
            install::ensure_bin_links_locked(&layout, opts.install.keep)?;
            println!("AWS CLI {current} is up to date (newest in the channel for {platform}).");
            return Ok(());
        }
        if compare_versions(version, &current).is_lt() && !opts.allow_downgrade {
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
    keys.verify_reader(zip_file, &zip_signature)
        .with_context(|| format!("bundle {bundle_url} refused, nothing installed"))?;

    let extracted = work.path().join("x");
    aws2_bundle::unzip::extract(&zip, &extracted)
        .with_context(|| format!("bundle {bundle_url} refused, nothing installed"))?;
    let bundle = source::verify(&extracted.join("aws"))?;
    if bundle.manifest.version != version || bundle.manifest.platform != platform {
        bail!(
            "{bundle_url} holds version {} for {}, not {version} for {platform} as the channel says; nothing installed",
            bundle.manifest.version,
            bundle.manifest.platform
        );
    }
    install::install_verified(&opts.install, &bundle)
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
