//! `aws2-package`: writes `awscli-exe-<platform>.zip` and its signature, or (`msi`) the
//! Windows installer package. Normally run by
//! `scripts/package`, which builds the binaries and passes their paths.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use aws2_bundle::SigningKey;
use aws2_packaging::channel::write_channel;
use aws2_packaging::licenses::third_party_licenses;
use aws2_packaging::msi::{build_msi, MsiInputs};
use aws2_packaging::{build_bundle, BundleInputs};

const USAGE: &str = "\
Usage: aws2-package --binaries DIR --installer FILE --signing-key FILE --cargo-metadata FILE (--out DIR | --channel DIR) [--version V] [--platform P] [--signature-time UNIX_SECONDS]
       aws2-package channel --dir DIR --signing-key FILE [--signature-time UNIX_SECONDS]
       aws2-package msi --binaries DIR --wxs FILE --icon FILE --cargo-metadata FILE --out FILE [--version V]";

/// Parsed command line.
#[derive(Default)]
struct Args {
    /// The first argument when it names a mode (`msi`), else empty (the bundle).
    mode: String,
    binaries: Option<PathBuf>,
    installer: Option<PathBuf>,
    signing_key: Option<PathBuf>,
    cargo_metadata: Option<PathBuf>,
    out: Option<PathBuf>,
    version: Option<String>,
    platform: Option<String>,
    signature_time: Option<u64>,
    wxs: Option<PathBuf>,
    icon: Option<PathBuf>,
    dir: Option<PathBuf>,
    channel: Option<PathBuf>,
}

fn parse() -> Result<Args> {
    let mut args = Args::default();
    let mut it = std::env::args().skip(1).peekable();
    if let Some(mode) = it.next_if(|a| !a.starts_with('-')) {
        if mode != "msi" && mode != "channel" {
            bail!("unknown mode {mode}\n{USAGE}");
        }
        args.mode = mode;
    }
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let value = it
            .next()
            .with_context(|| format!("missing value for {flag}\n{USAGE}"))?;
        match flag.as_str() {
            "--binaries" => args.binaries = Some(value.into()),
            "--installer" => args.installer = Some(value.into()),
            "--signing-key" => args.signing_key = Some(value.into()),
            "--cargo-metadata" => args.cargo_metadata = Some(value.into()),
            "--out" => args.out = Some(value.into()),
            "--version" => args.version = Some(value),
            "--platform" => args.platform = Some(value),
            "--wxs" => args.wxs = Some(value.into()),
            "--icon" => args.icon = Some(value.into()),
            "--dir" => args.dir = Some(value.into()),
            "--channel" => args.channel = Some(value.into()),
            "--signature-time" => {
                args.signature_time = Some(value.parse().context("--signature-time")?)
            }
            _ => bail!("unexpected argument {flag}\n{USAGE}"),
        }
    }
    Ok(args)
}

/// Takes a required option.
fn need<T>(v: Option<T>, name: &str) -> Result<T> {
    v.with_context(|| format!("{name} is required\n{USAGE}"))
}

/// Reads a file, naming it in the error.
fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// The version of package `aws2-cli` in the metadata (the workspace version).
fn workspace_version(metadata: &[u8]) -> Result<String> {
    let meta: serde_json::Value = serde_json::from_slice(metadata).context("cargo metadata")?;
    meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "aws2-cli" && p["source"].is_null())
        .and_then(|p| p["version"].as_str())
        .map(str::to_owned)
        .context("aws2-cli not found in cargo metadata")
}

/// `aws2-package msi`: the Windows installer package.
fn run_msi(args: Args) -> Result<()> {
    let binaries = need(args.binaries, "--binaries")?;
    let wxs = need(args.wxs, "--wxs")?;
    let icon = need(args.icon, "--icon")?;
    let metadata = read(&need(args.cargo_metadata, "--cargo-metadata")?)?;
    let out = need(args.out, "--out")?;
    let version = match args.version {
        Some(v) => v,
        None => workspace_version(&metadata)?,
    };
    let licenses = third_party_licenses(&metadata, &["aws2-cli"])?;
    let msi = build_msi(&MsiInputs {
        binaries_dir: &binaries,
        wxs: &wxs,
        icon: &icon,
        licenses: &licenses,
        version: &version,
        out: &out,
    })?;
    println!("Wrote {} (version {version})", msi.display());
    Ok(())
}

/// The signature time: `--signature-time`, else `SOURCE_DATE_EPOCH`, else the key's creation
/// time (fixed, so output is reproducible).
fn signature_time(arg: Option<u64>) -> SystemTime {
    let epoch = arg.or_else(|| {
        std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    epoch
        .map(|s| UNIX_EPOCH + Duration::from_secs(s))
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// Reads the signing key.
fn signing_key(path: Option<PathBuf>) -> Result<SigningKey> {
    let path = need(path, "--signing-key")?;
    SigningKey::from_bytes(&read(&path)?).with_context(|| path.display().to_string())
}

/// Re-indexes and signs the channel in `dir`.
fn index_channel(dir: &Path, key: &SigningKey, time: SystemTime) -> Result<()> {
    let channel = write_channel(dir, key, time)?;
    let newest = channel.versions.first().map(|v| v.version.as_str());
    println!(
        "Wrote {} ({} versions, newest {})",
        dir.join(aws2_bundle::CHANNEL_FILE).display(),
        channel.versions.len(),
        newest.unwrap_or("none")
    );
    Ok(())
}

fn run() -> Result<()> {
    let args = parse()?;
    match args.mode.as_str() {
        "msi" => return run_msi(args),
        "channel" => {
            let dir = need(args.dir, "--dir")?;
            let key = signing_key(args.signing_key)?;
            return index_channel(&dir, &key, signature_time(args.signature_time));
        }
        _ => {}
    }
    let binaries = need(args.binaries, "--binaries")?;
    let installer = need(args.installer, "--installer")?;
    let metadata_path = need(args.cargo_metadata, "--cargo-metadata")?;
    let key = signing_key(args.signing_key)?;
    let metadata = read(&metadata_path)?;
    let version = match args.version {
        Some(v) => v,
        None => workspace_version(&metadata)?,
    };
    let out = match (&args.channel, args.out) {
        (Some(channel), _) => channel.join(&version),
        (None, out) => need(out, "--out or --channel")?,
    };
    let platform = args
        .platform
        .unwrap_or_else(|| format!("linux-{}", std::env::consts::ARCH));
    let signature_time = signature_time(args.signature_time);
    let output = build_bundle(&BundleInputs {
        binaries_dir: &binaries,
        installer: &installer,
        version: &version,
        platform: &platform,
        signing_key: &key,
        signature_time,
        cargo_metadata: &metadata,
        out_dir: &out,
    })?;
    println!("Wrote {} (version {version})", output.zip.display());
    println!("Wrote {}", output.zip_sig.display());
    if let Some(channel) = &args.channel {
        index_channel(channel, &key, signature_time)?;
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            let msg: Vec<String> = e.chain().map(|c| c.to_string()).collect();
            eprintln!("aws2-package: {}", msg.join(": "));
            std::process::ExitCode::from(1)
        }
    }
}
