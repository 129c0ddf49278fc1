//! `sync` (new, changed and deleted files) and the `--include`/`--exclude` ordering, compared
//! with the Python CLI on the same trees.

mod common;

use common::{fails_alike, run, swap, write, Moto};
use std::path::Path;

fn tree(root: &Path) {
    for rel in [
        "a.txt",
        "b.jpg",
        "notes/one.txt",
        "notes/two.md",
        "img/x.jpg",
        "img/raw/y.jpg",
        "space dir/z z.txt",
        "plus+sign.txt",
        "\u{e9}t\u{e9}.txt",
    ] {
        write(root, rel, rel.as_bytes());
    }
}

#[test]
fn include_exclude_matrix_agrees_with_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    tree(&work.path().join("t"));
    let py = moto.python(work.path(), &["mb", "s3://matrix"]);
    assert_eq!(py.code, 0);
    let up = moto.python(
        work.path(),
        &["cp", "t", "s3://matrix/t", "--recursive", "--no-progress"],
    );
    assert_eq!(up.code, 0);
    let matrix: &[&[&str]] = &[
        &[],
        &["--exclude", "*"],
        &["--exclude", "*", "--include", "*.txt"],
        &["--include", "*.txt", "--exclude", "*"],
        &["--exclude", "*.jpg"],
        &["--exclude", "img/*", "--include", "img/raw/*"],
        &[
            "--exclude",
            "*",
            "--include",
            "notes/*",
            "--exclude",
            "*.md",
        ],
        &["--exclude", "?.txt"],
        &["--exclude", "[ab].*"],
        &["--exclude", "[!a]*"],
        &["--exclude", "space dir/*"],
        &["--exclude", "*", "--include", "*+*"],
        &["--include", "*", "--exclude", "notes*"],
        &["--exclude", "img"],
        &["--exclude", "*/"],
    ];
    let mut checks = 0;
    for filters in matrix {
        for base in [
            vec!["cp", "t", "s3://matrix/up/", "--recursive", "--dryrun"],
            vec!["cp", "s3://matrix/t", "down", "--recursive", "--dryrun"],
            vec!["sync", "t", "s3://matrix/s", "--dryrun"],
            vec!["rm", "s3://matrix/t/", "--recursive", "--dryrun"],
        ] {
            let mut args = base.clone();
            args.extend_from_slice(filters);
            let mine = run(&client, work.path(), &args);
            let py = moto.python(work.path(), &args);
            assert_eq!(mine.sorted(), py.sorted(), "aws s3 {args:?}");
            assert_eq!(mine.code, py.code, "aws s3 {args:?}");
            checks += 1;
        }
    }
    eprintln!("include/exclude matrix: {checks} cases agree with the Python CLI");
}

#[test]
fn sync_new_changed_and_deleted_like_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let ours = work.path().join("ours");
    let theirs = work.path().join("theirs");
    let mut checks = 0;
    for (dir, bucket) in [(&ours, "ours"), (&theirs, "theirs")] {
        tree(&dir.join("t"));
        assert_eq!(moto.python(dir, &["mb", &format!("s3://{bucket}")]).code, 0);
    }
    let step = |args_ours: &[&str], args_theirs: &[&str]| {
        let mine = run(&client, &ours, args_ours);
        let mut py_args = args_theirs.to_vec();
        py_args.push("--no-progress");
        let py = moto.python(&theirs, &py_args);
        assert_eq!(mine.code, py.code, "{args_ours:?}: {mine:?} / {py:?}");
        assert_eq!(
            mine.sorted(),
            swap(&py.out, "s3://theirs/", "s3://ours/"),
            "{args_ours:?}"
        );
        mine
    };
    // Everything is new.
    let first = step(
        &["sync", "t", "s3://ours/s"],
        &["sync", "t", "s3://theirs/s"],
    );
    assert_eq!(first.out.lines().count(), 9);
    checks += 1;
    // Nothing changed.
    let again = step(
        &["sync", "t", "s3://ours/s"],
        &["sync", "t", "s3://theirs/s"],
    );
    assert_eq!(again.out, "");
    checks += 1;
    // A changed size, a new file, a deleted file; --delete removes it remotely.
    for dir in [&ours, &theirs] {
        write(&dir.join("t"), "a.txt", b"longer content now");
        write(&dir.join("t"), "new/file.txt", b"new");
        std::fs::remove_file(dir.join("t/b.jpg")).unwrap();
    }
    let changed = step(
        &["sync", "t", "s3://ours/s"],
        &["sync", "t", "s3://theirs/s"],
    );
    assert_eq!(
        changed.sorted(),
        [
            "upload: t/a.txt to s3://ours/s/a.txt",
            "upload: t/new/file.txt to s3://ours/s/new/file.txt"
        ]
    );
    let deleted = step(
        &[
            "sync",
            "t",
            "s3://ours/s",
            "--delete",
            "--exclude",
            "notes/*",
        ],
        &[
            "sync",
            "t",
            "s3://theirs/s",
            "--delete",
            "--exclude",
            "notes/*",
        ],
    );
    assert_eq!(deleted.out, "delete: s3://ours/s/b.jpg\n");
    checks += 2;
    // Download sync into an empty directory, then again (nothing to do), then --delete locally.
    let down = step(
        &["sync", "s3://ours/s", "d"],
        &["sync", "s3://theirs/s", "d"],
    );
    assert_eq!(down.out.lines().count(), 9);
    let down_again = step(
        &["sync", "s3://ours/s", "d"],
        &["sync", "s3://theirs/s", "d"],
    );
    assert_eq!(down_again.out, "");
    for dir in [&ours, &theirs] {
        write(&dir.join("d"), "local-only.txt", b"x");
    }
    let local_delete = step(
        &["sync", "s3://ours/s", "d", "--delete"],
        &["sync", "s3://theirs/s", "d", "--delete"],
    );
    assert_eq!(local_delete.out, "delete: d/local-only.txt\n");
    assert!(!ours.join("d/local-only.txt").exists());
    checks += 4;
    // S3 to S3.
    let copy = step(
        &["sync", "s3://ours/s", "s3://ours/c"],
        &["sync", "s3://theirs/s", "s3://theirs/c"],
    );
    assert_eq!(copy.out.lines().count(), 9);
    let size_only = step(
        &["sync", "s3://ours/s", "s3://ours/c", "--size-only"],
        &["sync", "s3://theirs/s", "s3://theirs/c", "--size-only"],
    );
    assert_eq!(size_only.out, "");
    checks += 2;
    // A missing source is an error of the command line.
    let missing = run(&client, &ours, &["sync", "nope", "s3://ours/x"]);
    let py = moto.python(&theirs, &["sync", "nope", "s3://theirs/x"]);
    fails_alike(&missing, &py, &["sync", "nope"]);
    checks += 1;
    eprintln!("sync: {checks} checks passed");
}
