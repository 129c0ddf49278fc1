//! The user guide's `sync` walkthrough (`--delete`, `--exclude`, `--include`), step by step,
//! with the Python CLI doing the same steps on a twin directory and bucket.

mod common;

use common::{run, write, Moto};
use std::path::Path;

#[test]
fn guide_sync_walkthrough_matches_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let ours = work.path().join("ours");
    let theirs = work.path().join("theirs");
    for (dir, bucket) in [(&ours, "guide-ours"), (&theirs, "guide-theirs")] {
        write(dir, "MyFile1.txt", b"1");
        write(dir, "MyFile2.txt", b"22");
        write(dir, "MySubdirectory/MyFile3.txt", b"333");
        assert_eq!(moto.python(dir, &["mb", &format!("s3://{bucket}")]).code, 0);
    }
    let mut checks = 0;
    let mut step = |args: &[&str], local: &dyn Fn(&Path)| {
        local(&ours);
        local(&theirs);
        let mine_args: Vec<String> = args
            .iter()
            .map(|a| a.replace("BUCKET", "guide-ours"))
            .collect();
        let mut py_args: Vec<String> = args
            .iter()
            .map(|a| a.replace("BUCKET", "guide-theirs"))
            .collect();
        if args[0] != "rm" {
            py_args.push("--no-progress".into());
        }
        let mine_refs: Vec<&str> = mine_args.iter().map(String::as_str).collect();
        let py_refs: Vec<&str> = py_args.iter().map(String::as_str).collect();
        let mine = run(&client, &ours, &mine_refs);
        let py = moto.python(&theirs, &py_refs);
        let mut expected: Vec<String> = py
            .out
            .lines()
            .map(|l| l.replace("guide-theirs", "guide-ours"))
            .collect();
        expected.sort();
        assert_eq!(mine.sorted(), expected, "aws s3 {args:?}");
        assert_eq!(mine.code, py.code, "aws s3 {args:?}");
        checks += 1;
        mine
    };
    let nothing = |_: &Path| {};
    let first = step(&["sync", ".", "s3://BUCKET/path"], &nothing);
    assert_eq!(first.out.lines().count(), 3);
    step(&["sync", ".", "s3://BUCKET/path"], &|d| {
        std::fs::remove_file(d.join("MyFile1.txt")).unwrap()
    });
    let del = step(&["sync", ".", "s3://BUCKET/path", "--delete"], &nothing);
    assert_eq!(del.out, "delete: s3://guide-ours/path/MyFile1.txt\n");
    step(
        &["rm", "s3://BUCKET/path/MySubdirectory/MyFile3.txt"],
        &nothing,
    );
    let local = step(&["sync", "s3://BUCKET/path", ".", "--delete"], &nothing);
    assert_eq!(local.out, "delete: MySubdirectory/MyFile3.txt\n");
    step(
        &[
            "sync",
            ".",
            "s3://BUCKET/path",
            "--storage-class",
            "STANDARD_IA",
        ],
        &nothing,
    );

    // The filter walkthrough in a fresh prefix.
    let three = |d: &Path| {
        for f in ["MyFile1.txt", "MyFile2.txt", "MySubdirectory/MyFile3.txt"] {
            let _ = std::fs::remove_file(d.join(f));
        }
        write(d, "MyFile1.txt", b"1");
        write(d, "MyFile2.rtf", b"22");
        write(d, "MyFile88.txt", b"88");
    };
    let ex = step(
        &["sync", ".", "s3://BUCKET/f1", "--exclude", "*.txt"],
        &three,
    );
    assert_eq!(
        ex.out,
        "upload: ./MyFile2.rtf to s3://guide-ours/f1/MyFile2.rtf\n"
    );
    let inc = step(
        &[
            "sync",
            ".",
            "s3://BUCKET/f2",
            "--exclude",
            "*.txt",
            "--include",
            "MyFile*.txt",
        ],
        &nothing,
    );
    assert_eq!(inc.out.lines().count(), 3);
    let again = step(
        &[
            "sync",
            ".",
            "s3://BUCKET/f3",
            "--exclude",
            "*.txt",
            "--include",
            "MyFile*.txt",
            "--exclude",
            "MyFile?.txt",
        ],
        &nothing,
    );
    assert_eq!(
        again.sorted(),
        [
            "upload: ./MyFile2.rtf to s3://guide-ours/f3/MyFile2.rtf",
            "upload: ./MyFile88.txt to s3://guide-ours/f3/MyFile88.txt"
        ]
    );

    // Deletions filtered in the destination's terms.
    step(&["sync", ".", "s3://BUCKET/path", "--delete"], &nothing);
    let rm_txt = |d: &Path| {
        std::fs::remove_file(d.join("MyFile1.txt")).unwrap();
        std::fs::remove_file(d.join("MyFile88.txt")).unwrap();
    };
    step(
        &[
            "sync",
            ".",
            "s3://BUCKET/path",
            "--delete",
            "--exclude",
            "MyFile?.txt",
        ],
        &rm_txt,
    );
    step(&["rm", "s3://BUCKET/path/MyFile2.rtf"], &nothing);
    step(
        &[
            "sync",
            "s3://BUCKET/path",
            ".",
            "--delete",
            "--exclude",
            "MyFile2.rtf",
        ],
        &nothing,
    );
    let last = step(&["sync", "s3://BUCKET/path", ".", "--delete"], &nothing);
    assert_eq!(last.out, "delete: ./MyFile2.rtf\n");
    eprintln!("guide walkthrough: {checks} steps agree with the Python CLI");
}
