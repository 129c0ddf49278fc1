//! Multipart uploads, ranged downloads and multipart copies, verified byte for byte, and the
//! threshold boundary.

mod common;

use aws2_s3::api;
use aws2_s3::TransferSettings;
use common::{data, etag, run, run_in, Moto};

fn no_uploads_left(client: &aws2_client::Client, bucket: &str) -> bool {
    let out = api::call(
        client,
        "ListMultipartUploads",
        api::input(vec![("Bucket", api::s(bucket))]),
    )
    .unwrap();
    api::list(&out, "Uploads").is_empty()
}

#[test]
fn twenty_mib_round_trip_in_parts() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let big = data(20 << 20, 7);
    std::fs::write(dir.join("big.bin"), &big).unwrap();
    let mut checks = 0;
    assert_eq!(run(&client, dir, &["mb", "s3://mpart"]).code, 0);

    let up = run(&client, dir, &["cp", "big.bin", "s3://mpart/big.bin"]);
    assert_eq!(
        (up.code, up.out.as_str()),
        (0, "upload: ./big.bin to s3://mpart/big.bin\n"),
        "{up:?}"
    );
    assert!(
        etag(&client, "mpart", "big.bin").ends_with("-3\""),
        "three 8 MiB parts"
    );
    assert!(no_uploads_left(&client, "mpart"));
    checks += 3;

    // The Python CLI reads back the same bytes.
    let py = moto.python(
        dir,
        &["cp", "s3://mpart/big.bin", "py.bin", "--no-progress"],
    );
    assert_eq!(py.code, 0, "{py:?}");
    assert!(std::fs::read(dir.join("py.bin")).unwrap() == big);
    checks += 1;

    // Ranged download.
    let down = run(&client, dir, &["cp", "s3://mpart/big.bin", "down.bin"]);
    assert_eq!(down.out, "download: s3://mpart/big.bin to ./down.bin\n");
    assert!(std::fs::read(dir.join("down.bin")).unwrap() == big);
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
        .collect();
    assert!(leftovers.is_empty());
    checks += 3;

    // Multipart server-side copy.
    let copy = run(
        &client,
        dir,
        &["cp", "s3://mpart/big.bin", "s3://mpart/copy.bin"],
    );
    assert_eq!(
        copy.out, "copy: s3://mpart/big.bin to s3://mpart/copy.bin\n",
        "{copy:?}"
    );
    assert!(etag(&client, "mpart", "copy.bin").ends_with("-3\""));
    let back = run(&client, dir, &["cp", "s3://mpart/copy.bin", "copy.bin"]);
    assert_eq!(back.code, 0);
    assert!(std::fs::read(dir.join("copy.bin")).unwrap() == big);
    assert!(no_uploads_left(&client, "mpart"));
    checks += 4;

    // Python uploads, we download the same bytes.
    std::fs::write(dir.join("py-up.bin"), data(9 << 20, 3)).unwrap();
    let py = moto.python(
        dir,
        &["cp", "py-up.bin", "s3://mpart/py-up.bin", "--no-progress"],
    );
    assert_eq!(py.code, 0);
    let ours = run(&client, dir, &["cp", "s3://mpart/py-up.bin", "ours.bin"]);
    assert_eq!(ours.code, 0);
    assert!(std::fs::read(dir.join("ours.bin")).unwrap() == data(9 << 20, 3));
    checks += 1;

    // Failure: the bucket does not exist; nothing is left behind.
    let failed = run(
        &client,
        dir,
        &["cp", "big.bin", "s3://no-such-bucket-mp/big.bin"],
    );
    assert_eq!(failed.code, 1);
    assert!(failed
        .err
        .starts_with("upload failed: ./big.bin to s3://no-such-bucket-mp/big.bin An error occurred (NoSuchBucket)"), "{}", failed.err);
    checks += 2;
    eprintln!("multipart: {checks} checks passed");
}

#[test]
fn threshold_boundary_and_small_parts() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    assert_eq!(run(&client, dir, &["mb", "s3://edge"]).code, 0);
    let settings = TransferSettings {
        multipart_threshold: 5 << 20,
        multipart_chunksize: 5 << 20,
        max_concurrent_requests: 3,
        ..TransferSettings::default()
    };
    let mut checks = 0;
    for (name, len, parts) in [
        ("below", (5 << 20) - 1, None),
        ("exact", 5 << 20, Some("-1\"")),
        ("over", (5 << 20) + 1, Some("-2\"")),
        ("empty", 0, None),
    ] {
        let bytes = data(len, len as u64);
        std::fs::write(dir.join(name), &bytes).unwrap();
        let up = run_in(
            &client,
            dir,
            settings,
            &["cp", name, &format!("s3://edge/{name}")],
        );
        assert_eq!(up.code, 0, "{up:?}");
        let tag = etag(&client, "edge", name);
        match parts {
            Some(suffix) => assert!(tag.ends_with(suffix), "{name}: {tag}"),
            None => assert!(!tag.contains('-'), "{name}: {tag}"),
        }
        let out = dir.join(format!("{name}.back"));
        let down = run_in(
            &client,
            dir,
            settings,
            &["cp", &format!("s3://edge/{name}"), out.to_str().unwrap()],
        );
        assert_eq!(down.code, 0, "{down:?}");
        assert!(std::fs::read(&out).unwrap() == bytes, "{name}");
        checks += 3;
    }
    assert!(no_uploads_left(&client, "edge"));
    eprintln!("threshold boundary: {checks} checks passed");
}
