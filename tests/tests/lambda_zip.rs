//! Lambda's `--zip-file` compared with the AWS CLI v2: `create-function`,
//! `update-function-code` and `publish-layer-version` send the archive where the API wants
//! it (`Code.ZipFile`, `ZipFile`, `Content.ZipFile`), and refuse what is not a zip archive
//! (a path without `fileb://`, a text file, a `ZipFile` inside `--code` or `--content`) with
//! v2's message, before any request.

use aws2_e2e::both_clis::Run;
use aws2_e2e::isolated::Isolated;
use aws2_e2e::recorder::{Recorded, Reply};
use aws2_e2e::{wire, Case, CliEnv, MotoServer, Suite};

/// Runs `args` in `place` with the reference CLI and then with ours.
fn both(place: &Isolated, args: &[&str], reply: fn(&Recorded) -> Reply) -> [Run; 2] {
    aws2_e2e::both_clis::both(Some(place), args, reply)
}

/// Both runs sent the same requests and printed the same, with the same exit code.
fn same(runs: &[Run; 2]) {
    let [v2, ours] = runs;
    if let Err(problems) = wire::compare_all(&v2.requests, &ours.requests) {
        panic!("requests differ:\n{}", problems.join("\n"));
    }
    assert_eq!(
        (v2.outcome.code, &v2.outcome.stdout, &v2.outcome.stderr),
        (
            ours.outcome.code,
            &ours.outcome.stdout,
            &ours.outcome.stderr
        ),
    );
}

/// A function's configuration, as Lambda answers each of the three operations.
fn lambda(_: &Recorded) -> Reply {
    Reply::new(
        201,
        "application/json",
        r#"{"FunctionName":"f","CodeSize":150,"LayerVersionArn":"arn:aws:lambda:us-east-1:123456789012:layer:l:1"}"#,
    )
}

/// A zip archive of one stored file, with its checksum, as `zipfile` writes it.
fn zip_of(name: &str, body: &[u8]) -> Vec<u8> {
    let crc = crc32fast::hash(body).to_le_bytes();
    let size = (body.len() as u32).to_le_bytes();
    let name_len = (name.len() as u16).to_le_bytes();
    let mut out = Vec::new();
    out.extend_from_slice(b"PK\x03\x04\x14\0\0\0\0\0\0\0\0\0");
    out.extend_from_slice(&crc);
    out.extend_from_slice(&size);
    out.extend_from_slice(&size);
    out.extend_from_slice(&name_len);
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(body);
    let directory = out.len();
    out.extend_from_slice(b"PK\x01\x02\x14\0\x14\0\0\0\0\0\0\0\0\0");
    out.extend_from_slice(&crc);
    out.extend_from_slice(&size);
    out.extend_from_slice(&size);
    out.extend_from_slice(&name_len);
    out.extend_from_slice(&[0; 12]);
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(name.as_bytes());
    let directory_size = (out.len() - directory) as u32;
    out.extend_from_slice(b"PK\x05\x06\0\0\0\0\x01\0\x01\0");
    out.extend_from_slice(&directory_size.to_le_bytes());
    out.extend_from_slice(&(directory as u32).to_le_bytes());
    out.extend_from_slice(&[0, 0]);
    out
}

fn place_with_files() -> Isolated {
    let place = Isolated::new();
    place.write(
        "f.zip",
        &zip_of("index.py", b"def handler(event, context):\n    return 1\n"),
    );
    place.write("notzip.txt", b"hello\n");
    place
}

const ROLE: &str = "arn:aws:iam::123456789012:role/lambda-role";

#[test]
fn zip_files_go_where_each_operation_wants_them() {
    let place = place_with_files();
    let cases: &[&[&str]] = &[
        &[
            "lambda",
            "create-function",
            "--function-name",
            "f",
            "--runtime",
            "python3.12",
            "--role",
            ROLE,
            "--handler",
            "index.handler",
            "--zip-file",
            "fileb://f.zip",
        ],
        &[
            "lambda",
            "create-function",
            "--function-name",
            "f",
            "--role",
            ROLE,
            "--code",
            "ImageUri=repo:latest",
            "--zip-file",
            "fileb://f.zip",
        ],
        &[
            "lambda",
            "update-function-code",
            "--function-name",
            "f",
            "--zip-file",
            "fileb://f.zip",
            "--publish",
        ],
        &[
            "lambda",
            "publish-layer-version",
            "--layer-name",
            "l",
            "--zip-file",
            "fileb://f.zip",
            "--compatible-runtimes",
            "python3.12",
        ],
        &[
            "lambda",
            "create-function",
            "--function-name",
            "f",
            "--role",
            ROLE,
            "--code",
            "S3Bucket=bucket-1,S3Key=k",
        ],
    ];
    for args in cases {
        let runs = both(&place, args, lambda);
        same(&runs);
        assert_eq!(
            runs[1].outcome.code, 0,
            "{args:?}: {}",
            runs[1].outcome.stderr
        );
        assert_eq!(runs[1].requests.len(), 1, "{args:?}");
        let body: serde_json::Value =
            serde_json::from_slice(&runs[1].requests[0].body).expect("JSON body");
        if args.contains(&"fileb://f.zip") {
            let zip = body
                .get("Code")
                .or(body.get("Content"))
                .and_then(|c| c.get("ZipFile"))
                .or(body.get("ZipFile"));
            assert!(
                zip.and_then(|z| z.as_str())
                    .is_some_and(|z| z.starts_with("UEsDB")),
                "{body}"
            );
        }
    }
    eprintln!(
        "v2 differential: {0}/{0} commands identical (lambda --zip-file)",
        cases.len()
    );
}

#[test]
fn what_is_not_a_zip_archive_is_refused_before_any_request() {
    let place = place_with_files();
    let create = [
        "lambda",
        "create-function",
        "--function-name",
        "f",
        "--role",
        ROLE,
    ];
    let update = ["lambda", "update-function-code", "--function-name", "f"];
    let layer = ["lambda", "publish-layer-version", "--layer-name", "l"];
    let cases: Vec<Vec<&str>> = vec![
        [&create[..], &["--zip-file", "fileb://notzip.txt"]].concat(),
        [&create[..], &["--zip-file", "f.zip"]].concat(),
        [&create[..], &["--zip-file", "file://notzip.txt"]].concat(),
        [&create[..], &["--zip-file", "fileb://missing.zip"]].concat(),
        [&create[..], &["--code", "ZipFile=YWJj"]].concat(),
        [
            &create[..],
            &["--code", "ZipFile=YWJj", "--zip-file", "fileb://notzip.txt"],
        ]
        .concat(),
        [&create[..]].concat(),
        [&update[..], &["--zip-file", "fileb://notzip.txt"]].concat(),
        [&update[..], &["--zip-file", "abc"]].concat(),
        [&update[..], &["--zip-file", "file://notzip.txt"]].concat(),
        [&update[..], &["--zip-file", "file://f.zip"]].concat(),
        [&layer[..], &["--zip-file", "fileb://notzip.txt"]].concat(),
        [&layer[..], &["--content", "ZipFile=YWJj"]].concat(),
        [&layer[..]].concat(),
    ];
    for args in &cases {
        let runs = both(&place, args, lambda);
        same(&runs);
        assert_eq!(
            runs[1].outcome.code, 252,
            "{args:?}: {}",
            runs[1].outcome.stderr
        );
        assert!(runs[1].requests.is_empty(), "{args:?}");
    }
    eprintln!(
        "v2 differential: {0}/{0} commands identical (lambda --zip-file refusals)",
        cases.len()
    );
}

#[test]
fn moto_runs_the_functions_made_from_zip_files() {
    let moto = MotoServer::start();
    let suite = Suite::new(CliEnv::new(&moto.endpoint()));
    let zip = zip_of("index.py", b"def handler(event, context):\n    return 1\n");
    std::fs::write(suite.env().dir().join("f.zip"), &zip).expect("zip");
    suite.env().setup(&[
        "iam",
        "create-role",
        "--role-name",
        "lambda-role",
        "--assume-role-policy-document",
        r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
    ]);
    let role = "arn:aws:iam::123456789012:role/lambda-role";
    let volatile = r#""(LastModified|RevisionId|CodeSha256|Location|CreatedDate)": "[^"]*""#;
    suite.compare(&[
        Case::new(&[
            "lambda",
            "create-function",
            "--function-name",
            "fn-{u}",
            "--runtime",
            "python3.12",
            "--role",
            role,
            "--handler",
            "index.handler",
            "--zip-file",
            "fileb://f.zip",
            "--query",
            "{Name: FunctionName, Size: CodeSize, Handler: Handler}",
        ])
        .formats(&["json", "text"])
        .mask(volatile),
        Case::new(&[
            "lambda",
            "publish-layer-version",
            "--layer-name",
            "layer-{u}",
            "--zip-file",
            "fileb://f.zip",
            "--query",
            "{Version: Version, Size: Content.CodeSize}",
        ])
        .formats(&["json"]),
        Case::new(&[
            "lambda",
            "create-function",
            "--function-name",
            "bad-{u}",
            "--role",
            role,
            "--zip-file",
            "f.zip",
        ])
        .error(252),
    ]);
    assert_eq!(suite.finish("lambda --zip-file against moto"), 4);
}
