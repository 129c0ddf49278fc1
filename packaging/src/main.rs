//! `aws2-package`: writes `awscli-exe-<platform>.zip` and its signature, or (`msi`) the
//! Windows installer package. Normally run by
//! `scripts/package`, which builds the binaries and passes their paths.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use aws2_bundle::SigningKey;
use aws2_packaging::channel::{write_channel, ChannelOptions};
use aws2_packaging::licenses::third_party_licenses;
use aws2_packaging::msi::{build_msi, MsiInputs};
use aws2_packaging::{build_bundle, BundleInputs};

const USAGE: &str = "\
Usage: aws2-package --binaries DIR --installer FILE --signing-key FILE --cargo-metadata FILE (--out DIR | --channel DIR [CHANNEL OPTIONS]) [--version V] [--platform P] [--signature-time UNIX_SECONDS]
       aws2-package channel --dir DIR --signing-key FILE [CHANNEL OPTIONS] [--signature-time UNIX_SECONDS]
       aws2-package fingerprint --signing-key FILE
       aws2-package msi --binaries DIR --wxs FILE --icon FILE --cargo-metadata FILE --out FILE [--version V]
Channel options:
  --serial N                  the index's serial (default: one more than the index it replaces)
  --expires UNIX_SECONDS      when clients start refusing the index (default: --expires-in-days)
  --expires-in-days N         expiry relative to now (default: 30)
  --keys-dir DIR              the key list names the public keys DIR/*.asc
  --revoke FINGERPRINT        add a revoked key to the key list (repeatable)
  --key-list-signing-key FILE sign the key list with this key instead (repeatable; rotation)";

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
    serial: Option<u64>,
    expires: Option<u64>,
    expires_in_days: Option<u64>,
    keys_dir: Option<PathBuf>,
    revoke: Vec<String>,
    key_list_signing_keys: Vec<PathBuf>,
}

fn parse() -> Result<Args> {
    let mut args = Args::default();
    let mut it = std::env::args().skip(1).peekable();
    if let Some(mode) = it.next_if(|a| !a.starts_with('-')) {
        if !["msi", "channel", "fingerprint"].contains(&mode.as_str()) {
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
            "--serial" => args.serial = Some(value.parse().context("--serial")?),
            "--expires" => args.expires = Some(value.parse().context("--expires")?),
            "--expires-in-days" => {
                args.expires_in_days = Some(value.parse().context("--expires-in-days")?)
            }
            "--keys-dir" => args.keys_dir = Some(value.into()),
            "--revoke" => args.revoke.push(value),
            "--key-list-signing-key" => args.key_list_signing_keys.push(value.into()),
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

/// Default validity of an index: 30 days.
const DEFAULT_EXPIRY_DAYS: u64 = 30;

/// Re-indexes and signs the channel in `dir`, and writes its key list.
fn index_channel(dir: &Path, key: &SigningKey, time: SystemTime, args: &Args) -> Result<()> {
    let expires = match args.expires {
        Some(at) => at,
        None => {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_secs();
            now + args.expires_in_days.unwrap_or(DEFAULT_EXPIRY_DAYS) * 86_400
        }
    };
    let mut signers = Vec::new();
    for path in &args.key_list_signing_keys {
        signers.push(signing_key(Some(path.clone()))?);
    }
    let channel = write_channel(
        dir,
        &ChannelOptions {
            key,
            time,
            serial: args.serial,
            expires,
            keys_dir: args.keys_dir.clone(),
            revoke: args.revoke.clone(),
            key_list_signers: signers.iter().collect(),
        },
    )?;
    let newest = channel.versions.first().map(|v| v.version.as_str());
    println!(
        "Wrote {} ({} versions, newest {}, serial {}, expires {})",
        dir.join(aws2_bundle::CHANNEL_FILE).display(),
        channel.versions.len(),
        newest.unwrap_or("none"),
        channel.serial,
        aws2_bundle::channel::format_utc(channel.expires)
    );
    Ok(())
}

fn run() -> Result<()> {
    let args = parse()?;
    match args.mode.as_str() {
        "msi" => return run_msi(args),
        "fingerprint" => {
            println!("{}", signing_key(args.signing_key.clone())?.fingerprint());
            return Ok(());
        }
        "channel" => {
            let dir = need(args.dir.clone(), "--dir")?;
            let key = signing_key(args.signing_key.clone())?;
            return index_channel(&dir, &key, signature_time(args.signature_time), &args);
        }
        _ => {}
    }
    let binaries = need(args.binaries.clone(), "--binaries")?;
    let installer = need(args.installer.clone(), "--installer")?;
    let metadata_path = need(args.cargo_metadata.clone(), "--cargo-metadata")?;
    let key = signing_key(args.signing_key.clone())?;
    let metadata = read(&metadata_path)?;
    let version = match args.version.clone() {
        Some(v) => v,
        None => workspace_version(&metadata)?,
    };
    let out = match (&args.channel, args.out.clone()) {
        (Some(channel), _) => channel.join(&version),
        (None, out) => need(out, "--out or --channel")?,
    };
    let platform = args
        .platform
        .clone()
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
        index_channel(channel, &key, signature_time, &args)?;
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
