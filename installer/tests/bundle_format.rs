//! The bundle itself: contents, reproducibility, and refusal of crafted zips.

mod common;

use std::fs;
use std::io::Write;

use common::bundles;

#[test]
fn zip_holds_the_documented_files_and_a_complete_manifest() {
    let b = &bundles()[0];
    for file in [
        "install",
        "dist/aws",
        "dist/aws_completer",
        "README.md",
        "THIRD_PARTY_LICENSES",
        "manifest.json",
        "manifest.json.sig",
    ] {
        assert!(b.dir.join(file).is_file(), "bundle lacks aws/{file}");
    }
    let manifest =
        aws2_bundle::Manifest::from_json(&fs::read(b.dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest.version, b.version);
    let listed: Vec<&str> = manifest.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        listed,
        [
            "README.md",
            "THIRD_PARTY_LICENSES",
            "dist/aws",
            "dist/aws_completer",
            "install"
        ]
    );
    for entry in &manifest.files {
        aws2_bundle::Manifest::check_file(&b.dir, entry).unwrap();
    }
    let licenses = fs::read_to_string(b.dir.join("THIRD_PARTY_LICENSES")).unwrap();
    assert!(
        licenses.contains("sequoia-openpgp "),
        "installer dependency missing"
    );
    assert!(licenses.contains("License: "), "no license expressions");
}

#[test]
fn same_inputs_give_a_byte_identical_zip() {
    let b = &bundles()[0];
    let tmp = tempfile::tempdir().unwrap();
    common::package(tmp.path(), b.version, &[]);
    let again = tmp.path().join(common::zip_name());
    assert!(
        fs::read(&again).unwrap() == fs::read(&b.zip).unwrap(),
        "zip differs"
    );
    let sig = fs::read(format!("{}.sig", again.display())).unwrap();
    assert_eq!(sig, fs::read(&b.sig).unwrap(), "signature differs");
}

#[test]
fn crafted_zips_with_escaping_entries_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    for bad in [
        "../escaped",
        "aws/../../escaped",
        "/tmp/aws2-absolute-escape",
    ] {
        let zip_path = tmp.path().join("crafted.zip");
        let mut w = zip::ZipWriter::new(fs::File::create(&zip_path).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        w.start_file("aws/install", opts).unwrap();
        w.write_all(b"#!/bin/sh\n").unwrap();
        w.start_file(bad, opts).unwrap();
        w.write_all(b"evil").unwrap();
        w.finish().unwrap();
        let dest = tmp.path().join("out");
        let err = aws2_bundle::unzip::extract(&zip_path, &dest).unwrap_err();
        assert!(
            err.to_string().contains("outside the destination"),
            "{bad}: {err}"
        );
        assert!(!tmp.path().join("escaped").exists());
        assert!(!std::path::Path::new("/tmp/aws2-absolute-escape").exists());
        assert!(
            !dest.join("aws/install").exists(),
            "{bad}: extracted before refusing"
        );
    }
}
