//! The command line itself under both CLIs: `--generate-cli-skeleton`, `--cli-input-json`,
//! option syntax (`--x=value`, prefixes, repeats, globals anywhere), empty lists, and the
//! exit codes and empty stdout of failures.

use aws2_e2e::{Case, CliEnv, MotoServer, Suite};

#[test]
fn command_line_matches_python_cli() {
    let moto = MotoServer::start();
    let suite = Suite::new(CliEnv::new(&moto.endpoint()));
    let env = suite.env();
    env.setup(&["iam", "create-user", "--user-name", "cli-user"]);
    env.setup(&["iam", "create-group", "--group-name", "readers"]);
    env.setup(&["sqs", "create-queue", "--queue-name", "inbox"]);
    env.write_file(
        "user.json",
        r#"{"UserName": "from-file", "Path": "/json/", "Tags": [{"Key": "source", "Value": "file"}]}"#,
    );
    let user_id = r"\b[a-z0-9]{20}\b";

    let skeleton = |args: &[&str]| {
        Case::new(&[args, &["--generate-cli-skeleton"]].concat())
            .formats(&[])
            .blank_strings()
    };
    let cases = vec![
        // Input skeletons: same members, order and layout; v1 fills enums with a random
        // value and v2 with the first, so string values are blanked on both sides.
        skeleton(&["iam", "create-user"]),
        skeleton(&["ec2", "run-instances"]),
        skeleton(&["dynamodb", "query"]),
        skeleton(&["s3api", "put-object"]),
        skeleton(&["sns", "publish"]),
        skeleton(&["swf", "start-workflow-execution"]),
        skeleton(&["sts", "assume-role"]),
        Case::new(&["sqs", "send-message", "--generate-cli-skeleton", "input"])
            .formats(&[])
            .blank_strings(),
        // Output skeletons: a stubbed response through the normal formatters.
        Case::new(&[
            "sqs",
            "get-queue-url",
            "--queue-name",
            "x",
            "--generate-cli-skeleton",
            "output",
        ]),
        Case::new(&[
            "dynamodb",
            "list-tables",
            "--generate-cli-skeleton",
            "output",
        ]),
        Case::new(&["iam", "get-user", "--generate-cli-skeleton", "output"]).error(252),
        // --cli-input-json, inline and from a file, with command-line options winning.
        Case::new(&[
            "iam",
            "create-user",
            "--cli-input-json",
            r#"{"UserName": "cij-{u}", "Tags": [{"Key": "a", "Value": "b"}]}"#,
        ])
        .mask(user_id),
        Case::new(&[
            "iam",
            "create-user",
            "--cli-input-json",
            "file://user.json",
            "--user-name",
            "file-{u}",
        ])
        .mask(user_id),
        Case::new(&[
            "sqs",
            "create-queue",
            "--cli-input-json",
            r#"{"QueueName": "q-{u}", "Attributes": {"DelaySeconds": "5"}}"#,
        ]),
        Case::new(&[
            "iam",
            "create-user",
            "--cli-input-json",
            r#"{"UserName": "u", "Bogus": 1}"#,
        ])
        .error(252),
        Case::new(&["iam", "create-user", "--cli-input-json", "{bad"]).error(252),
        // Option syntax.
        Case::new(&["iam", "get-user", "--user-name=cli-user"]),
        Case::new(&[
            "--output",
            "text",
            "iam",
            "get-group",
            "--group-n",
            "readers",
        ])
        .formats(&[]),
        Case::new(&[
            "iam",
            "get-user",
            "--user-name",
            "nobody",
            "--user-name",
            "cli-user",
            "--query",
            "User.UserName",
        ]),
        Case::new(&[
            "iam",
            "--query=Users[].UserName",
            "list-users",
            "--no-paginate",
        ]),
        Case::new(&[
            "sqs",
            "--color",
            "off",
            "get-queue-attributes",
            "--queue-url",
            &format!("{}/123456789012/inbox", moto.endpoint()),
            "--attribute-names",
            "DelaySeconds",
            "MaximumMessageSize",
        ]),
        Case::new(&[
            "ec2",
            "describe-vpcs",
            "--vpc-ids",
            "--query",
            "Vpcs[].CidrBlock",
        ]),
        Case::new(&[
            "ec2",
            "describe-regions",
            "--region-names=eu-west-1",
            "--query",
            "Regions[].RegionName",
        ]),
        // Global options by unique prefix, as argparse reads abbreviations.
        Case::new(&[
            "sts",
            "get-caller-identity",
            "--out",
            "text",
            "--que",
            "Account",
        ])
        .formats(&[]),
        Case::new(&[
            "iam",
            "list-groups",
            "--no-pag",
            "--query",
            "Groups[].GroupName",
        ]),
        // `--output off` prints nothing.
        Case::new(&["iam", "list-users"]).formats(&["off"]),
        // An ambiguous abbreviation names its candidates.
        Case::new(&["sts", "get-caller-identity", "--no"]).error(252),
        // Failures: nothing on stdout, the AWS CLI v2's exit code (252 for a command line that
        // cannot be parsed or a parameter that is not valid, 254 for a service error, 255 for
        // any other failure) and its message, usage text included.
        Case::new(&["nosuchservice", "list-things"]).error(252),
        Case::new(&["iam", "no-such-operation"]).error(252),
        Case::new(&["iam", "list-user"]).error(252),
        Case::new(&["iam", "list-users", "--bogus-option", "1"]).error(252),
        // Stray words and unknown options before the command are unknown options too.
        Case::new(&["iam", "create-user", "--user-name", "stray-{u}", "extra"]).error(252),
        Case::new(&["--no-such-global", "sts", "get-caller-identity"]).error(252),
        Case::new(&[
            "s3api",
            "get-object",
            "--bucket",
            "b",
            "--key",
            "k",
            "out1",
            "out2",
        ])
        .error(252),
        // A word that looks like an option is never taken as a value.
        Case::new(&["iam", "get-user", "--user-name", "-foo"]).error(252),
        Case::new(&["sts", "get-caller-identity", "--region"]).error(252),
        Case::new(&["sts", "get-caller-identity", "--cli-read-timeout", "soon"]).error(255),
        Case::new(&["iam", "create-user"]).error(252),
        Case::new(&["iam", "get-user", "--user-name"]).error(252),
        Case::new(&["--output", "xml", "iam", "list-users"]).error(252),
        Case::new(&["--output", "jsn", "iam", "list-users"]).error(252),
        Case::new(&[
            "iam",
            "get-user",
            "--user-name",
            "nobody",
            "--cli-error-format",
            "json",
        ])
        .error(254),
        Case::new(&[
            "iam",
            "get-user",
            "--user-name",
            "nobody",
            "--cli-error-format",
            "yaml",
        ])
        .error(254),
        Case::new(&[
            "iam",
            "get-user",
            "--user-name",
            "nobody",
            "--cli-error-format",
            "text",
        ])
        .error(254),
        Case::new(&[
            "iam",
            "get-user",
            "--user-name",
            "nobody",
            "--cli-error-format",
            "table",
        ])
        .error(254),
        Case::new(&[
            "iam",
            "get-user",
            "--user-name",
            "nobody",
            "--cli-error-format",
            "legacy",
        ])
        .error(254),
        Case::new(&["iam", "create-user", "--cli-error-format", "json"]).error(252),
        Case::new(&["iam", "list-users", "--cli-error-format", "xml"]).error(252),
        Case::new(&["iam", "list-users", "--max-items", "many"]).error(252),
        Case::new(&[
            "iam",
            "tag-user",
            "--user-name",
            "cli-user",
            "--tags",
            r#"[{"Key": "#,
        ])
        .error(252),
        Case::new(&[
            "iam",
            "create-user",
            "--user-name",
            "x",
            "--tags",
            "file://missing.json",
        ])
        .error(252),
        Case::new(&["ec2", "describe-vpcs", "--filters", "Name=x,Values"]).error(252),
        // The JMESPath syntax error ends with a caret line under the expression.
        Case::new(&["iam", "list-users", "--query", "Users[?"]).error(252),
        // Paging options with pagination off (--no-paginate, or a page limit of the service).
        Case::new(&["iam", "list-users", "--no-paginate", "--page-size", "3"]).error(252),
        Case::new(&[
            "ec2",
            "describe-instances",
            "--max-results",
            "5",
            "--max-items",
            "7",
        ])
        .error(252),
        Case::new(&[
            "ec2",
            "describe-instances",
            "--max-results",
            "6",
            "--query",
            "length(Reservations)",
        ]),
        // A starting token in the old `token___index` form is passed on as the service's token.
        Case::new(&[
            "iam",
            "list-groups",
            "--starting-token",
            "not-a-token",
            "--query",
            "Groups[].GroupName",
        ]),
        Case::new(&[
            "dynamodb",
            "scan",
            "--table-name",
            "t",
            "--starting-token",
            "abc",
        ])
        .error(252),
        Case::new(&["ec2", "describe-vpcs", "--max-results", "many"]).error(255),
        Case::new(&[
            "iam",
            "create-user",
            "--cli-input-json",
            "file://missing.json",
        ])
        .error(252),
        Case::new(&["iam", "list-users", "--page-size", "0"]).error(252),
        Case::new(&["iam", "create-user", "--user-name", ""]).error(252),
        Case::new(&["iam", "get-user", "--user-name", "nobody"]).error(254),
        Case::new(&["ec2", "describe-vpcs", "--dry-run"]).error(254),
    ];
    suite.compare(&cases);
    suite.finish("command line");
}
