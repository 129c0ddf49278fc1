//! `aws_completer` driven as the shells drive it: `COMP_LINE`/`COMP_POINT` (bash), `COMMAND_LINE`
//! (tcsh), and bash itself through `complete -C` on a pseudo-terminal.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const COMPLETER: &str = env!("CARGO_BIN_EXE_aws_completer");

/// Runs the completer for `line` with the cursor at `point` (the end when `None`).
fn complete_at(line: &str, point: Option<usize>, env: &[(&str, &str)]) -> Vec<String> {
    let out = Command::new(COMPLETER)
        .env("COMP_LINE", line)
        .env("COMP_POINT", point.unwrap_or(line.len()).to_string())
        .envs(env.iter().copied())
        .output()
        .expect("run aws_completer");
    assert!(out.status.success(), "{line}: {out:?}");
    String::from_utf8(out.stdout)
        .expect("utf-8 output")
        .lines()
        .map(str::to_owned)
        .collect()
}

fn complete(line: &str) -> Vec<String> {
    complete_at(line, None, &[])
}

fn has(list: &[String], items: &[&str]) -> bool {
    items.iter().all(|i| list.iter().any(|c| c == i))
}

#[test]
fn guide_example_services() {
    let got = complete("aws s");
    assert!(
        has(
            &got,
            &[
                "s3",
                "s3api",
                "ses",
                "sqs",
                "sts",
                "swf",
                "sns",
                "storagegateway",
                "support"
            ]
        ),
        "{got:?}"
    );
    assert!(got.iter().all(|c| c.starts_with('s')));
    let mut sorted = got.clone();
    sorted.sort();
    assert_eq!(got, sorted);
    let all = complete("aws ");
    assert!(has(&all, &["ec2", "s3", "configure", "help", "dynamodb"]));
    assert!(all.len() > 400);
    eprintln!("aws s -> {} candidates, aws -> {}", got.len(), all.len());
}

#[test]
fn partial_operations_waiters_and_subcommands() {
    assert_eq!(
        complete("aws dynamodb create-"),
        ["create-backup", "create-global-table", "create-table"]
    );
    let ec2 = complete("aws ec2 describe-inst");
    assert!(has(
        &ec2,
        &["describe-instances", "describe-instance-status"]
    ));
    assert!(complete("aws ec2 ").contains(&"wait".to_owned()));
    assert!(!complete("aws sts ").contains(&"wait".to_owned()));
    assert_eq!(complete("aws ec2 wait instance-r"), ["instance-running"]);
    assert_eq!(complete("aws s3 sy"), ["sync"]);
    assert_eq!(complete("aws s3 cp --rec"), ["--recursive"]);
    assert!(has(
        &complete("aws s3 ls s3://bucket/ --"),
        &["--recursive", "--human-readable", "--region"]
    ));
    assert_eq!(complete("aws sso login --no-b"), ["--no-browser"]);
    assert!(has(
        &complete("aws configure "),
        &["get", "set", "list", "list-profiles"]
    ));
    assert!(has(
        &complete("aws sso l"),
        &["login", "logout", "list-accounts"]
    ));
    assert_eq!(
        complete("aws help "),
        ["config-vars", "return-codes", "s3-config", "topics"]
    );
    assert!(complete("aws nosuchservice ").is_empty());
    // Commands two files add to one service are both offered.
    assert!(has(
        &complete("aws eks "),
        &["get-token", "update-kubeconfig"]
    ));
    assert_eq!(complete("aws codeartifact logi"), ["login"]);
}

#[test]
fn options_not_already_given() {
    let opts = complete("aws ec2 describe-instances --");
    assert!(has(
        &opts,
        &[
            "--instance-ids",
            "--filters",
            "--dry-run",
            "--no-dry-run",
            "--max-items",
            "--starting-token",
            "--cli-input-json",
            "--region",
            "--output",
            "--debug"
        ]
    ));
    let given =
        complete("aws --output json ec2 describe-instances --dry-run --instance-ids i-1 i-2 --");
    assert!(!given.iter().any(|o| o == "--output"
        || o == "--dry-run"
        || o == "--no-dry-run"
        || o == "--instance-ids"));
    assert!(has(&given, &["--filters", "--region"]));
    assert_eq!(complete("aws ec2 describe-instances --dry"), ["--dry-run"]);
    let sts = complete("aws sts get-caller-identity --");
    assert!(!sts.contains(&"--max-items".to_owned()));
    assert!(sts.contains(&"--generate-cli-skeleton".to_owned()));
    let globals_only = complete("aws ec2 --");
    assert!(
        has(&globals_only, &["--region", "--profile"])
            && !globals_only.contains(&"--dry-run".to_owned())
    );
    let waiter = complete("aws ec2 wait instance-running --inst");
    assert_eq!(waiter, ["--instance-ids"]);
}

#[test]
fn values_enums_formats_regions() {
    assert_eq!(
        complete("aws dynamodb create-table --billing-mode "),
        ["PAY_PER_REQUEST", "PROVISIONED"]
    );
    assert_eq!(
        complete("aws dynamodb create-table --table-class STANDARD"),
        ["STANDARD", "STANDARD_INFREQUENT_ACCESS"]
    );
    assert_eq!(complete("aws --output t"), ["table", "text"]);
    assert_eq!(
        complete("aws ec2 describe-instances --output y"),
        ["yaml", "yaml-stream"]
    );
    assert_eq!(complete("aws --color "), ["auto", "off", "on"]);
    let regions = complete("aws ec2 describe-instances --region eu-west-");
    assert!(has(&regions, &["eu-west-1", "eu-west-2", "eu-west-3"]));
    let all = complete("aws --region ");
    assert!(has(&all, &["us-east-1", "cn-north-1", "us-gov-west-1"]));
    assert!(!all.iter().any(|r| r.ends_with("-global")));
    assert!(complete("aws ec2 describe-instances --instance-ids ").is_empty());
    eprintln!("{} regions", all.len());
}

#[test]
fn profiles_from_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config");
    let creds = dir.path().join("credentials");
    std::fs::write(&config, "[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n[sso-session corp]\nsso_region = us-east-1\n").unwrap();
    std::fs::write(
        &creds,
        "[prod]\naws_access_key_id = AKIDEXAMPLE\n[dev]\naws_access_key_id = AKIDEXAMPLE\n",
    )
    .unwrap();
    let env = [
        ("AWS_CONFIG_FILE", config.to_str().unwrap()),
        ("AWS_SHARED_CREDENTIALS_FILE", creds.to_str().unwrap()),
    ];
    assert_eq!(
        complete_at("aws --profile ", None, &env),
        ["default", "dev", "prod"]
    );
    assert_eq!(
        complete_at("aws s3 ls --profile d", None, &env),
        ["default", "dev"]
    );
    let none = [
        ("AWS_CONFIG_FILE", "/nonexistent/config"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/creds"),
    ];
    assert!(complete_at("aws --profile ", None, &none).is_empty());
}

#[test]
fn cursor_inside_the_line_and_tcsh() {
    let got = complete_at("aws ec describe-instances", Some(6), &[]);
    assert!(has(&got, &["ec2", "ecr", "ecs"]) && got.iter().all(|c| c.starts_with("ec")));
    let out = Command::new(COMPLETER)
        .env_remove("COMP_LINE")
        .env_remove("COMP_POINT")
        .env("COMMAND_LINE", "aws2 dynamodb create-t")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "create-table\n");
    let out = Command::new(COMPLETER)
        .env_remove("COMP_LINE")
        .env_remove("COMMAND_LINE")
        .output()
        .unwrap();
    assert!(out.status.success());
}

#[test]
fn bash_compgen_over_complete_c() {
    // bash registers the completer with complete -C; the registered command is read back with
    // complete -p, run as bash runs it (COMP_LINE, COMP_POINT, argv: command, word, previous
    // word), and its output filtered with compgen.
    let script = r#"
complete -C "$COMPLETER" aws2
eval "set -- $(complete -p aws2)"
cmd=$3
run() {
  local line=$1 cur=$2 prev=$3
  compgen -W "$(COMP_LINE="$line" COMP_POINT=${#line} "$cmd" aws2 "$cur" "$prev")" -- "$cur"
}
run 'aws2 s' s aws2 | tr '\n' ' '; echo
run 'aws2 dynamodb create-table --billing-mode P' P --billing-mode | tr '\n' ' '; echo
"#;
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", script])
        .env("COMPLETER", COMPLETER)
        .output()
        .expect("run bash");
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    let services: Vec<&str> = lines[0].split_whitespace().collect();
    for s in ["s3", "s3api", "ses", "sqs", "sts", "swf"] {
        assert!(services.contains(&s), "{s} not in {services:?}");
    }
    assert_eq!(
        lines[1].split_whitespace().collect::<Vec<_>>(),
        ["PAY_PER_REQUEST", "PROVISIONED"]
    );
}

/// An interactive shell on a pseudo-terminal (through util-linux `script`), read until markers
/// appear.
struct Terminal {
    child: std::process::Child,
    /// The shell's HOME (its history and settings land here).
    _home: tempfile::TempDir,
    input: std::process::ChildStdin,
    output: mpsc::Receiver<Vec<u8>>,
    seen: String,
}

impl Terminal {
    /// Starts `shell` and runs `setup` in it; returns once the prompt `prompt` follows the
    /// setup's output.
    fn start(shell: &str, env: &[(&str, &str)], setup: &str, prompt: &str) -> Terminal {
        let bin_dir = std::path::Path::new(COMPLETER).parent().unwrap();
        let path = format!(
            "{}:{}",
            bin_dir.display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let home = tempfile::tempdir().unwrap();
        let mut child = Command::new("script")
            .args(["-qfc", shell, "/dev/null"])
            .env_clear()
            .env("PATH", path)
            .env("TERM", "dumb")
            .env("HOME", home.path())
            .envs(env.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("run script(1) from util-linux");
        let input = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let mut t = Terminal {
            child,
            _home: home,
            input,
            output: rx,
            seen: String::new(),
        };
        // A whole line typed ahead is safe; the echo's quotes keep the typed text from
        // matching the marker it prints.
        t.send(&format!("{setup}; echo RE''ADY\n"));
        t.expect_in_order(&["READY", prompt]);
        t
    }

    /// Waits until the output since the last call shows the markers in this order.
    fn expect_in_order(&mut self, markers: &[&str]) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        let found = |seen: &str| {
            let mut rest = seen;
            markers.iter().all(|m| match rest.find(m) {
                Some(p) => {
                    rest = &rest[p + m.len()..];
                    true
                }
                None => false,
            })
        };
        while !found(&self.seen) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(chunk) => self.seen.push_str(&String::from_utf8_lossy(&chunk)),
                Err(_) => panic!(
                    "{markers:?} never appeared; terminal showed {:?}",
                    self.seen
                ),
            }
        }
        std::mem::take(&mut self.seen)
    }

    fn send(&mut self, keys: &str) {
        self.input.write_all(keys.as_bytes()).unwrap();
        self.input.flush().unwrap();
    }

    /// Types `line` and a tab, and waits for the markers.
    fn tab(&mut self, line: &str, markers: &[&str]) -> String {
        self.send(&format!("\x15{line}\t"));
        self.expect_in_order(markers)
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn assert_lists_services(listing: &str) {
    for s in ["s3", "s3api", "ses", "sqs", "sts", "swf", "storagegateway"] {
        assert!(
            listing.split_whitespace().any(|w| w == s),
            "{s} not listed: {listing:?}"
        );
    }
}

#[test]
fn bash_tab_completion_on_a_terminal() {
    let mut t = Terminal::start(
        "bash --norc --noprofile -i",
        &[("PS1", "BT> ")],
        &format!("complete -C '{COMPLETER}' aws2; bind 'set show-all-if-ambiguous on'; bind 'set completion-query-items 0'; bind 'set page-completions off'"),
        "BT> ",
    );
    assert_lists_services(&t.tab("aws2 s", &["swf", "BT> aws2 s"]));
    t.tab("aws2 ec2 describe-instances --dry", &["-run "]);
    t.tab("aws2 dynamodb create-t", &["able "]);
    t.tab("aws2 --output t", &["table", "text"]);
    eprintln!("bash: services, an option, an operation and a value completed");
}

#[test]
fn zsh_completer_script_on_a_terminal() {
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/completions/aws_zsh_completer.sh"
    );
    let mut t = Terminal::start(
        "zsh -f -i",
        &[("PS1", "ZT> "), ("AWS2_COMPLETER", COMPLETER)],
        &format!("source '{script}'"),
        "ZT> ",
    );
    t.tab("aws2 dynamodb create-t", &["able "]);
    assert_lists_services(&t.tab("aws2 s", &["swf", "ZT> "]));
    eprintln!("zsh: aws_zsh_completer.sh completes through bashcompinit");
}

#[test]
fn fish_completion_on_a_terminal() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/completions/aws2.fish");
    let mut t = Terminal::start(
        "fish --no-config -i",
        &[("AWS2_COMPLETER", COMPLETER)],
        &format!("function fish_prompt; echo -n 'FT> '; end; source '{script}'"),
        "FT> ",
    );
    t.tab("aws2 dynamodb create-t", &["create-table "]);
    t.tab("aws2 ec2 describe-instances --dry", &["--dry-run "]);
    eprintln!("fish: aws2.fish completes an operation and an option");
}

#[test]
fn tcsh_complete_p_on_a_terminal() {
    // The guide's form: the completer is found on PATH (a slash would end the pattern).
    let mut t = Terminal::start(
        "tcsh -f -i",
        &[],
        "set prompt='TT> '; set edit; set autolist; complete aws2 'p/*/`aws_completer`/'",
        "TT> ",
    );
    t.tab("aws2 dynamodb create-t", &["create-table "]);
    assert_lists_services(&t.tab("aws2 s", &["swf", "TT> "]));
    eprintln!("tcsh: complete p/*/`aws_completer`/ completes through COMMAND_LINE");
}
