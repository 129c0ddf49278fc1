//! `install --update --channel <URL>` against real channels: signed indexes written by
//! `scripts/package --channel`, served by a loopback HTTP server or read from `file://`.
//! Every refused update must leave the installed version and its links exactly as they were.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command;

use common::channel::{
    assert_refused, channel, index, installed, state, update, update_with_env, zip_path,
};
use common::http::{Fault, FileServer};
use common::{bundles, stderr, stdout, text, zip_name, Target};

#[test]
fn update_over_http_installs_the_newest_version_side_by_side() {
    let ch = channel(&[0, 1]);
    let server = FileServer::start(ch.path().to_path_buf());
    let t = installed(0);
    let out = update(&t, &format!("{}/", server.base), &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        stdout(&out).contains("Downloading AWS CLI 2.0.2"),
        "{}",
        text(&out)
    );
    assert_eq!(t.current().as_deref(), Some("2.0.2"));
    assert_eq!(t.previous().as_deref(), Some("2.0.1"));
    assert_eq!(t.versions(), ["2.0.1", "2.0.2"]);
    let vdir = t.v2().join("2.0.2");
    for file in [
        "dist/aws",
        "dist/aws_completer",
        "dist/install",
        "manifest.json",
        "manifest.json.sig",
    ] {
        assert!(vdir.join(file).is_file(), "missing {file}");
    }
    assert_eq!(
        fs::read_link(vdir.join("bin/aws")).unwrap(),
        Path::new("../dist/aws")
    );
    assert_eq!(
        fs::read_link(t.bin_dir.join("aws2")).unwrap(),
        t.v2().join("current/bin/aws")
    );
    assert_eq!(
        fs::metadata(vdir.join("dist/aws"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o755
    );
    assert!(t.aws2_version().status.success());
    let zip = format!("/2.0.2/{}", zip_name());
    let requests = server.requests();
    for path in [
        "/channel.json",
        "/channel.json.sig",
        &zip,
        &format!("{zip}.sig"),
    ] {
        assert!(
            requests.iter().any(|r| r == path),
            "{path} not requested: {requests:?}"
        );
    }
    // Again: nothing newer, nothing downloaded, nothing changed but the channel URL recorded
    // for `aws update` (given in another form here).
    let without_info = |s: Vec<String>| -> Vec<String> {
        s.into_iter()
            .filter(|l| !l.starts_with("v2/.install.json"))
            .collect()
    };
    let before = without_info(state(&t));
    let again = update(&t, &format!("{}/channel.json", server.base), &[]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(
        stdout(&again).contains("2.0.2 is up to date"),
        "{}",
        text(&again)
    );
    assert_eq!(without_info(state(&t)), before);
    eprintln!("channel: http update 2.0.1 -> 2.0.2 and up-to-date rerun passed");
}

#[test]
fn update_from_a_file_url_and_a_plain_directory() {
    let ch = channel(&[0, 1, 2]);
    let t = installed(0);
    let url = format!("file://{}", ch.path().display());
    let out = update(&t, &url, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some("2.0.3"));
    let t = installed(0);
    let out = update(&t, ch.path().to_str().unwrap(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some("2.0.3"));
    eprintln!("channel: file:// and directory updates passed");
}

#[test]
fn tampered_bundle_is_refused() {
    let ch = channel(&[0, 1]);
    let zip = zip_path(ch.path(), "2.0.2");
    let mut bytes = fs::read(&zip).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    fs::write(&zip, bytes).unwrap();
    let server = FileServer::start(ch.path().to_path_buf());
    let t = installed(0);
    let before = state(&t);
    let out = update(&t, &server.base, &[]);
    assert_refused(
        &t,
        &before,
        &out,
        "does not match the signed channel manifest",
    );
    eprintln!("channel: tampered bundle refused");
}

#[test]
fn bundle_with_a_wrong_signature_is_refused() {
    let ch = channel(&[0, 1]);
    // 2.0.1's signature served as 2.0.2's: a good signature, of other data.
    let sig = |v: &str| ch.path().join(v).join(format!("{}.sig", zip_name()));
    fs::copy(sig("2.0.1"), sig("2.0.2")).unwrap();
    let server = FileServer::start(ch.path().to_path_buf());
    let t = installed(0);
    let before = state(&t);
    let out = update(&t, &server.base, &[]);
    assert_refused(&t, &before, &out, "does not match the data");
    eprintln!("channel: bundle with another bundle's signature refused");
}

#[test]
fn tampered_channel_manifest_is_refused() {
    let ch = channel(&[0, 1]);
    let manifest = ch.path().join("channel.json");
    let text = fs::read_to_string(&manifest).unwrap();
    fs::write(&manifest, text.replacen("2.0.2", "2.0.9", 1)).unwrap();
    let server = FileServer::start(ch.path().to_path_buf());
    let t = installed(0);
    let before = state(&t);
    let out = update(&t, &server.base, &[]);
    assert_refused(&t, &before, &out, "channel manifest");
    assert!(stderr(&out).contains("refused"), "{}", common::text(&out));
    let zips: Vec<String> = server
        .requests()
        .into_iter()
        .filter(|r| r.ends_with(".zip"))
        .collect();
    assert!(
        zips.is_empty(),
        "downloaded a bundle from a refused channel: {zips:?}"
    );
    eprintln!("channel: tampered manifest refused before any download");
}

#[test]
fn channel_signed_by_an_unknown_key_is_refused() {
    let home = tempfile::tempdir().unwrap();
    fs::set_permissions(home.path(), fs::Permissions::from_mode(0o700)).unwrap();
    let gpg = |args: &[&str]| {
        Command::new("gpg")
            .env("GNUPGHOME", home.path())
            .args([
                "--batch",
                "--no-tty",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                "",
            ])
            .args(args)
            .output()
            .expect("run gpg (Debian package gnupg)")
    };
    let made = gpg(&[
        "--quick-gen-key",
        "Unknown <unknown@example.invalid>",
        "ed25519",
        "sign",
        "never",
    ]);
    assert!(made.status.success(), "{}", text(&made));
    let exported = gpg(&["--armor", "--export-secret-keys"]);
    let key = home.path().join("unknown.asc");
    fs::write(&key, &exported.stdout).unwrap();
    let ch = channel(&[0, 1]);
    index(ch.path(), &["--signing-key", key.to_str().unwrap()]);
    let server = FileServer::start(ch.path().to_path_buf());
    let t = installed(0);
    let before = state(&t);
    let out = update(&t, &server.base, &[]);
    assert_refused(&t, &before, &out, "not a trusted key");
    eprintln!("channel: manifest signed by an unknown key refused");
}

#[test]
fn truncated_download_is_refused() {
    let ch = channel(&[0, 1]);
    let server = FileServer::start(ch.path().to_path_buf());
    server.fault(&format!("/2.0.2/{}", zip_name()), Fault::Truncate);
    let t = installed(0);
    let before = state(&t);
    let out = update(&t, &server.base, &[]);
    assert_refused(&t, &before, &out, "cannot download");
    eprintln!(
        "channel: truncated download refused: {}",
        stderr(&out).trim()
    );
}

#[test]
fn dropped_connections_are_refused() {
    let ch = channel(&[0, 1]);
    let t = installed(0);
    let before = state(&t);
    for path in ["/channel.json".to_owned(), format!("/2.0.2/{}", zip_name())] {
        let server = FileServer::start(ch.path().to_path_buf());
        server.fault(&path, Fault::Drop);
        let out = update(&t, &server.base, &[]);
        assert_refused(&t, &before, &out, "cannot download");
        eprintln!(
            "channel: connection dropped on {path} refused: {}",
            stderr(&out).trim()
        );
    }
}

#[test]
fn downgrade_needs_allow_downgrade() {
    let ch = channel(&[0, 1]);
    let server = FileServer::start(ch.path().to_path_buf());
    let t = installed(2);
    let before = state(&t);
    let out = update(&t, &server.base, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("refusing to downgrade"),
        "{}",
        text(&out)
    );
    assert!(stderr(&out).contains("--allow-downgrade"), "{}", text(&out));
    assert_eq!(state(&t), before);
    assert_eq!(t.current().as_deref(), Some("2.0.3"));
    let out = update(&t, &server.base, &["--allow-downgrade"]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some("2.0.2"));
    assert_eq!(t.previous().as_deref(), Some("2.0.3"));
    eprintln!("channel: downgrade refused, then allowed with --allow-downgrade");
}

#[test]
fn package_channel_adds_a_version_and_signs_the_index() {
    let ch = channel(&[0]);
    common::package(
        ch.path(),
        "2.0.4",
        &["--channel", ch.path().to_str().unwrap()],
    );
    let json: serde_json::Value =
        serde_json::from_slice(&fs::read(ch.path().join("channel.json")).unwrap()).unwrap();
    let versions: Vec<&str> = json["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["version"].as_str().unwrap())
        .collect();
    assert_eq!(versions, ["2.0.4", "2.0.1"]);
    let entry = &json["versions"][0]["bundles"][0];
    let zip = zip_path(ch.path(), "2.0.4");
    let (sha, size) = aws2_bundle::digest::sha256_file(&zip).unwrap();
    assert_eq!(entry["sha256"], sha.as_str());
    assert_eq!(entry["size"], size);
    assert_eq!(entry["url"], format!("2.0.4/{}", zip_name()).as_str());
    assert_eq!(
        entry["signature_url"],
        format!("2.0.4/{}.sig", zip_name()).as_str()
    );
    let t = installed(0);
    let out = update(&t, ch.path().to_str().unwrap(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some("2.0.4"));
    eprintln!("channel: scripts/package --channel added 2.0.4 and the update installed it");
}

#[test]
fn fresh_install_from_a_channel_and_update_flag_required_after() {
    let ch = channel(&[0, 1]);
    let server = FileServer::start(ch.path().to_path_buf());
    let t = Target::new();
    let out = t.run(&bundles()[0], &["--channel", &server.base]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some("2.0.2"));
    assert_eq!(t.previous(), None);
    assert!(t.aws2_version().status.success());
    let before = state(&t);
    let out = t.run(&bundles()[0], &["--channel", &server.base]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stderr(&out).contains("--update"), "{}", text(&out));
    assert_eq!(state(&t), before);
    eprintln!("channel: fresh install from a channel; rerun without --update refused");
}

#[test]
fn update_over_https_needs_a_trusted_certificate() {
    let (ca_pem, tls) = common::http::test_ca();
    let ca = tempfile::tempdir().unwrap();
    let ca_file = ca.path().join("ca.pem");
    fs::write(&ca_file, ca_pem).unwrap();
    let ch = channel(&[0, 1]);
    let server = FileServer::start_tls(ch.path().to_path_buf(), tls);
    let t = installed(0);
    let before = state(&t);
    // The system's authorities do not know the test CA.
    let empty = ca.path().join("none.pem");
    fs::write(&empty, "").unwrap();
    let out = update_with_env(&t, &server.base, &[], &[("SSL_CERT_FILE", empty.as_path())]);
    assert_refused(&t, &before, &out, "certificate");
    eprintln!("channel: untrusted certificate: {}", stderr(&out).trim());
    let out = update_with_env(
        &t,
        &server.base,
        &[],
        &[("SSL_CERT_FILE", ca_file.as_path())],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some("2.0.2"));
    eprintln!("channel: https update with a trusted CA passed; untrusted certificate refused");
}
