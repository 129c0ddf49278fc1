//! `aws <service> wait <waiter>` against a real `moto_server`: success, terminal failure,
//! unexpected errors and bad waiter names.

use aws2_e2e::MotoServer;
use std::process::{Command, Output};

fn aws(moto: &MotoServer, args: &[&str]) -> Output {
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_aws"))
        .args(args)
        .args(["--endpoint-url", &moto.endpoint()])
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home.path())
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", home.path().join("config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            home.path().join("credentials"),
        )
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn waiters_reach_success_failure_and_errors() {
    let moto = MotoServer::start();
    let mut checks = 0;

    let out = aws(
        &moto,
        &["s3api", "create-bucket", "--bucket", "waiter-bucket"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = aws(
        &moto,
        &[
            "s3api",
            "wait",
            "bucket-exists",
            "--bucket",
            "waiter-bucket",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty());
    checks += 1;

    // A 404 HeadBucket is the success state of bucket-not-exists (status matcher).
    let out = aws(
        &moto,
        &[
            "s3api",
            "wait",
            "bucket-not-exists",
            "--bucket",
            "no-such-bucket-x",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    checks += 1;

    // instance-running succeeds on a running instance and fails once it is terminated.
    let out = aws(
        &moto,
        &[
            "ec2",
            "run-instances",
            "--image-id",
            "ami-12c6146b",
            "--count",
            "1",
            "--output",
            "text",
            "--query",
            "Instances[0].InstanceId",
        ],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let id = text(&out.stdout).trim().to_owned();
    assert!(id.starts_with("i-"), "{id}");
    let out = aws(
        &moto,
        &["ec2", "wait", "instance-running", "--instance-ids", &id],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    checks += 1;
    let out = aws(
        &moto,
        &["ec2", "terminate-instances", "--instance-ids", &id],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = aws(
        &moto,
        &["ec2", "wait", "instance-running", "--instance-ids", &id],
    );
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        text(&out.stderr).trim(),
        "aws: [ERROR]: Waiter InstanceRunning failed: Waiter encountered a terminal failure state: For expression \"Reservations[].Instances[].State.Name\" we matched expected path: \"terminated\" at least once"
    );
    checks += 1;

    // An error matcher leading to the failure state.
    let out = aws(
        &moto,
        &[
            "cloudformation",
            "wait",
            "stack-create-complete",
            "--stack-name",
            "nope",
        ],
    );
    assert_eq!(out.status.code(), Some(255));
    assert_eq!(
        text(&out.stderr).trim(),
        "aws: [ERROR]: Waiter StackCreateComplete failed: Waiter encountered a terminal failure state: Matched expected service error code: ValidationError"
    );
    checks += 1;

    // An error no acceptor expects ends the wait with the service's error.
    let out = aws(
        &moto,
        &["ec2", "wait", "image-available", "--image-ids", "ami-bad"],
    );
    assert_eq!(out.status.code(), Some(255));
    assert!(
        text(&out.stderr)
            .contains("Waiter ImageAvailable failed: An error occurred (InvalidAMIID.NotFound)"),
        "{}",
        text(&out.stderr)
    );
    checks += 1;

    let out = aws(&moto, &["ec2", "wait", "no-such-waiter"]);
    assert_eq!(out.status.code(), Some(252));
    assert!(
        text(&out.stderr).contains("argument subcommand: Found invalid choice 'no-such-waiter'")
    );
    checks += 1;
    eprintln!("waiters: {checks}/7 checks passed");
    assert_eq!(checks, 7);
}
