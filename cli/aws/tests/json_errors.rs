//! Parameter values that are not valid JSON fail exactly as they do in the Python AWS CLI (the
//! `aws` on the PATH): the same message on stderr and the same exit code, for structure, map
//! and list parameters, parameter files and `--cli-input-json`. Every case fails before a
//! request is made, so no server is needed.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `program` with `args` in an empty home; returns its exit code and stderr.
fn run(program: &OsStr, home: &Path, args: &[String]) -> (Option<i32>, String) {
    let mut cmd = Command::new(program);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(&key);
        }
    }
    let out = cmd
        .args(args)
        .env("HOME", home)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("credentials"))
        .env("AWS_PAGER", "")
        .current_dir(home)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program:?}: {e}"));
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn words(line: &[&str]) -> Vec<String> {
    line.iter().map(|w| w.to_string()).collect()
}

#[test]
fn invalid_json_fails_as_in_the_python_cli() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path();
    let key_file = dir.join("key.json");
    std::fs::write(
        &key_file,
        "{\n  \"id\": {\"S\": \"é\"},\n  \"n\" {\"N\": \"1\"}\n}\n",
    )
    .unwrap();
    let input_file = dir.join("input.json");
    std::fs::write(&input_file, "{\"TableName\": \"t\"}\n{\"Key\": {}}\n").unwrap();
    let key_arg = format!("file://{}", key_file.display());
    let input_arg = format!("file://{}", input_file.display());
    let key = ["dynamodb", "get-item", "--table-name", "t", "--key"];
    let attributes = ["sqs", "create-queue", "--queue-name", "q", "--attributes"];
    let ids = ["ec2", "describe-instances", "--instance-ids"];
    let filters = ["ec2", "describe-instances", "--filters"];
    let input = ["dynamodb", "get-item", "--cli-input-json"];
    let with = |base: &[&str], extra: &[&str]| {
        let mut line = words(base);
        line.extend(words(extra));
        line
    };
    let deep = |n: usize| "[".repeat(n);
    let long_int = format!("{{\"id\": {{\"N\": {}}}}}", "1".repeat(4301));
    let cases: Vec<Vec<String>> = vec![
        // Structure and map parameters.
        with(&key, &["{bad"]),
        with(&key, &["{\"id\": {\"S\": \"x\"}} extra"]),
        with(&key, &["{\"id\": {\"S\": \"x}}"]),
        with(&key, &["  [{\"id\": {\"S\": \"x\"}}]"]),
        with(
            &key,
            &["{\"id\": {\"S\": \"日本\"},\n \"n\" {\"N\": \"1\"}}"],
        ),
        with(&key, &["{\"id\": {\"S\": \"a\\qb\"}}"]),
        with(&key, &["{\"id\": {\"S\": \"\\u12\"}}"]),
        with(&key, &["{\"id\": {\"S\": \"tab\there\"}}"]),
        with(&key, &["{\"id\": {\"N\": NaN,}}"]),
        with(&key, &[&long_int]),
        with(&key, &[&key_arg]),
        with(&attributes, &["{\"A\": \"1\",}"]),
        with(&attributes, &["[\"A\"]"]),
        // List parameters: one JSON word, or one word per item.
        with(&ids, &["[\"i-1\" \"i-2\"]"]),
        with(&ids, &[" [\"i-1\", ]"]),
        with(&filters, &["[{\"Name\": \"x\", \"Values\": [\"a\",]}]"]),
        with(&filters, &["{\"Name\": \"x\"", "{\"Name\": \"y\"}"]),
        with(&filters, &["[{\"Name\": \"x\"}", "Name=y"]),
        with(&filters, &["[\n\n  {\"Name\" \"x\"}]"]),
        // Nested as deep as the Python CLI reads, and one level deeper.
        with(&filters, &[&deep(978)]),
        with(&filters, &[&deep(979)]),
        // The input document.
        with(&input, &["{\"TableName\": \"t\",}"]),
        with(&input, &[""]),
        with(&input, &["[]"]),
        with(&input, &["NaN"]),
        with(&input, &["\"text\""]),
        with(&input, &[&input_arg]),
        with(&input, &[&deep(978)]),
        with(&input, &[&deep(979)]),
        // A bad parameter is reported before a bad input document.
        with(&key, &["{bad", "--cli-input-json", "{bad"]),
    ];
    // The reference AWS CLI v2.
    let python_cli = OsString::from(aws2_e2e::oracle::v2_bin());
    let mut differences = Vec::new();
    for line in &cases {
        let ours = run(OsStr::new(env!("CARGO_BIN_EXE_aws")), dir, line);
        let python = run(&python_cli, dir, line);
        assert_ne!(python.0, Some(0), "the Python CLI accepted {line:?}");
        if ours != python {
            differences.push(format!(
                "{line:?}\n python ({:?}): {}\n ours ({:?}): {}",
                python.0, python.1, ours.0, ours.1
            ));
        }
    }
    eprintln!(
        "json errors against the Python CLI: {}/{}",
        cases.len() - differences.len(),
        cases.len()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
