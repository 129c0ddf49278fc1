//! Hostile inputs for the parsers the installer runs on untrusted bytes: the channel index,
//! the key list, the bundle manifest, detached signatures and zip bundles. Each property runs
//! a fixed number of cases from a fixed seed (reproducible, no timing) and asserts no panic and
//! a one-line error (the installer prints it as its one error line and exits with 1).

use std::io::Write;

use aws2_bundle::channel::{check_freshness, ChannelManifest, SeenIndex, Staleness};
use aws2_bundle::{BundleError, KeyList, Manifest, TrustedKeys};
use aws2_e2e::hostile::{self, check, mutated, CASES};
use proptest::prelude::*;

/// An error must be one non-empty line.
fn one_line(e: &BundleError) -> Result<(), TestCaseError> {
    hostile::one_line(&e.to_string())
}

fn valid_index() -> Vec<u8> {
    br#"{"format": 2, "serial": 3, "expires": 2000000000, "versions": [{"version": "2.0.2",
"bundles": [{"platform": "linux-x86_64", "url": "2.0.2/awscli-exe-linux-x86_64.zip", "size": 10,
"sha256": "0000000000000000000000000000000000000000000000000000000000000000",
"signature_url": "2.0.2/awscli-exe-linux-x86_64.zip.sig"}]}]}"#
        .to_vec()
}

fn test_key() -> String {
    let keys = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../keys");
    std::fs::read_to_string(keys.join("TEST-ONLY-signing-key.pub.asc")).unwrap()
}

#[test]
fn channel_index_parser() {
    assert!(ChannelManifest::from_json(&valid_index()).is_ok());
    check(
        "channel index, random bytes",
        CASES,
        proptest::collection::vec(any::<u8>(), 0..512),
        |b| {
            match ChannelManifest::from_json(&b) {
                Ok(m) => prop_assert!(m.validate().is_ok()),
                Err(e) => one_line(&e)?,
            }
            Ok(())
        },
    );
    check(
        "channel index, mutated",
        CASES,
        mutated(valid_index()),
        |b| {
            match ChannelManifest::from_json(&b) {
                Ok(m) => {
                    prop_assert!(m.validate().is_ok());
                    for v in &m.versions {
                        prop_assert!(!v.version.contains('/') && !v.version.starts_with('.'));
                    }
                }
                Err(e) => one_line(&e)?,
            }
            Ok(())
        },
    );
}

#[test]
fn freshness_rules() {
    let strategy = (
        any::<u64>(),
        any::<u64>(),
        any::<u64>(),
        proptest::option::of(any::<u64>()),
        any::<bool>(),
    );
    check(
        "index freshness",
        CASES,
        strategy,
        |(serial, expires, now, seen, same)| {
            let m = ChannelManifest::new(vec![], serial, expires).unwrap();
            let sha = "a".repeat(64);
            let seen = seen.map(|s| SeenIndex {
                serial: s,
                sha256: if same { sha.clone() } else { "b".repeat(64) },
            });
            let result = check_freshness(&m, &sha, seen.as_ref(), now);
            let expected_ok = now < expires
                && seen
                    .as_ref()
                    .is_none_or(|s| serial > s.serial || (serial == s.serial && same));
            prop_assert_eq!(result.is_ok(), expected_ok, "{:?}", result);
            if let Err(e) = result {
                prop_assert!(!e.to_string().contains('\n'));
                if now >= expires {
                    let expired = matches!(e, Staleness::Expired { .. });
                    prop_assert!(expired, "not reported as expired: {}", e);
                }
            }
            Ok(())
        },
    );
}

#[test]
fn key_list_parser() {
    let valid = KeyList {
        format: 1,
        version: 2,
        keys: vec![test_key()],
        revoked: vec!["A".repeat(40)],
    }
    .to_json();
    assert!(KeyList::from_json(&valid).is_ok());
    check("key list, mutated", CASES, mutated(valid), |b| {
        if let Err(e) = KeyList::from_json(&b) {
            one_line(&e)?;
        }
        Ok(())
    });
}

#[test]
fn bundle_manifest_parser() {
    let valid = br#"{"format": 1, "version": "2.0.1", "platform": "linux-x86_64", "files": [
{"path": "dist/aws", "sha256": "0000000000000000000000000000000000000000000000000000000000000000", "size": 1, "executable": true}]}"#.to_vec();
    assert!(Manifest::from_json(&valid).is_ok());
    check("bundle manifest, mutated", CASES, mutated(valid), |b| {
        match Manifest::from_json(&b) {
            Ok(m) => {
                for f in &m.files {
                    prop_assert!(aws2_bundle::manifest::validate_relative_path(&f.path).is_ok());
                }
            }
            Err(e) => one_line(&e)?,
        }
        Ok(())
    });
}

#[test]
fn detached_signature_parser() {
    let keys = TrustedKeys::from_armored(&[test_key().as_bytes()]).unwrap();
    check(
        "detached signature, random bytes",
        CASES,
        proptest::collection::vec(any::<u8>(), 0..256),
        |sig| {
            let result = keys.verify_bytes(b"data", &sig);
            prop_assert!(result.is_err());
            one_line(&result.unwrap_err())
        },
    );
}

/// A small valid zip: `aws/dist/aws` and `aws/README.md`.
fn valid_zip() -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    w.start_file("aws/dist/aws", options.unix_permissions(0o755))
        .unwrap();
    w.write_all(b"#!/bin/sh\necho aws\n").unwrap();
    w.start_file("aws/README.md", options).unwrap();
    w.write_all(b"readme readme readme readme\n").unwrap();
    w.finish().unwrap().into_inner()
}

#[test]
fn zip_bundle_extraction() {
    let dir = tempfile::tempdir().unwrap();
    let run = |bytes: Vec<u8>| -> Result<(), TestCaseError> {
        let case = tempfile::tempdir_in(dir.path()).unwrap();
        let zip = case.path().join("b.zip");
        std::fs::write(&zip, &bytes).unwrap();
        let dest = case.path().join("out");
        match aws2_bundle::unzip::extract(&zip, &dest) {
            Ok(files) => {
                for f in files {
                    prop_assert!(
                        aws2_bundle::manifest::validate_relative_path(&f).is_ok(),
                        "{f}"
                    );
                }
            }
            Err(e) => one_line(&e)?,
        }
        // Nothing is ever written outside the destination.
        let names: Vec<_> = std::fs::read_dir(case.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .collect();
        prop_assert!(
            names.iter().all(|n| n == "b.zip" || n == "out"),
            "{:?}",
            names
        );
        Ok(())
    };
    run(valid_zip()).unwrap();
    check("zip bundle, mutated", CASES, mutated(valid_zip()), run);
    check(
        "zip bundle, random bytes",
        CASES,
        proptest::collection::vec(any::<u8>(), 0..512),
        run,
    );
}
