//! Errors raised before any request is sent (no region, no credentials, invalid command lines,
//! unknown profiles) and the error formats chosen by option, environment and profile: stdout,
//! stderr and exit code compared byte for byte with the AWS CLI v2.

use std::path::Path;
use std::process::Command;

/// One command line with its environment and config file.
struct Case {
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
    config: &'static str,
    credentials: bool,
    region: bool,
}

const fn case(args: &'static [&'static str]) -> Case {
    Case {
        args,
        env: &[],
        config: "",
        credentials: true,
        region: true,
    }
}

/// Nothing listens on port 1: a command that sends a request fails to connect (exit 255).
const NOWHERE: &str = "http://127.0.0.1:1";

fn run(program: &Path, home: &Path, case: &Case) -> (i32, String, String) {
    let config = home.join("config");
    std::fs::write(&config, case.config).unwrap();
    let credentials = home.join("credentials");
    std::fs::write(&credentials, "").unwrap();
    let mut cmd = Command::new(program);
    cmd.args(case.args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_PAGER", "")
        .current_dir(home);
    if case.credentials {
        cmd.env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing");
    }
    if case.region {
        cmd.env("AWS_DEFAULT_REGION", "us-east-1");
    }
    for (k, v) in case.env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn errors_before_any_request_match_v2() {
    let cases = [
        Case {
            region: false,
            ..case(&["ec2", "describe-instances", "--endpoint-url", NOWHERE])
        },
        Case {
            region: false,
            env: &[("AWS_CLI_ERROR_FORMAT", "legacy")],
            ..case(&["ec2", "describe-instances", "--endpoint-url", NOWHERE])
        },
        Case {
            credentials: false,
            ..case(&["sts", "get-caller-identity", "--endpoint-url", NOWHERE])
        },
        Case {
            credentials: false,
            ..case(&[
                "iam",
                "list-users",
                "--endpoint-url",
                NOWHERE,
                "--cli-error-format",
                "json",
            ])
        },
        Case {
            config: "[default]\ncli_error_format = json\n",
            ..case(&["iam", "create-user"])
        },
        Case {
            config: "[default]\ncli_error_format = text\n",
            ..case(&["iam", "create-user", "--cli-error-format", "table"])
        },
        Case {
            env: &[("AWS_CLI_ERROR_FORMAT", "yaml")],
            ..case(&["no-such-command"])
        },
        Case {
            env: &[("AWS_CLI_ERROR_FORMAT", "legacy")],
            ..case(&["iam", "get-user", "--user-name", ""])
        },
        case(&["iam", "list-users", "--profile", "nope"]),
        case(&["iam", "list-users", "--color", "blue"]),
        case(&["iam", "list-users", "--output", "tabel"]),
        case(&["ec2", "describe-instanses"]),
        case(&["ec2"]),
        case(&[]),
        case(&["iam", "list-users", "--bogus", "--cli-error-format", "json"]),
        case(&["s3", "cp"]),
        case(&["s3", "ls", "--bogus"]),
    ];
    let ours = Path::new(env!("CARGO_BIN_EXE_aws"));
    let oracle = aws2_e2e::oracle::v2_bin();
    let mut differences = Vec::new();
    for case in &cases {
        let home = tempfile::tempdir().unwrap();
        let mine = run(ours, home.path(), case);
        let theirs = run(&oracle, home.path(), case);
        assert_ne!(theirs.0, 0, "the AWS CLI v2 accepted {:?}", case.args);
        if mine != theirs {
            differences.push(format!(
                "aws {:?} (env {:?}, config {:?})\n aws-cli v2: {theirs:?}\n ours:       {mine:?}",
                case.args, case.env, case.config
            ));
        }
    }
    eprintln!(
        "v2 differential: {}/{} early errors identical",
        cases.len() - differences.len(),
        cases.len()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
