//! The options of `cp`, `mv` and `sync` from the AWS CLI v2 2.36.7: `--no-overwrite`,
//! `--copy-props`, `--case-conflict`, `--validate-same-s3-paths` (and the check of `mv` onto
//! itself), `--progress-multiline` and `--progress-frequency`, each run against moto and, where
//! the outputs can be compared, with the AWS CLI v2 on the same server.

mod common;

use aws2_core::Value;
use common::{run, run_with, sorted, swap, write, Moto};
use std::path::Path;

/// `GetObject`'s body and user metadata of `bucket/key`.
fn object(moto: &Moto, bucket: &str, key: &str) -> (String, serde_json::Value) {
    let client = moto.client();
    let op = client.service().operation("GetObject").unwrap();
    let input = Value::Map(
        [
            ("Bucket".to_string(), Value::String(bucket.into())),
            ("Key".to_string(), Value::String(key.into())),
        ]
        .into_iter()
        .collect(),
    );
    let out = client.call(&op, &input).unwrap();
    let json = out.to_json(Default::default());
    let body = match &out {
        Value::Map(m) => match m.get("Body") {
            Some(Value::Blob(b)) => String::from_utf8_lossy(b).into_owned(),
            _ => String::new(),
        },
        _ => String::new(),
    };
    (body, json["Metadata"].clone())
}

fn mb(moto: &Moto, dir: &Path, bucket: &str) {
    assert_eq!(
        run(&moto.client(), dir, &["mb", &format!("s3://{bucket}")]).code,
        0
    );
}

#[test]
fn no_overwrite_keeps_what_exists_on_both_sides() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    mb(&moto, dir, "keep");
    write(dir, "a.txt", b"first");
    assert_eq!(
        run(&client, dir, &["cp", "a.txt", "s3://keep/a.txt"]).code,
        0
    );
    write(dir, "a.txt", b"second");
    write(dir, "b.txt", b"new");

    // Upload: the existing object stays, the new one goes, and only it is reported.
    let up = run(
        &client,
        dir,
        &["cp", ".", "s3://keep/", "--recursive", "--no-overwrite"],
    );
    assert_eq!(
        (up.code, up.out.as_str()),
        (0, "upload: ./b.txt to s3://keep/b.txt\n"),
        "{up:?}"
    );
    assert_eq!(object(&moto, "keep", "a.txt").0, "first");
    assert_eq!(object(&moto, "keep", "b.txt").0, "new");

    // Download: the local file stays.
    let down = run(
        &client,
        dir,
        &["cp", "s3://keep/a.txt", "a.txt", "--no-overwrite"],
    );
    assert_eq!((down.code, down.out.as_str()), (0, ""), "{down:?}");
    assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"second");

    // Download, by the AWS CLI v2: the same.
    let py = moto.python(dir, &["cp", "s3://keep/a.txt", "a.txt", "--no-overwrite"]);
    assert_eq!((py.code, py.out.as_str()), (0, ""), "{py:?}");
    assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"second");

    // Copy: both send `IfNoneMatch: *` (which moto's CopyObject does not check), so the
    // two CLIs end alike on two copies of the same objects.
    assert_eq!(
        run(&client, dir, &["cp", "a.txt", "s3://keep/a2.txt"]).code,
        0
    );
    let ours = run(
        &client,
        dir,
        &["cp", "s3://keep/b.txt", "s3://keep/a.txt", "--no-overwrite"],
    );
    let py = moto.python(
        dir,
        &[
            "cp",
            "s3://keep/b.txt",
            "s3://keep/a2.txt",
            "--no-overwrite",
        ],
    );
    assert_eq!(ours.code, py.code, "{ours:?} {py:?}");
    assert_eq!(
        ours.out.replace("a.txt", "a2.txt"),
        py.out
            .replace('\r', "\n")
            .lines()
            .filter(|l| !l.starts_with("Completed"))
            .map(|l| format!("{}\n", l.trim_end()))
            .collect::<String>()
    );
    assert_eq!(
        object(&moto, "keep", "a.txt").0,
        object(&moto, "keep", "a2.txt").0
    );

    // Streaming downloads cannot keep anything: refused as in the AWS CLI v2.
    let stream = run(
        &client,
        dir,
        &["cp", "s3://keep/a.txt", "-", "--no-overwrite"],
    );
    let py = moto.python(dir, &["cp", "s3://keep/a.txt", "-", "--no-overwrite"]);
    assert_eq!(stream.code, py.code, "{stream:?} {py:?}");
    assert!(py
        .err
        .contains("--no-overwrite parameter is not supported for streaming downloads"));
    assert!(stream
        .err
        .contains("--no-overwrite parameter is not supported for streaming downloads"));
}

#[test]
fn copy_props_choose_what_a_copy_keeps() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    mb(&moto, dir, "props");
    write(dir, "m.txt", b"meta");
    let up = run(
        &client,
        dir,
        &["cp", "m.txt", "s3://props/m.txt", "--metadata", "team=blue"],
    );
    assert_eq!(up.code, 0, "{up:?}");
    for (props, kept) in [
        ("default", true),
        ("metadata-directive", true),
        ("none", false),
    ] {
        let dest = format!("s3://props/{props}.txt");
        let out = run(
            &client,
            dir,
            &["cp", "s3://props/m.txt", &dest, "--copy-props", props],
        );
        assert_eq!(out.code, 0, "{out:?}");
        let (_, metadata) = object(&moto, "props", &format!("{props}.txt"));
        assert_eq!(metadata.get("team").is_some(), kept, "{props}: {metadata}");
        let theirs = format!("s3://props/v2-{props}.txt");
        let py = moto.python(
            dir,
            &["cp", "s3://props/m.txt", &theirs, "--copy-props", props],
        );
        assert_eq!(py.code, 0, "{py:?}");
        let (_, metadata) = object(&moto, "props", &format!("v2-{props}.txt"));
        assert_eq!(
            metadata.get("team").is_some(),
            kept,
            "v2 {props}: {metadata}"
        );
    }
    let bad = run(
        &client,
        dir,
        &[
            "cp",
            "s3://props/m.txt",
            "s3://props/x",
            "--copy-props",
            "some",
        ],
    );
    assert_eq!(bad.code, 252, "{bad:?}");
}

#[test]
fn case_conflicts_of_downloads_skip_warn_or_stop() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    mb(&moto, dir, "cases");
    write(dir, "up/a.txt", b"lower");
    write(dir, "up/b.txt", b"other");
    assert_eq!(
        run(&client, dir, &["cp", "up/a.txt", "s3://cases/A.txt"]).code,
        0
    );
    assert_eq!(
        run(&client, dir, &["cp", "up/a.txt", "s3://cases/a.txt"]).code,
        0
    );
    assert_eq!(
        run(&client, dir, &["cp", "up/b.txt", "s3://cases/b.txt"]).code,
        0
    );

    // The AWS CLI v2 on the same objects (its downloads run in any order, so only the
    // exit codes and whether anything went to stderr compare).
    for mode in ["skip", "warn", "error"] {
        let (o, p) = (format!("o-{mode}/"), format!("p-{mode}/"));
        let ours = run(
            &client,
            dir,
            &[
                "cp",
                "s3://cases/",
                &o,
                "--recursive",
                "--case-conflict",
                mode,
            ],
        );
        let py = moto.python(
            dir,
            &[
                "cp",
                "s3://cases/",
                &p,
                "--recursive",
                "--case-conflict",
                mode,
            ],
        );
        eprintln!("{mode}: ours {ours:?}\n  v2 {py:?}");
        assert_eq!(ours.code, py.code, "{mode}");
        assert_eq!(ours.err.is_empty(), py.err.is_empty(), "{mode}");
    }

    let skip = run(
        &client,
        dir,
        &[
            "cp",
            "s3://cases/",
            "skip/",
            "--recursive",
            "--case-conflict",
            "skip",
        ],
    );
    assert_eq!(skip.code, 0, "{skip:?}");
    assert!(dir.join("skip/A.txt").is_file() && !dir.join("skip/a.txt").exists());
    assert!(dir.join("skip/b.txt").is_file());
    assert!(
        skip.err.contains("warning: Skipping cases/a.txt -> "),
        "{skip:?}"
    );
    assert!(
        skip.err
            .contains("because a file whose name differs only by case"),
        "{skip:?}"
    );

    let warn = run(
        &client,
        dir,
        &[
            "cp",
            "s3://cases/",
            "warn/",
            "--recursive",
            "--case-conflict",
            "warn",
        ],
    );
    assert_eq!(warn.code, 0, "{warn:?}");
    assert!(dir.join("warn/A.txt").is_file() && dir.join("warn/a.txt").is_file());
    assert!(
        warn.err.contains("warning: Downloading cases/a.txt -> "),
        "{warn:?}"
    );

    let ignore = run(
        &client,
        dir,
        &["cp", "s3://cases/", "ignore/", "--recursive"],
    );
    assert_eq!((ignore.code, ignore.err.as_str()), (0, ""), "{ignore:?}");

    let error = run(
        &client,
        dir,
        &["sync", "s3://cases/", "error/", "--case-conflict", "error"],
    );
    assert_ne!(error.code, 0, "{error:?}");
    assert!(
        error.err.contains("Failed to download cases/a.txt -> "),
        "{error:?}"
    );
}

#[test]
fn mv_onto_itself_is_refused_as_in_v2() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    mb(&moto, dir, "same");
    for args in [
        &["mv", "s3://same/k", "s3://same/k"][..],
        &["mv", "s3://same/d/k", "s3://same/d/"],
        &[
            "mv",
            "s3://same--op-s3/k",
            "s3://same/k",
            "--validate-same-s3-paths",
        ],
    ] {
        let ours = run(&client, dir, args);
        let py = moto.python(dir, args);
        assert_eq!(ours.code, py.code, "{args:?}: {ours:?} {py:?}");
        let line = py
            .err
            .lines()
            .find(|l| !l.is_empty())
            .unwrap_or_default()
            .to_owned();
        let message = line.rsplit("): ").next().unwrap_or_default();
        assert!(
            !message.is_empty() && ours.err.contains(message),
            "{args:?}: {ours:?} {py:?}"
        );
    }
}

#[test]
fn progress_multiline_puts_each_redraw_on_its_own_line() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    mb(&moto, dir, "lines");
    write(dir, "t/a.txt", b"a");
    write(dir, "t/b.txt", b"b");
    let settings = aws2_s3::TransferSettings::default();
    let out = run_with(
        &client,
        dir,
        settings,
        true,
        &[
            "cp",
            "t",
            "s3://lines/",
            "--recursive",
            "--progress-multiline",
            "--progress-frequency",
            "0",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    let progress = out
        .out
        .lines()
        .filter(|l| l.starts_with("Completed "))
        .count();
    assert!(progress >= 1, "{out:?}");
    let uploads: Vec<String> = sorted(&out.out)
        .into_iter()
        .filter(|l| l.starts_with("upload:"))
        .collect();
    assert_eq!(
        uploads,
        swap(
            "upload: t/a.txt to s3://lines/a.txt\nupload: t/b.txt to s3://lines/b.txt\n",
            "",
            ""
        )
    );
    let bad = run(
        &client,
        dir,
        &[
            "cp",
            "t",
            "s3://lines/",
            "--recursive",
            "--progress-frequency",
            "x",
        ],
    );
    assert_eq!(bad.code, 252, "{bad:?}");
}
