//! `--sse`, the SSE-C options, `--source-region` and `--follow-symlinks`: parsed and checked as
//! the Python CLI does, and their effect on the requests, against moto (behind a proxy that
//! checks customer keys as S3 does, since moto ignores them) and the Python CLI.

mod common;

use aws2_s3::api;
use aws2_s3::TransferSettings;
use common::{
    client_for, data, fails_alike, python_at, run, run_in, run_with_source, sorted, write, Moto,
};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A 32-byte key given as text.
const KEY: &str = "0123456789abcdef0123456789abcdef";

/// `tests/data/sse_c_proxy.py` in front of a server: rejects reads, parts and copies whose
/// customer key does not match the one the object was written with.
struct KeyCheckingProxy {
    child: Child,
    url: String,
}

impl KeyCheckingProxy {
    fn start(upstream: &str) -> KeyCheckingProxy {
        let mut child = Command::new("python3")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/sse_c_proxy.py"
            ))
            .arg(upstream)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 is installed");
        // The proxy listens before it prints its port.
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port: u16 = line.trim().parse().expect("the proxy prints its port");
        KeyCheckingProxy {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for KeyCheckingProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn head(client: &aws2_client::Client, bucket: &str, key: &str) -> aws2_core::Value {
    api::call(
        client,
        "HeadObject",
        api::input(vec![("Bucket", api::s(bucket)), ("Key", api::s(key))]),
    )
    .unwrap()
}

/// The same failure as the Python CLI: exit code and message (the Python CLI puts an empty
/// line before the messages of its exit-255 errors and `usage: …` before usage errors).
#[test]
fn sse_options_are_parsed_and_checked_like_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write(dir, "a.txt", b"a");
    assert_eq!(run(&client, dir, &["mb", "s3://sse"]).code, 0);
    let mut checks = 0;
    let cases: &[&[&str]] = &[
        &["cp", "a.txt", "s3://sse/", "--sse-c"],
        &["cp", "a.txt", "s3://sse/", "--sse-c", "AES256"],
        &["cp", "a.txt", "s3://sse/", "--sse-c-key", KEY],
        &["cp", "a.txt", "s3://sse/", "--sse-c", "--sse-c-key="],
        &["cp", "a.txt", "s3://sse/", "--sse-c", "--sse-c-key"],
        &[
            "cp",
            "a.txt",
            "s3://sse/",
            "--sse-c",
            "AES25",
            "--sse-c-key",
            KEY,
        ],
        &["cp", "a.txt", "s3://sse/", "--sse", "foo"],
        &["cp", "--sse", "a.txt", "s3://sse/"],
        &["cp", "a.txt", "s3://sse/", "--content-type", "--dryrun"],
        &[
            "cp",
            "a.txt",
            "s3://sse/",
            "--sse-c-copy-source",
            "--sse-c-copy-source-key",
            KEY,
        ],
        &["cp", "s3://sse/a", "s3://sse/b", "--sse-c-copy-source"],
        &[
            "cp",
            "s3://sse/a",
            "s3://sse/b",
            "--sse-c-copy-source-key",
            KEY,
        ],
        &[
            "sync",
            ".",
            "s3://sse/",
            "--sse-c-copy-source",
            "--sse-c-copy-source-key",
            KEY,
        ],
        &[
            "cp",
            "-",
            "s3://sse/x",
            "--sse-c-copy-source",
            "--sse-c-copy-source-key",
            KEY,
        ],
        &["cp", "missing.txt", "s3://sse/", "--sse-c"],
        &["mv", "s3://sse/a", "down", "--sse-c-key", KEY],
    ];
    for args in cases {
        let mine = run(&client, dir, args);
        let py = moto.python(dir, args);
        fails_alike(&mine, &py, args);
        checks += 1;
    }

    // `--sse` alone is AES256; a value may follow it, before or after the paths.
    for (args, key, expected) in [
        (
            vec!["cp", "a.txt", "s3://sse/plain", "--sse"],
            "plain",
            "AES256",
        ),
        (
            vec!["cp", "--sse", "aws:kms", "a.txt", "s3://sse/kms"],
            "kms",
            "aws:kms",
        ),
        (
            vec![
                "cp",
                "a.txt",
                "s3://sse/eq",
                "--sse=AES256",
                "--no-progress",
            ],
            "eq",
            "AES256",
        ),
    ] {
        let mine = run(&client, dir, &args);
        assert_eq!(mine.code, 0, "{mine:?}");
        let out = head(&client, "sse", key);
        assert_eq!(
            api::text(&out, "ServerSideEncryption"),
            Some(expected),
            "{args:?}"
        );
        checks += 2;
    }
    let dry = run(
        &client,
        dir,
        &["cp", "a.txt", "s3://sse/d", "--sse", "--dryrun"],
    );
    let py = moto.python(dir, &["cp", "a.txt", "s3://sse/d", "--sse", "--dryrun"]);
    assert_eq!((dry.code, dry.out.as_str()), (py.code, py.out.as_str()));
    checks += 1;
    eprintln!("sse options: {checks} checks passed");
}

#[test]
fn customer_keys_on_uploads_downloads_and_copies() {
    let moto = Moto::start();
    let proxy = KeyCheckingProxy::start(&moto.url);
    let client = client_for(&proxy.url);
    let python = |dir: &Path, args: &[&str]| {
        let mut args = args.to_vec();
        args.push("--no-progress");
        python_at(&proxy.url, dir, &args)
    };
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    // Multipart transfers from 5 MiB: the 11 MiB object goes in three parts.
    let settings = TransferSettings {
        multipart_threshold: 5 << 20,
        multipart_chunksize: 5 << 20,
        max_concurrent_requests: 4,
        ..TransferSettings::default()
    };
    let small = data(1000, 1);
    let big = data((11 << 20) + 5, 2);
    std::fs::write(dir.join("small.bin"), &small).unwrap();
    std::fs::write(dir.join("big.bin"), &big).unwrap();
    // A binary key (not UTF-8), read from a file.
    let binary_key: Vec<u8> = (0..32u8)
        .map(|i| i.wrapping_mul(37).wrapping_add(200))
        .collect();
    std::fs::write(dir.join("key.bin"), &binary_key).unwrap();
    let mut checks = 0;
    assert_eq!(run(&client, dir, &["mb", "s3://ssec"]).code, 0);

    // Uploads: one request, and a multipart upload whose parts carry the key.
    let up = run(
        &client,
        dir,
        &[
            "cp",
            "small.bin",
            "s3://ssec/small.bin",
            "--sse-c",
            "--sse-c-key",
            KEY,
        ],
    );
    assert_eq!(
        (up.code, up.out.as_str()),
        (0, "upload: ./small.bin to s3://ssec/small.bin\n"),
        "{up:?}"
    );
    let up = run_in(
        &client,
        dir,
        settings,
        &[
            "cp",
            "big.bin",
            "s3://ssec/big.bin",
            "--sse-c",
            "AES256",
            "--sse-c-key",
            "fileb://key.bin",
        ],
    );
    assert_eq!(up.code, 0, "{up:?}");
    checks += 2;

    // Without the key, or with another one, the object cannot be read: the same errors as
    // the Python CLI's.
    for args in [
        vec!["cp", "s3://ssec/small.bin", "out.bin"],
        vec![
            "cp",
            "s3://ssec/small.bin",
            "out.bin",
            "--sse-c",
            "--sse-c-key",
            "fileb://key.bin",
        ],
        vec!["cp", "s3://ssec/small.bin", "s3://ssec/copy.bin"],
    ] {
        let mine = run(&client, dir, &args);
        let py = python(dir, &args);
        fails_alike(&mine, &py, &args);
        assert!(mine.err.contains("HeadObject"), "{mine:?}");
        checks += 1;
    }
    assert!(!dir.join("out.bin").exists());

    // Downloads with the key: the planning HeadObject, one GET, then ranged GETs.
    let down = run(
        &client,
        dir,
        &[
            "cp",
            "s3://ssec/small.bin",
            "small.back",
            "--sse-c",
            "--sse-c-key",
            KEY,
        ],
    );
    assert_eq!(
        (down.code, down.out.as_str()),
        (0, "download: s3://ssec/small.bin to ./small.back\n"),
        "{down:?}"
    );
    assert!(std::fs::read(dir.join("small.back")).unwrap() == small);
    let down = run_in(
        &client,
        dir,
        settings,
        &[
            "cp",
            "s3://ssec/big.bin",
            "big.back",
            "--sse-c",
            "--sse-c-key",
            "fileb://key.bin",
        ],
    );
    assert_eq!(down.code, 0, "{down:?}");
    assert!(std::fs::read(dir.join("big.back")).unwrap() == big);
    // A recursive download lists, then sends the key with each GET.
    let down = run(
        &client,
        dir,
        &[
            "cp",
            "s3://ssec/",
            "tree",
            "--recursive",
            "--exclude",
            "big.bin",
            "--sse-c",
            "--sse-c-key",
            KEY,
        ],
    );
    assert_eq!(
        down.out,
        "download: s3://ssec/small.bin to tree/small.bin\n"
    );
    assert!(std::fs::read(dir.join("tree/small.bin")).unwrap() == small);
    checks += 4;

    // The Python CLI reads what we wrote, and we read what it wrote.
    let py = python(
        dir,
        &[
            "cp",
            "s3://ssec/big.bin",
            "py.bin",
            "--sse-c",
            "--sse-c-key",
            "fileb://key.bin",
        ],
    );
    assert_eq!(py.code, 0, "{py:?}");
    assert!(std::fs::read(dir.join("py.bin")).unwrap() == big);
    let py = python(
        dir,
        &[
            "cp",
            "small.bin",
            "s3://ssec/py-small.bin",
            "--sse-c",
            "--sse-c-key",
            KEY,
        ],
    );
    assert_eq!(py.code, 0, "{py:?}");
    let ours = run(
        &client,
        dir,
        &[
            "cp",
            "s3://ssec/py-small.bin",
            "py-small.back",
            "--sse-c",
            "--sse-c-key",
            KEY,
        ],
    );
    assert_eq!(ours.code, 0, "{ours:?}");
    assert!(std::fs::read(dir.join("py-small.back")).unwrap() == small);
    checks += 2;

    // Copies: the source's key decrypts, the destination's key encrypts; in parts too.
    let copy = run_in(
        &client,
        dir,
        settings,
        &[
            "cp",
            "s3://ssec/big.bin",
            "s3://ssec/big-copy.bin",
            "--sse-c-copy-source",
            "--sse-c-copy-source-key",
            "fileb://key.bin",
            "--sse-c",
            "--sse-c-key",
            KEY,
        ],
    );
    assert_eq!(
        (copy.code, copy.out.as_str()),
        (0, "copy: s3://ssec/big.bin to s3://ssec/big-copy.bin\n"),
        "{copy:?}"
    );
    let back = run_in(
        &client,
        dir,
        settings,
        &[
            "cp",
            "s3://ssec/big-copy.bin",
            "big-copy.back",
            "--sse-c",
            "--sse-c-key",
            KEY,
        ],
    );
    assert_eq!(back.code, 0, "{back:?}");
    assert!(std::fs::read(dir.join("big-copy.back")).unwrap() == big);
    let stale = run(
        &client,
        dir,
        &[
            "cp",
            "s3://ssec/big-copy.bin",
            "stale.bin",
            "--sse-c",
            "--sse-c-key",
            "fileb://key.bin",
        ],
    );
    assert_eq!(stale.code, 1, "{stale:?}");
    checks += 3;

    // A copy that decrypts only, recursive: the copies are plain objects.
    let copy = run(
        &client,
        dir,
        &[
            "cp",
            "s3://ssec/",
            "s3://ssec/plain/",
            "--recursive",
            "--exclude",
            "*",
            "--include",
            "*small.bin",
            "--sse-c-copy-source",
            "AES256",
            "--sse-c-copy-source-key",
            KEY,
        ],
    );
    assert_eq!(
        sorted(&copy.out),
        [
            "copy: s3://ssec/py-small.bin to s3://ssec/plain/py-small.bin",
            "copy: s3://ssec/small.bin to s3://ssec/plain/small.bin"
        ],
        "{copy:?}"
    );
    let plain = run(
        &client,
        dir,
        &["cp", "s3://ssec/plain/small.bin", "plain.bin"],
    );
    assert_eq!(plain.code, 0, "{plain:?}");
    assert!(std::fs::read(dir.join("plain.bin")).unwrap() == small);
    checks += 2;

    // mv between keys: the HeadObject of planning and the copy carry the source's key.
    let mv = run(
        &client,
        dir,
        &[
            "mv",
            "s3://ssec/small.bin",
            "s3://ssec/moved.bin",
            "--sse-c-copy-source",
            "--sse-c-copy-source-key",
            KEY,
            "--sse-c",
            "--sse-c-key",
            KEY,
        ],
    );
    assert_eq!(
        (mv.code, mv.out.as_str()),
        (0, "move: s3://ssec/small.bin to s3://ssec/moved.bin\n"),
        "{mv:?}"
    );
    let gone = run(&client, dir, &["ls", "s3://ssec/small.bin"]);
    assert_eq!(gone.code, 1);
    checks += 2;
    eprintln!("customer keys: {checks} checks passed");
}

#[test]
fn source_region_client_lists_and_heads_the_source() {
    let region = |sub: &str, words: &[&str]| {
        let words: Vec<String> = words.iter().map(|w| (*w).to_owned()).collect();
        let args = aws2_cli::command::s3::parse(sub, &words).unwrap();
        aws2_s3::source_region(sub, &args)
    };
    assert_eq!(
        region("cp", &["s3://a/k", "s3://b/k", "--source-reg", "eu-west-1"]),
        Some("eu-west-1".into())
    );
    assert_eq!(
        region("sync", &["s3://a/", "d", "--source-region", "eu-west-1"]),
        None
    );
    assert_eq!(region("rm", &["s3://a/k", "--recursive"]), None);
    assert!(
        aws2_cli::command::s3::parse("rm", &["s3://a/k".into(), "--source-region=x".into()])
            .is_err()
    );
    // Two servers stand for two regions. The destination's server also holds the source's
    // objects (a server-side copy in the destination's region reads them), all but one.
    let dest_region = Moto::start();
    let source_region = Moto::start();
    let dest = dest_region.client();
    let source = source_region.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write(dir, "t/a.txt", b"aaa");
    write(dir, "t/d/b.txt", b"bb");
    for server in [&dest_region, &source_region] {
        assert_eq!(server.python(dir, &["mb", "s3://src"]).code, 0);
        let up = server.python(
            dir,
            &["cp", "t", "s3://src/", "--recursive", "--no-progress"],
        );
        assert_eq!(up.code, 0, "{up:?}");
    }
    write(dir, "only.txt", b"o");
    let up = source_region.python(dir, &["cp", "only.txt", "s3://src/", "--no-progress"]);
    assert_eq!(up.code, 0);
    assert_eq!(dest_region.python(dir, &["mb", "s3://dst"]).code, 0);
    let up = dest_region.python(dir, &["cp", "t/a.txt", "s3://dst/", "--no-progress"]);
    assert_eq!(up.code, 0);
    let settings = TransferSettings::default();
    let mut checks = 0;

    // Listing and HeadObject go to the source's client.
    let all = run_with_source(
        &dest,
        &source,
        dir,
        settings,
        &["cp", "s3://src/", "s3://dst/", "--recursive", "--dryrun"],
    );
    assert_eq!(
        sorted(&all.out),
        [
            "(dryrun) copy: s3://src/a.txt to s3://dst/a.txt",
            "(dryrun) copy: s3://src/d/b.txt to s3://dst/d/b.txt",
            "(dryrun) copy: s3://src/only.txt to s3://dst/only.txt",
        ],
        "{all:?}"
    );
    let without = run_in(
        &dest,
        dir,
        settings,
        &["cp", "s3://src/", "s3://dst/", "--recursive", "--dryrun"],
    );
    assert_eq!(without.sorted().len(), 2, "{without:?}");
    let one = run_with_source(
        &dest,
        &source,
        dir,
        settings,
        &["cp", "s3://src/only.txt", "s3://dst/", "--dryrun"],
    );
    assert_eq!(
        (one.code, one.out.as_str()),
        (0, "(dryrun) copy: s3://src/only.txt to s3://dst/only.txt\n")
    );
    let missing = run(
        &dest,
        dir,
        &["cp", "s3://src/only.txt", "s3://dst/", "--dryrun"],
    );
    assert_eq!(missing.code, 1, "{missing:?}");
    checks += 4;

    // sync lists the source through its client and the destination through the other one
    // (`dst/a.txt` is there already, as new as the source's).
    let sync = run_with_source(
        &dest,
        &source,
        dir,
        settings,
        &["sync", "s3://src", "s3://dst", "--dryrun"],
    );
    assert_eq!(
        sorted(&sync.out),
        [
            "(dryrun) copy: s3://src/d/b.txt to s3://dst/d/b.txt",
            "(dryrun) copy: s3://src/only.txt to s3://dst/only.txt",
        ],
        "{sync:?}"
    );
    checks += 1;

    // The copy itself is made in the destination's region; mv deletes the source through
    // the source's client.
    let mv = run_with_source(
        &dest,
        &source,
        dir,
        settings,
        &["mv", "s3://src/d/b.txt", "s3://dst/moved.txt"],
    );
    assert_eq!(
        (mv.code, mv.out.as_str()),
        (0, "move: s3://src/d/b.txt to s3://dst/moved.txt\n"),
        "{mv:?}"
    );
    let in_source = run(&source, dir, &["ls", "s3://src/d/"]);
    assert_eq!((in_source.code, in_source.out.as_str()), (1, ""));
    let in_dest = run(&dest, dir, &["ls", "s3://src/d/"]);
    assert!(in_dest.out.ends_with(" b.txt\n"), "{in_dest:?}");
    let moved = run(&dest, dir, &["cp", "s3://dst/moved.txt", "moved.txt"]);
    assert_eq!(moved.code, 0);
    assert_eq!(std::fs::read(dir.join("moved.txt")).unwrap(), b"bb");
    checks += 4;
    eprintln!("source region: {checks} checks passed");
}

/// A tree with links: to a file outside it, to a directory inside and outside it, and a
/// broken one.
fn linked_tree(root: &Path) {
    write(root, "t/a.txt", b"a");
    write(root, "t/real/x.txt", b"xx");
    write(root, "outside.txt", b"outside");
    write(root, "ext/y.txt", b"yyy");
    let link = |target: &str, at: &str| std::os::unix::fs::symlink(target, root.join(at)).unwrap();
    link("../outside.txt", "t/file-link");
    link("real", "t/dir-link");
    link("../ext", "t/ext-dir");
    link("/nonexistent/target", "t/broken");
    link("t", "tree-link");
}

#[test]
fn symbolic_links_followed_or_not_like_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    linked_tree(dir);
    assert_eq!(moto.python(dir, &["mb", "s3://links"]).code, 0);
    let mut checks = 0;
    let cases: &[&[&str]] = &[
        &["cp", "t", "s3://links/P/follow/", "--recursive"],
        &[
            "cp",
            "t",
            "s3://links/P/follow-flag/",
            "--recursive",
            "--follow-symlinks",
        ],
        &[
            "cp",
            "t",
            "s3://links/P/no-follow/",
            "--recursive",
            "--no-follow-symlinks",
        ],
        &["sync", "t", "s3://links/P/sync/", "--no-follow-symlinks"],
        &["sync", "t/", "s3://links/P/sync-follow/"],
        &["cp", "t/file-link", "s3://links/P/single-follow"],
        &[
            "cp",
            "t/file-link",
            "s3://links/P/single-no-follow",
            "--no-follow-symlinks",
        ],
        &[
            "cp",
            "tree-link",
            "s3://links/P/root-link/",
            "--recursive",
            "--no-follow-symlinks",
        ],
        &[
            "cp",
            "tree-link/",
            "s3://links/P/root-link-slash/",
            "--recursive",
            "--no-follow-symlinks",
        ],
        &[
            "cp",
            "tree-link",
            "s3://links/P/root-link-follow/",
            "--recursive",
        ],
    ];
    for args in cases {
        let mine_args: Vec<String> = args.iter().map(|a| a.replace("/P/", "/mine/")).collect();
        let mine_args: Vec<&str> = mine_args.iter().map(String::as_str).collect();
        let theirs: Vec<String> = args.iter().map(|a| a.replace("/P/", "/theirs/")).collect();
        let mut theirs: Vec<&str> = theirs.iter().map(String::as_str).collect();
        theirs.push("--no-progress");
        let mine = run(&client, dir, &mine_args);
        let py = moto.python(dir, &theirs);
        assert_eq!(mine.code, py.code, "{args:?}: {mine:?} {py:?}");
        assert_eq!(
            sorted(&mine.out.replace("/mine/", "/theirs/")),
            sorted(&py.out),
            "{args:?}"
        );
        assert_eq!(sorted(&mine.err), sorted(&py.err), "{args:?}");
        checks += 3;
    }
    // The same objects with the same sizes.
    let mine = run(&client, dir, &["ls", "s3://links/mine/", "--recursive"]);
    let theirs = run(&client, dir, &["ls", "s3://links/theirs/", "--recursive"]);
    let strip = |out: &str| -> Vec<String> {
        // Size and key, without the time of the upload.
        let mut lines: Vec<String> = out
            .lines()
            .map(|l| l[19..].replace("theirs/", "mine/"))
            .collect();
        lines.sort();
        lines
    };
    assert_eq!(strip(&mine.out), strip(&theirs.out));
    assert!(mine.out.contains("follow/dir-link/x.txt"), "{}", mine.out);
    assert!(!mine.out.contains("no-follow/dir-link"), "{}", mine.out);
    checks += 3;
    // A followed link to a file uploads the target's bytes.
    let got = run(
        &client,
        dir,
        &["cp", "s3://links/mine/follow/file-link", "got.txt"],
    );
    assert_eq!(got.code, 0);
    assert_eq!(std::fs::read(dir.join("got.txt")).unwrap(), b"outside");
    checks += 1;
    eprintln!("symbolic links: {checks} checks passed");
}
