//! Channel freshness and key rotation, against channels written by `scripts/package`: an
//! expired index, a replayed older index, an index signed by a revoked key and a key list not
//! signed by a trusted key are each refused with one line and nothing changed on disk; a key
//! rotation signed by the current key is accepted and remembered.

mod common;

use std::fs;
use std::path::Path;

use common::channel::{assert_refused, channel, index, installed, state, update, update_with_env};
use common::{text, zip_name, GpgKey, TEST_ONLY_FINGERPRINT};

/// The channel state recorded beside the installation.
fn channel_state(install_dir: &Path) -> serde_json::Value {
    let bytes = fs::read(install_dir.join("v2/.channel-state.json")).expect("channel state");
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn expired_index_is_refused() {
    let ch = channel(&[0, 1]);
    index(ch.path(), &["--", "--expires", "1000"]);
    let t = installed(0);
    let before = state(&t);
    let out = update(&t, ch.path().to_str().unwrap(), &[]);
    assert_refused(&t, &before, &out, "expired at 1970-01-01T00:16:40Z");
    eprintln!("trust: expired index refused");
}

#[test]
fn expiry_is_checked_against_the_clock() {
    let ch = channel(&[0, 1]);
    index(ch.path(), &["--", "--expires", "2000000000"]);
    let t = installed(0);
    let before = state(&t);
    let at = |now: &str| {
        let clock = [("AWS2_INSTALL_TEST_NOW", Path::new(now))];
        update_with_env(&t, ch.path().to_str().unwrap(), &[], &clock)
    };
    let out = at("2000000000");
    assert_refused(&t, &before, &out, "expired at 2033-05-18T03:33:20Z");
    let out = at("1999999999");
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some("2.0.2"));
    eprintln!("trust: expiry follows the clock");
}

#[test]
fn replayed_older_index_is_refused() {
    let ch = channel(&[0, 1]);
    index(ch.path(), &["--", "--serial", "5"]);
    let t = installed(0);
    let out = update(&t, ch.path().to_str().unwrap(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some("2.0.2"));
    assert_eq!(channel_state(&t.install_dir)["index"]["serial"], 5);
    let before = state(&t);
    // An older index, even one offering a newer version, is a replay.
    let old = channel(&[0, 1, 2]);
    index(old.path(), &["--", "--serial", "4"]);
    let out = update(&t, old.path().to_str().unwrap(), &[]);
    assert_refused_at(
        &t,
        &before,
        &out,
        "serial 4 is lower than serial 5",
        "2.0.2",
    );
    // The same serial with other content is refused too.
    index(old.path(), &["--", "--serial", "5"]);
    let out = update(&t, old.path().to_str().unwrap(), &[]);
    assert_refused_at(&t, &before, &out, "its content differs", "2.0.2");
    // A newer serial is accepted.
    index(old.path(), &["--", "--serial", "6"]);
    let out = update(&t, old.path().to_str().unwrap(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some("2.0.3"));
    assert_eq!(channel_state(&t.install_dir)["index"]["serial"], 6);
    eprintln!("trust: replayed and forked indexes refused, newer serial accepted");
}

/// Like `assert_refused`, with `version` current.
fn assert_refused_at(
    t: &common::Target,
    before: &[String],
    out: &std::process::Output,
    expected: &str,
    version: &str,
) {
    assert_eq!(out.status.code(), Some(1), "{}", text(out));
    let err = common::stderr(out);
    assert!(
        err.contains(expected),
        "expected {expected:?}: {}",
        text(out)
    );
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert_eq!(
        state(t),
        before,
        "a refused update changed the installation"
    );
    assert_eq!(t.current().as_deref(), Some(version));
}

#[test]
fn index_signed_by_a_revoked_key_is_refused() {
    let new = GpgKey::generate("rotated");
    let ch = channel(&[0, 1]);
    // The key list (signed by the trusted test key) revokes the test key, which still signs
    // the index.
    index(
        ch.path(),
        &[
            "--",
            "--keys-dir",
            new.public_dir_arg(),
            "--revoke",
            TEST_ONLY_FINGERPRINT,
        ],
    );
    let t = installed(0);
    let before = state(&t);
    let out = update(&t, ch.path().to_str().unwrap(), &[]);
    assert_refused(
        &t,
        &before,
        &out,
        &format!("signed by key {TEST_ONLY_FINGERPRINT}, which has been revoked"),
    );
    eprintln!("trust: index signed by a revoked key refused");
}

#[test]
fn key_list_not_signed_by_a_trusted_key_is_refused() {
    let other = GpgKey::generate("usurper");
    let ch = channel(&[0, 1]);
    index(
        ch.path(),
        &[
            "--signing-key",
            other.secret_arg(),
            "--",
            "--keys-dir",
            other.public_dir_arg(),
        ],
    );
    let t = installed(0);
    let before = state(&t);
    let out = update(&t, ch.path().to_str().unwrap(), &[]);
    assert_refused(&t, &before, &out, "which is not a trusted key");
    assert!(common::stderr(&out).contains("key list"), "{}", text(&out));
    eprintln!("trust: key list signed by an unknown key refused");
}

#[test]
fn rotation_signed_by_the_current_key_is_accepted_and_remembered() {
    let new = GpgKey::generate("rotated");
    let ch = channel(&[0]);
    // 2.0.2, signed by the new key only.
    let built = tempfile::tempdir().unwrap();
    common::package(built.path(), "2.0.2", &["--signing-key", new.secret_arg()]);
    let vdir = ch.path().join("2.0.2");
    fs::create_dir_all(&vdir).unwrap();
    for name in [zip_name(), format!("{}.sig", zip_name())] {
        fs::copy(built.path().join(&name), vdir.join(&name)).unwrap();
    }
    // The old (current) key signs the key list naming the new key and revoking itself; the
    // new key signs the index.
    let old_key = common::repo_root().join("keys/TEST-ONLY-signing-key.secret.asc");
    let replay = channel(&[0, 1]);
    index(
        ch.path(),
        &[
            "--signing-key",
            new.secret_arg(),
            "--",
            "--keys-dir",
            new.public_dir_arg(),
            "--revoke",
            TEST_ONLY_FINGERPRINT,
            "--key-list-signing-key",
            old_key.to_str().unwrap(),
        ],
    );
    let t = installed(0);
    let out = update(&t, ch.path().to_str().unwrap(), &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some("2.0.2"));
    assert!(t.aws2_version().status.success());
    let recorded = channel_state(&t.install_dir);
    assert_eq!(recorded["keys_version"], 2);
    assert_eq!(recorded["revoked"][0], TEST_ONLY_FINGERPRINT);
    // The revocation is remembered: the old channel (key list version 1, all signed by the
    // revoked key) is refused from now on, although the installed program has the key built in.
    let before = state(&t);
    let out = update(&t, replay.path().to_str().unwrap(), &[]);
    assert_refused_at(&t, &before, &out, "which has been revoked", "2.0.2");
    eprintln!("trust: rotation accepted; the revoked key stays revoked");
}
