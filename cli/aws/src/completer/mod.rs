//! Completion of `aws` command lines: services, operations, waiters, options not yet given,
//! enum values, profiles, regions and output formats. Files (`file://`) are left to the shell.
//!
//! Reads only what the word at the cursor needs: the archive's table of contents for service
//! names, one service's index for its operations, one input shape's members for options.

mod line;
mod values;

use crate::args::table::{self, ArgKind};
use crate::globals;
use aws2_core::model::Service;

/// Global options that take no value.
const GLOBAL_FLAGS: &[&str] = &[
    "--debug",
    "--no-verify-ssl",
    "--no-paginate",
    "--version",
    "--no-sign-request",
    "--no-cli-pager",
    "--cli-auto-prompt",
    "--no-cli-auto-prompt",
];

/// The help topics (`aws help <topic>`).
const TOPICS: &[&str] = &["config-vars", "return-codes", "s3-config", "topics"];

use crate::command;

/// What the words before the cursor say.
#[derive(Default)]
struct State {
    /// Service, operation (or custom subcommand), waiter.
    positionals: Vec<String>,
    /// Options given so far, without values.
    given: Vec<String>,
    /// The option the word at the cursor is a value of.
    value_of: Option<String>,
}

/// The candidates for the word at `point` in `line`, sorted, without duplicates.
pub fn complete(line: &str, point: usize) -> Vec<String> {
    let line = line::split(line, point);
    let state = read_state(line.words.get(1..).unwrap_or(&[]));
    let current = line.current.as_str();
    let mut out: Vec<String> =
        if let (Some(opt), false) = (&state.value_of, current.starts_with("--")) {
            option_values(&state, opt)
        } else if current.starts_with('-') {
            options(&state)
        } else {
            positional(&state)
        };
    out.retain(|c| c.starts_with(current));
    out.sort();
    out.dedup();
    out
}

fn is_global(name: &str) -> bool {
    globals::global_option_names().any(|g| g == name)
}

fn read_state(words: &[String]) -> State {
    let mut state = State::default();
    let mut op_values = false;
    let mut global_value = false;
    for w in words {
        if global_value {
            global_value = false;
            continue;
        }
        if let Some(name) = w.strip_prefix("--") {
            let name = name.split('=').next().unwrap_or(name);
            let opt = format!("--{name}");
            state.given.push(opt.clone());
            op_values = false;
            if is_global(&opt) {
                global_value = !GLOBAL_FLAGS.contains(&opt.as_str()) && !w.contains('=');
            } else {
                op_values = !w.contains('=');
            }
            continue;
        }
        if op_values {
            continue;
        }
        state.positionals.push(w.clone());
    }
    if let (Some(last), true) = (state.given.last(), global_value || op_values) {
        state.value_of = Some(last.clone());
    }
    state
}

/// Every top-level command: the services, then the commands of the CLI itself.
pub fn command_choices() -> Vec<String> {
    let mut names: Vec<String> = aws2_models::services()
        .map(|s| s.iter().map(|e| e.cli_name.clone()).collect())
        .unwrap_or_default();
    names.extend(
        command::GROUPS
            .iter()
            .filter(|g| !g.extends_service)
            .map(|g| g.name.to_owned()),
    );
    names.push("help".to_owned());
    names
}

/// The subcommands of the service `svc`, named `command` on the command line: its
/// operations, `wait` where it has waiters, and the commands the CLI adds to it.
pub fn operation_choices(svc: &Service, command: &str) -> Vec<String> {
    let mut ops = crate::customizations::operation_commands(svc);
    if values::has_waiters(svc.model_name()) {
        ops.push("wait".to_owned());
    }
    // Every file that adds commands to the service (`eks get-token`, `eks update-kubeconfig`).
    for group in command::groups(command).filter(|g| g.extends_service) {
        ops.extend(group.commands.iter().map(|c| c.name.to_owned()));
    }
    ops
}

/// The loaded service of the command line, when its first word names one.
fn service(state: &State) -> Option<Service> {
    Service::load_by_cli_name(state.positionals.first()?).ok()
}

fn positional(state: &State) -> Vec<String> {
    match state.positionals.as_slice() {
        [] => command_choices(),
        [first] => {
            if first == "help" {
                return TOPICS.iter().map(|s| (*s).to_owned()).collect();
            }
            if command::group(first).is_some_and(|g| !g.extends_service) {
                return command::subcommands(first)
                    .into_iter()
                    .map(str::to_owned)
                    .collect();
            }
            match service(state) {
                Some(svc) => operation_choices(&svc, first),
                None => Vec::new(),
            }
        }
        [_, wait] if wait == "wait" => match service(state) {
            Some(svc) => values::waiters(svc.model_name())
                .into_iter()
                .map(|(name, _)| name)
                .collect(),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The operation the command line names (through its waiter after `wait`).
fn operation(state: &State, svc: &Service) -> Option<std::sync::Arc<aws2_core::model::Operation>> {
    match state.positionals.get(1..)? {
        [wait, waiter, ..] if wait == "wait" => {
            let op = values::waiters(svc.model_name())
                .into_iter()
                .find(|(name, _)| name == waiter)?
                .1;
            svc.operation(&op).ok()
        }
        [op, ..] => crate::customizations::find_operation(svc, op)
            .ok()
            .flatten(),
        [] => None,
    }
}

/// The custom command the command line names: `group sub`, or a group run on its own
/// (`update`).
fn custom_command(state: &State) -> Option<&'static command::CommandSpec> {
    let (group, rest) = state.positionals.split_first()?;
    command::command_for(group, rest.first().map(String::as_str))
}

fn options(state: &State) -> Vec<String> {
    let given = |name: &str| state.given.iter().any(|g| g == name);
    let custom = custom_command(state);
    let mut out: Vec<String> = custom
        .into_iter()
        .flat_map(|c| c.named_options().map(|o| o.display_name()))
        .filter(|o| !given(o))
        .collect();
    // A custom command (`sso logout`) hides the service operation of the same name.
    if let Some(svc) = service(state).filter(|_| custom.is_none()) {
        if let Some(op) = operation(state, &svc) {
            let args = table::build_for(&svc, &op, &state.positionals[1]).unwrap_or_default();
            for arg in args.iter().filter(|a| a.kind != ArgKind::OutFile) {
                let (yes, no) = (format!("--{}", arg.name), format!("--{}", arg.negative()));
                let pair = matches!(arg.kind, ArgKind::Boolean | ArgKind::BooleanValue);
                if given(&yes) || (pair && given(&no)) {
                    continue;
                }
                if pair {
                    out.push(no);
                }
                out.push(yes);
            }
            let mut builtins: Vec<&str> = table::builtin_args(&args).to_vec();
            if state.positionals.get(1).map(String::as_str) != Some("wait")
                && aws2_client::Paginator::for_operation(svc.model_name(), &op.name).is_some()
            {
                builtins.extend(table::PAGING_ARGS);
            }
            out.extend(
                builtins
                    .iter()
                    .map(|b| format!("--{b}"))
                    .filter(|b| !given(b)),
            );
        }
    }
    out.extend(
        globals::global_option_names()
            .filter(|g| !given(g))
            .map(str::to_owned),
    );
    out
}

fn option_values(state: &State, option: &str) -> Vec<String> {
    let fixed: &[&str] = match option {
        "--output" => globals::OUTPUT_FORMATS,
        "--color" => &["on", "off", "auto"],
        "--cli-binary-format" => &["base64", "raw-in-base64-out"],
        "--generate-cli-skeleton" => &["input", "output", "yaml-input"],
        "--profile" => return values::profiles(),
        "--region" => return values::regions(),
        _ => &[],
    };
    if !fixed.is_empty() {
        return fixed.iter().map(|s| (*s).to_owned()).collect();
    }
    if let Some(custom) = custom_command(state) {
        return custom
            .named_options()
            .find(|o| o.display_name() == option)
            .map(|o| o.choices.iter().map(|c| (*c).to_owned()).collect())
            .unwrap_or_default();
    }
    let Some(svc) = service(state) else {
        return Vec::new();
    };
    let Some(op) = operation(state, &svc) else {
        return Vec::new();
    };
    let Ok(args) = table::build_for(&svc, &op, &state.positionals[1]) else {
        return Vec::new();
    };
    let Some(arg) = args.iter().find(|a| format!("--{}", a.name) == option) else {
        return Vec::new();
    };
    values::enum_values(&svc, &arg.shape_ref)
}

/// The subcommands completion offers after the command words `lineage` (`["ec2"]`,
/// `["ec2", "wait"]`; the top-level commands for none).
pub fn subcommand_choices(lineage: &[String]) -> Vec<String> {
    positional(&State {
        positionals: lineage.to_vec(),
        ..State::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at_end(line: &str) -> Vec<String> {
        complete(line, line.len())
    }

    #[test]
    fn flags_are_global_options() {
        for f in GLOBAL_FLAGS {
            assert!(is_global(f), "{f}");
        }
    }

    #[test]
    fn services_operations_and_options() {
        let s = at_end("aws s");
        for name in [
            "s3",
            "s3api",
            "ses",
            "sqs",
            "sts",
            "swf",
            "sns",
            "storagegateway",
            "support",
        ] {
            assert!(s.contains(&name.to_owned()), "{name}");
        }
        assert!(s.iter().all(|c| c.starts_with('s')));
        let ops = at_end("aws ec2 describe-inst");
        assert!(ops.contains(&"describe-instances".to_owned()));
        assert!(ops.contains(&"describe-instance-status".to_owned()));
        assert!(ops.iter().all(|o| o.starts_with("describe-inst")));
        let opts = at_end("aws ec2 describe-instances --instance-ids i-1 --");
        assert!(
            opts.contains(&"--dry-run".to_owned()) && opts.contains(&"--no-dry-run".to_owned())
        );
        assert!(opts.contains(&"--max-items".to_owned()) && opts.contains(&"--region".to_owned()));
        assert!(!opts.contains(&"--instance-ids".to_owned()));
        assert_eq!(at_end("aws ec2 wait instance-r"), ["instance-running"]);
        assert_eq!(at_end("aws --output t"), ["table", "text"]);
        assert_eq!(
            at_end("aws dynamodb create-table --billing-mode "),
            ["PAY_PER_REQUEST", "PROVISIONED"]
        );
        assert!(at_end("aws --region us-east-").contains(&"us-east-1".to_owned()));
        assert!(at_end("aws s3 s").contains(&"sync".to_owned()));
    }
}
