//! The public keys whose signatures the installer accepts, compiled in from `keys/`.

use anyhow::{Context, Result};
use aws2_bundle::TrustedKeys;

/// The test-only key's public half. Bundles signed with the test-only secret key (the default
/// of `scripts/package`) verify against it; release builds drop it with the
/// `release-keys-only` feature.
#[cfg(not(feature = "release-keys-only"))]
const TEST_ONLY_KEY: &[&[u8]] = &[include_bytes!("../../keys/TEST-ONLY-signing-key.pub.asc")];
#[cfg(feature = "release-keys-only")]
const TEST_ONLY_KEY: &[&[u8]] = &[];

/// Release public keys. Add each `keys/aws2-release-*.pub.asc` here when one is made.
const RELEASE_KEYS: &[&[u8]] = &[];

/// The trusted keys.
pub fn keys() -> Result<TrustedKeys> {
    let blocks: Vec<&[u8]> = RELEASE_KEYS.iter().chain(TEST_ONLY_KEY).copied().collect();
    TrustedKeys::from_armored(&blocks).context("built-in keys")
}
