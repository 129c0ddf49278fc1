//! The SYNOPSIS of commands whose options the AWS CLI v2 customizes (renamed options, options
//! it adds or takes away, booleans it makes of structures): ours must list the same options
//! in the same order as v2's help does.

use aws2_e2e::{binary, oracle};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Commands whose options a customization changes.
const COMMANDS: &[&[&str]] = &[
    &["sns", "subscribe"],
    &["ses", "send-email"],
    &["cloudwatch", "put-metric-data"],
    &["ec2", "modify-instance-attribute"],
    &["ec2", "modify-vpc-attribute"],
    &["ec2", "create-image"],
    &["ec2", "run-instances"],
    &["ec2", "create-network-acl-entry"],
    &["ec2", "authorize-security-group-ingress"],
    &["ec2", "get-password-data"],
    &["ec2", "bundle-instance"],
    &["deploy", "create-deployment"],
    &["deploy", "get-application-revision"],
    &["deploy", "register-application-revision"],
    &["configservice", "subscribe"],
    &["configservice", "get-status"],
    &["configservice", "put-configuration-recorder"],
    &["dlm", "create-default-role"],
    &["datapipeline", "put-pipeline-definition"],
    &["datapipeline", "activate-pipeline"],
    &["datapipeline", "list-runs"],
    &["iam", "create-virtual-mfa-device"],
    &["rds", "add-option-to-option-group"],
    &["swf", "register-activity-type"],
    &["cloudsearchdomain", "search"],
    &["cloudsearch", "define-index-field"],
    &["cloudsearch", "define-expression"],
    &["s3api", "get-object"],
    &["cloudfront", "create-invalidation"],
    &["cloudfront", "create-distribution"],
    &["lambda", "create-function"],
    &["lambda", "update-function-code"],
    &["translate", "import-terminology"],
    &["translate", "translate-document"],
    &["rekognition", "compare-faces"],
    &["iot", "create-keys-and-certificate"],
    &["cloudfront", "sign"],
    &["eks", "update-kubeconfig"],
    &["eks", "get-token"],
    &["codeartifact", "login"],
    &["cloudformation", "package"],
    &["cloudformation", "deploy"],
    &["logs", "tail"],
    &["logs", "start-live-tail"],
    &["ecr", "get-login-password"],
    &["rds", "generate-db-auth-token"],
    &["history", "show"],
    &["history", "list"],
    &["ddb", "select"],
    &["ddb", "put"],
    &["ssm", "start-session"],
    &["ecs", "execute-command"],
    &["ec2-instance-connect", "ssh"],
    &["ec2-instance-connect", "open-tunnel"],
];

/// The option lines of the SYNOPSIS of `program args help`, without overstriking.
fn synopsis(program: &Path, args: &[&str]) -> Vec<String> {
    let home = tempfile::tempdir().expect("home");
    let out = Command::new(program)
        .args(args)
        .arg("help")
        .env("HOME", home.path())
        .env("AWS_PAGER", "")
        .env("PAGER", "cat")
        .env("MANPAGER", "cat")
        .env_remove("COLUMNS")
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    let text = String::from_utf8_lossy(&out.stdout);
    let plain = strip_overstrike(&text);
    plain
        .lines()
        .skip_while(|l| l.trim() != "SYNOPSIS")
        .skip(1)
        .take_while(|l| l.trim() != "OPTIONS")
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Text without the `c\bc` bold and `_\bc` underline of man page output.
fn strip_overstrike(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        if c == '\u{8}' {
            out.pop();
            continue;
        }
        out.push(c);
    }
    out.into_iter().collect()
}

#[test]
fn customized_synopses_are_those_of_v2() {
    let v2 = oracle::v2_bin();
    let ours = binary::aws_bin();
    let next = AtomicUsize::new(0);
    let differences = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(args) = COMMANDS.get(i) else { break };
                let reference = synopsis(&v2, args);
                let got = synopsis(&ours, args);
                assert!(
                    reference.len() > 3,
                    "v2 printed no synopsis for {args:?}: {reference:?}"
                );
                if reference != got {
                    differences.lock().expect("differences").push(format!(
                        "{}:\n  v2:   {reference:?}\n  ours: {got:?}",
                        args.join(" ")
                    ));
                }
            });
        }
    });
    let differences = differences.into_inner().expect("differences");
    println!(
        "v2 differential: {}/{} synopses identical",
        COMMANDS.len() - differences.len(),
        COMMANDS.len()
    );
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
