//! The Windows installer package, built on Linux with wixl and msibuild (Debian packages
//! `wixl` and `msitools`) from `wix/main.wxs` and Windows binaries built elsewhere.
//!
//! wixl 0.101 cannot compile `<Environment>`, so the marked PATH blocks are cut out of the
//! source ([`wxs`]) and the same rows are added to the built package ([`environment`]).

pub mod environment;
pub mod wxs;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::PackagingError;

/// Windows programs taken from the binaries directory: (cargo's name, name in the package).
pub const PROGRAMS: [(&str, &str); 2] = [
    ("aws.exe", "aws2.exe"),
    ("aws_completer.exe", "aws2_completer.exe"),
];

/// Everything the package is made from.
pub struct MsiInputs<'a> {
    /// Directory holding `aws.exe` and `aws_completer.exe` (x86_64-pc-windows-msvc builds).
    pub binaries_dir: &'a Path,
    /// `wix/main.wxs`.
    pub wxs: &'a Path,
    /// The icon shown in Programs and Features.
    pub icon: &'a Path,
    /// Text of `THIRD_PARTY_LICENSES.txt`.
    pub licenses: &'a str,
    /// Product version, `major.minor.build` (MSI limits: 255.255.65535).
    pub version: &'a str,
    /// The package to write.
    pub out: &'a Path,
}

/// Checks that `version` is a valid MSI ProductVersion: three numbers, at most 255.255.65535.
pub fn validate_msi_version(version: &str) -> Result<(), PackagingError> {
    let parts: Vec<Option<u32>> = version.split('.').map(|p| p.parse().ok()).collect();
    let ok = matches!(parts.as_slice(), [Some(a), Some(b), Some(c)] if *a <= 255 && *b <= 255 && *c <= 65535)
        && version.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if ok {
        Ok(())
    } else {
        Err(PackagingError::Invalid(format!(
            "invalid MSI version {version:?}: expected major.minor.build up to 255.255.65535"
        )))
    }
}

/// Builds the package at `inputs.out`.
pub fn build_msi(inputs: &MsiInputs) -> Result<PathBuf, PackagingError> {
    validate_msi_version(inputs.version)?;
    let source = fs::read_to_string(inputs.wxs).map_err(|e| PackagingError::io(inputs.wxs, e))?;
    let split = wxs::split(&source)?;
    let out_dir = match inputs.out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&out_dir).map_err(|e| PackagingError::io(&out_dir, e))?;
    let staging = out_dir.join(format!(".aws2-msi-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| PackagingError::io(&staging, e))?;
    }
    fs::create_dir_all(&staging).map_err(|e| PackagingError::io(&staging, e))?;
    let result = build_in(inputs, &split, &staging);
    let _ = fs::remove_dir_all(&staging);
    result
}

/// The body of [`build_msi`], working in `staging`.
fn build_in(
    inputs: &MsiInputs,
    split: &wxs::SplitWxs,
    staging: &Path,
) -> Result<PathBuf, PackagingError> {
    for (from, to) in PROGRAMS {
        let src = inputs.binaries_dir.join(from);
        if !src.is_file() {
            return Err(PackagingError::Invalid(format!(
                "{} not found; build it for x86_64-pc-windows-msvc first",
                src.display()
            )));
        }
        copy(&src, &staging.join(to))?;
    }
    copy(inputs.icon, &staging.join("aws2.ico"))?;
    write(&staging.join("THIRD_PARTY_LICENSES"), inputs.licenses)?;
    write(&staging.join("main.wxs"), &split.wixl_source)?;
    // wixl resolves sources relative to its working directory, so it runs in `staging`.
    let built = staging.join("package.msi");
    run(Command::new("wixl")
        .current_dir(staging)
        .args(["-a", "x64", "-D"])
        .arg(format!("Version={}", inputs.version))
        .args(["-D", "BinDir=.", "-o", "package.msi", "main.wxs"]))?;
    let mut msibuild = Command::new("msibuild");
    msibuild.arg(&built);
    for query in environment::queries(&split.path_entry) {
        msibuild.arg("-q").arg(query);
    }
    run(&mut msibuild)?;
    fs::rename(&built, inputs.out).map_err(|e| PackagingError::io(inputs.out, e))?;
    Ok(inputs.out.to_path_buf())
}

/// Runs a tool, turning a failure into one line with its name and its error output.
fn run(cmd: &mut Command) -> Result<(), PackagingError> {
    let name = cmd.get_program().to_string_lossy().into_owned();
    let output = cmd.output().map_err(|e| {
        PackagingError::Tool(format!(
            "cannot run {name}: {e} (install the Debian packages wixl and msitools)"
        ))
    })?;
    if output.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let detail: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    Err(PackagingError::Tool(format!(
        "{name} failed ({}): {}",
        output.status,
        detail.join(" / ")
    )))
}

fn copy(src: &Path, dst: &Path) -> Result<(), PackagingError> {
    fs::copy(src, dst)
        .map(|_| ())
        .map_err(|e| PackagingError::io(src, e))
}

fn write(path: &Path, text: &str) -> Result<(), PackagingError> {
    fs::write(path, text).map_err(|e| PackagingError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msi_versions() {
        for ok in ["2.0.1", "255.255.65535", "0.0.0"] {
            assert!(validate_msi_version(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2.0",
            "2.0.1.4",
            "256.0.0",
            "2.0.65536",
            "2.0.1-rc1",
            "+2.0.1",
            "",
        ] {
            assert!(validate_msi_version(bad).is_err(), "{bad}");
        }
    }
}
