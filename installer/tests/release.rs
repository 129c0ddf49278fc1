//! `scripts/release` with a throwaway release key made by gpg for the test: the release-built
//! `install` (profile release-test: the release profile without LTO, the same features) installs
//! the release bundle, refuses a bundle signed with the TEST-ONLY key, an unsigned one and a
//! re-signed one, and holds no test hook. Also: `release-keys-only` does not compile without a
//! release key, and no secret key material is committed but the TEST-ONLY key.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{bundles, copy_tree, repo_root, stderr, target_dir, text, zip_name, GpgKey, Target};

/// Runs `scripts/release` with the test's target directory.
fn release(args: &[&str]) -> Output {
    Command::new(repo_root().join("scripts/release"))
        .env("CARGO_TARGET_DIR", target_dir())
        .env_remove("AWS2_RELEASE_SIGNING_KEY")
        .env_remove("AWS2_RELEASE_SIGNING_KEY_FILE")
        .args(args)
        .output()
        .expect("run scripts/release")
}

/// The directory of the `aws` and `aws_completer` the fixture built.
fn cli_binaries() -> PathBuf {
    let _ = bundles();
    std::env::var_os("AWS2_TEST_CLI_BINARIES")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug"))
}

/// Runs an `install` program with the target's directories.
fn install(program: &Path, t: &Target, args: &[&str]) -> Output {
    Command::new(program)
        .arg("-i")
        .arg(&t.install_dir)
        .arg("-b")
        .arg(&t.bin_dir)
        .args(args)
        .output()
        .expect("run install")
}

/// Asserts a refused install: exit 1, one line containing `expected`, nothing installed.
fn assert_refused(t: &Target, out: &Output, expected: &str) {
    assert_eq!(out.status.code(), Some(1), "{}", text(out));
    let err = stderr(out);
    assert!(
        err.contains(expected),
        "expected {expected:?}: {}",
        text(out)
    );
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(
        !t.install_dir.exists(),
        "a refused bundle installed something"
    );
}

#[test]
fn scripts_release_makes_a_channel_only_the_release_key_opens() {
    let key = GpgKey::generate("release");
    let other = GpgKey::generate("resigner");
    let work = tempfile::tempdir().unwrap();
    let channel = work.path().join("channel");
    let bins = cli_binaries();
    let out = release(&[
        "--channel",
        channel.to_str().unwrap(),
        "--signing-key",
        key.secret_arg(),
        "--keys-dir",
        key.public_dir_arg(),
        "--binaries",
        bins.to_str().unwrap(),
        "--profile",
        "release-test",
        "--version",
        "2.0.7",
    ]);
    assert!(
        out.status.success(),
        "scripts/release failed: {}",
        text(&out)
    );
    let zip = channel.join("2.0.7").join(zip_name());
    for file in [
        "channel.json",
        "channel.json.sig",
        "keys.json",
        "keys.json.sig",
    ] {
        assert!(channel.join(file).is_file(), "no {file}");
    }
    assert!(zip.is_file() && zip.with_extension("zip.sig").is_file());
    let keys: serde_json::Value =
        serde_json::from_slice(&fs::read(channel.join("keys.json")).unwrap()).unwrap();
    assert_eq!(keys["keys"].as_array().unwrap().len(), 1);

    // The release installer holds no test hook.
    let release_install = target_dir().join("release-test/install");
    let bytes = fs::read(&release_install).unwrap();
    for name in ["AWS2_INSTALL_TEST_KILL_AFTER_STEP", "AWS2_INSTALL_TEST_NOW"] {
        assert!(
            !bytes.windows(name.len()).any(|w| w == name.as_bytes()),
            "the release-built install contains {name}"
        );
    }

    // It installs the release bundle.
    let x = work.path().join("x");
    aws2_bundle::unzip::extract(&zip, &x).unwrap();
    let t = Target::new();
    let out = install(&x.join("aws/install"), &t, &[]);
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some("2.0.7"));
    assert!(t.aws2_version().status.success());
    let verified = Command::new(&release_install)
        .arg("--verify-zip")
        .arg(&zip)
        .arg(zip.with_extension("zip.sig"))
        .output()
        .unwrap();
    assert!(verified.status.success(), "{}", text(&verified));
    assert!(
        common::stdout(&verified).contains(&key.fingerprint),
        "{}",
        text(&verified)
    );

    // It refuses a bundle signed with the TEST-ONLY key.
    let test_only = work.path().join("test-only/aws");
    copy_tree(&bundles()[0].dir, &test_only);
    fs::copy(&release_install, test_only.join("install")).unwrap();
    let t = Target::new();
    let out = install(&test_only.join("install"), &t, &[]);
    assert_refused(&t, &out, "which is not a trusted key");
    let out = Command::new(&release_install)
        .arg("--verify-zip")
        .arg(&bundles()[0].zip)
        .arg(&bundles()[0].sig)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stderr(&out).contains("not a trusted key"), "{}", text(&out));

    // An unsigned bundle.
    let unsigned = work.path().join("unsigned/aws");
    copy_tree(&x.join("aws"), &unsigned);
    fs::remove_file(unsigned.join("manifest.json.sig")).unwrap();
    let t = Target::new();
    let out = install(&unsigned.join("install"), &t, &[]);
    assert_refused(&t, &out, "manifest.json.sig");

    // A bundle re-signed (with gpg) by a key that is not a release key.
    let resigned = work.path().join("resigned/aws");
    copy_tree(&x.join("aws"), &resigned);
    let sig = resigned.join("manifest.json.sig");
    fs::remove_file(&sig).unwrap();
    let signed = other.gpg(&[
        "--armor",
        "--detach-sign",
        "--output",
        sig.to_str().unwrap(),
        resigned.join("manifest.json").to_str().unwrap(),
    ]);
    assert!(signed.status.success(), "{}", text(&signed));
    let t = Target::new();
    let out = install(&resigned.join("install"), &t, &[]);
    assert_refused(
        &t,
        &out,
        &format!("{}, which is not a trusted key", &other.fingerprint[24..]),
    );

    // The release installer updates from the released channel (the key list and index are
    // signed by the release key).
    let t = Target::new();
    assert!(install(&x.join("aws/install"), &t, &[]).status.success());
    let out = install(
        &t.v2().join("current/dist/install"),
        &t,
        &[
            "--update",
            "--channel",
            channel.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        common::stdout(&out).contains("2.0.7 is up to date"),
        "{}",
        text(&out)
    );
    eprintln!("release: scripts/release channel verified by the release-built installer");
}

#[test]
fn scripts_release_refuses_the_test_only_key_and_a_key_in_the_repository() {
    let work = tempfile::tempdir().unwrap();
    let channel = work.path().join("channel");
    let in_repo = repo_root().join("keys/TEST-ONLY-signing-key.secret.asc");
    let out = release(&[
        "--channel",
        channel.to_str().unwrap(),
        "--signing-key",
        in_repo.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("inside the repository"),
        "{}",
        text(&out)
    );
    let copy = work.path().join("copy.asc");
    fs::copy(&in_repo, &copy).unwrap();
    let keys = GpgKey::generate("release");
    let out = Command::new(repo_root().join("scripts/release"))
        .env("CARGO_TARGET_DIR", target_dir())
        .env(
            "AWS2_RELEASE_SIGNING_KEY",
            fs::read_to_string(&copy).unwrap(),
        )
        .args(["--channel", channel.to_str().unwrap()])
        .args(["--keys-dir", keys.public_dir_arg(), "--profile", "dev"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("is the TEST-ONLY key"),
        "{}",
        text(&out)
    );
    assert!(!channel.join("channel.json").exists());
}

#[test]
fn release_keys_only_does_not_compile_without_a_release_key() {
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(repo_root())
        .env("CARGO_TARGET_DIR", target_dir())
        .env("AWS2_RELEASE_KEYS_DIR", empty.path())
        .args(["build", "--quiet", "-p", "aws2-installer"])
        .args(["--features", "release-keys-only"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "built without a release key");
    assert!(
        stderr(&out)
            .contains("the release-keys-only feature needs at least one release public key"),
        "{}",
        text(&out)
    );
}

#[test]
fn no_secret_key_material_is_committed_but_the_test_only_key() {
    let marker = concat!("-----BEGIN PGP PRIVATE", " KEY BLOCK-----");
    let out = Command::new("git")
        .current_dir(repo_root())
        .args(["grep", "-l", "-I", "-e", marker])
        .output()
        .expect("run git");
    let files = common::stdout(&out);
    let files: Vec<&str> = files.lines().collect();
    assert_eq!(
        files,
        ["keys/TEST-ONLY-signing-key.secret.asc"],
        "{}",
        text(&out)
    );
}
