//! DynamoDB and S3 under both CLIs: JSON and `file://` items, shorthand key schemas,
//! expression attribute values, pagination over 35 objects, streaming uploads and the
//! `outfile` of `get-object`.

use aws2_e2e::{Case, Cli, CliEnv, MotoServer, Suite};

#[test]
fn dynamodb_and_s3api_match_python_cli() {
    let moto = MotoServer::start();
    let suite = Suite::new(CliEnv::new(&moto.endpoint()));
    let env = suite.env();
    // A table name shorter than `ExclusiveStartTableName` allows: paging past it fails
    // validation of the next page's request in both CLIs.
    env.setup(&[
        "dynamodb",
        "create-table",
        "--table-name",
        "ab",
        "--attribute-definitions",
        "AttributeName=k,AttributeType=S",
        "--key-schema",
        "AttributeName=k,KeyType=HASH",
        "--billing-mode",
        "PAY_PER_REQUEST",
    ]);
    env.setup(&[
        "dynamodb",
        "create-table",
        "--table-name",
        "music",
        "--attribute-definitions",
        "AttributeName=artist,AttributeType=S",
        "AttributeName=song,AttributeType=S",
        "--key-schema",
        "AttributeName=artist,KeyType=HASH",
        "AttributeName=song,KeyType=RANGE",
        "--billing-mode",
        "PAY_PER_REQUEST",
    ]);
    for (artist, song, year) in [
        ("Acme", "Call Me Today", 2001),
        ("Acme", "Happy Day", 1999),
        ("Acme", "PartiQL Rocks", 2020),
        ("Beta", "Zero", 2010),
    ] {
        let item = format!(
            r#"{{"artist": {{"S": "{artist}"}}, "song": {{"S": "{song}"}}, "year": {{"N": "{year}"}}, "tags": {{"SS": ["a", "b"]}}, "live": {{"BOOL": false}}}}"#
        );
        env.setup(&[
            "dynamodb",
            "put-item",
            "--table-name",
            "music",
            "--item",
            &item,
        ]);
    }
    env.write_file(
        "item.json",
        r#"{"artist": {"S": "File"}, "song": {"S": "{u}"}, "rating": {"N": "4.5"}, "meta": {"M": {"label": {"S": "x"}, "n": {"NULL": true}}}}"#,
    );
    env.write_file(
        "values.json",
        r#"{":a": {"S": "Acme"}, ":y": {"N": "2000"}}"#,
    );

    env.setup(&["s3api", "create-bucket", "--bucket", "e2e-bucket"]);
    env.setup(&[
        "s3api",
        "create-bucket",
        "--bucket",
        "e2e-europe",
        "--create-bucket-configuration",
        "LocationConstraint=eu-west-1",
    ]);
    env.write_file("body.txt", "hello from the differential suite\n");
    for i in 0..35 {
        let key = format!("logs/{i:02}.txt");
        env.setup(&[
            "s3api",
            "put-object",
            "--bucket",
            "e2e-bucket",
            "--key",
            &key,
            "--body",
            "body.txt",
        ]);
    }
    env.setup(&[
        "s3api",
        "put-bucket-tagging",
        "--bucket",
        "e2e-bucket",
        "--tagging",
        "TagSet=[{Key=env,Value=test},{Key=team,Value=data}]",
    ]);
    let v1_token = next_token(
        &suite,
        Cli::Oracle,
        &[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "e2e-bucket",
            "--max-items",
            "10",
            "--page-size",
            "4",
        ],
    );
    let v2_token = next_token(
        &suite,
        Cli::Aws2,
        &[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "e2e-bucket",
            "--max-items",
            "10",
            "--page-size",
            "4",
        ],
    );
    assert_eq!(v1_token, v2_token, "list-objects-v2 tokens differ");

    let cases = vec![
        Case::new(&[
            "dynamodb",
            "describe-table",
            "--table-name",
            "music",
            "--query",
            "Table.[TableName, KeySchema, AttributeDefinitions, ItemCount]",
        ]),
        Case::new(&[
            "dynamodb",
            "get-item",
            "--table-name",
            "music",
            "--key",
            r#"{"artist": {"S": "Acme"}, "song": {"S": "Happy Day"}}"#,
        ]),
        Case::new(&[
            "dynamodb",
            "query",
            "--table-name",
            "music",
            "--key-condition-expression",
            "artist = :a",
            "--filter-expression",
            "#y > :y",
            "--expression-attribute-names",
            r##"{"#y": "year"}"##,
            "--expression-attribute-values",
            "file://values.json",
        ]),
        Case::new(&[
            "dynamodb",
            "scan",
            "--table-name",
            "music",
            "--query",
            "Items[].song.S | sort(@)",
        ]),
        Case::new(&[
            "dynamodb",
            "scan",
            "--table-name",
            "music",
            "--max-items",
            "2",
            "--query",
            "Items[].[artist.S, song.S]",
        ])
        .formats(&["json", "text"]),
        Case::new(&["dynamodb", "list-tables"]),
        // Counts are summed over pages in json and table, printed per page in text.
        Case::new(&[
            "dynamodb",
            "scan",
            "--table-name",
            "music",
            "--page-size",
            "2",
            "--return-consumed-capacity",
            "TOTAL",
        ]),
        Case::new(&[
            "dynamodb",
            "scan",
            "--table-name",
            "music",
            "--page-size",
            "1",
            "--query",
            "Count",
        ]),
        Case::new(&["dynamodb", "list-tables", "--page-size", "1"]).error(252),
        Case::new(&[
            "dynamodb",
            "put-item",
            "--table-name",
            "music",
            "--item",
            "file://item.json",
            "--return-consumed-capacity",
            "TOTAL",
        ]),
        Case::new(&[
            "dynamodb",
            "update-item",
            "--table-name",
            "music",
            "--key",
            r#"{"artist": {"S": "Beta"}, "song": {"S": "{u}"}}"#,
            "--update-expression",
            "SET plays = :p",
            "--expression-attribute-values",
            r#"{":p": {"N": "7"}}"#,
            "--return-values",
            "UPDATED_NEW",
        ]),
        Case::new(&["dynamodb", "describe-table", "--table-name", "nope"]).error(254),
        Case::new(&["s3api", "list-buckets", "--query", "Buckets[].Name"]),
        Case::new(&["s3api", "list-objects-v2", "--bucket", "e2e-bucket"])
            .formats(&["json", "text"]),
        Case::new(&[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "e2e-bucket",
            "--prefix",
            "logs/1",
            "--query",
            "Contents[].[Key, Size, ETag]",
        ]),
        Case::new(&[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "e2e-bucket",
            "--page-size",
            "6",
            "--max-items",
            "13",
            "--query",
            "Contents[].Key",
        ]),
        Case::new(&[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "e2e-bucket",
            "--starting-token",
            &v1_token,
            "--max-items",
            "7",
            "--query",
            "Contents[].Key",
        ]),
        Case::new(&[
            "s3api",
            "list-objects-v2",
            "--bucket",
            "e2e-bucket",
            "--starting-token",
            &v2_token,
            "--page-size",
            "5",
            "--query",
            "[Contents[].Key, NextToken]",
        ]),
        Case::new(&[
            "s3api",
            "list-objects",
            "--bucket",
            "e2e-bucket",
            "--max-items",
            "3",
        ])
        .formats(&["json", "text"]),
        Case::new(&[
            "s3api",
            "head-object",
            "--bucket",
            "e2e-bucket",
            "--key",
            "logs/07.txt",
            "--query",
            "{Length: ContentLength, ETag: ETag, Type: ContentType}",
        ]),
        Case::new(&["s3api", "get-bucket-tagging", "--bucket", "e2e-bucket"]),
        Case::new(&["s3api", "get-bucket-location", "--bucket", "e2e-bucket"]),
        Case::new(&["s3api", "get-bucket-location", "--bucket", "e2e-europe"]).formats(&["json"]),
        Case::new(&[
            "s3api",
            "put-object",
            "--bucket",
            "e2e-bucket",
            "--key",
            "new/{u}.txt",
            "--body",
            "body.txt",
            "--metadata",
            "origin=e2e,run={u}",
        ]),
        Case::new(&[
            "s3api",
            "get-object",
            "--bucket",
            "e2e-bucket",
            "--key",
            "logs/03.txt",
            "out-{u}.txt",
            "--query",
            "[ContentLength, ETag]",
        ]),
        Case::new(&[
            "s3api",
            "get-object",
            "--bucket",
            "e2e-bucket",
            "--key",
            "missing.txt",
            "out.txt",
        ])
        .error(254),
        Case::new(&[
            "s3api",
            "put-object",
            "--bucket",
            "e2e-bucket",
            "--key",
            "x",
            "--body",
            "no-such-file.txt",
        ])
        .error(252),
        Case::new(&[
            "s3api",
            "get-object",
            "--bucket",
            "e2e-bucket",
            "--key",
            "logs/01.txt",
            "no-such-dir/out.txt",
        ])
        .error(255),
        // A listing of a bucket that does not exist is a service error (254).
        Case::new(&["s3", "ls", "s3://no-such-bucket"]).error(254),
        Case::new(&["s3", "ls", "s3://no-such-bucket/logs/"]).error(254),
    ];
    suite.compare(&cases);
    suite.finish("dynamodb, s3api");
}

/// The `NextToken` a CLI prints for a truncated listing.
fn next_token(suite: &Suite, cli: Cli, args: &[&str]) -> String {
    let out = suite.run(cli, &[args, &["--output", "json"]].concat());
    let json: serde_json::Value = serde_json::from_str(&out.stdout)
        .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {}", cli.label(), out.stderr));
    json["NextToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{} printed no NextToken", cli.label()))
        .to_owned()
}
