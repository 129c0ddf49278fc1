//! Planning streams into the transfers: transfers start while the source is still listed,
//! `--page-size` splits the listings, and `sync` compares both sides page by page with the
//! same results as the Python CLI.

mod common;

use aws2_s3::TransferSettings;
use common::{fails_alike, run, run_in, run_with, swap, write, Moto};

/// Names whose order as keys differs from a naive directory walk (`a-b` < `a/` < `a0`).
const TREE: &[&str] = &[
    "a.txt",
    "a-b/x",
    "a/b",
    "a/c/d",
    "a0",
    "b c/\u{e9}",
    "b+/1",
    "z/y/x/w",
];

#[test]
fn transfers_start_before_the_listing_ends() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    for i in 0..6 {
        write(dir, &format!("many/f{i}"), format!("file {i}").as_bytes());
    }
    assert_eq!(run(&client, dir, &["mb", "s3://stream"]).code, 0);
    assert_eq!(
        run(
            &client,
            dir,
            &["cp", "many", "s3://stream/many", "--recursive"]
        )
        .code,
        0
    );
    // One worker and a queue of one: while the first download reports, at most two tasks
    // have been handed over, so the six-page listing cannot be over and the totals are
    // still estimates.
    let settings = TransferSettings {
        max_queue_size: 1,
        max_concurrent_requests: 1,
        ..TransferSettings::default()
    };
    let args = [
        "cp",
        "s3://stream/many",
        "down",
        "--recursive",
        "--page-size",
        "1",
    ];
    let shown = run_with(&client, dir, settings, true, &args);
    assert_eq!(shown.code, 0, "{shown:?}");
    for i in 0..6 {
        let got = std::fs::read_to_string(dir.join(format!("down/f{i}"))).unwrap();
        assert_eq!(got, format!("file {i}"));
    }
    let first_progress = shown
        .out
        .split('\n')
        .nth(1)
        .and_then(|rest| rest.split('\r').next())
        .unwrap_or_default();
    assert!(
        first_progress.starts_with("Completed 6 Bytes/~")
            && first_progress.ends_with(" file(s) remaining (calculating...)"),
        "{:?}",
        shown.out
    );
    assert!(shown.out.contains("with ~"), "{:?}", shown.out);
    // The same without a terminal prints the six lines the Python CLI prints.
    let quiet = run_in(&client, dir, settings, &args);
    let py = moto.python(dir, &[&args[..], &["--no-progress"]].concat());
    assert_eq!((quiet.code, quiet.sorted()), (py.code, py.sorted()));
    eprintln!("streaming: progress estimates while listing, 6/6 files");
}

#[test]
fn paged_listings_sync_and_remove_like_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let ours = work.path().join("ours");
    let theirs = work.path().join("theirs");
    for (dir, bucket) in [(&ours, "ours"), (&theirs, "theirs")] {
        for rel in TREE {
            write(&dir.join("t"), rel, rel.as_bytes());
        }
        assert_eq!(moto.python(dir, &["mb", &format!("s3://{bucket}")]).code, 0);
        // Objects the sync keeps, replaces and deletes.
        write(&dir.join("pre"), "a.txt", b"a.txt");
        write(&dir.join("pre"), "a0", b"older, longer");
        write(&dir.join("pre"), "a/gone", b"only remote");
        write(&dir.join("pre"), "zz", b"only remote");
        let b = format!("s3://{bucket}/s");
        let pre = moto.python(dir, &["cp", "pre", &b, "--recursive", "--no-progress"]);
        assert_eq!(pre.code, 0, "{pre:?}");
    }
    let mut checks = 0;
    let mut step = |args: &[&str]| {
        let ours_args: Vec<String> = args.iter().map(|a| a.replace("@", "ours")).collect();
        let theirs_args: Vec<String> = args.iter().map(|a| a.replace("@", "theirs")).collect();
        let ours_args: Vec<&str> = ours_args.iter().map(String::as_str).collect();
        let mut theirs_args: Vec<&str> = theirs_args.iter().map(String::as_str).collect();
        let mine = run(&client, &ours, &ours_args);
        if args[0] != "rm" {
            theirs_args.push("--no-progress");
        }
        let py = moto.python(&theirs, &theirs_args);
        assert_eq!(mine.code, py.code, "{args:?}: {mine:?} / {py:?}");
        assert_eq!(
            mine.sorted(),
            swap(&py.out, "s3://theirs/", "s3://ours/"),
            "{args:?}"
        );
        checks += 1;
        mine
    };
    let up = step(&["sync", "t", "s3://@/s", "--delete", "--page-size", "2"]);
    assert!(up.out.contains("delete: s3://ours/s/zz"), "{up:?}");
    step(&["sync", "t", "s3://@/s", "--page-size", "3"]);
    // Down into a directory with a file of its own, which --delete removes.
    for dir in [&ours, &theirs] {
        write(&dir.join("d"), "a/local-only", b"x");
        write(&dir.join("d"), "a-b/x", b"stale but newer");
    }
    let down = step(&["sync", "s3://@/s", "d", "--delete", "--page-size", "2"]);
    assert!(down.out.contains("delete: d/a/local-only"), "{down:?}");
    step(&["sync", "s3://@/s", "d", "--page-size", "1"]);
    step(&["cp", "s3://@/s", "c", "--recursive", "--page-size", "3"]);
    let listed = |dir: &std::path::Path| {
        let mut names: Vec<String> = walk(dir);
        names.sort();
        names
    };
    assert_eq!(listed(&ours.join("d")), listed(&theirs.join("d")));
    assert_eq!(listed(&ours.join("c")), listed(&theirs.join("c")));
    // `rm` has no `--no-progress` (the exit code of the message is the binary's business).
    let refused = run(
        &client,
        &ours,
        &["rm", "s3://ours/s", "--recursive", "--no-progress"],
    );
    let py = moto.python(
        &theirs,
        &["rm", "s3://theirs/s", "--recursive", "--no-progress"],
    );
    fails_alike(&refused, &py, &["rm", "--no-progress"]);
    let removed = step(&["rm", "s3://@/s", "--recursive", "--page-size", "2"]);
    assert_eq!(removed.out.lines().count(), TREE.len());
    let left = run(&client, &ours, &["ls", "s3://ours", "--recursive"]);
    assert_eq!((left.code, left.out.as_str()), (0, ""), "{left:?}");
    eprintln!("paged listings: {checks} commands agree with the Python CLI");
}

/// Every file under `dir` with its content, as `relative=content`.
fn walk(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().display().to_string();
                out.push(format!("{rel}={}", std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out
}
