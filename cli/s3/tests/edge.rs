//! Skipped files, directories without `--recursive`, `mv`, content types, streams and
//! pre-signed URLs.

mod common;

use aws2_s3::api;
use aws2_s3::paths::S3Path;
use aws2_s3::transfer::{Engine, Extra};
use aws2_s3::TransferSettings;
use common::{run, run_in, run_with, sorted, write, Moto};

#[test]
fn skipped_files_and_directories_like_python() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write(dir, "t/a.txt", b"a");
    std::os::unix::fs::symlink("/nonexistent/target", dir.join("t/broken")).unwrap();
    let fifo = std::process::Command::new("mkfifo")
        .arg(dir.join("t/fifo"))
        .status()
        .unwrap();
    assert!(fifo.success());
    assert_eq!(moto.python(dir, &["mb", "s3://skips"]).code, 0);
    // A file nobody can read (a write-only kernel setting, even for root).
    let write_only = std::fs::read_dir("/proc/sys/vm")
        .unwrap()
        .flatten()
        .map(|e| e.path().display().to_string())
        .find(|p| {
            use std::os::unix::fs::PermissionsExt;
            std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o444 == 0)
        })
        .expect("a write-only file under /proc/sys/vm");
    let mut checks = 0;
    for (ours, theirs) in [
        (
            vec!["cp", "t", "s3://skips/mine/", "--recursive"],
            vec![
                "cp",
                "t",
                "s3://skips/theirs/",
                "--recursive",
                "--no-progress",
            ],
        ),
        (
            vec!["cp", "t", "s3://skips/y"],
            vec!["cp", "t", "s3://skips/y", "--no-progress"],
        ),
        (
            vec!["cp", &write_only, "s3://skips/w"],
            vec!["cp", &write_only, "s3://skips/w", "--no-progress"],
        ),
    ] {
        let mine = run(&client, dir, &ours);
        let py = moto.python(dir, &theirs);
        assert_eq!(mine.code, py.code, "{mine:?} {py:?}");
        assert_eq!(sorted(&mine.err), sorted(&py.err));
        assert_eq!(mine.out.replace("/mine/", "/theirs/"), py.out);
        checks += 3;
    }
    eprintln!("skips: {checks} checks passed");
}

#[test]
fn move_content_type_stream_and_presign() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let mut checks = 0;
    assert_eq!(run(&client, dir, &["mb", "s3://misc"]).code, 0);

    // mv uploads then removes the local files.
    write(dir, "m/x.json", b"{}");
    write(dir, "m/y.html", b"<p>");
    write(dir, "m/z.unknownext", b"?");
    let mv = run(&client, dir, &["mv", "m", "s3://misc/m", "--recursive"]);
    assert_eq!(
        mv.sorted(),
        [
            "move: m/x.json to s3://misc/m/x.json",
            "move: m/y.html to s3://misc/m/y.html",
            "move: m/z.unknownext to s3://misc/m/z.unknownext"
        ]
    );
    assert!(!dir.join("m/x.json").exists());
    checks += 2;

    // Content types are guessed from the name, or given.
    let content_type = |key: &str| {
        let out = api::call(
            &client,
            "HeadObject",
            api::input(vec![("Bucket", api::s("misc")), ("Key", api::s(key))]),
        )
        .unwrap();
        api::text(&out, "ContentType")
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(content_type("m/x.json"), "application/json");
    assert_eq!(content_type("m/y.html"), "text/html");
    write(dir, "given.txt", b"x");
    let given = run(
        &client,
        dir,
        &[
            "cp",
            "given.txt",
            "s3://misc/given.txt",
            "--content-type",
            "text/x-mine",
        ],
    );
    assert_eq!(given.code, 0);
    assert_eq!(content_type("given.txt"), "text/x-mine");
    checks += 3;

    // Streams: 12 MiB in (multipart, part by part) and out (ranged GETs in order).
    let engine = Engine::new(&client, TransferSettings::default());
    let data: Vec<u8> = (0..12u32 << 20).map(|i| (i % 251) as u8).collect();
    let dest = S3Path::parse("s3://misc/stream.bin").unwrap();
    aws2_s3::stream::upload(&engine, &mut data.as_slice(), &dest, &Extra::new(), None).unwrap();
    let mut back = Vec::new();
    aws2_s3::stream::download(&engine, &dest, &Extra::new(), &mut back).unwrap();
    assert!(back == data);
    let small = S3Path::parse("s3://misc/small-stream").unwrap();
    aws2_s3::stream::upload(&engine, &mut &b"hi\n"[..], &small, &Extra::new(), None).unwrap();
    let mut back = Vec::new();
    aws2_s3::stream::download(&engine, &small, &Extra::new(), &mut back).unwrap();
    assert_eq!(back, b"hi\n");
    let py = moto.python(
        dir,
        &["cp", "s3://misc/stream.bin", "py.bin", "--no-progress"],
    );
    assert_eq!(py.code, 0);
    assert!(std::fs::read(dir.join("py.bin")).unwrap() == data);
    checks += 3;

    // A pre-signed URL fetches the object.
    let config = aws2_s3::PresignConfig {
        credentials: aws2_http::Credentials::new("testing", "testing"),
        region: "us-east-1".into(),
        endpoint_url: Some(moto.url.clone()),
    };
    let url = aws2_s3::commands::presign::presign_url(
        &config,
        &S3Path::parse("s3://misc/m/x.json").unwrap(),
        std::time::Duration::from_secs(300),
        std::time::SystemTime::now(),
    )
    .unwrap();
    let fetched = std::process::Command::new("python3")
        .args(["-c", "import sys,urllib.request;sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())", &url])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&fetched.stdout), "{}", "{url}");
    checks += 1;

    // On a terminal a progress line is kept under the messages while transfers remain, and
    // is gone at the end (the Python CLI never shows "0 file(s) remaining").
    write(dir, "p/one.txt", b"12345");
    write(dir, "p/two.txt", b"123");
    // One file at a time, so the first file's message always finds the second remaining.
    let one_at_a_time = TransferSettings {
        max_concurrent_requests: 1,
        ..TransferSettings::default()
    };
    let shown = run_with(
        &client,
        dir,
        one_at_a_time,
        true,
        &["cp", "p", "s3://misc/p", "--recursive"],
    );
    assert_eq!(shown.code, 0);
    assert!(shown.out.contains("Completed "), "{:?}", shown.out);
    assert!(shown.out.contains(" Bytes/"), "{:?}", shown.out);
    assert!(shown.out.contains(" file(s) remaining"), "{:?}", shown.out);
    assert!(!shown.out.contains("with 0 file(s)"), "{:?}", shown.out);
    let after_last_line = shown.out.rsplit('\n').next().unwrap_or_default();
    assert!(
        after_last_line.chars().all(|c| c == ' ' || c == '\r'),
        "{:?}",
        shown.out
    );
    assert!(shown
        .out
        .contains("upload: p/one.txt to s3://misc/p/one.txt"));
    let quiet = run_with(
        &client,
        dir,
        TransferSettings::default(),
        true,
        &["cp", "p", "s3://misc/q", "--recursive", "--no-progress"],
    );
    assert!(!quiet.out.contains("Completed"));
    checks += 6;

    // website sets the bucket's configuration.
    let site = run(
        &client,
        dir,
        &[
            "website",
            "s3://misc/",
            "--index-document",
            "index.html",
            "--error-document",
            "err.html",
        ],
    );
    assert_eq!((site.code, site.out.as_str()), (0, ""), "{site:?}");
    let conf = api::call(
        &client,
        "GetBucketWebsite",
        api::input(vec![("Bucket", api::s("misc"))]),
    )
    .unwrap();
    assert_eq!(api::text(&conf, "IndexDocument.Suffix"), Some("index.html"));
    assert_eq!(api::text(&conf, "ErrorDocument.Key"), Some("err.html"));
    checks += 2;

    // Small settings: many parts, low concurrency, still byte for byte.
    let settings = TransferSettings {
        multipart_threshold: 5 << 20,
        multipart_chunksize: 5 << 20,
        max_concurrent_requests: 2,
        // Metered bodies (a limit far above loopback speed, so nothing waits).
        max_bandwidth: Some(64 << 30),
        ..TransferSettings::default()
    };
    std::fs::write(dir.join("odd.bin"), &data[..(11 << 20) + 3]).unwrap();
    let up = run_in(
        &client,
        dir,
        settings,
        &["cp", "odd.bin", "s3://misc/odd.bin"],
    );
    assert_eq!(up.code, 0);
    let down = run_in(
        &client,
        dir,
        settings,
        &["cp", "s3://misc/odd.bin", "odd.back"],
    );
    assert_eq!(down.code, 0);
    assert!(std::fs::read(dir.join("odd.back")).unwrap() == data[..(11 << 20) + 3]);
    checks += 1;
    eprintln!("misc: {checks} checks passed");
}
