//! Channel helpers shared by the channel, trust and `aws update` tests: channel directories of
//! fixture bundles indexed by `scripts/package`, installed targets, update runs, and the check
//! that a refused update changed nothing.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::{bundles, snapshot, stderr, text, zip_name, Target};

/// A channel directory holding copies of the fixture bundles `indexes`, indexed and signed.
pub fn channel(indexes: &[usize]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for &i in indexes {
        let b = &bundles()[i];
        let vdir = dir.path().join(b.version);
        fs::create_dir_all(&vdir).unwrap();
        fs::copy(&b.zip, vdir.join(zip_name())).unwrap();
        fs::copy(&b.sig, vdir.join(format!("{}.sig", zip_name()))).unwrap();
    }
    index(dir.path(), &[]);
    dir
}

/// Runs `scripts/package --channel DIR --index-only` (with `extra` arguments).
pub fn index(dir: &Path, extra: &[&str]) {
    let out = Command::new(super::repo_root().join("scripts/package"))
        .env("CARGO_TARGET_DIR", super::target_dir())
        .args(["--profile", "dev", "--index-only", "--channel"])
        .arg(dir)
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "indexing failed: {}", text(&out));
}

/// A target with `bundles()[index]` installed.
pub fn installed(index: usize) -> Target {
    let t = Target::new();
    t.run_ok(&bundles()[index], &[]);
    t
}

/// Runs the installed `install --update --channel <url>`.
pub fn update(t: &Target, url: &str, extra: &[&str]) -> Output {
    update_with_env(t, url, extra, &[])
}

/// Like [`update`], with extra environment variables.
pub fn update_with_env(t: &Target, url: &str, extra: &[&str], env: &[(&str, &Path)]) -> Output {
    Command::new(t.v2().join("current/dist/install"))
        .envs(env.iter().copied())
        .arg("-i")
        .arg(&t.install_dir)
        .arg("-b")
        .arg(&t.bin_dir)
        .args(["--update", "--channel", url])
        .args(extra)
        .output()
        .unwrap()
}

/// The state a refused update must not change.
pub fn state(t: &Target) -> Vec<String> {
    let mut s = snapshot(&t.install_dir);
    s.extend(snapshot(&t.bin_dir));
    s
}

/// Asserts a refused update: exit 1, one line on stderr containing `expected`, nothing changed.
pub fn assert_refused(t: &Target, before: &[String], out: &Output, expected: &str) {
    assert_eq!(out.status.code(), Some(1), "{}", text(out));
    let err = stderr(out);
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
    assert_eq!(t.current().as_deref(), Some(bundles()[0].version));
    assert!(t.aws2_version().status.success());
}

pub fn zip_path(channel: &Path, version: &str) -> PathBuf {
    channel.join(version).join(zip_name())
}
