//! `aws update` (the CLI's command) against local channels: it finds the installation it runs
//! from and updates it through that version's `install --update --channel`. Update, already
//! up to date, dry run, tampered bundle, interrupted download, SIGKILL at every step of the
//! update (the previous version keeps working and a rerun completes), and the refusals when
//! the CLI was not installed by the installer.

mod common;

use std::fs;
use std::process::{Command, Output};

use common::channel::{channel, installed, state, zip_path};
use common::http::{Fault, FileServer};
use common::{link_tree, stderr, stdout, text, zip_name, Target};

/// Runs `<bin-dir>/aws2 update <args>` with extra environment variables.
fn aws_update(t: &Target, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(t.bin_dir.join("aws2"))
        .arg("update")
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("run aws2 update")
}

/// Asserts a refused `aws update`: exit 255, the installer's one line, nothing changed.
fn assert_refused(t: &Target, before: &[String], out: &Output, expected: &str) {
    assert_eq!(out.status.code(), Some(255), "{}", text(out));
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
    assert_eq!(t.current().as_deref(), Some("2.0.1"));
    assert!(t.aws2_version().status.success());
}

#[test]
fn aws_update_installs_the_newest_version_then_is_up_to_date() {
    let ch = channel(&[0, 1]);
    let server = FileServer::start(ch.path().to_path_buf());
    let t = installed(0);
    let dry = aws_update(&t, &["--channel", &server.base, "--dry-run"], &[]);
    assert!(dry.status.success(), "{}", text(&dry));
    assert!(
        stdout(&dry).contains("Would update AWS CLI 2.0.1 to 2.0.2"),
        "{}",
        text(&dry)
    );
    assert_eq!(t.current().as_deref(), Some("2.0.1"));
    let out = aws_update(&t, &["--channel", &server.base], &[]);
    assert!(out.status.success(), "{}", text(&out));
    let printed = stdout(&out);
    assert!(
        printed.starts_with("Updating AWS CLI (source: exe)\n"),
        "{printed}"
    );
    assert!(printed.contains("Downloading AWS CLI 2.0.2"), "{printed}");
    assert_eq!(t.current().as_deref(), Some("2.0.2"));
    assert_eq!(t.previous().as_deref(), Some("2.0.1"));
    assert!(stdout(&t.aws2_version()).contains("aws-cli/"));
    // The channel is remembered: a plain `aws update` uses it.
    let before = state(&t);
    let again = aws_update(&t, &[], &[]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(
        stdout(&again).contains("2.0.2 is up to date"),
        "{}",
        text(&again)
    );
    assert_eq!(state(&t), before);
    eprintln!("aws update: update, dry run and up to date passed");
}

#[test]
fn aws_update_refuses_a_tampered_bundle_and_an_interrupted_download() {
    let ch = channel(&[0, 1]);
    let t = installed(0);
    let before = state(&t);
    let server = FileServer::start(ch.path().to_path_buf());
    server.fault(&format!("/2.0.2/{}", zip_name()), Fault::Truncate);
    let out = aws_update(&t, &["--channel", &server.base], &[]);
    assert_refused(&t, &before, &out, "cannot download");
    let server = FileServer::start(ch.path().to_path_buf());
    server.fault(&format!("/2.0.2/{}", zip_name()), Fault::Drop);
    let out = aws_update(&t, &["--channel", &server.base], &[]);
    assert_refused(&t, &before, &out, "cannot download");
    let zip = zip_path(ch.path(), "2.0.2");
    let mut bytes = fs::read(&zip).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x55;
    fs::write(&zip, bytes).unwrap();
    let out = aws_update(&t, &["--channel", ch.path().to_str().unwrap()], &[]);
    assert_refused(
        &t,
        &before,
        &out,
        "does not match the signed channel manifest",
    );
    eprintln!("aws update: tampered bundle and interrupted downloads refused");
}

#[test]
fn aws_update_killed_at_every_step_keeps_the_previous_version_working() {
    let ch = channel(&[0, 1]);
    let url = ch.path().to_str().unwrap().to_owned();
    let t = installed(0);
    let snap = t.tmp.path().join("snapshot");
    link_tree(&t.install_dir, &snap.join("aws-cli"));
    link_tree(&t.bin_dir, &snap.join("bin"));
    let mut kills = 0;
    let mut completed = false;
    for step in 1..=500u32 {
        fs::remove_dir_all(&t.install_dir).unwrap();
        fs::remove_dir_all(&t.bin_dir).unwrap();
        link_tree(&snap.join("aws-cli"), &t.install_dir);
        link_tree(&snap.join("bin"), &t.bin_dir);
        let out = aws_update(
            &t,
            &["--channel", &url],
            &[("AWS2_INSTALL_TEST_KILL_AFTER_STEP", &step.to_string())],
        );
        if out.status.success() {
            completed = true;
            break;
        }
        assert_eq!(out.status.code(), Some(255), "step {step}: {}", text(&out));
        assert!(
            stderr(&out).contains("The update was interrupted"),
            "step {step}: {}",
            text(&out)
        );
        kills += 1;
        let version = t.aws2_version();
        assert!(
            version.status.success() && stdout(&version).starts_with("aws-cli/"),
            "aws2 broken after a kill at step {step}: {}",
            text(&version)
        );
        let rerun = aws_update(&t, &["--channel", &url], &[]);
        assert!(
            rerun.status.success(),
            "rerun after step {step}: {}",
            text(&rerun)
        );
        assert_eq!(t.current().as_deref(), Some("2.0.2"), "step {step}");
        assert!(t.aws2_version().status.success(), "step {step}");
    }
    let summary = format!(
        "aws update crash test: {kills} passed, 0 failed (SIGKILL after steps 1..={kills})"
    );
    println!("{summary}");
    eprintln!("{summary}");
    assert!(completed, "the update never completed");
    assert!(kills >= 30, "only {kills} crash points exercised");
}

#[test]
fn aws_update_refuses_a_cli_not_installed_by_the_installer() {
    // The bare binary, outside any installation.
    let t = installed(0);
    let tmp = tempfile::tempdir().unwrap();
    let bare = tmp.path().join("aws");
    fs::copy(t.v2().join("current/dist/aws"), &bare).unwrap();
    let out = Command::new(&bare).arg("update").output().unwrap();
    assert_eq!(out.status.code(), Some(255), "{}", text(&out));
    assert!(
        stderr(&out)
            .contains("Detected distribution source: source. `aws update` is only supported"),
        "{}",
        text(&out)
    );
    // An installation without install-time metadata.
    fs::remove_file(t.v2().join(".install.json")).unwrap();
    let out = aws_update(&t, &["--channel", "file:///nonexistent"], &[]);
    assert_eq!(out.status.code(), Some(255), "{}", text(&out));
    assert!(
        stderr(&out).contains("Install-time metadata could not be found"),
        "{}",
        text(&out)
    );
    // No channel given and none recorded.
    let t = installed(0);
    let out = aws_update(&t, &[], &[]);
    assert_eq!(out.status.code(), Some(255), "{}", text(&out));
    assert!(
        stderr(&out).contains("No update channel is known"),
        "{}",
        text(&out)
    );
    eprintln!("aws update: refused outside an installation and without metadata");
}
