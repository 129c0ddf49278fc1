//! The surface of every custom command and customized operation is one set: the options its
//! parser accepts, the options its help page lists and the options completion offers. And
//! every option accepts argparse's unique prefixes, while an ambiguous prefix is refused with
//! argparse's message.

use aws2_cli::args::{custom, parse, table};
use aws2_cli::command::{self, CommandSpec, GroupSpec, Nargs, OptionSpec};
use aws2_cli::{completer, globals};
use aws2_core::model::Service;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const AWS: &str = env!("CARGO_BIN_EXE_aws");

/// Runs the built `aws` in `dir` with test credentials, an unreachable endpoint and one attempt.
fn aws(dir: &Path, args: &[String]) -> Output {
    let mut cmd = Command::new(AWS);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(&key);
        }
    }
    cmd.args(args)
        .env_remove("COLUMNS")
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_MAX_ATTEMPTS", "1")
        .env("AWS_CONFIG_FILE", dir.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.join("credentials"))
        .env("AWS_PAGER", "")
        .env("HOME", dir)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run aws")
}

fn words(w: &[&str]) -> Vec<String> {
    w.iter().map(|s| (*s).to_owned()).collect()
}

/// The `--options` of a help page's OPTIONS section.
fn help_options(args: &[&str]) -> BTreeSet<String> {
    let dir = tempfile::tempdir().unwrap();
    let out = aws(dir.path(), &words(args));
    assert!(out.status.success(), "{args:?}: {out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut in_options = false;
    let mut names = BTreeSet::new();
    for line in text.lines() {
        if !line.starts_with(' ') && !line.is_empty() {
            in_options = line == "OPTIONS";
            continue;
        }
        let trimmed = line.trim_start();
        if in_options && line.len() - trimmed.len() == 7 && trimmed.starts_with("--") {
            // `--name (type)`, or `--dry-run | --no-dry-run (boolean)`.
            for part in trimmed.split(" | ") {
                names.insert(part.split(' ').next().unwrap().to_owned());
            }
        }
    }
    names
}

/// The options completion offers after `line` (`aws s3 cp --`), without the global ones.
fn completed_options(line: &str) -> BTreeSet<String> {
    let globals: BTreeSet<&str> = globals::global_option_names().collect();
    completer::complete(line, line.len())
        .into_iter()
        .filter(|o| !globals.contains(o.as_str()))
        .collect()
}

/// A value the option accepts.
fn sample_values(opt: &OptionSpec) -> Vec<String> {
    let one = if let Some(first) = opt.choices.first() {
        (*first).to_owned()
    } else {
        match opt.type_label {
            "integer" => "5".into(),
            "blob" => "k".repeat(32),
            "map" => "a=b".into(),
            _ => "x".into(),
        }
    };
    match opt.nargs {
        Nargs::Zero => Vec::new(),
        Nargs::Exactly(n) => (0..n).map(|i| format!("{one}{i}")).collect(),
        _ => vec![one],
    }
}

/// The words a command needs besides the option under test: its positionals and required
/// options (for `s3`, paths that keep the command offline or quick to fail).
fn base_words(group: &GroupSpec, cmd: &CommandSpec) -> Vec<String> {
    let mut out = Vec::new();
    for opt in cmd.options.iter().filter(|o| o.positional) {
        let values: Vec<&str> = match (group.name, cmd.name, opt.name) {
            ("s3", "cp" | "mv" | "sync", _) => vec!["src", "s3://bucket/dst"],
            ("s3", "presign" | "rm", _) => vec!["s3://bucket/key"],
            ("s3", _, _) => vec!["s3://bucket"],
            _ => vec!["region"],
        };
        out.extend(values.iter().take(opt.nargs.max()).map(|v| (*v).to_owned()));
    }
    for opt in cmd.named_options().filter(|o| o.required) {
        out.push(opt.display_name());
        out.extend(sample_values(opt));
    }
    if group.name == "s3" && cmd.options.iter().any(|o| o.name == "dryrun") {
        out.push("--dryrun".into());
    }
    out.extend(words(&["--endpoint-url", "http://127.0.0.1:9"]));
    out
}

/// Every custom command with its group: each group's subcommands and its own command
/// (`update`). Groups of every service (`wait`) take their options from the models.
fn custom_commands() -> Vec<(&'static GroupSpec, &'static CommandSpec)> {
    let mut out = Vec::new();
    for group in command::GROUPS
        .iter()
        .filter(|g| g.name != command::ANY_SERVICE)
    {
        out.extend(group.own.iter().map(|own| (*group, *own)));
        out.extend(group.commands.iter().map(|c| (*group, c)));
    }
    out
}

/// The words that name a custom command: `s3 cp`, or `update` for a group's own command.
fn command_words(group: &GroupSpec, cmd: &CommandSpec) -> Vec<String> {
    match group.own {
        Some(own) if std::ptr::eq(own, cmd) => words(&[group.name]),
        _ => words(&[group.name, cmd.name]),
    }
}

/// Whether the command, run with `extra`, got past option parsing (its own as well as the
/// one parser's).
fn accepted(dir: &Path, group: &GroupSpec, cmd: &CommandSpec, extra: &[String]) -> bool {
    let mut args = command_words(group, cmd);
    args.extend(extra.iter().cloned());
    args.extend(base_words(group, cmd));
    let out = aws(dir, &args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    !(stderr.contains("Unknown options") || stderr.contains("argument --"))
}

#[test]
fn custom_commands_parse_list_and_complete_one_set_of_options() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("src"), b"data").unwrap();
    std::fs::write(dir.path().join("config"), "").unwrap();
    std::fs::write(dir.path().join("credentials"), "").unwrap();
    let mut checked = 0;
    for (group, cmd) in custom_commands() {
        let declared: BTreeSet<String> =
            cmd.named_options().map(OptionSpec::display_name).collect();
        let mut parsed = BTreeSet::new();
        for opt in cmd.named_options() {
            let mut extra = vec![opt.display_name()];
            extra.extend(sample_values(opt));
            if accepted(dir.path(), group, cmd, &extra) {
                parsed.insert(opt.display_name());
            }
        }
        assert!(
            !accepted(dir.path(), group, cmd, &words(&["--no-such-option-here"])),
            "{} {} accepts anything",
            group.name,
            cmd.name
        );
        let name = command_words(group, cmd).join(" ");
        let help = help_options(&[&name, "help"].join(" ").split(' ').collect::<Vec<_>>());
        let completed = completed_options(&format!("aws {name} --"));
        let what = name;
        assert_eq!(parsed, declared, "{what}: parser");
        assert_eq!(help, declared, "{what}: help");
        assert_eq!(completed, declared, "{what}: completion");
        checked += 1;
    }
    assert!(checked >= 20, "{checked} commands");
}

/// Operations whose argument table a customization or a rename changes.
const CUSTOMIZED: &[(&str, &str)] = &[
    ("ec2", "run-instances"),
    ("ec2", "get-password-data"),
    ("ec2", "authorize-security-group-ingress"),
    ("ec2", "revoke-security-group-egress"),
    ("ec2", "create-image"),
    ("iam", "create-virtual-mfa-device"),
    ("swf", "register-workflow-type"),
    ("sns", "subscribe"),
    ("emr", "describe-cluster"),
    ("s3api", "get-object"),
    ("rds", "add-option-to-option-group"),
    ("rds", "remove-option-from-option-group"),
    ("signin", "create-o-auth2-token"),
    ("cloudwatch", "put-metric-data"),
    ("ses", "send-email"),
    ("ec2", "modify-instance-attribute"),
    ("ec2", "create-network-acl-entry"),
    ("cloudfront", "create-invalidation"),
    ("cloudfront", "create-distribution"),
    ("cloudfront", "update-distribution"),
    ("lambda", "create-function"),
    ("lambda", "update-function-code"),
    ("lambda", "publish-layer-version"),
];

/// Every option name the parser of an operation accepts among `candidates`.
fn operation_accepts(service: &str, op: &str, candidates: &BTreeSet<String>) -> BTreeSet<String> {
    let svc = Service::load_by_cli_name(service).unwrap();
    let operation = aws2_cli::customizations::find_operation(&svc, op)
        .unwrap()
        .unwrap();
    let args = table::build_for(&svc, &operation, op).unwrap();
    let paginated =
        aws2_client::Paginator::for_operation(svc.model_name(), &operation.name).is_some();
    candidates
        .iter()
        .filter(|name| {
            let arg = args.iter().find(|a| {
                format!("--{}", a.name) == **name || format!("--{}", a.negative()) == **name
            });
            let negative = arg.is_some_and(|a| format!("--{}", a.negative()) == **name);
            let flag = match arg.map(|a| a.kind) {
                Some(table::ArgKind::Boolean) => true,
                Some(table::ArgKind::BooleanValue) => negative,
                _ => false,
            };
            let mut w = vec![(*name).clone()];
            if !flag {
                w.push("value".into());
            }
            match parse::parse(&w, &args, paginated) {
                Ok(p) => p.members.len() + p.builtins.len() == 1,
                Err(e) => !e.to_string().contains("Unknown options"),
            }
        })
        .cloned()
        .collect()
}

#[test]
fn customized_operations_parse_list_and_complete_one_set_of_options() {
    for (service, op) in CUSTOMIZED {
        let help = help_options(&[service, op, "help"]);
        let completed = completed_options(&format!("aws {service} {op} --"));
        let all: BTreeSet<String> = help.union(&completed).cloned().collect();
        let parsed = operation_accepts(service, op, &all);
        assert_eq!(parsed, all, "{service} {op}: parser");
        // Undocumented options are completed (as in the AWS CLI) but left out of help.
        let documented: BTreeSet<String> = completed
            .difference(&undocumented(service, op))
            .cloned()
            .collect();
        assert_eq!(help, documented, "{service} {op}: help and completion");
        assert!(!help.is_empty(), "{service} {op}");
    }
}

/// The options of an operation that are accepted but left out of help.
fn undocumented(service: &str, op: &str) -> BTreeSet<String> {
    let svc = Service::load_by_cli_name(service).unwrap();
    let operation = aws2_cli::customizations::find_operation(&svc, op)
        .unwrap()
        .unwrap();
    table::build_for(&svc, &operation, op)
        .unwrap()
        .into_iter()
        .filter(|a| a.undocumented)
        .map(|a| format!("--{}", a.name))
        .collect()
}

/// The unique prefixes of `name` among `names` (shorter than the name itself) and the
/// ambiguous ones, with the names each could match in order.
fn prefixes<'a>(name: &str, names: &[&'a str]) -> (Vec<String>, Vec<(String, Vec<&'a str>)>) {
    let (mut unique, mut ambiguous) = (Vec::new(), Vec::new());
    for end in 1..name.len() {
        let prefix = &name[..end];
        let matches: Vec<&str> = names
            .iter()
            .copied()
            .filter(|n| n.starts_with(prefix))
            .collect();
        if matches == [name] {
            unique.push(prefix.to_owned());
        } else if matches.len() > 1 && !names.contains(&prefix) {
            ambiguous.push((prefix.to_owned(), matches));
        }
    }
    (unique, ambiguous)
}

#[test]
fn every_custom_option_takes_unique_prefixes_and_refuses_ambiguous_ones() {
    let mut cases = 0;
    for (group, cmd) in custom_commands() {
        let names: Vec<&str> = cmd.named_options().map(|o| o.name).collect();
        let positionals: Vec<String> = base_words(group, cmd)
            .into_iter()
            .take_while(|w| !w.starts_with("--"))
            .collect();
        let required: Vec<String> = cmd
            .named_options()
            .filter(|o| o.required)
            .flat_map(|o| {
                let mut w = vec![o.display_name()];
                w.extend(sample_values(o));
                w
            })
            .collect();
        for opt in cmd.named_options() {
            let (unique, ambiguous) = prefixes(opt.name, &names);
            for prefix in unique {
                let mut w = positionals.clone();
                w.extend(required.iter().cloned());
                w.push(format!("--{prefix}"));
                w.extend(sample_values(opt));
                let parsed = custom::parse(cmd, &w)
                    .unwrap_or_else(|e| panic!("{} {} {w:?}: {e}", group.name, cmd.name));
                assert!(
                    parsed.flag(opt.name),
                    "{} {} --{prefix}",
                    group.name,
                    cmd.name
                );
                // The same prefix with `=value`.
                if opt.nargs.max() == 1 || opt.nargs == Nargs::OneOrMore {
                    let mut w = positionals.clone();
                    w.extend(required.iter().cloned());
                    w.push(format!("--{prefix}={}", sample_values(opt)[0]));
                    let parsed = custom::parse(cmd, &w).unwrap();
                    assert_eq!(parsed.value(opt.name), Some(sample_values(opt)[0].as_str()));
                }
                cases += 1;
            }
            for (prefix, matches) in ambiguous {
                let mut w = positionals.clone();
                w.push(format!("--{prefix}"));
                let err = custom::parse(cmd, &w).unwrap_err().to_string();
                let err = err.lines().next().unwrap();
                let list: Vec<String> = matches.iter().map(|m| format!("--{m}")).collect();
                assert_eq!(
                    err,
                    format!(
                        "ambiguous option: --{prefix} could match {}",
                        list.join(", ")
                    )
                );
                cases += 1;
            }
        }
    }
    assert!(cases > 500, "{cases} cases");
}

#[test]
fn operation_options_take_unique_prefixes() {
    for (service, op) in [
        ("ec2", "describe-instances"),
        ("s3api", "put-object"),
        ("iam", "list-users"),
        ("ec2", "run-instances"),
    ] {
        let svc = Service::load_by_cli_name(service).unwrap();
        let operation = svc.operation_by_cli_name(op).unwrap().unwrap();
        let args = table::build(&svc, &operation).unwrap();
        let paginated =
            aws2_client::Paginator::for_operation(svc.model_name(), &operation.name).is_some();
        let mut names: Vec<String> = Vec::new();
        for a in args.iter().filter(|a| a.kind != table::ArgKind::OutFile) {
            if paginated && table::PAGING_ARGS.contains(&a.name.as_str()) {
                continue;
            }
            names.push(a.name.clone());
            if a.kind == table::ArgKind::Boolean {
                names.push(a.negative());
            }
        }
        names.extend(table::BUILTIN_ARGS.iter().map(|s| (*s).to_owned()));
        if paginated {
            names.extend(table::PAGING_ARGS.iter().map(|s| (*s).to_owned()));
        }
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let shadowed =
            |a: &table::Argument| paginated && table::PAGING_ARGS.contains(&a.name.as_str());
        for a in args
            .iter()
            .filter(|a| a.kind == table::ArgKind::Single && !shadowed(a))
        {
            let (unique, ambiguous) = prefixes(&a.name, &refs);
            // Every other required option is given, so only the prefix is on trial.
            let others: Vec<String> = args
                .iter()
                .filter(|r| r.required && r.name != a.name && r.kind != table::ArgKind::OutFile)
                .flat_map(|r| [format!("--{}", r.name), "v".to_owned()])
                .collect();
            for prefix in unique {
                let mut w = words(&[&format!("--{prefix}"), "v"]);
                w.extend(others.iter().cloned());
                let parsed = parse::parse(&w, &args, paginated).unwrap();
                assert!(
                    parsed.members.contains_key(&a.name),
                    "{service} {op} --{prefix}"
                );
            }
            for (prefix, matches) in ambiguous {
                let err = parse::parse(&words(&[&format!("--{prefix}=v")]), &args, paginated)
                    .unwrap_err()
                    .to_string();
                let err = err.lines().next().unwrap();
                let list: Vec<String> = matches.iter().map(|m| format!("--{m}")).collect();
                assert_eq!(
                    err,
                    format!(
                        "ambiguous option: --{prefix}=v could match {}",
                        list.join(", ")
                    )
                );
            }
        }
    }
}

/// Abbreviations through both programs: the same exit code and the same stderr.
#[test]
fn abbreviations_match_the_aws_cli_v2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("config"), "").unwrap();
    std::fs::write(dir.path().join("credentials"), "").unwrap();
    std::fs::create_dir(dir.path().join("tree")).unwrap();
    for case in [
        "s3 cp --dryrun --recur tree s3://bucket/x",
        "s3 cp tree s3://bucket/x --s",
        "s3 cp --recur=x tree s3://bucket/x",
        "s3 cp tree --dryrun s3://bucket/x",
        "s3 sync --ex tree s3://bucket/x",
        "s3 ls s3://bucket --summ=x",
        "s3 mb s3://bucket --ta=a b",
        "configure import --cs",
        "configure get --x",
        "ec2 describe-instances --ma=3",
        "sso login --no",
    ] {
        let args: Vec<String> = case.split(' ').map(str::to_owned).collect();
        let ours = aws(dir.path(), &args);
        let mut v2 = aws2_e2e::oracle::v2_command();
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("AWS_") {
                v2.env_remove(&key);
            }
        }
        let theirs = v2
            .args(&args)
            .env("AWS_ACCESS_KEY_ID", "testing")
            .env("AWS_SECRET_ACCESS_KEY", "testing")
            .env("AWS_DEFAULT_REGION", "us-east-1")
            .env("AWS_CONFIG_FILE", dir.path().join("config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                dir.path().join("credentials"),
            )
            .env("AWS_PAGER", "")
            .env("HOME", dir.path())
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .output()
            .expect("run the AWS CLI v2");
        assert_eq!(
            (ours.status.code(), String::from_utf8_lossy(&ours.stderr)),
            (
                theirs.status.code(),
                String::from_utf8_lossy(&theirs.stderr)
            ),
            "{case}"
        );
        assert_eq!(
            String::from_utf8_lossy(&ours.stdout),
            String::from_utf8_lossy(&theirs.stdout),
            "{case}"
        );
    }
}
