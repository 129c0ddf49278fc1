//! `aws … help` through the built binary: plain text when piped, the pager on a terminal.

use std::process::{Command, Output, Stdio};

const AWS: &str = env!("CARGO_BIN_EXE_aws");

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(AWS)
        .args(args)
        .env_remove("COLUMNS")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run aws")
}

fn help(args: &[&str]) -> String {
    let out = run(args, &[]);
    assert!(out.status.success(), "{args:?}: {out:?}");
    assert!(
        out.stderr.is_empty(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        !text.contains('\x1b'),
        "escape codes in piped help for {args:?}"
    );
    text
}

fn headings(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .collect()
}

/// The lines of a section, without trailing blank lines.
fn section<'a>(text: &'a str, name: &str) -> Vec<&'a str> {
    let mut lines: Vec<&str> = text
        .lines()
        .skip_while(|l| *l != name)
        .skip(1)
        .take_while(|l| l.is_empty() || l.starts_with(' '))
        .collect();
    while lines.last() == Some(&"") {
        lines.pop();
    }
    lines
}

#[test]
fn aws_help() {
    let text = help(&["help"]);
    assert_eq!(
        headings(&text),
        [
            "NAME",
            "DESCRIPTION",
            "SYNOPSIS",
            "GLOBAL OPTIONS",
            "AVAILABLE SERVICES",
            "SEE ALSO"
        ]
    );
    assert_eq!(
        section(&text, "SYNOPSIS")[0],
        "          aws [options] <command> <subcommand> [parameters]"
    );
    let services = section(&text, "AVAILABLE SERVICES");
    for s in ["o ec2", "o s3", "o s3api", "o configure", "o sts"] {
        assert!(services.iter().any(|l| l.trim() == s), "{s}");
    }
    assert!(text.contains("       --cli-binary-format (string)\n"));
    assert!(text
        .lines()
        .all(|l| l.chars().count() <= 80 || !l.trim().contains(' ')));
    eprintln!("aws help: {} lines", text.lines().count());
}

#[test]
fn aws_s3api_help() {
    let text = help(&["s3api", "help"]);
    assert_eq!(
        headings(&text),
        ["NAME", "DESCRIPTION", "AVAILABLE COMMANDS", "WAITERS"]
    );
    let commands = section(&text, "AVAILABLE COMMANDS");
    for c in [
        "o get-object",
        "o put-object",
        "o list-objects-v2",
        "o wait",
    ] {
        assert!(commands.iter().any(|l| l.trim() == c), "{c}");
    }
    assert!(section(&text, "WAITERS")
        .iter()
        .any(|l| l.trim() == "o bucket-exists"));
}

#[test]
fn aws_ec2_describe_instances_help() {
    let text = help(&["ec2", "describe-instances", "help"]);
    assert_eq!(
        headings(&text),
        [
            "NAME",
            "DESCRIPTION",
            "SYNOPSIS",
            "OPTIONS",
            "GLOBAL OPTIONS",
            "EXAMPLES",
            "OUTPUT"
        ]
    );
    assert_eq!(section(&text, "NAME"), ["       describe-instances -"]);
    let synopsis = section(&text, "SYNOPSIS");
    assert_eq!(
        &synopsis[..5],
        [
            "            describe-instances",
            "          [--instance-ids <value>]",
            "          [--include-managed-resources | --no-include-managed-resources]",
            "          [--dry-run | --no-dry-run]",
            "          [--filters <value>]",
        ]
    );
    let output = section(&text, "OUTPUT");
    assert_eq!(output[0], "       NextToken -> (string)");
    assert!(output.contains(&"       Reservations -> (list)"));
    assert!(output.contains(&"          (structure)"));
    assert!(output.contains(&"             Instances -> (list)"));
    assert!(output.contains(&"                   InstanceId -> (string)"));
    // `aws ec2 describe-instances help | head -1`
    let child = Command::new("sh")
        .args([
            "-c",
            &format!("'{AWS}' ec2 describe-instances help | head -1"),
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "NAME\n");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn aws_dynamodb_create_table_help() {
    let text = help(&["dynamodb", "create-table", "help"]);
    let synopsis = section(&text, "SYNOPSIS");
    assert_eq!(
        &synopsis[..4],
        [
            "            create-table",
            "          [--attribute-definitions <value>]",
            "          --table-name <value>",
            "          [--key-schema <value>]",
        ]
    );
    assert!(synopsis
        .contains(&"          [--deletion-protection-enabled | --no-deletion-protection-enabled]"));
    assert!(synopsis.contains(&"          [--cli-input-json | --cli-input-yaml]"));
    assert!(!synopsis.contains(&"          [--max-items <value>]"));
    let options = section(&text, "OPTIONS").join("\n");
    assert!(options.contains("       --table-name (string) [required]\n"));
    assert!(options.contains("       --billing-mode (string)\n"));
    assert!(options.contains("          o PAY_PER_REQUEST\n"));
    assert!(options.contains("          AttributeName=string,AttributeType=S|N|B ...\n"));
    let output = section(&text, "OUTPUT");
    assert_eq!(output[0], "       TableDescription -> (structure)");
    assert!(output.contains(&"          TableStatus -> (string)"));
}

#[test]
fn unknown_commands_are_usage_errors() {
    let out = run(&["nosuchservice", "help"], &[]);
    assert_eq!(out.status.code(), Some(252));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Found invalid choice 'nosuchservice'"));
    let out = run(&["ec2", "no-such-operation", "help"], &[]);
    assert_eq!(out.status.code(), Some(252));
}

#[test]
fn columns_sets_the_width_when_piped() {
    let out = run(&["ec2", "describe-instances", "help"], &[("COLUMNS", "50")]);
    let text = String::from_utf8(out.stdout).unwrap();
    let description = section(&text, "DESCRIPTION");
    assert!(description.len() > 10);
    assert!(description
        .iter()
        .all(|l| l.len() <= 50 || !l.trim().contains(' ')));
}

/// Runs a command on a pseudo-terminal (util-linux `script`) and returns what it printed.
fn on_terminal(cmd: &str, env: &[(&str, &str)]) -> String {
    let out = Command::new("script")
        .args(["-qec", cmd, "/dev/null"])
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .output()
        .expect("run script(1)");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn pager_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    let paged = dir.path().join("paged.txt");
    let pager = format!("cat > '{}'", paged.display());
    let shown = on_terminal(&format!("'{AWS}' sts help"), &[("AWS_PAGER", &pager)]);
    let text = std::fs::read_to_string(&paged).expect("the pager received the page");
    assert!(text.starts_with("\x1b[1mNAME\x1b[0m\n"), "{text:?}");
    assert!(!shown.contains("DESCRIPTION"));
    // PAGER is the fallback; AWS_PAGER="" and --no-cli-pager print straight to the terminal.
    std::fs::remove_file(&paged).unwrap();
    on_terminal(
        &format!("'{AWS}' sts help"),
        &[("PAGER", &pager), ("AWS_PAGER", "")],
    );
    assert!(!paged.exists());
    let direct = on_terminal(
        &format!("'{AWS}' sts help --no-cli-pager"),
        &[("AWS_PAGER", &pager)],
    );
    assert!(!paged.exists());
    assert!(direct.contains("DESCRIPTION"));
    let fallback = on_terminal(
        &format!("env -u AWS_PAGER '{AWS}' sts help"),
        &[("PAGER", &pager)],
    );
    assert!(paged.exists() && !fallback.contains("DESCRIPTION"));
}
