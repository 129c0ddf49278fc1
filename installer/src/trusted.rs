//! The public keys whose signatures the installer accepts, compiled in from `keys/`.
//!
//! Release keys are the `*.asc` files of `keys/release/` (or of the directory named by
//! `AWS2_RELEASE_KEYS_DIR` at build time), embedded by `build.rs`. The test-only key is trusted
//! too unless the program is built with the `release-keys-only` feature.

use anyhow::{Context, Result};
use aws2_bundle::TrustedKeys;

/// The test-only key's public half. Bundles signed with the test-only secret key (the default
/// of `scripts/package`) verify against it; release builds drop it with the
/// `release-keys-only` feature.
#[cfg(not(feature = "release-keys-only"))]
const TEST_ONLY_KEY: &[&[u8]] = &[include_bytes!("../../keys/TEST-ONLY-signing-key.pub.asc")];
#[cfg(feature = "release-keys-only")]
const TEST_ONLY_KEY: &[&[u8]] = &[];

include!(concat!(env!("OUT_DIR"), "/release_keys.rs"));

/// The built-in trusted keys.
pub fn keys() -> Result<TrustedKeys> {
    let blocks: Vec<&[u8]> = RELEASE_KEYS.iter().chain(TEST_ONLY_KEY).copied().collect();
    TrustedKeys::from_armored(&blocks).context("built-in keys")
}
