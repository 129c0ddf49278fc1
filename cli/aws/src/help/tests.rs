//! Tests of whole help pages, rendered in-process from the shipped models.

use super::*;
use crate::args::table::{self, ArgKind};
use aws2_core::model::{cli_name, ShapeType};

fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_owned).collect()
}

fn help(s: &str) -> String {
    render(&words(s), 80, false).unwrap_or_else(|e| panic!("help for {s:?}: {e}"))
}

/// The body of a section: the lines after its heading up to the next heading.
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

/// Text with every run of whitespace made one space.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn headings(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with(' '))
        .collect()
}

#[test]
fn aws_help_lists_global_options_and_services() {
    let text = help("");
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
    let globals = section(&text, "GLOBAL OPTIONS");
    for name in crate::globals::global_option_names() {
        assert!(
            globals
                .iter()
                .any(|l| l.trim_start().starts_with(&format!("{name} ("))),
            "{name} missing"
        );
    }
    let services: Vec<&str> = section(&text, "AVAILABLE SERVICES")
        .into_iter()
        .filter_map(|l| l.trim().strip_prefix("o "))
        .collect();
    let models = aws2_models::services().unwrap();
    assert_eq!(services.len(), models.len() + 3);
    for s in [
        "s3api",
        "ec2",
        "s3",
        "configure",
        "dynamodb",
        "configservice",
    ] {
        assert!(services.contains(&s), "{s} missing");
    }
    let mut sorted = services.clone();
    sorted.sort();
    assert_eq!(services, sorted);
    eprintln!(
        "aws help: {} services, {} lines",
        services.len(),
        text.lines().count()
    );
}

#[test]
fn service_help_lists_every_operation_and_waiter() {
    let text = help("s3api");
    assert_eq!(
        headings(&text),
        ["NAME", "DESCRIPTION", "AVAILABLE COMMANDS", "WAITERS"]
    );
    assert_eq!(section(&text, "NAME"), ["       s3api -"]);
    let listed: Vec<&str> = section(&text, "AVAILABLE COMMANDS")
        .into_iter()
        .filter_map(|l| l.trim().strip_prefix("o "))
        .collect();
    let svc = Service::load("s3").unwrap();
    let mut expected: Vec<String> = svc.operation_names().iter().map(|n| cli_name(n)).collect();
    expected.push("wait".into());
    expected.sort();
    assert_eq!(listed, expected);
    let waiters: Vec<&str> = section(&text, "WAITERS")
        .into_iter()
        .filter_map(|l| l.trim().strip_prefix("o "))
        .collect();
    assert_eq!(
        waiters,
        [
            "bucket-exists",
            "bucket-not-exists",
            "object-exists",
            "object-not-exists"
        ]
    );
    eprintln!("aws s3api help: {} commands", listed.len());
}

/// Checks SYNOPSIS and OPTIONS against the argument table of the operation.
fn check_options(text: &str, service: &str, operation: &str) -> usize {
    let svc = Service::load(service).unwrap();
    let op = svc.operation(operation).unwrap();
    let args = table::build(&svc, &op).unwrap();
    let synopsis = section(text, "SYNOPSIS");
    let options = section(text, "OPTIONS");
    for arg in args.iter().filter(|a| !a.undocumented) {
        let (syn, opt) = match (arg.kind, arg.required) {
            (ArgKind::Boolean, true) => (
                format!("--{} | --{}", arg.name, arg.negative()),
                format!("--{} | --{} (boolean)", arg.name, arg.negative()),
            ),
            (ArgKind::Boolean, false) => (
                format!("[--{} | --{}]", arg.name, arg.negative()),
                format!("--{} | --{} (boolean)", arg.name, arg.negative()),
            ),
            (ArgKind::BooleanValue, _) => (
                format!("[--{} | --{}]", arg.name, arg.negative()),
                format!("--{} | --{} (", arg.name, arg.negative()),
            ),
            (ArgKind::OutFile, _) => ("<outfile>".into(), "outfile (".into()),
            (_, true) => (
                format!("--{} <value>", arg.name),
                format!("--{} (", arg.name),
            ),
            (_, false) => (
                format!("[--{} <value>]", arg.name),
                format!("--{} (", arg.name),
            ),
        };
        assert!(
            synopsis.iter().any(|l| l.trim() == syn),
            "{syn} not in the synopsis"
        );
        let heading = options
            .iter()
            .find(|l| l.starts_with(&format!("       {opt}")))
            .unwrap_or_else(|| panic!("{opt} not in OPTIONS"));
        let target = svc.resolve(&arg.shape_ref).unwrap();
        assert!(heading.contains(&format!("({})", shapes::type_name(&target))));
        assert_eq!(
            heading.ends_with("[required]"),
            arg.required && arg.kind != ArgKind::OutFile,
            "{heading}"
        );
    }
    let option_lines = synopsis
        .iter()
        .filter(|l| l.trim().starts_with("[--") || l.trim().starts_with("--"))
        .count();
    assert!(option_lines >= args.len());
    args.len()
}

/// Checks that OUTPUT shows the first two levels of the output shape as `Name -> (type)`
/// lines, in order, each level indented further.
fn check_output(text: &str, service: &str, operation: &str) -> usize {
    let svc = Service::load(service).unwrap();
    let op = svc.operation(operation).unwrap();
    let out = svc.resolve(op.output.as_ref().unwrap()).unwrap();
    let lines = section(text, "OUTPUT");
    let mut expected = Vec::new();
    for (name, member) in &out.members {
        let shape = svc.resolve(member).unwrap();
        expected.push(format!("       {name} -> ({})", shapes::type_name(&shape)));
        let inner = match shape.shape_type {
            ShapeType::List => svc.resolve(shape.member.as_ref().unwrap()).unwrap(),
            _ => shape.clone(),
        };
        if shape.shape_type == ShapeType::List {
            expected.push(format!("          ({})", shapes::type_name(&inner)));
        }
        if inner.shape_type == ShapeType::Structure {
            let indent = if shape.shape_type == ShapeType::List {
                13
            } else {
                10
            };
            for (m, r) in &inner.members {
                let t = svc.resolve(r).unwrap();
                expected.push(format!(
                    "{}{m} -> ({})",
                    " ".repeat(indent),
                    shapes::type_name(&t)
                ));
            }
        }
    }
    let mut pos = 0;
    for want in &expected {
        let found = lines[pos..]
            .iter()
            .position(|l| l == want)
            .unwrap_or_else(|| panic!("{want:?} not found in OUTPUT after line {pos}"));
        pos += found + 1;
    }
    expected.len()
}

#[test]
fn ec2_describe_instances() {
    let text = help("ec2 describe-instances");
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
    let description = section(&text, "DESCRIPTION").join("\n");
    assert!(description.contains("Describes the specified instances or all instances."));
    assert!(description.contains("describe-instances is a paginated operation."));
    let synopsis = section(&text, "SYNOPSIS");
    assert_eq!(synopsis[0].trim(), "describe-instances");
    for paging in [
        "[--starting-token <value>]",
        "[--page-size <value>]",
        "[--max-items <value>]",
        "[--debug]",
        "[--region <value>]",
    ] {
        assert!(synopsis.iter().any(|l| l.trim() == paging), "{paging}");
    }
    let options = check_options(&text, "ec2", "DescribeInstances");
    assert!(text.contains("       --filters (list)\n"));
    assert!(text.contains("          Name -> (string)\n"));
    assert!(
        text.contains("Shorthand Syntax:\n\n          Name=string,Values=string,string ...\n")
            || text.contains("Shorthand Syntax:")
    );
    let outputs = check_output(&text, "ec2", "DescribeInstances");
    assert!(text.contains("                InstanceId -> (string)\n"));
    assert!(text.lines().all(|l| !l.contains('\x1b')));
    eprintln!("ec2 describe-instances help: {options} options, {outputs} output lines checked");
}

#[test]
fn dynamodb_create_table() {
    let text = help("dynamodb create-table");
    assert!(section(&text, "SYNOPSIS")
        .iter()
        .any(|l| l.trim() == "--table-name <value>"));
    assert!(text.contains("       --table-name (string) [required]\n"));
    let options = section(&text, "OPTIONS").join("\n");
    let billing = options.split("--billing-mode (string)").nth(1).unwrap();
    let billing = billing.split("\n       --").next().unwrap();
    assert!(billing.contains("Possible values:"));
    assert!(billing.contains("o PROVISIONED") && billing.contains("o PAY_PER_REQUEST"));
    assert!(
        options.contains("[--deletion-protection-enabled | --no-deletion-protection-enabled]")
            || text.contains("[--deletion-protection-enabled | --no-deletion-protection-enabled]")
    );
    assert!(options.contains("JSON Syntax:"));
    assert!(options.contains("\"AttributeType\": \"S\"|\"N\"|\"B\""));
    let n = check_options(&text, "dynamodb", "CreateTable");
    let m = check_output(&text, "dynamodb", "CreateTable");
    assert!(section(&text, "OUTPUT")[0].starts_with("       TableDescription -> (structure)"));
    eprintln!("dynamodb create-table help: {n} options, {m} output lines checked");
}

#[test]
fn styles_only_on_a_terminal() {
    let styled = render(&words("sts get-caller-identity"), 80, true).unwrap();
    assert!(styled.contains("\x1b[1mNAME\x1b[0m"));
    let plain = help("sts get-caller-identity");
    assert!(!plain.contains('\x1b'));
    assert!(plain.contains("       UserId -> (string)"));
}

#[test]
fn wraps_to_the_width() {
    let text = render(&words("ec2 describe-instances"), 60, false).unwrap();
    let description = section(&text, "DESCRIPTION");
    assert!(description.len() > 5);
    for l in description {
        assert!(l.len() <= 60 || !l.trim().contains(' '), "{l:?}");
    }
}

#[test]
fn waiters_topics_and_custom_commands() {
    let waiter = help("ec2 wait instance-running");
    assert!(flat(&waiter).contains(
        "Wait until JMESPath query Reservations[].Instances[].State.Name returns running for all"
    ));
    assert!(section(&waiter, "SYNOPSIS")[0].trim() == "instance-running");
    let wait = help("ec2 wait");
    assert!(wait.contains("o instance-running"));
    let listed: Vec<&str> = section(&wait, "AVAILABLE COMMANDS")
        .into_iter()
        .filter_map(|l| l.trim().strip_prefix("o "))
        .collect();
    assert!(listed.len() > 30 && listed.contains(&"volume-in-use"));
    for topic in [
        "topics",
        "config-vars",
        "return-codes",
        "s3-config",
        "s3-faq",
        "s3-case-insensitivity",
        "ddb-expressions",
    ] {
        let text = help(&format!("help {topic}"));
        assert!(text.starts_with("NAME\n"), "{topic}");
        assert!(text.lines().count() > 5, "{topic}");
    }
    let guide = help("help topics");
    assert!(guide.contains("o return-codes:"));
    let listed: Vec<&str> = section(&guide, "AVAILABLE TOPICS")
        .into_iter()
        .filter_map(|l| l.trim().strip_prefix("o "))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(
        listed,
        [
            "config-vars",
            "return-codes",
            "s3-case-insensitivity",
            "s3-config",
            "s3-faq",
            "ddb-expressions"
        ]
    );
    assert!(help("help return-codes").contains("o 255:"));
    for (group, subs) in [
        ("s3", crate::command::subcommands("s3")),
        ("configure", crate::command::subcommands("configure")),
        ("sso", vec!["login", "logout"]),
    ] {
        for sub in subs {
            let text = help(&format!("{group} {sub}"));
            assert!(text.contains("SYNOPSIS"), "{group} {sub}");
            // As in the AWS CLI v2, the synopsis names the command without its group.
            let synopsis = text.split("SYNOPSIS").nth(1).unwrap_or_default();
            let first = synopsis.lines().find(|l| !l.trim().is_empty());
            assert!(
                first.is_some_and(|l| l.trim() == sub || l.contains(&format!(" {sub} "))),
                "{group} {sub}: {first:?}"
            );
        }
    }
    assert!(help("s3").contains("o sync"));
    assert!(help("sso").contains("o get-role-credentials"));
    assert!(help("ec2 describe-instances --instance-ids i-1").contains("describe-instances -"));
}

#[test]
fn unknown_names_are_usage_errors() {
    for line in [
        "nosuchservice",
        "ec2 no-such-op",
        "ec2 wait no-such-waiter",
        "help no-topic",
    ] {
        let err = render(&words(line), 80, false).unwrap_err();
        assert_eq!(err.exit_code(), 252, "{line}");
        assert!(err.to_string().contains("Found invalid choice"), "{line}");
    }
}

/// Renders the service page and every operation page of one service; returns (operations,
/// bytes).
fn render_service(entry: &aws2_models::ServiceEntry) -> (usize, usize) {
    let svc = Service::load(&entry.model_name).unwrap();
    let docs = Docs::load(&entry.model_name, Want::All).unwrap();
    let mut page = Page::new(80, false);
    service::service(&mut page, &svc, &entry.cli_name, &docs);
    assert!(page.as_str().contains("AVAILABLE COMMANDS"));
    let (mut operations, mut bytes) = (0, 0);
    for name in svc.operation_names() {
        let op = svc.operation(&name).unwrap();
        let mut page = Page::new(80, false);
        operation_page(&mut page, &svc, &docs, &op, &cli_name(&name))
            .unwrap_or_else(|e| panic!("{} {name}: {e}", entry.cli_name));
        let text = page.finish();
        assert!(text.starts_with("NAME\n"), "{} {name}", entry.cli_name);
        assert!(text.contains("\nOUTPUT\n"), "{} {name}", entry.cli_name);
        bytes += text.len();
        operations += 1;
    }
    (operations, bytes)
}

#[test]
fn every_operation_of_every_service_renders() {
    let services = aws2_models::services().unwrap();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (operations, bytes) = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut total = (0, 0);
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(entry) = services.get(i) else {
                            return total;
                        };
                        let (o, b) = render_service(entry);
                        total = (total.0 + o, total.1 + b);
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    });
    assert!(services.len() > 400 && operations > 15000);
    eprintln!(
        "help rendered for {operations} operations of {} services ({} MB)",
        services.len(),
        bytes / 1_000_000
    );
}

#[test]
fn renamed_options_show_their_cli_names() {
    let text = help("ec2 create-image");
    assert!(section(&text, "SYNOPSIS")
        .iter()
        .any(|l| l.trim() == "[--no-reboot | --reboot]"));
    assert!(text.contains("       --no-reboot | --reboot (boolean)\n"));
    let run = help("ec2 run-instances");
    assert!(section(&run, "SYNOPSIS")
        .iter()
        .any(|l| l.trim() == "[--count <value>]"));
    assert!(run.contains("       --count (string)\n"));
}
