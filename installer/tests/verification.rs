//! What the installer refuses: tampered payloads and manifests, bundles signed by unknown keys,
//! unwritable directories; and `--verify-zip` with signatures from us and from gpg.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{bundles, copy_tree, stderr, stdout, text, Target};

/// A private copy of bundle `index`'s `aws/` directory that a test may modify.
fn bundle_copy(index: usize) -> (tempfile::TempDir, common::Bundle) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("aws");
    copy_tree(&bundles()[index].dir, &dir);
    for exe in ["install", "dist/aws", "dist/aws_completer"] {
        fs::set_permissions(dir.join(exe), fs::Permissions::from_mode(0o755)).unwrap();
    }
    let b = &bundles()[index];
    let copy = common::Bundle {
        version: b.version,
        zip: b.zip.clone(),
        sig: b.sig.clone(),
        dir,
    };
    (tmp, copy)
}

/// A throwaway GnuPG home.
fn gnupg_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    fs::set_permissions(home.path(), fs::Permissions::from_mode(0o700)).unwrap();
    home
}

fn gpg(home: &Path, args: &[&str]) -> std::process::Output {
    Command::new("gpg")
        .env("GNUPGHOME", home)
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
}

fn keys_dir() -> PathBuf {
    common::repo_root().join("keys")
}

#[test]
fn tampered_payload_is_refused_and_nothing_installed() {
    let (_tmp, b) = bundle_copy(0);
    let mut bytes = fs::read(b.dir.join("dist/aws")).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    fs::write(b.dir.join("dist/aws"), bytes).unwrap();
    let t = Target::new();
    let out = t.run(&b, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert!(
        err.contains("dist/aws") && err.contains("does not match the signed manifest"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "not one line: {err}");
    assert!(!t.install_dir.exists(), "something was installed");
    assert!(!t.bin_dir.exists(), "something was installed");
}

#[test]
fn tampered_manifest_is_refused() {
    let (_tmp, b) = bundle_copy(0);
    let manifest = fs::read_to_string(b.dir.join("manifest.json")).unwrap();
    fs::write(
        b.dir.join("manifest.json"),
        manifest.replace(b.version, "9.9.9"),
    )
    .unwrap();
    let t = Target::new();
    let out = t.run(&b, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("signature verification failed"),
        "{}",
        text(&out)
    );
    assert!(!t.install_dir.exists());
}

#[test]
fn update_with_tampered_bundle_leaves_the_installed_version() {
    let t = Target::new();
    t.run_ok(&bundles()[0], &[]);
    let before = common::snapshot(t.tmp.path());
    let (_tmp, b) = bundle_copy(1);
    fs::write(b.dir.join("THIRD_PARTY_LICENSES"), b"changed").unwrap();
    let out = t.run(&b, &["-u"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert_eq!(common::snapshot(t.tmp.path()), before);
    assert!(t.aws2_version().status.success());
}

#[test]
fn bundle_signed_by_an_unknown_key_is_refused() {
    let home = gnupg_home();
    let made = gpg(
        home.path(),
        &[
            "--quick-gen-key",
            "Unknown Signer <unknown@example.invalid>",
            "ed25519",
            "sign",
            "never",
        ],
    );
    assert!(made.status.success(), "{}", text(&made));
    let exported = gpg(home.path(), &["--armor", "--export-secret-keys"]);
    assert!(exported.status.success(), "{}", text(&exported));
    let key = home.path().join("unknown.secret.asc");
    fs::write(&key, &exported.stdout).unwrap();
    let out_dir = tempfile::tempdir().unwrap();
    common::package(
        out_dir.path(),
        "2.0.9",
        &["--signing-key", key.to_str().unwrap()],
    );
    let zip = out_dir.path().join(common::zip_name());
    let x = out_dir.path().join("x");
    aws2_bundle::unzip::extract(&zip, &x).unwrap();
    let b = common::Bundle {
        version: "2.0.9",
        sig: PathBuf::from(format!("{}.sig", zip.display())),
        zip,
        dir: x.join("aws"),
    };
    let t = Target::new();
    let out = t.run(&b, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stderr(&out).contains("not a trusted key"), "{}", text(&out));
    assert!(!t.install_dir.exists());
    let out = Command::new(bundles()[0].install())
        .arg("--verify-zip")
        .arg(&b.zip)
        .arg(&b.sig)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stderr(&out).contains("not a trusted key"), "{}", text(&out));
}

#[test]
fn unwritable_install_dir_gives_one_clear_line() {
    let (tmp, b) = bundle_copy(0);
    fs::set_permissions(tmp.path(), fs::Permissions::from_mode(0o755)).unwrap();
    let parent = tmp.path().join("readonly");
    fs::create_dir(&parent).unwrap();
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).unwrap();
    let install_dir = parent.join("aws-cli");
    let bin_dir = parent.join("bin");
    // Root may write anywhere: run the installer as nobody then.
    let mut cmd = if rustix::process::geteuid().is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(b.install());
        c
    } else {
        Command::new(b.install())
    };
    let out = cmd
        .arg("-i")
        .arg(&install_dir)
        .arg("-b")
        .arg(&bin_dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let err = stderr(&out);
    assert_eq!(err.trim().lines().count(), 1, "not one line: {err}");
    assert!(err.contains(&install_dir.display().to_string()), "{err}");
    assert!(err.contains("sudo") && err.contains("-i"), "{err}");
    assert!(!install_dir.exists());
}

#[test]
fn verify_zip_accepts_our_signature_and_rejects_a_modified_zip() {
    let b = &bundles()[0];
    let out = Command::new(b.install())
        .arg("--verify-zip")
        .arg(&b.zip)
        .arg(&b.sig)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert!(stdout(&out).contains("Good signature"), "{}", text(&out));
    let tmp = tempfile::tempdir().unwrap();
    let modified = tmp.path().join("modified.zip");
    let mut bytes = fs::read(&b.zip).unwrap();
    bytes.push(0);
    fs::write(&modified, bytes).unwrap();
    let out = Command::new(b.install())
        .arg("--verify-zip")
        .arg(&modified)
        .arg(&b.sig)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(stderr(&out).contains("does not match"), "{}", text(&out));
}

#[test]
fn gpg_verifies_our_zip_signature_with_the_public_key_from_keys() {
    let home = gnupg_home();
    let imported = gpg(
        home.path(),
        &[
            "--import",
            keys_dir()
                .join("TEST-ONLY-signing-key.pub.asc")
                .to_str()
                .unwrap(),
        ],
    );
    assert!(imported.status.success(), "{}", text(&imported));
    let b = &bundles()[0];
    let out = gpg(
        home.path(),
        &["--verify", b.sig.to_str().unwrap(), b.zip.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", text(&out));
    assert!(stderr(&out).contains("Good signature"), "{}", text(&out));
}

#[test]
fn our_verifier_accepts_a_gpg_detached_signature() {
    let home = gnupg_home();
    let imported = gpg(
        home.path(),
        &[
            "--import",
            keys_dir()
                .join("TEST-ONLY-signing-key.secret.asc")
                .to_str()
                .unwrap(),
        ],
    );
    assert!(imported.status.success(), "{}", text(&imported));
    let tmp = tempfile::tempdir().unwrap();
    let zip = tmp.path().join("awscliv2.zip");
    fs::copy(&bundles()[0].zip, &zip).unwrap();
    let sig = tmp.path().join("awscliv2.sig");
    let signed = gpg(
        home.path(),
        &[
            "--armor",
            "--output",
            sig.to_str().unwrap(),
            "--detach-sign",
            zip.to_str().unwrap(),
        ],
    );
    assert!(signed.status.success(), "{}", text(&signed));
    let install = bundles()[0].install();
    let out = Command::new(&install)
        .arg("--verify-zip")
        .arg(&zip)
        .arg(&sig)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    // A binary (non-armored) gpg signature too.
    let bin_sig = tmp.path().join("awscliv2.bin.sig");
    let signed = gpg(
        home.path(),
        &[
            "--output",
            bin_sig.to_str().unwrap(),
            "--detach-sign",
            zip.to_str().unwrap(),
        ],
    );
    assert!(signed.status.success(), "{}", text(&signed));
    let out = Command::new(&install)
        .arg("--verify-zip")
        .arg(&zip)
        .arg(&bin_sig)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    // The same signature over a modified zip is rejected.
    let mut bytes = fs::read(&zip).unwrap();
    bytes[10] ^= 0xff;
    fs::write(&zip, bytes).unwrap();
    let out = Command::new(&install)
        .arg("--verify-zip")
        .arg(&zip)
        .arg(&sig)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}
