//! The bundle this program was shipped in, verified before anything is installed.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use aws2_bundle::{Manifest, TrustedKeys, MANIFEST_FILE, MANIFEST_SIG_FILE};

use crate::checkpoint::step;
use crate::trusted;

/// A bundle whose manifest signature and file hashes have been checked.
pub struct VerifiedBundle {
    /// The bundle directory (`aws/`).
    pub root: PathBuf,
    /// The parsed manifest.
    pub manifest: Manifest,
    /// The manifest as signed.
    pub manifest_bytes: Vec<u8>,
    /// Its detached signature.
    pub signature: Vec<u8>,
}

/// The bundle directory: the directory holding this program.
pub fn bundle_root() -> Result<PathBuf> {
    let exe = std::env::current_exe().context("cannot locate the install program")?;
    let root = exe
        .parent()
        .context("cannot locate the bundle directory")?
        .to_path_buf();
    if !root.join(MANIFEST_FILE).is_file() {
        bail!(
            "{} is not an aws2 bundle (no {MANIFEST_FILE}); run the install program from the unzipped bundle",
            root.display()
        );
    }
    Ok(root)
}

/// Checks the manifest's signature against the built-in keys, then every file's size and hash.
pub fn verify(root: &Path) -> Result<VerifiedBundle> {
    verify_with(root, &trusted::keys()?)
}

/// Like [`verify`], against the keys `keys` (the channel's, after a key rotation).
pub fn verify_with(root: &Path, keys: &TrustedKeys) -> Result<VerifiedBundle> {
    let manifest_path = root.join(MANIFEST_FILE);
    let sig_path = root.join(MANIFEST_SIG_FILE);
    let manifest_bytes = fs::read(&manifest_path)
        .with_context(|| format!("cannot read {}", manifest_path.display()))?;
    let signature =
        fs::read(&sig_path).with_context(|| format!("cannot read {}", sig_path.display()))?;
    keys.verify_bytes(&manifest_bytes, &signature)
        .with_context(|| format!("bundle manifest {} refused", manifest_path.display()))?;
    step();
    let manifest = Manifest::from_json(&manifest_bytes)?;
    if !manifest.files.iter().any(|f| f.path == "dist/aws") {
        bail!("bundle manifest lists no dist/aws");
    }
    for entry in &manifest.files {
        Manifest::check_file(root, entry)
            .context("bundle verification failed, nothing installed")?;
        step();
    }
    Ok(VerifiedBundle {
        root: root.to_path_buf(),
        manifest,
        manifest_bytes,
        signature,
    })
}

/// `--verify-zip <zip> <sig>`: checks a downloaded zip's detached signature.
pub fn verify_zip(zip: &Path, sig: &Path) -> Result<()> {
    let signature = fs::read(sig).with_context(|| format!("cannot read {}", sig.display()))?;
    let data = File::open(zip).with_context(|| format!("cannot read {}", zip.display()))?;
    let signer = trusted::keys()?
        .verify_reader(data, &signature)
        .with_context(|| format!("{} refused", zip.display()))?;
    println!(
        "Good signature: {} is signed by key {}",
        zip.display(),
        signer
    );
    Ok(())
}
