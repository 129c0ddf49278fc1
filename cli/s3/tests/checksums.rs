//! `--checksum-algorithm` and `--checksum-mode`: every algorithm's checksum reaches the
//! server and equals an independent computation of the file's, in single and multipart
//! uploads and in copies; misplaced options and paths of the wrong kinds fail as the Python
//! CLI fails.

mod common;

use aws2_core::Value;
use aws2_s3::api;
use aws2_s3::TransferSettings;
use common::{fails_alike, run, run_in, write, Moto};

/// The algorithms both the server and the serializer's own implementation know.
const ALGORITHMS: [&str; 6] = ["CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME", "SHA512"];

fn head_checksums(client: &aws2_client::Client, key: &str) -> Value {
    let op = client.service().operation("HeadObject").unwrap();
    let input = api::input(vec![
        ("Bucket", api::s("sums")),
        ("Key", api::s(key)),
        ("ChecksumMode", api::s("ENABLED")),
    ]);
    client.call(&op, &Value::Map(input)).unwrap()
}

#[test]
fn every_algorithm_reaches_the_server_and_matches_the_file() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    assert_eq!(run(&client, dir, &["mb", "s3://sums"]).code, 0);
    let small: Vec<u8> = (0..100_000u32).map(|i| (i * 31 % 253) as u8).collect();
    write(dir, "small.bin", &small);
    let big: Vec<u8> = (0..(11u32 << 20) + 5).map(|i| (i % 241) as u8).collect();
    write(dir, "big.bin", &big);
    let settings = TransferSettings {
        multipart_threshold: 5 << 20,
        multipart_chunksize: 5 << 20,
        ..TransferSettings::default()
    };
    let mut checks = 0;
    for algorithm in ALGORITHMS {
        let key = format!("small-{algorithm}");
        let dest = format!("s3://sums/{key}");
        let up = run(
            &client,
            dir,
            &["cp", "small.bin", &dest, "--checksum-algorithm", algorithm],
        );
        assert_eq!(up.code, 0, "{up:?}");
        let head = head_checksums(&client, &key);
        let expected = aws2_core::protocol::checksum_base64(algorithm, &small).unwrap();
        let member = format!("Checksum{algorithm}");
        assert_eq!(
            api::text(&head, &member),
            Some(expected.as_str()),
            "{algorithm}"
        );
        checks += 1;

        // Three parts with that algorithm, then back byte for byte (the download checks
        // whatever whole-object checksum the server sends).
        let key = format!("big-{algorithm}");
        let dest = format!("s3://sums/{key}");
        let up = run_in(
            &client,
            dir,
            settings,
            &["cp", "big.bin", &dest, "--checksum-algorithm", algorithm],
        );
        assert_eq!(up.code, 0, "{up:?}");
        let back = format!("back-{algorithm}.bin");
        let down = run_in(
            &client,
            dir,
            settings,
            &["cp", &dest, &back, "--checksum-mode", "ENABLED"],
        );
        assert_eq!(down.code, 0, "{down:?}");
        assert!(
            std::fs::read(dir.join(&back)).unwrap() == big,
            "{algorithm}"
        );
        checks += 1;
    }

    // Without --checksum-algorithm, uploads carry CRC64NVME as the AWS CLI v2's do: checked
    // against the file in one request, declared as a full-object checksum in parts (moto
    // does not combine the parts' CRC64NVME values into the object's).
    let up = run(
        &client,
        dir,
        &["cp", "small.bin", "s3://sums/default-small"],
    );
    assert_eq!(up.code, 0, "{up:?}");
    let head = head_checksums(&client, "default-small");
    let expected = aws2_core::protocol::checksum_base64("CRC64NVME", &small).unwrap();
    assert_eq!(
        api::text(&head, "ChecksumCRC64NVME"),
        Some(expected.as_str()),
        "{head:?}"
    );
    let up = run_in(
        &client,
        dir,
        settings,
        &["cp", "big.bin", "s3://sums/default-big"],
    );
    assert_eq!(up.code, 0, "{up:?}");
    let head = head_checksums(&client, "default-big");
    // No checksum type is declared, as the AWS CLI v2 declares none.
    assert_eq!(api::text(&head, "ChecksumType"), None, "{head:?}");
    assert!(api::text(&head, "ChecksumCRC64NVME").is_some(), "{head:?}");
    checks += 2;

    // A copy with an algorithm asks the server for it; single and multipart.
    for (src, settings) in [
        ("small-CRC32", TransferSettings::default()),
        ("big-CRC32", settings),
    ] {
        let copy = run_in(
            &client,
            dir,
            settings,
            &[
                "cp",
                &format!("s3://sums/{src}"),
                &format!("s3://sums/copy-{src}"),
                "--checksum-algorithm",
                "SHA256",
            ],
        );
        assert_eq!(copy.code, 0, "{copy:?}");
        checks += 1;
    }
    let down = run(&client, dir, &["cp", "s3://sums/copy-small-CRC32", "c.bin"]);
    assert_eq!(down.code, 0, "{down:?}");
    assert!(std::fs::read(dir.join("c.bin")).unwrap() == small);
    checks += 1;

    // Options where they do not belong fail as the Python CLI fails.
    for line in [
        "cp small.bin s3://sums/x --checksum-algorithm MD5",
        "cp small.bin s3://sums/x --checksum-algorithm crc32",
        "cp s3://sums/small-CRC32 x.bin --checksum-algorithm CRC32",
        "cp small.bin s3://sums/x --checksum-mode ENABLED",
        "cp small.bin s3://sums/x --checksum-mode DISABLED",
        "sync . s3://sums/d --checksum-mode ENABLED",
        "sync s3://sums/ s3://sums/e --checksum-mode ENABLED",
        "cp s3://sums/small-CRC32 - --checksum-algorithm SHA1",
        // Paths of the wrong kinds.
        "cp small.bin other.bin",
        "mv small.bin other.bin",
        "sync . elsewhere",
        "rm small.bin",
        "cp - other.bin",
    ] {
        let args: Vec<&str> = line.split(' ').collect();
        let mine = run(&client, dir, &args);
        let py = moto.python(dir, &args);
        fails_alike(&mine, &py, &args);
        checks += 1;
    }
    eprintln!("checksums: {checks} checks passed");
}
