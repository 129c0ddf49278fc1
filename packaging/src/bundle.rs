//! Assembles the `aws/` bundle directory, signs its manifest, zips it and signs the zip.

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use aws2_bundle::{Manifest, SigningKey, MANIFEST_FILE, MANIFEST_SIG_FILE};

use crate::licenses::third_party_licenses;
use crate::zipper::zip_dir;
use crate::PackagingError;

/// The programs taken from the binaries directory, all required.
pub const PROGRAMS: [&str; 2] = ["aws", "aws_completer"];

/// Template of `aws/README.md`.
const README: &str = include_str!("../bundle-README.md");

/// Everything a bundle is made from.
pub struct BundleInputs<'a> {
    /// Directory holding the built `aws` and `aws_completer`.
    pub binaries_dir: &'a Path,
    /// The built `install` program.
    pub installer: &'a Path,
    /// Version stamped into the manifest (and so the install directory name).
    pub version: &'a str,
    /// Platform, e.g. `linux-x86_64`; the zip is named `awscli-exe-<platform>.zip`.
    pub platform: &'a str,
    /// The key signing the manifest and the zip.
    pub signing_key: &'a SigningKey,
    /// Creation time written into both signatures (fixed for reproducible output).
    pub signature_time: SystemTime,
    /// `cargo metadata --format-version 1` output, for the third-party licenses.
    pub cargo_metadata: &'a [u8],
    /// Output directory.
    pub out_dir: &'a Path,
}

/// What was written.
#[derive(Debug)]
pub struct BundleOutput {
    /// The zip.
    pub zip: PathBuf,
    /// Its detached, armored signature.
    pub zip_sig: PathBuf,
    /// The manifest of the bundle.
    pub manifest: Manifest,
}

/// Builds the bundle zip and signature in `inputs.out_dir`.
pub fn build_bundle(inputs: &BundleInputs) -> Result<BundleOutput, PackagingError> {
    aws2_bundle::manifest::validate_version(inputs.version)?;
    let out = inputs.out_dir;
    fs::create_dir_all(out).map_err(|e| PackagingError::io(out, e))?;
    let staging = out.join(format!(".aws2-bundle-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| PackagingError::io(&staging, e))?;
    }
    let result = assemble_and_zip(inputs, &staging);
    let _ = fs::remove_dir_all(&staging);
    result
}

/// The body of [`build_bundle`], working in `staging`.
fn assemble_and_zip(inputs: &BundleInputs, staging: &Path) -> Result<BundleOutput, PackagingError> {
    let root = staging.join("aws");
    let dist = root.join("dist");
    fs::create_dir_all(&dist).map_err(|e| PackagingError::io(&dist, e))?;
    let mut files: Vec<(String, bool)> = Vec::new();
    for program in PROGRAMS {
        let src = inputs.binaries_dir.join(program);
        if !src.is_file() {
            return Err(PackagingError::Invalid(format!(
                "{} not found; build it first (cargo build -p aws2-cli)",
                src.display()
            )));
        }
        copy_with_mode(&src, &dist.join(program), 0o755)?;
        files.push((format!("dist/{program}"), true));
    }
    copy_with_mode(inputs.installer, &root.join("install"), 0o755)?;
    files.push(("install".into(), true));
    let readme = README
        .replace("@VERSION@", inputs.version)
        .replace("@PLATFORM@", inputs.platform);
    write(&root.join("README.md"), readme.as_bytes())?;
    files.push(("README.md".into(), false));
    let licenses = third_party_licenses(inputs.cargo_metadata, &["aws2-cli", "aws2-installer"])?;
    write(&root.join("THIRD_PARTY_LICENSES"), licenses.as_bytes())?;
    files.push(("THIRD_PARTY_LICENSES".into(), false));

    let manifest = Manifest::build(&root, inputs.version, inputs.platform, &files)?;
    let manifest_json = manifest.to_json();
    write(&root.join(MANIFEST_FILE), &manifest_json)?;
    let signature = inputs
        .signing_key
        .sign_detached(&manifest_json, inputs.signature_time)?;
    write(&root.join(MANIFEST_SIG_FILE), &signature)?;

    let zip = inputs
        .out_dir
        .join(format!("awscli-exe-{}.zip", inputs.platform));
    zip_dir(&root, "aws", &zip)?;
    let zip_bytes = fs::read(&zip).map_err(|e| PackagingError::io(&zip, e))?;
    let zip_sig = PathBuf::from(format!("{}.sig", zip.display()));
    let signature = inputs
        .signing_key
        .sign_detached(&zip_bytes, inputs.signature_time)?;
    write(&zip_sig, &signature)?;
    Ok(BundleOutput {
        zip,
        zip_sig,
        manifest,
    })
}

/// Copies a file and sets its mode.
fn copy_with_mode(src: &Path, dst: &Path, mode: u32) -> Result<(), PackagingError> {
    fs::copy(src, dst).map_err(|e| PackagingError::io(src, e))?;
    fs::set_permissions(dst, fs::Permissions::from_mode(mode))
        .map_err(|e| PackagingError::io(dst, e))
}

/// Writes a file with mode 0644.
fn write(path: &Path, bytes: &[u8]) -> Result<(), PackagingError> {
    fs::write(path, bytes).map_err(|e| PackagingError::io(path, e))?;
    fs::set_permissions(path, fs::Permissions::from_mode(0o644))
        .map_err(|e| PackagingError::io(path, e))
}
