//! IAM under both CLIs: pagination over 35 users (`--page-size`, `--max-items`,
//! `--starting-token` with tokens from either CLI), `--query`, shorthand, `file://` and
//! service errors.

use aws2_e2e::{Case, Cli, CliEnv, MotoServer, Suite};

/// IAM ids moto generates for new users (20 lowercase letters and digits) and roles (`AROA…`).
const GENERATED_ID: &str = r"\b(A[A-Z]{3}[A-Z0-9]{17}|[a-z0-9]{20})\b";

#[test]
fn iam_matches_python_cli() {
    let moto = MotoServer::start();
    let suite = Suite::new(CliEnv::new(&moto.endpoint()));
    let env = suite.env();
    for i in 0..35 {
        let name = format!("user-{i:02}");
        env.setup(&[
            "iam",
            "create-user",
            "--user-name",
            &name,
            "--path",
            "/e2e/",
        ]);
    }
    env.setup(&["iam", "create-group", "--group-name", "readers"]);
    for user in ["user-01", "user-02"] {
        env.setup(&[
            "iam",
            "add-user-to-group",
            "--group-name",
            "readers",
            "--user-name",
            user,
        ]);
    }
    env.setup(&[
        "iam",
        "tag-user",
        "--user-name",
        "user-03",
        "--tags",
        "Key=team,Value=blue",
        "Key=cost center,Value=42",
    ]);
    env.write_file(
        "trust.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}"#,
    );
    env.write_file(
        "policy.json",
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#,
    );
    env.setup(&[
        "iam",
        "create-role",
        "--role-name",
        "app-role",
        "--assume-role-policy-document",
        "file://trust.json",
    ]);
    env.setup(&[
        "iam",
        "create-policy",
        "--policy-name",
        "s3-read",
        "--policy-document",
        "file://policy.json",
    ]);
    env.setup(&[
        "iam",
        "put-user-policy",
        "--user-name",
        "user-04",
        "--policy-name",
        "read",
        "--policy-document",
        "file://policy.json",
    ]);

    // Tokens from each CLI, checked to be the same and then used by both.
    let first_page = ["iam", "list-users", "--max-items", "12"];
    let v1_token = next_token(&suite, Cli::Oracle, &first_page);
    let v2_token = next_token(&suite, Cli::Aws2, &first_page);
    assert_eq!(v1_token, v2_token, "pagination tokens differ");
    // A token that carries the service's own marker (pages of 3, cut after 5 items).
    let page_size_token = next_token(
        &suite,
        Cli::Aws2,
        &["iam", "list-users", "--max-items", "5", "--page-size", "3"],
    );

    let cases = vec![
        Case::new(&["iam", "list-users"]),
        Case::new(&["iam", "list-users", "--page-size", "7"]),
        Case::new(&["iam", "list-users", "--max-items", "10"]),
        Case::new(&["iam", "list-users", "--max-items", "5", "--page-size", "3"]),
        Case::new(&["iam", "list-users", "--starting-token", &v1_token]),
        Case::new(&[
            "iam",
            "list-users",
            "--starting-token",
            &v2_token,
            "--max-items",
            "9",
        ]),
        Case::new(&[
            "iam",
            "list-users",
            "--starting-token",
            &page_size_token,
            "--page-size",
            "4",
            "--max-items",
            "20",
        ]),
        Case::new(&["iam", "list-users", "--no-paginate", "--max-items", "8"]),
        Case::new(&[
            "iam",
            "list-users",
            "--query",
            "Users[?starts_with(UserName, 'user-1')].UserName",
        ]),
        Case::new(&["iam", "list-users", "--query", "length(Users)"]),
        Case::new(&[
            "iam",
            "list-users",
            "--query",
            "Users[:3].{Name: UserName, Path: Path}",
        ]),
        Case::new(&[
            "iam",
            "list-users",
            "--path-prefix",
            "/e2e/",
            "--max-items",
            "3",
            "--query",
            "Users[].[UserName, Arn]",
        ]),
        Case::new(&["iam", "get-user", "--user-name", "user-05"]),
        Case::new(&["iam", "list-user-tags", "--user-name", "user-03"]),
        Case::new(&["iam", "get-group", "--group-name", "readers"]),
        Case::new(&["iam", "get-role", "--role-name", "app-role"]),
        Case::new(&[
            "iam",
            "get-user-policy",
            "--user-name",
            "user-04",
            "--policy-name",
            "read",
        ]),
        Case::new(&["iam", "list-user-policies", "--user-name", "user-04"]),
        Case::new(&[
            "iam",
            "create-user",
            "--user-name",
            "new-{u}",
            "--tags",
            "Key=team,Value=green",
            "Key=owner,Value=\"a, b\"",
        ])
        .mask(GENERATED_ID),
        Case::new(&[
            "iam",
            "create-role",
            "--role-name",
            "role-{u}",
            "--assume-role-policy-document",
            "file://trust.json",
            "--tags",
            r#"[{"Key": "k", "Value": "v"}]"#,
        ])
        .formats(&["json", "text"])
        .mask(GENERATED_ID),
        // Text output applies --query to each page on its own: one count per page of 10.
        Case::new(&[
            "iam",
            "list-users",
            "--page-size",
            "10",
            "--query",
            "length(Users)",
        ])
        .formats(&["text"]),
        Case::new(&[
            "iam",
            "get-policy-version",
            "--policy-arn",
            "arn:aws:iam::123456789012:policy/s3-read",
            "--version-id",
            "v1",
        ]),
        Case::new(&[
            "iam",
            "list-policies",
            "--scope",
            "Local",
            "--query",
            "Policies[].[PolicyName, DefaultVersionId, AttachmentCount]",
        ]),
        Case::new(&["iam", "get-user", "--user-name", "nobody"]).error(254),
    ];
    // Cases that create users run after the listings, so that no listing sees a user that a
    // concurrent case is creating.
    let (creating, reading): (Vec<Case>, Vec<Case>) = cases
        .into_iter()
        .partition(|c| c.args.iter().any(|a| a.starts_with("create-")));
    suite.compare(&reading);
    suite.compare(&creating);
    let compared = suite.finish("iam");
    assert!(compared >= 50);
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
