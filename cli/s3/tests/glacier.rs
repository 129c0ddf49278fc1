//! Objects in the archive storage classes (GLACIER, DEEP_ARCHIVE) are left out of downloads
//! and copies with the Python CLI's warning (exit 2), silently with
//! `--ignore-glacier-warnings`, and tried anyway with `--force-glacier-transfer`.

mod common;

use common::{run, sorted, swap, write, Moto};

#[test]
fn archived_objects_are_skipped_like_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let ours = work.path().join("ours");
    let theirs = work.path().join("theirs");
    std::fs::create_dir_all(&ours).unwrap();
    std::fs::create_dir_all(&theirs).unwrap();
    write(&theirs, "f.txt", b"archived or not");
    assert_eq!(moto.python(&theirs, &["mb", "s3://ice"]).code, 0);
    for (key, class) in [
        ("cold.txt", "GLACIER"),
        ("deep.txt", "DEEP_ARCHIVE"),
        ("warm.txt", "STANDARD"),
        ("ir.txt", "GLACIER_IR"),
    ] {
        let dest = format!("s3://ice/src/{key}");
        let up = moto.python(&theirs, &["cp", "f.txt", &dest, "--storage-class", class]);
        assert_eq!(up.code, 0, "{up:?}");
    }
    let mut codes = Vec::new();
    for args in [
        &["cp", "s3://ice/src", "d", "--recursive"][..],
        &[
            "cp",
            "s3://ice/src",
            "d",
            "--recursive",
            "--ignore-glacier-warnings",
        ],
        &["cp", "s3://ice/src/cold.txt", "one.txt"],
        &["cp", "s3://ice/src/deep.txt", "s3://ice/@/deep.txt"],
        &["cp", "s3://ice/src/", "s3://ice/@/all/", "--recursive"],
        &["sync", "s3://ice/src", "s"],
        &["sync", "s3://ice/src", "s3://ice/@/s"],
        &["mv", "s3://ice/src/cold.txt", "moved.txt"],
        &[
            "cp",
            "s3://ice/src/cold.txt",
            "forced.txt",
            "--force-glacier-transfer",
        ],
    ] {
        let mine_args: Vec<String> = args.iter().map(|a| a.replace('@', "ours")).collect();
        let mine_args: Vec<&str> = mine_args.iter().map(String::as_str).collect();
        let mut py_args: Vec<String> = args.iter().map(|a| a.replace('@', "theirs")).collect();
        py_args.push("--no-progress".into());
        let py_args: Vec<&str> = py_args.iter().map(String::as_str).collect();
        let mine = run(&client, &ours, &mine_args);
        let py = moto.python(&theirs, &py_args);
        assert_eq!(mine.code, py.code, "{args:?}: {mine:?} / {py:?}");
        assert_eq!(
            mine.sorted(),
            swap(&py.out, "s3://ice/theirs/", "s3://ice/ours/"),
            "{args:?}"
        );
        assert_eq!(
            sorted(&mine.err),
            swap(&py.err, "s3://ice/theirs/", "s3://ice/ours/"),
            "{args:?}"
        );
        codes.push(mine.code);
    }
    // Skipped with warnings (2), silently (0), and a forced download that the archive refuses (1).
    assert_eq!(codes, [2, 0, 2, 2, 2, 2, 2, 2, 1]);
    // The archived object that `mv` left out is still there.
    let left = run(&client, &ours, &["ls", "s3://ice/src/cold.txt"]);
    assert_eq!(left.code, 0, "{left:?}");
    eprintln!(
        "archived objects: {} commands agree with the Python CLI",
        codes.len()
    );
}
