//! `--grants Permission=Grantee_Type=Grantee_ID ...` sets the object's grants; a bad
//! permission is refused before anything is sent.

mod common;

use aws2_core::Value;
use common::{run, write, Moto};

#[test]
fn grants_become_object_acl_entries() {
    let moto = Moto::start();
    let client = moto.client();
    let work = tempfile::tempdir().unwrap();
    let dir = work.path();
    write(dir, "g.txt", b"granted");
    assert_eq!(run(&client, dir, &["mb", "s3://grants-bucket"]).code, 0);
    let out = run(
        &client,
        dir,
        &[
            "cp",
            "g.txt",
            "s3://grants-bucket/",
            "--grants",
            "read=uri=http://acs.amazonaws.com/groups/global/AllUsers",
            "full=id=abc123",
        ],
    );
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(
        out.out.trim(),
        "upload: ./g.txt to s3://grants-bucket/g.txt"
    );
    let op = client.service().operation("GetObjectAcl").unwrap();
    let input = Value::Map(
        [
            ("Bucket".to_string(), Value::String("grants-bucket".into())),
            ("Key".to_string(), Value::String("g.txt".into())),
        ]
        .into_iter()
        .collect(),
    );
    let acl = client
        .call(&op, &input)
        .unwrap()
        .to_json(Default::default());
    let grants = acl["Grants"].as_array().unwrap();
    let has = |permission: &str, field: &str, value: &str| {
        grants
            .iter()
            .any(|g| g["Permission"] == permission && g["Grantee"][field] == value)
    };
    assert!(
        has(
            "READ",
            "URI",
            "http://acs.amazonaws.com/groups/global/AllUsers"
        ),
        "{acl}"
    );
    assert!(has("FULL_CONTROL", "ID", "abc123"), "{acl}");

    let bad = run(
        &client,
        dir,
        &[
            "cp",
            "g.txt",
            "s3://grants-bucket/",
            "--grants",
            "bogus=id=1",
        ],
    );
    assert_ne!(bad.code, 0);
    assert!(
        bad.err
            .contains("permission must be one of: read|readacl|writeacl|full"),
        "{bad:?}"
    );
    eprintln!("grants: 3/3 checks");
}
