//! Embeds the release public keys: every `*.asc` in `keys/release/`, or in the directory named
//! by `AWS2_RELEASE_KEYS_DIR`, becomes an entry of `RELEASE_KEYS` (see `src/trusted.rs`).
//!
//! With the `release-keys-only` feature and no release key the build fails with a clear
//! message, and a file holding secret key material is refused whatever the features.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The environment variable naming another release keys directory.
const KEYS_DIR_ENV: &str = "AWS2_RELEASE_KEYS_DIR";

fn main() {
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    println!("cargo:rerun-if-env-changed={KEYS_DIR_ENV}");
    let dir = match std::env::var_os(KEYS_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => manifest_dir.join("../keys/release"),
    };
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut code = String::from("/// Release public keys, embedded by build.rs.\n");
    let keys = release_keys(&dir);
    let mut errors = Vec::new();
    code.push_str("const RELEASE_KEYS: &[&[u8]] = &[\n");
    for key in &keys {
        println!("cargo:rerun-if-changed={}", key.display());
        match std::fs::read(key) {
            Ok(bytes) if is_secret(&bytes) => errors.push(format!(
                "{} holds secret key material; only public keys may be embedded",
                key.display()
            )),
            Ok(_) => {
                let _ = writeln!(code, "    include_bytes!({:?}),", key.display().to_string());
            }
            Err(e) => errors.push(format!("cannot read {}: {e}", key.display())),
        }
    }
    code.push_str("];\n");
    let release_only = std::env::var_os("CARGO_FEATURE_RELEASE_KEYS_ONLY").is_some();
    if release_only && keys.is_empty() {
        errors.push(format!(
            "the release-keys-only feature needs at least one release public key: none found in {} (add keys/release/<name>.asc, or set {KEYS_DIR_ENV} to a directory of .asc public keys; see keys/README.md)",
            dir.display()
        ));
    }
    for error in errors {
        let _ = writeln!(code, "compile_error!({error:?});");
    }
    let out =
        PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("release_keys.rs");
    if let Err(e) = std::fs::write(&out, code) {
        println!("cargo:warning=cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}

/// The `*.asc` files of `dir`, sorted (none if it does not exist).
fn release_keys(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut keys: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "asc") && p.is_file())
        .map(|p| std::path::absolute(&p).unwrap_or(p))
        .collect();
    keys.sort();
    keys
}

/// True when an armored key file holds a secret key block.
fn is_secret(bytes: &[u8]) -> bool {
    let marker = concat!("PRIVATE", " KEY BLOCK").as_bytes();
    bytes.windows(marker.len()).any(|w| w == marker) || bytes.first() == Some(&0x95)
}
