//! The commands against `s3s-fs`, a real S3 server on loopback that checks every signature
//! and every checksum it is sent: multipart transfers and copies byte for byte, sync both
//! ways, each checksum algorithm (which the server verifies), unsigned payloads, and a wrong
//! checksum refused.

mod common;

use aws2_core::Value;
use aws2_e2e::S3sFs;
use aws2_http::{Body, Credentials};
use aws2_s3::{api, TransferSettings};
use common::{client_with, data, run_in, write};

const ACCESS_KEY: &str = "AKIAS3SFSTRANSFER001";
const SECRET_KEY: &str = "s3s-fs-transfer-secret-0123456789abcdefgh";

fn start() -> S3sFs {
    S3sFs::start(ACCESS_KEY, SECRET_KEY)
}

#[test]
fn transfers_against_a_verifying_server() {
    let server = start();
    let credentials = || Credentials::new(ACCESS_KEY, SECRET_KEY);
    let client = client_with(&server.url, credentials(), None);
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    let settings = TransferSettings {
        multipart_threshold: 5 << 20,
        multipart_chunksize: 5 << 20,
        max_concurrent_requests: 4,
        ..TransferSettings::default()
    };
    let run = |client: &aws2_client::Client, args: &[&str]| {
        let out = run_in(client, dir, settings, args);
        assert_eq!(out.code, 0, "aws s3 {args:?}: {out:?}");
        out
    };
    run(&client, &["mb", "s3://fs-bucket"]);
    let mut checks = 0;

    // 16 MiB + 3 in four parts: up, down and copied on the server, byte for byte.
    let big = data((16 << 20) + 3, 7);
    write(dir, "big.bin", &big);
    run(&client, &["cp", "big.bin", "s3://fs-bucket/big.bin"]);
    run(&client, &["cp", "s3://fs-bucket/big.bin", "back.bin"]);
    assert!(std::fs::read(dir.join("back.bin")).unwrap() == big);
    run(
        &client,
        &[
            "cp",
            "s3://fs-bucket/big.bin",
            "s3://fs-bucket/copy/big.bin",
        ],
    );
    run(&client, &["cp", "s3://fs-bucket/copy/big.bin", "copy.bin"]);
    assert!(std::fs::read(dir.join("copy.bin")).unwrap() == big);
    checks += 3;

    // Every algorithm the server verifies, single and multipart.
    for algorithm in ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"] {
        for (file, len) in [("one.bin", 100_000usize), ("parts.bin", (11 << 20) + 1)] {
            write(dir, file, &data(len, len as u64));
            let key = format!("s3://fs-bucket/sums/{algorithm}/{file}");
            run(
                &client,
                &["cp", file, &key, "--checksum-algorithm", algorithm],
            );
            run(&client, &["cp", &key, "check.bin"]);
            assert!(std::fs::read(dir.join("check.bin")).unwrap() == data(len, len as u64));
            checks += 1;
        }
    }

    // Unsigned payloads (payload_signing_enabled = false) are accepted with their checksum.
    let unsigned = client_with(&server.url, credentials(), Some(false));
    run(&unsigned, &["cp", "big.bin", "s3://fs-bucket/unsigned.bin"]);
    run(
        &unsigned,
        &["cp", "s3://fs-bucket/unsigned.bin", "unsigned.bin"],
    );
    assert!(std::fs::read(dir.join("unsigned.bin")).unwrap() == big);
    checks += 1;

    // A tree with awkward names, synced up and down, then removed.
    for (name, body) in [
        ("tree/a b.txt", "space"),
        ("tree/ü/ñ.txt", "unicode"),
        ("tree/c+d%e.txt", "plus and percent"),
        ("tree/empty.txt", ""),
    ] {
        write(dir, name, body.as_bytes());
    }
    let up = run(&client, &["sync", "tree", "s3://fs-bucket/tree"]);
    assert_eq!(up.out.lines().count(), 4, "{up:?}");
    run(&client, &["sync", "s3://fs-bucket/tree", "down"]);
    for (name, body) in [
        ("down/a b.txt", "space"),
        ("down/ü/ñ.txt", "unicode"),
        ("down/c+d%e.txt", "plus and percent"),
        ("down/empty.txt", ""),
    ] {
        assert_eq!(std::fs::read_to_string(dir.join(name)).unwrap(), body);
    }
    let again = run(&client, &["sync", "tree", "s3://fs-bucket/tree"]);
    assert_eq!(again.out, "", "nothing changed");
    run(&client, &["rm", "s3://fs-bucket/tree", "--recursive"]);
    // Nothing left under the prefix: `ls` prints nothing and exits 1, as the AWS CLI does.
    let listing = run_in(&client, dir, settings, &["ls", "s3://fs-bucket/tree/"]);
    assert_eq!((listing.code, listing.out.as_str()), (1, ""));
    checks += 3;

    // The server checks what it is sent: a wrong checksum is refused.
    let op = client.service().operation("PutObject").unwrap();
    let input = api::input(vec![
        ("Bucket", api::s("fs-bucket")),
        ("Key", api::s("bad.bin")),
        ("ChecksumCRC32", api::s("AAAAAA==")),
    ]);
    let refused = client.call_with_payload(
        &op,
        &Value::Map(input),
        Body::Bytes(bytes::Bytes::from_static(b"hello world")),
    );
    assert!(refused.is_err(), "{refused:?}");
    checks += 1;
    eprintln!("s3s-fs: {checks} checks passed");
}
