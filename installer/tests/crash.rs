//! Crash safety: an update is SIGKILLed after each of its steps in turn (through the
//! installer's documented test hook `AWS2_INSTALL_TEST_KILL_AFTER_STEP`); every time, the
//! previous installation must still run and a plain rerun must complete the update.
//! Also: the lock file serializes concurrent runs.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};

use common::{bundles, link_tree, stdout, text, Target};

const HOOK: &str = "AWS2_INSTALL_TEST_KILL_AFTER_STEP";

#[test]
fn update_killed_at_every_step_leaves_a_working_install_and_a_rerun_completes() {
    let [v1, v2, v3] = [&bundles()[0], &bundles()[1], &bundles()[2]];
    let t = Target::new();
    // Baseline: v2 current, v1 previous; the update to v3 also prunes v1.
    t.run_ok(v1, &[]);
    t.run_ok(v2, &["-u"]);
    let snap = t.tmp.path().join("snapshot");
    link_tree(&t.install_dir, &snap.join("aws-cli"));
    link_tree(&t.bin_dir, &snap.join("bin"));

    let mut kills = 0;
    let mut completed_at = None;
    for step in 1..=500u32 {
        fs::remove_dir_all(&t.install_dir).unwrap();
        fs::remove_dir_all(&t.bin_dir).unwrap();
        link_tree(&snap.join("aws-cli"), &t.install_dir);
        link_tree(&snap.join("bin"), &t.bin_dir);

        let out = Command::new(v3.install())
            .arg("-i")
            .arg(&t.install_dir)
            .arg("-b")
            .arg(&t.bin_dir)
            .arg("-u")
            .env(HOOK, step.to_string())
            .output()
            .unwrap();
        if out.status.signal() != Some(9) {
            assert!(out.status.success(), "step {step}: {}", text(&out));
            completed_at = Some(step);
            break;
        }
        kills += 1;
        let version = t.aws2_version();
        assert!(
            version.status.success() && stdout(&version).starts_with("aws-cli/"),
            "aws2 broken after a kill at step {step}: {}",
            text(&version)
        );
        let current = t.current().unwrap();
        assert!(
            current == v2.version || current == v3.version,
            "step {step}: current is {current}"
        );

        let rerun = t.run(v3, &["-u"]);
        assert!(
            rerun.status.success(),
            "rerun after step {step}: {}",
            text(&rerun)
        );
        assert_eq!(t.current().as_deref(), Some(v3.version), "step {step}");
        assert_eq!(t.previous().as_deref(), Some(v2.version), "step {step}");
        assert_eq!(t.versions(), [v2.version, v3.version], "step {step}");
        let leftovers: Vec<String> = fs::read_dir(t.v2())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().into_string().unwrap())
            .filter(|n| n.starts_with(".staging") || n.starts_with(".remove") || n.contains(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "step {step}: leftovers {leftovers:?}");
        let version = t.aws2_version();
        assert!(version.status.success(), "step {step}: {}", text(&version));
    }
    let summary = format!(
        "crash test: {kills} passed, 0 failed (SIGKILL after steps 1..={kills}; the update completes in {} steps)",
        completed_at.map(|s| s - 1).unwrap_or(0)
    );
    println!("{summary}");
    eprintln!("{summary}");
    assert!(completed_at.is_some(), "the update never completed");
    assert!(kills >= 40, "only {kills} crash points exercised");
}

#[test]
fn lock_file_serializes_concurrent_runs() {
    let [v1, v2] = [&bundles()[0], &bundles()[1]];
    let t = Target::new();
    t.run_ok(v1, &[]);
    let lock = fs::OpenOptions::new()
        .write(true)
        .open(t.v2().join(".lock"))
        .unwrap();
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive).unwrap();
    let mut child = Command::new(v2.install())
        .arg("-i")
        .arg(&t.install_dir)
        .arg("-b")
        .arg(&t.bin_dir)
        .arg("-u")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    stderr.read_line(&mut line).unwrap();
    assert!(line.contains("Waiting for another install run"), "{line}");
    // While we hold the lock, the update has not switched anything.
    assert_eq!(t.current().as_deref(), Some(v1.version));
    drop(lock);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some(v2.version));
}
