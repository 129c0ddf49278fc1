//! `aws2-package`: writes `awscli-exe-<platform>.zip` and its signature, or (`msi`) the
//! Windows installer package. Normally run by
//! `scripts/package`, which builds the binaries and passes their paths.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context, Result};
use aws2_bundle::SigningKey;
use aws2_packaging::licenses::third_party_licenses;
use aws2_packaging::msi::{build_msi, MsiInputs};
use aws2_packaging::{build_bundle, BundleInputs};

const USAGE: &str = "\
Usage: aws2-package --binaries DIR --installer FILE --signing-key FILE --cargo-metadata FILE --out DIR [--version V] [--platform P] [--signature-time UNIX_SECONDS]
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
}

fn parse() -> Result<Args> {
    let mut args = Args::default();
    let mut it = std::env::args().skip(1).peekable();
    if let Some(mode) = it.next_if(|a| !a.starts_with('-')) {
        if mode != "msi" {
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

fn run() -> Result<()> {
    let args = parse()?;
    if args.mode == "msi" {
        return run_msi(args);
    }
    let binaries = need(args.binaries, "--binaries")?;
    let installer = need(args.installer, "--installer")?;
    let key_path = need(args.signing_key, "--signing-key")?;
    let metadata_path = need(args.cargo_metadata, "--cargo-metadata")?;
    let out = need(args.out, "--out")?;
    let metadata = read(&metadata_path)?;
    let key_bytes = read(&key_path)?;
    let key = SigningKey::from_bytes(&key_bytes).with_context(|| key_path.display().to_string())?;
    let version = match args.version {
        Some(v) => v,
        None => workspace_version(&metadata)?,
    };
    let platform = args
        .platform
        .unwrap_or_else(|| format!("linux-{}", std::env::consts::ARCH));
    let epoch = args.signature_time.or_else(|| {
        std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    // Without a given time, sign at the key's creation time: fixed, so output is reproducible.
    let signature_time = epoch
        .map(|s| UNIX_EPOCH + Duration::from_secs(s))
        .unwrap_or(SystemTime::UNIX_EPOCH);
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
