//! `aws s3` commands against `moto_server`, compared with the Python CLI on the same trees.

mod common;

use common::{run, swap, write, Moto};
use std::path::Path;

fn tree(root: &Path) {
    write(root, "a.txt", b"hello\n");
    write(root, "empty", b"");
    write(root, "a b/\u{fc}+x.txt", b"unicode\n");
    write(root, "sub/c.json", b"{}\n");
    write(root, "sub/deep/d.png", b"png");
    write(root, "100%.txt", b"percent\n");
}

#[test]
fn buckets_upload_list_download_and_remove_like_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let ours = work.path().join("ours");
    let theirs = work.path().join("theirs");
    for d in [&ours, &theirs] {
        tree(&d.join("t"));
    }
    let mut checks = 0;

    let mb = run(&client, &ours, &["mb", "s3://ours"]);
    assert_eq!((mb.code, mb.out.as_str()), (0, "make_bucket: ours\n"));
    let py = moto.python(&theirs, &["mb", "s3://theirs"]);
    assert_eq!(py.out, "make_bucket: theirs\n");
    let bad = run(&client, &ours, &["mb", "s3://x"]);
    let py = moto.python(&theirs, &["mb", "s3://x"]);
    assert_eq!((bad.code, bad.err.as_str()), (py.code, py.err.as_str()));
    assert!(
        bad.err
            .starts_with("make_bucket failed: s3://x An error occurred ("),
        "{}",
        bad.err
    );
    checks += 3;

    // Recursive upload: the same messages.
    let up = run(&client, &ours, &["cp", "t", "s3://ours/p/", "--recursive"]);
    let py = moto.python(
        &theirs,
        &["cp", "t", "s3://theirs/p/", "--recursive", "--no-progress"],
    );
    assert_eq!((up.code, py.code), (0, 0), "{up:?} {py:?}");
    assert_eq!(up.sorted(), swap(&py.out, "s3://theirs/", "s3://ours/"));
    assert!(up
        .out
        .contains("upload: t/a b/\u{fc}+x.txt to s3://ours/p/a b/\u{fc}+x.txt\n"));
    checks += 2;

    // Single file to a bucket root and to a key, from another directory.
    let one = run(
        &client,
        &ours.join("t/sub"),
        &["cp", "../a.txt", "s3://ours/"],
    );
    let py = moto.python(
        &theirs.join("t/sub"),
        &["cp", "../a.txt", "s3://theirs/", "--no-progress"],
    );
    assert_eq!(one.out, py.out.replace("s3://theirs/", "s3://ours/"));
    assert_eq!(one.out, "upload: ../a.txt to s3://ours/a.txt\n");
    checks += 2;

    // ls layouts on the same bucket, byte for byte.
    for args in [
        vec!["ls"],
        vec!["ls", "s3://ours"],
        vec!["ls", "s3://ours/p/"],
        vec!["ls", "s3://ours/p"],
        vec!["ls", "s3://ours/p/sub/"],
        vec!["ls", "s3://ours", "--recursive"],
        vec![
            "ls",
            "s3://ours",
            "--recursive",
            "--human-readable",
            "--summarize",
        ],
        vec!["ls", "s3://ours/p/", "--summarize"],
        vec!["ls", "s3://ours/nothing"],
    ] {
        let mine = run(&client, &ours, &args);
        let py = moto.python(&ours, &args);
        assert_eq!(mine.out, py.out, "aws s3 {args:?}");
        assert_eq!(mine.code, py.code, "aws s3 {args:?}");
        checks += 1;
    }

    // Recursive download into a fresh directory: same messages, same bytes.
    let down = run(
        &client,
        &ours,
        &["cp", "s3://ours/p", "down", "--recursive"],
    );
    let py = moto.python(
        &theirs,
        &[
            "cp",
            "s3://theirs/p",
            "down",
            "--recursive",
            "--no-progress",
        ],
    );
    assert_eq!(down.code, 0, "{down:?}");
    assert_eq!(down.sorted(), swap(&py.out, "s3://theirs/", "s3://ours/"));
    for rel in [
        "a.txt",
        "empty",
        "a b/\u{fc}+x.txt",
        "sub/deep/d.png",
        "100%.txt",
    ] {
        assert_eq!(
            std::fs::read(ours.join("down").join(rel)).unwrap(),
            std::fs::read(ours.join("t").join(rel)).unwrap()
        );
        checks += 1;
    }

    // Single download into a directory and to a file name.
    let d1 = run(&client, &ours, &["cp", "s3://ours/p/sub/c.json", "."]);
    let py = moto.python(
        &theirs,
        &["cp", "s3://theirs/p/sub/c.json", ".", "--no-progress"],
    );
    assert_eq!(d1.out, py.out.replace("s3://theirs/", "s3://ours/"));
    assert_eq!(d1.out, "download: s3://ours/p/sub/c.json to ./c.json\n");
    let missing = run(&client, &ours, &["cp", "s3://ours/nope", "."]);
    assert_eq!(missing.code, 1);
    assert!(
        missing.err.starts_with(
            "fatal error: An error occurred (404) when calling the HeadObject operation"
        ),
        "{}",
        missing.err
    );
    checks += 3;

    // Server-side copy and move.
    let cp = run(
        &client,
        &ours,
        &["cp", "s3://ours/p/a.txt", "s3://ours/copied.txt"],
    );
    assert_eq!(cp.out, "copy: s3://ours/p/a.txt to s3://ours/copied.txt\n");
    let mv = run(
        &client,
        &ours,
        &["mv", "s3://ours/copied.txt", "s3://ours/moved/"],
    );
    assert_eq!(
        mv.out,
        "move: s3://ours/copied.txt to s3://ours/moved/copied.txt\n"
    );
    let ls = run(&client, &ours, &["ls", "s3://ours/copied.txt"]);
    assert_eq!(ls.code, 1);
    checks += 3;

    // Dry runs print and change nothing.
    let dry = run(
        &client,
        &ours,
        &["rm", "s3://ours/p", "--recursive", "--dryrun"],
    );
    let py = moto.python(&theirs, &["rm", "s3://theirs/p", "--recursive", "--dryrun"]);
    assert_eq!(dry.sorted(), swap(&py.out, "s3://theirs/", "s3://ours/"));
    assert!(dry.out.contains("(dryrun) delete: s3://ours/p/empty\n"));
    checks += 2;

    // Recursive delete and bucket removal.
    let rm = run(&client, &ours, &["rm", "s3://ours/p/", "--recursive"]);
    let py = moto.python(&theirs, &["rm", "s3://theirs/p/", "--recursive"]);
    assert_eq!(rm.sorted(), swap(&py.out, "s3://theirs/", "s3://ours/"));
    let rb = run(&client, &ours, &["rb", "s3://ours"]);
    assert_eq!(rb.code, 1);
    assert!(rb.err.contains("BucketNotEmpty"), "{}", rb.err);
    let rb = run(&client, &ours, &["rb", "s3://ours", "--force"]);
    assert_eq!(rb.code, 0, "{rb:?}");
    assert_eq!(
        rb.sorted(),
        [
            "delete: s3://ours/a.txt",
            "delete: s3://ours/moved/copied.txt",
            "remove_bucket: ours"
        ]
    );
    checks += 4;

    // Errors: unknown options and missing arguments are usage errors.
    assert_eq!(
        run(&client, &ours, &["cp", "a", "s3://x/", "--bogus"]).code,
        252
    );
    assert_eq!(run(&client, &ours, &["cp", "a"]).code, 252);
    let failed = run(
        &client,
        &ours,
        &["cp", "t/a.txt", "s3://no-such-bucket/a.txt"],
    );
    let py = moto.python(
        &ours,
        &[
            "cp",
            "t/a.txt",
            "s3://no-such-bucket/a.txt",
            "--no-progress",
        ],
    );
    assert_eq!(
        (failed.code, failed.err.as_str()),
        (py.code, py.err.as_str())
    );
    checks += 3;
    eprintln!("commands: {checks} checks passed");
}
