//! The real `install` program from real bundles, in temporary directories: the reference
//! interface, side-by-side updates, pruning, rollback and uninstall.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{bundles, stderr, stdout, text, Target};

#[test]
fn help_lists_the_reference_options() {
    let b = &bundles()[0];
    for flag in ["-h", "--help"] {
        let out = Command::new(b.install()).arg(flag).output().unwrap();
        assert!(out.status.success(), "{}", text(&out));
        let help = stdout(&out);
        for option in [
            "-i, --install-dir",
            "-b, --bin-dir",
            "-u, --update",
            "--rollback",
            "--uninstall",
        ] {
            assert!(help.contains(option), "{flag}: help lacks {option}: {help}");
        }
    }
}

#[test]
fn unexpected_argument_exits_1() {
    let t = Target::new();
    let out = t.run(&bundles()[0], &["--no-such-flag"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("Got an unexpected argument: --no-such-flag"),
        "{}",
        text(&out)
    );
    assert!(
        !t.install_dir.exists(),
        "an argument error changed the disk"
    );
}

#[test]
fn install_creates_the_documented_layout() {
    let b = &bundles()[0];
    let t = Target::new();
    let out = Command::new(b.install())
        .arg("--install-dir")
        .arg(&t.install_dir)
        .arg("--bin-dir")
        .arg(&t.bin_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    assert_eq!(
        stdout(&out).trim(),
        format!("You can now run: {}/aws2 --version", t.bin_dir.display())
    );
    let vdir = t.v2().join(b.version);
    for file in [
        "dist/aws",
        "dist/aws_completer",
        "dist/install",
        "manifest.json",
    ] {
        assert!(vdir.join(file).is_file(), "missing {file}");
    }
    assert_eq!(
        fs::read_link(vdir.join("bin/aws")).unwrap(),
        Path::new("../dist/aws")
    );
    assert_eq!(
        fs::read_link(vdir.join("bin/aws_completer")).unwrap(),
        Path::new("../dist/aws_completer")
    );
    assert_eq!(fs::read_link(t.v2().join("current")).unwrap(), vdir);
    assert_eq!(
        fs::read_link(t.bin_dir.join("aws2")).unwrap(),
        t.v2().join("current/bin/aws")
    );
    assert_eq!(
        fs::read_link(t.bin_dir.join("aws2_completer")).unwrap(),
        t.v2().join("current/bin/aws_completer")
    );
    let version = t.aws2_version();
    assert!(version.status.success(), "{}", text(&version));
    assert!(
        stdout(&version).starts_with("aws-cli/"),
        "{}",
        text(&version)
    );
    assert!(t.bin_dir.join("aws2_completer").exists());
}

#[test]
fn short_flags_install() {
    let t = Target::new();
    t.run_ok(&bundles()[1], &[]);
    assert_eq!(t.current().as_deref(), Some(bundles()[1].version));
    assert!(t.aws2_version().status.success());
}

#[test]
fn preexisting_install_without_update_changes_nothing() {
    let t = Target::new();
    t.run_ok(&bundles()[0], &[]);
    let before = common::snapshot(t.tmp.path());
    let out = t.run(&bundles()[1], &[]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains(&format!(
            "Found preexisting AWS CLI installation: {}/v2/current. Please rerun install script with --update flag.",
            t.install_dir.display()
        )),
        "{}",
        text(&out)
    );
    assert_eq!(common::snapshot(t.tmp.path()), before);
}

#[test]
fn update_long_and_short_flags_keep_previous_and_prune_older() {
    let [v1, v2, v3] = [&bundles()[0], &bundles()[1], &bundles()[2]];
    let t = Target::new();
    t.run_ok(v1, &[]);
    let out = t.run_ok(v2, &["--update"]);
    assert!(stdout(&out).contains("You can now run:"), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some(v2.version));
    assert_eq!(t.previous().as_deref(), Some(v1.version));
    assert_eq!(t.versions(), [v1.version, v2.version]);
    t.run_ok(v3, &["-u"]);
    assert_eq!(t.current().as_deref(), Some(v3.version));
    assert_eq!(t.previous().as_deref(), Some(v2.version));
    assert_eq!(
        t.versions(),
        [v2.version, v3.version],
        "oldest version not pruned"
    );
    assert!(t.aws2_version().status.success());
}

#[test]
fn keep_option_controls_pruning() {
    let [v1, v2, v3] = [&bundles()[0], &bundles()[1], &bundles()[2]];
    let t = Target::new();
    t.run_ok(v1, &[]);
    t.run_ok(v2, &["-u", "--keep", "3"]);
    t.run_ok(v3, &["-u", "--keep", "3"]);
    assert_eq!(t.versions(), [v1.version, v2.version, v3.version]);
    let t1 = Target::new();
    t1.run_ok(v1, &[]);
    t1.run_ok(v2, &["-u", "--keep", "1"]);
    assert_eq!(t1.versions(), [v2.version]);
    assert_eq!(t1.previous(), None);
}

#[test]
fn same_version_update_is_skipped() {
    let b = &bundles()[0];
    let t = Target::new();
    t.run_ok(b, &[]);
    let before = common::snapshot(t.tmp.path());
    let out = t.run_ok(b, &["-u"]);
    assert_eq!(
        stdout(&out).trim(),
        format!(
            "Found same AWS CLI version: {}/v2/{}. Skipping install.",
            t.install_dir.display(),
            b.version
        )
    );
    assert_eq!(common::snapshot(t.tmp.path()), before);
}

#[test]
fn rollback_switches_back_and_forth() {
    let [v1, v2] = [&bundles()[0], &bundles()[1]];
    let t = Target::new();
    t.run_ok(v1, &[]);
    let out = t.run(v1, &["--rollback"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "rollback without previous: {}",
        text(&out)
    );
    assert!(
        stderr(&out).contains("No previous version"),
        "{}",
        text(&out)
    );
    t.run_ok(v2, &["-u"]);
    let out = t.run_ok(v2, &["--rollback"]);
    assert!(stdout(&out).contains("Rolled back"), "{}", text(&out));
    assert_eq!(t.current().as_deref(), Some(v1.version));
    assert_eq!(t.previous().as_deref(), Some(v2.version));
    assert!(t.aws2_version().status.success());
    t.run_ok(v2, &["--rollback"]);
    assert_eq!(t.current().as_deref(), Some(v2.version));
    assert_eq!(t.previous().as_deref(), Some(v1.version));
}

#[test]
fn update_after_rollback_reinstalls_the_newer_version() {
    let [v1, v2] = [&bundles()[0], &bundles()[1]];
    let t = Target::new();
    t.run_ok(v1, &[]);
    t.run_ok(v2, &["-u"]);
    t.run_ok(v2, &["--rollback"]);
    t.run_ok(v2, &["-u"]);
    assert_eq!(t.current().as_deref(), Some(v2.version));
    assert_eq!(t.previous().as_deref(), Some(v1.version));
    assert_eq!(t.versions(), [v1.version, v2.version]);
}

#[test]
fn uninstall_from_the_installed_tree_leaves_foreign_files() {
    let [v1, v2] = [&bundles()[0], &bundles()[1]];
    let t = Target::new();
    t.run_ok(v1, &[]);
    t.run_ok(v2, &["-u"]);
    let foreign = [
        t.install_dir.join("notes.txt"),
        t.v2().join(v2.version).join("dist/plugin.cfg"),
        t.bin_dir.join("other-tool"),
    ];
    for f in &foreign {
        fs::write(f, b"not ours").unwrap();
    }
    // No -i: the installed copy finds its own install directory.
    let installed = t.v2().join("current/dist/install");
    let out = Command::new(&installed)
        .arg("--uninstall")
        .arg("-b")
        .arg(&t.bin_dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let said = stdout(&out);
    assert!(
        said.contains(&format!("Removed {}/aws2\n", t.bin_dir.display())),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "Removed {}/v2/{}",
            t.install_dir.display(),
            v1.version
        )),
        "{said}"
    );
    assert!(
        said.contains("Left ") && said.contains("plugin.cfg"),
        "{said}"
    );
    for f in &foreign {
        assert_eq!(fs::read(f).unwrap(), b"not ours", "{} touched", f.display());
    }
    assert!(fs::symlink_metadata(t.bin_dir.join("aws2")).is_err());
    assert!(fs::symlink_metadata(t.bin_dir.join("aws2_completer")).is_err());
    assert!(!t.v2().join("current").exists());
    assert!(!t.v2().join(v1.version).exists());
    let left = common::snapshot(&t.install_dir);
    assert!(left.iter().any(|p| p.starts_with("notes.txt ")), "{left:?}");
    let plugin = format!("v2/{}/dist/plugin.cfg ", v2.version);
    assert!(left.iter().any(|p| p.starts_with(&plugin)), "{left:?}");
    assert!(!left.iter().any(|p| p.contains("dist/aws")), "{left:?}");
}

#[test]
fn uninstall_refuses_a_directory_that_is_not_an_install() {
    let t = Target::new();
    fs::create_dir_all(&t.install_dir).unwrap();
    fs::write(t.install_dir.join("data"), b"keep").unwrap();
    let before = common::snapshot(t.tmp.path());
    let out = t.run(&bundles()[0], &["--uninstall"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        stderr(&out).contains("is not an aws2 installation"),
        "{}",
        text(&out)
    );
    assert_eq!(common::snapshot(t.tmp.path()), before);
}
