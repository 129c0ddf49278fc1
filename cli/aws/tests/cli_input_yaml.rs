//! `--cli-input-yaml` fills the input as `--cli-input-json` does, explicit options win, and
//! giving both is a usage error.

use aws2_e2e::MotoServer;
use std::process::{Command, Output};

fn aws(moto: &MotoServer, home: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aws"))
        .args(args)
        .args(["--endpoint-url", &moto.endpoint(), "--output", "json"])
        .env("HOME", home)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .output()
        .unwrap()
}

#[test]
fn yaml_input_files_and_conflicts() {
    let moto = MotoServer::start();
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("input.yaml");
    std::fs::write(
        &file,
        "QueueName: from-yaml\nAttributes:\n  DelaySeconds: '5'\n",
    )
    .unwrap();
    let arg = format!("file://{}", file.display());
    let out = aws(
        &moto,
        home.path(),
        &["sqs", "create-queue", "--cli-input-yaml", &arg],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("/from-yaml\""));
    let out = aws(
        &moto,
        home.path(),
        &[
            "sqs",
            "create-queue",
            "--cli-input-yaml",
            &arg,
            "--queue-name",
            "explicit",
        ],
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("/explicit\""));
    let out = aws(
        &moto,
        home.path(),
        &[
            "sqs",
            "create-queue",
            "--cli-input-yaml",
            &arg,
            "--cli-input-json",
            "{}",
        ],
    );
    assert_eq!(out.status.code(), Some(252));
    let out = aws(
        &moto,
        home.path(),
        &["sqs", "create-queue", "--cli-input-yaml", "a: [1"],
    );
    assert_eq!(out.status.code(), Some(252));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("Error parsing parameter 'cli-input-yaml': Invalid YAML received."));
    eprintln!("cli-input-yaml: 4/4 cases");
}
