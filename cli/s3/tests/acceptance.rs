//! Acceptance: keys with spaces, unicode, `+`, `%` and `//` through upload, listing,
//! download and copy; empty files and empty directories; files at the multipart threshold
//! and one byte over; 40 MiB in 8 MiB parts up, down and copied, byte for byte. Compared
//! with the Python CLI on the same server wherever it has an answer.

mod common;

use aws2_s3::api;
use aws2_s3::TransferSettings;
use common::{data, etag, run, run_in, swap, write, Moto, Output};
use std::collections::BTreeMap;
use std::path::Path;

/// `ls --recursive` lines without their dates (sizes and keys only).
fn listing(out: &Output) -> Vec<String> {
    let mut lines: Vec<String> = out.out.lines().map(|l| l[19..].to_owned()).collect();
    lines.sort();
    lines
}

/// Every file and directory under `root` (relative, directories with a trailing `/`) with
/// the files' bytes.
fn local_tree(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fn visit(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                out.insert(format!("{name}/"), None);
                visit(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, Some(std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    visit(root, "", &mut out);
    out
}

fn object_bytes(client: &aws2_client::Client, bucket: &str, key: &str) -> Vec<u8> {
    let out = api::call(
        client,
        "GetObject",
        api::input(vec![("Bucket", api::s(bucket)), ("Key", api::s(key))]),
    )
    .unwrap();
    match out {
        aws2_core::Value::Map(mut map) => match map.shift_remove("Body") {
            Some(aws2_core::Value::Blob(body)) => body,
            other => panic!("no body: {other:?}"),
        },
        other => panic!("not a structure: {other:?}"),
    }
}

/// Names that need encoding in URLs, copy sources and listings.
const SPECIAL: &[&str] = &[
    "sp ace/a b.txt",
    "uni/\u{fc}\u{20ac}\u{1f600}.txt",
    "plus/a+b=c.txt",
    "pct/100%.txt",
    "pct/%41%2F%.txt",
    "sym/a&b$c@d,e;f'(1)~!*.txt",
    "sym/hash#q?.txt",
];

#[test]
fn special_keys_round_trip_like_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    for (i, rel) in SPECIAL.iter().enumerate() {
        write(&dir.join("t"), rel, &data(100 + i, i as u64));
    }
    assert_eq!(moto.python(dir, &["mb", "s3://keys"]).code, 0);
    let mut checks = 0;
    // Runs the same command (`/P` standing for `/mine` and `/theirs`) both ways and
    // compares.
    let both = |args: &[&str]| -> Output {
        let mine: Vec<String> = args.iter().map(|a| a.replace("/P", "/mine")).collect();
        let theirs: Vec<String> = args.iter().map(|a| a.replace("/P", "/theirs")).collect();
        let mine: Vec<&str> = mine.iter().map(String::as_str).collect();
        let mut theirs: Vec<&str> = theirs.iter().map(String::as_str).collect();
        theirs.push("--no-progress");
        let ours = run(&client, dir, &mine);
        let py = moto.python(dir, &theirs);
        assert_eq!((ours.code, py.code), (0, 0), "{args:?}: {ours:?} {py:?}");
        assert_eq!(
            swap(&ours.out, "mine", "theirs"),
            swap(&py.out, "", ""),
            "{args:?}"
        );
        ours
    };

    // Uploads: a tree, and a key with `//` (which no local path has).
    let up = both(&["cp", "t", "s3://keys/P/", "--recursive"]);
    assert!(up
        .out
        .contains("upload: t/pct/100%.txt to s3://keys/mine/pct/100%.txt\n"));
    both(&["cp", "t/plus/a+b=c.txt", "s3://keys/P//dbl//x y+z.txt"]);
    checks += 2;

    // Listings: the keys come back as written, in the same layout.
    let mine = run(&client, dir, &["ls", "s3://keys/mine/", "--recursive"]);
    let theirs = run(&client, dir, &["ls", "s3://keys/theirs/", "--recursive"]);
    assert_eq!(
        listing(&mine),
        listing(&theirs)
            .iter()
            .map(|l| l.replace("theirs/", "mine/"))
            .collect::<Vec<_>>()
    );
    assert_eq!(mine.out.lines().count(), SPECIAL.len() + 1);
    assert!(mine.out.contains(" mine//dbl//x y+z.txt\n"), "{}", mine.out);
    for args in [
        vec!["ls", "s3://keys/mine/pct/"],
        vec!["ls", "s3://keys/mine//"],
        vec!["ls", "s3://keys/mine//dbl/"],
        vec!["ls", "s3://keys/mine/sym/hash#q?.txt"],
        vec!["ls", "s3://keys/mine/", "--recursive", "--summarize"],
    ] {
        let ours = run(&client, dir, &args);
        let py = moto.python(dir, &args);
        assert_eq!(
            (ours.code, ours.out.as_str()),
            (py.code, py.out.as_str()),
            "{args:?}"
        );
        checks += 1;
    }
    checks += 3;

    // Downloads: the same files, the `//` key below the destination directory.
    let down = run(
        &client,
        dir,
        &["cp", "s3://keys/mine/", "down-mine", "--recursive"],
    );
    let py = moto.python(
        dir,
        &[
            "cp",
            "s3://keys/mine/",
            "down-theirs",
            "--recursive",
            "--no-progress",
        ],
    );
    assert_eq!((down.code, py.code), (0, 0), "{down:?} {py:?}");
    assert_eq!(
        swap(&down.out, "down-mine", "down-theirs"),
        swap(&py.out, "", "")
    );
    assert!(down
        .out
        .contains("download: s3://keys/mine//dbl//x y+z.txt to down-mine/dbl/x y+z.txt\n"));
    let ours = local_tree(&dir.join("down-mine"));
    assert_eq!(ours, local_tree(&dir.join("down-theirs")));
    for rel in SPECIAL {
        assert_eq!(
            ours[*rel].as_deref(),
            Some(&std::fs::read(dir.join("t").join(rel)).unwrap()[..]),
            "{rel}"
        );
    }
    assert_eq!(
        ours["dbl/x y+z.txt"].as_deref(),
        Some(&std::fs::read(dir.join("t/plus/a+b=c.txt")).unwrap()[..])
    );
    let one = run(&client, dir, &["cp", "s3://keys/mine//dbl//x y+z.txt", "."]);
    assert_eq!(
        one.out,
        "download: s3://keys/mine//dbl//x y+z.txt to ./x y+z.txt\n"
    );
    checks += 4 + SPECIAL.len();

    // A key that is not there: the message names it, as the Python CLI's does.
    for args in [
        vec!["cp", "s3://keys/mine/sp ace/none+%.txt", "."],
        vec!["mv", "s3://keys/mine/sp ace/none+%.txt", "s3://keys/x"],
    ] {
        let ours = run(&client, dir, &args);
        let py = moto.python(dir, &args);
        assert_eq!((ours.code, ours.err.as_str()), (py.code, py.err.as_str()));
        assert!(ours
            .err
            .contains("Key \"mine/sp ace/none+%.txt\" does not exist"));
        checks += 1;
    }

    // Server-side copies (the copy source is percent-encoded), then back down.
    let copy = run(
        &client,
        dir,
        &["cp", "s3://keys/mine/", "s3://keys/copy/", "--recursive"],
    );
    let py = moto.python(
        dir,
        &[
            "cp",
            "s3://keys/mine/",
            "s3://keys/pycopy/",
            "--recursive",
            "--no-progress",
        ],
    );
    assert_eq!(copy.code, 0, "{copy:?}");
    assert_eq!(
        swap(&copy.out, "s3://keys/copy/", "s3://keys/pycopy/"),
        swap(&py.out, "", "")
    );
    let copied = run(&client, dir, &["ls", "s3://keys/copy/", "--recursive"]);
    assert_eq!(
        listing(&copied),
        listing(&mine)
            .iter()
            .map(|l| l.replacen("mine/", "copy/", 1))
            .collect::<Vec<_>>()
    );
    let back = run(
        &client,
        dir,
        &["cp", "s3://keys/copy/", "down-copy", "--recursive"],
    );
    assert_eq!(back.code, 0);
    assert_eq!(local_tree(&dir.join("down-copy")), ours);
    let single = run(
        &client,
        dir,
        &["cp", "s3://keys/mine/pct/%41%2F%.txt", "s3://keys/single/"],
    );
    assert_eq!(
        single.out,
        "copy: s3://keys/mine/pct/%41%2F%.txt to s3://keys/single/%41%2F%.txt\n"
    );
    assert!(
        object_bytes(&client, "keys", "single/%41%2F%.txt")
            == std::fs::read(dir.join("t/pct/%41%2F%.txt")).unwrap()
    );
    checks += 5;

    // A second sync finds every key in place: nothing to do, as for the Python CLI.
    let again = run(&client, dir, &["sync", "t", "s3://keys/mine/"]);
    let py = moto.python(dir, &["sync", "t", "s3://keys/theirs/", "--no-progress"]);
    assert_eq!((again.code, again.out.as_str()), (0, ""), "{again:?}");
    assert_eq!((py.code, py.out.as_str()), (0, ""));
    checks += 2;
    eprintln!("special keys: {checks} checks passed");
}

#[test]
fn empty_files_and_directories_like_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write(dir, "e/empty.txt", b"");
    write(dir, "e/sub/also-empty", b"");
    write(dir, "e/full.txt", b"x");
    for d in ["e/empty-dir", "e/nested/empty", "e/sub/hollow"] {
        std::fs::create_dir_all(dir.join(d)).unwrap();
    }
    assert_eq!(moto.python(dir, &["mb", "s3://empty"]).code, 0);
    let mut checks = 0;

    // Uploads and syncs skip empty directories and send empty files.
    for args in [
        vec!["cp", "e", "s3://empty/P/", "--recursive"],
        vec!["sync", "e", "s3://empty/P-sync/"],
        vec!["cp", "e/empty.txt", "s3://empty/P-one"],
    ] {
        let mine: Vec<String> = args.iter().map(|a| a.replace("/P", "/mine")).collect();
        let mine: Vec<&str> = mine.iter().map(String::as_str).collect();
        let theirs: Vec<String> = args.iter().map(|a| a.replace("/P", "/theirs")).collect();
        let mut theirs: Vec<&str> = theirs.iter().map(String::as_str).collect();
        theirs.push("--no-progress");
        let ours = run(&client, dir, &mine);
        let py = moto.python(dir, &theirs);
        assert_eq!((ours.code, py.code), (0, 0), "{args:?}: {ours:?} {py:?}");
        assert_eq!(swap(&ours.out, "mine", "theirs"), swap(&py.out, "", ""));
        checks += 2;
    }
    let mine = run(&client, dir, &["ls", "s3://empty/", "--recursive"]);
    let lines = listing(&mine);
    let (ours, theirs): (Vec<_>, Vec<_>) = lines.iter().partition(|l| l.contains(" mine"));
    assert_eq!(
        ours.iter()
            .map(|l| l.replace("mine", "theirs"))
            .collect::<Vec<_>>(),
        theirs.iter().map(|l| l.to_string()).collect::<Vec<_>>()
    );
    assert_eq!(ours.len(), 7, "{ours:?}");
    assert!(
        ours.contains(&&"          0 mine/empty.txt".to_owned()),
        "{ours:?}"
    );
    checks += 3;

    // A directory marker (an empty key ending in `/`) is not downloaded; empty objects are.
    let marker = api::call(
        &client,
        "PutObject",
        api::input(vec![
            ("Bucket", api::s("empty")),
            ("Key", api::s("mine/marker/")),
            ("Body", aws2_core::Value::Blob(Vec::new())),
        ]),
    );
    assert!(marker.is_ok(), "{marker:?}");
    let down = run(
        &client,
        dir,
        &["cp", "s3://empty/mine", "d-mine", "--recursive"],
    );
    let py = moto.python(
        dir,
        &[
            "cp",
            "s3://empty/mine",
            "d-theirs",
            "--recursive",
            "--no-progress",
        ],
    );
    assert_eq!((down.code, py.code), (0, 0), "{down:?} {py:?}");
    assert_eq!(swap(&down.out, "d-mine", "d-theirs"), swap(&py.out, "", ""));
    let tree = local_tree(&dir.join("d-mine"));
    assert_eq!(tree, local_tree(&dir.join("d-theirs")));
    assert_eq!(tree["empty.txt"].as_deref(), Some(&b""[..]));
    assert_eq!(tree["sub/also-empty"].as_deref(), Some(&b""[..]));
    assert!(!tree.contains_key("marker/") && !tree.contains_key("empty-dir/"));
    checks += 5;

    // A single empty object: down, and copied on the server.
    let one = run(&client, dir, &["cp", "s3://empty/mine-one", "one.back"]);
    assert_eq!(one.code, 0);
    assert_eq!(std::fs::read(dir.join("one.back")).unwrap(), b"");
    let copy = run(
        &client,
        dir,
        &["cp", "s3://empty/mine-one", "s3://empty/mine-two"],
    );
    assert_eq!(copy.code, 0);
    assert!(object_bytes(&client, "empty", "mine-two").is_empty());
    checks += 3;
    eprintln!("empty files and directories: {checks} checks passed");
}

#[test]
fn forty_mib_in_eight_mib_parts_and_the_threshold_like_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let settings = TransferSettings {
        multipart_threshold: 8 << 20,
        multipart_chunksize: 8 << 20,
        ..TransferSettings::default()
    };
    assert_eq!(run(&client, dir, &["mb", "s3://big"]).code, 0);
    let mut checks = 0;

    // 40 MiB: five parts up, ranged GETs down, five UploadPartCopy parts on the server.
    let big = data(40 << 20, 11);
    std::fs::write(dir.join("big.bin"), &big).unwrap();
    let up = run_in(
        &client,
        dir,
        settings,
        &["cp", "big.bin", "s3://big/big.bin"],
    );
    assert_eq!(
        (up.code, up.out.as_str()),
        (0, "upload: ./big.bin to s3://big/big.bin\n"),
        "{up:?}"
    );
    let tag = etag(&client, "big", "big.bin");
    assert!(tag.ends_with("-5\""), "{tag}");
    let py = moto.python(dir, &["cp", "big.bin", "s3://big/py.bin", "--no-progress"]);
    assert_eq!(py.code, 0);
    assert_eq!(etag(&client, "big", "py.bin"), tag, "the same parts");
    checks += 3;

    let down = run_in(
        &client,
        dir,
        settings,
        &["cp", "s3://big/big.bin", "down.bin"],
    );
    assert_eq!(down.out, "download: s3://big/big.bin to ./down.bin\n");
    assert!(std::fs::read(dir.join("down.bin")).unwrap() == big);
    checks += 2;

    let copy = run_in(
        &client,
        dir,
        settings,
        &["cp", "s3://big/big.bin", "s3://big/copy.bin"],
    );
    assert_eq!(
        copy.out, "copy: s3://big/big.bin to s3://big/copy.bin\n",
        "{copy:?}"
    );
    assert!(etag(&client, "big", "copy.bin").ends_with("-5\""));
    assert!(object_bytes(&client, "big", "copy.bin") == big);
    checks += 3;

    // At the threshold one part, one byte over two, one byte under a single PUT: the same
    // ETags as the Python CLI's uploads of the same files.
    for (name, len, suffix) in [
        ("under", (8 << 20) - 1, None),
        ("exact", 8 << 20, Some("-1\"")),
        ("over", (8 << 20) + 1, Some("-2\"")),
    ] {
        let bytes = &big[..len];
        std::fs::write(dir.join(name), bytes).unwrap();
        let up = run_in(
            &client,
            dir,
            settings,
            &["cp", name, &format!("s3://big/{name}")],
        );
        assert_eq!(up.code, 0, "{up:?}");
        let ours = etag(&client, "big", name);
        match suffix {
            Some(s) => assert!(ours.ends_with(s), "{name}: {ours}"),
            None => assert!(!ours.contains('-'), "{name}: {ours}"),
        }
        let py = moto.python(
            dir,
            &["cp", name, &format!("s3://big/py-{name}"), "--no-progress"],
        );
        assert_eq!(py.code, 0);
        assert_eq!(etag(&client, "big", &format!("py-{name}")), ours, "{name}");
        let back = format!("{name}.back");
        let down = run_in(
            &client,
            dir,
            settings,
            &["cp", &format!("s3://big/{name}"), &back],
        );
        assert_eq!(down.code, 0, "{down:?}");
        assert!(std::fs::read(dir.join(&back)).unwrap() == bytes, "{name}");
        checks += 4;
    }
    eprintln!("forty MiB and the threshold: {checks} checks passed");
}
