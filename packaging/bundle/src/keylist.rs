//! The channel's signed key list (`keys.json` and its detached signature `keys.json.sig`): how
//! release keys are rotated and revoked without a new installer.
//!
//! A key list names the keys that sign the channel's index and bundles, and the fingerprints of
//! revoked keys. A client accepts a key list only when a key it already trusts (built in, or
//! from the last key list it accepted, and not revoked) signed it, and only if its `version` is
//! not lower than the last one it accepted. It then trusts its built-in keys plus the listed
//! ones, minus every key ever revoked. To rotate, the current key signs a list holding the new
//! key (and, once clients have it, revoking the old one).

use serde::{Deserialize, Serialize};

use crate::verify::TrustedKeys;
use crate::BundleError;

/// File name of the key list in a channel directory.
pub const KEYS_FILE: &str = "keys.json";
/// File name of its detached, ASCII-armored OpenPGP signature.
pub const KEYS_SIG_FILE: &str = "keys.json.sig";
/// The key list format this crate reads and writes.
pub const KEYS_FORMAT: u32 = 1;

/// The signed list of channel keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyList {
    /// Format number, [`KEYS_FORMAT`].
    pub format: u32,
    /// Grows whenever the keys or the revocations change; clients refuse a lower one.
    pub version: u64,
    /// The trusted public keys, ASCII-armored.
    pub keys: Vec<String>,
    /// Fingerprints (uppercase hex) of revoked keys, sorted.
    pub revoked: Vec<String>,
}

impl KeyList {
    /// Parses and validates key list JSON.
    pub fn from_json(bytes: &[u8]) -> Result<KeyList, BundleError> {
        let list: KeyList = serde_json::from_slice(bytes).map_err(|e| keys_err(&e.to_string()))?;
        list.validate()?;
        Ok(list)
    }

    /// Pretty JSON with a trailing newline (stable for equal input).
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// Checks the format, that every key parses as a public certificate, and the fingerprints.
    pub fn validate(&self) -> Result<(), BundleError> {
        if self.format != KEYS_FORMAT {
            return Err(keys_err(&format!("unsupported format {}", self.format)));
        }
        for fpr in &self.revoked {
            validate_fingerprint(fpr)?;
        }
        self.trusted_keys()?;
        Ok(())
    }

    /// The listed keys (possibly none).
    pub fn trusted_keys(&self) -> Result<TrustedKeys, BundleError> {
        let blocks: Vec<&[u8]> = self.keys.iter().map(|k| k.as_bytes()).collect();
        TrustedKeys::empty()
            .with_armored(&blocks)
            .map_err(|e| keys_err(&e.to_string()))
    }
}

/// Checks that `fpr` is an OpenPGP v4 fingerprint in uppercase hex (40 characters).
pub fn validate_fingerprint(fpr: &str) -> Result<(), BundleError> {
    let ok = fpr.len() == 40
        && fpr
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(&b));
    if ok {
        Ok(())
    } else {
        Err(keys_err(&format!(
            "bad fingerprint {fpr:?} (expected 40 uppercase hex digits)"
        )))
    }
}

fn keys_err(what: &str) -> BundleError {
    BundleError::Manifest(format!("key list: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_key() -> String {
        let keys = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../keys");
        std::fs::read_to_string(keys.join("TEST-ONLY-signing-key.pub.asc")).unwrap()
    }

    #[test]
    fn round_trip_and_validation() {
        let list = KeyList {
            format: KEYS_FORMAT,
            version: 3,
            keys: vec![test_key()],
            revoked: vec!["0".repeat(40)],
        };
        assert_eq!(KeyList::from_json(&list.to_json()).unwrap(), list);
        assert_eq!(
            list.trusted_keys().unwrap().fingerprints(),
            ["87101BDD84FD7895076FDC18A5DBBCCDB86B7563"]
        );
        let mut bad = list.clone();
        bad.revoked = vec!["abc".into()];
        assert!(KeyList::from_json(&bad.to_json()).is_err());
        let mut bad = list.clone();
        bad.keys = vec!["not a key".into()];
        assert!(KeyList::from_json(&bad.to_json()).is_err());
        let mut bad = list;
        bad.format = 2;
        assert!(KeyList::from_json(&bad.to_json()).is_err());
    }
}
