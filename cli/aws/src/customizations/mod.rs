//! Service customizations of the command line itself, as the AWS CLI makes them: options that
//! are not input members (`ec2 get-password-data --priv-launch-key`, `ec2 run-instances
//! --secondary-private-ip-addresses`, `ec2 authorize-security-group-ingress --port`, `iam
//! create-virtual-mfa-device --outfile`), the input they build and the output they rewrite.
//! Each lives in a file of its own (a `pub const CUSTOMIZATION: Customization`) and is listed
//! once, by the [`customizations!`] line below, in the order they apply (as the AWS CLI's
//! `handlers_registry.py` lists its handlers); [`registry`] has the hook types. Request-level
//! customizations (headers, defaults) live in `aws2_client::customize`.

pub mod registry;

use registry::Customization;

/// Declares the customization files and lists their entries, in the order they apply.
macro_rules! customizations {
    ($($file:ident),* $(,)?) => {
        $(pub mod $file;)*

        /// The customizations, in the order they apply.
        pub const REGISTRY: &[Customization] = &[$($file::CUSTOMIZATION),*];

        /// The names of the customization files, at the same indexes.
        pub const FILES: &[&str] = &[$(stringify!($file)),*];
    };
}

customizations![
    renames,
    cloudwatch_metric,
    ses_email,
    ec2_acl_protocol,
    ec2_bool_values,
    blob_hoist,
    iot_outfile,
    rds_option_group,
    command_aliases,
    ec2_count,
    ec2_password,
    ec2_network,
    iam_mfa,
    ec2_secgroup,
    ec2_paginate,
    cloudfront,
    lambda_zip,
    translate_blobs,
    ec2_bundle,
    cloudsearch,
    cloudsearchdomain,
    ssm_start_session,
    ecs_execute_command,
    codedeploy_location,
    configservice_recorder,
    datapipeline_definition,
];

use crate::args::parse::{ParsedArgs, RawValue};
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use crate::globals::GlobalOptions;
use aws2_core::model::{cli_name, ModelError, Operation, Service, ShapeRef, ShapeType};
use aws2_core::Value;
use indexmap::IndexMap;
use std::sync::Arc;

/// The operation the command `command` of a service runs: a command of
/// [`registry::commands`], else the model operation of that CLI name unless the CLI removed it.
pub fn find_operation(
    service: &Service,
    command: &str,
) -> Result<Option<Arc<Operation>>, ModelError> {
    let model = service.model_name();
    if let Some(c) = operation_command(model, command) {
        return service.operation(c.operation).map(Some);
    }
    if registry::removed(model, command) {
        return Ok(None);
    }
    service.operation_by_cli_name(command)
}

/// The operation commands of a service as help and completion list them, in model order:
/// its operations' CLI names without the removed ones, then the commands customizations add
/// (hidden aliases are left out).
pub fn operation_commands(service: &Service) -> Vec<String> {
    let model = service.model_name();
    let mut names: Vec<String> = service
        .operation_names()
        .iter()
        .map(|n| cli_name(n))
        .filter(|n| !registry::removed(model, n))
        .collect();
    names.extend(
        registry::commands()
            .filter(|c| c.service == model && !c.hidden)
            .map(|c| c.command.to_owned()),
    );
    names
}

/// The entry of `command` in [`registry::commands`].
fn operation_command(service: &str, command: &str) -> Option<&'static registry::OperationCommand> {
    registry::commands().find(|c| c.service == service && c.command == command)
}

/// Changes the argument table of a command of [`registry::commands`] (service model name).
pub fn change_command_args(service: &str, command: &str, args: &mut Vec<Argument>) {
    if let Some(hook) = operation_command(service, command).and_then(|c| c.arguments) {
        hook(args);
    }
}

/// Changes the argument table of an operation (model service and operation names).
pub fn change_args(service: &str, operation: &str, args: &mut Vec<Argument>) {
    let target = registry::Target { service, operation };
    for hook in registry::of(service, operation).filter_map(|c| c.arguments) {
        hook(&target, args);
    }
}

/// The page size of a paginated call that gave none, if a customization sets one.
pub fn default_page_size(service: &str, operation: &str, input: &Value) -> Option<i64> {
    registry::of(service, operation)
        .filter_map(|c| c.page_size)
        .find_map(|hook| hook(operation, input))
}

/// What carries out the operation in place of the plain call, if a customization does.
pub fn call_hook(service: &str, operation: &str) -> Option<registry::CallHook> {
    registry::of(service, operation).find_map(|c| c.call)
}

/// Makes the checks customizations make before the input is validated and the client made.
pub fn before_call(service: &str, operation: &str) -> Result<(), CliError> {
    for check in registry::of(service, operation).filter_map(|c| c.before_call) {
        check()?;
    }
    Ok(())
}

/// Fills the input from the extra options and checks their values before the call.
pub fn adjust_input(
    globals: &GlobalOptions,
    service: &str,
    operation: &str,
    parsed: &ParsedArgs,
    input: &mut IndexMap<String, Value>,
) -> Result<(), CliError> {
    let context = registry::InputContext {
        globals,
        operation,
        parsed,
    };
    for hook in registry::of(service, operation).filter_map(|c| c.input) {
        hook(&context, input)?;
    }
    Ok(())
}

/// Rewrites the response as the extra options ask.
pub fn adjust_output(
    service: &str,
    operation: &str,
    parsed: &ParsedArgs,
    result: &mut Value,
) -> Result<(), CliError> {
    for hook in registry::of(service, operation).filter_map(|c| c.output) {
        hook(parsed, result)?;
    }
    Ok(())
}

/// `json.dumps(value)` with Python's defaults: one line, `", "` and `": "` between items,
/// every character outside ASCII escaped.
pub(crate) fn python_json(value: &serde_json::Value) -> String {
    let style = aws2_output::json::JsonStyle {
        indent: None,
        ensure_ascii: true,
        item_sep: ", ",
        key_sep: ": ",
        color: false,
    };
    aws2_output::json::to_json(value, style)
}

/// An option that fills no input member directly.
fn custom_arg(name: &str, kind: ArgKind, required: bool) -> Argument {
    Argument {
        name: name.to_owned(),
        member: String::new(),
        shape_ref: ShapeRef::default(),
        shape_type: match kind {
            ArgKind::Boolean => ShapeType::Boolean,
            ArgKind::List => ShapeType::List,
            _ => ShapeType::String,
        },
        kind,
        required,
        negative_name: None,
        undocumented: false,
        doc: "",
    }
}

/// The single value given for an option.
fn one<'a>(parsed: &'a ParsedArgs, name: &str) -> Option<&'a str> {
    match parsed.members.get(name) {
        Some(RawValue::One(v)) => Some(v),
        _ => None,
    }
}

/// The options of `names` missing from the command line, as a usage error.
fn require(parsed: &ParsedArgs, names: &[&str]) -> Result<(), CliError> {
    let missing: Vec<String> = names
        .iter()
        .filter(|n| !parsed.members.contains_key(**n))
        .map(|n| format!("--{n}"))
        .collect();
    crate::args::parse::report_missing(&missing)
}

/// Refuses options of mutually exclusive groups given together, as the AWS CLI's
/// `validate_mutually_exclusive` does: `order` lists the options in the argument table's
/// order, the first one given fixes the group, and the message names the options as their
/// argparse destinations (`origin_domain_name`).
fn exclusive(parsed: &ParsedArgs, order: &[&str], groups: &[&[&str]]) -> Result<(), CliError> {
    let dest = |name: &str| name.replace('-', "_");
    let mut current: Option<&[&str]> = None;
    for name in order.iter().filter(|n| parsed.members.contains_key(**n)) {
        let key = dest(name);
        let Some(group) = groups.iter().copied().find(|g| g.contains(&key.as_str())) else {
            continue;
        };
        match current {
            None => current = Some(group),
            Some(first) if first != group => {
                return Err(CliError::Validation(format!(
                    "The key \"{key}\" cannot be specified when one of the following keys are also specified: {}",
                    first.join(", ")
                )))
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// A comma-separated option value split as the AWS CLI splits it: on every comma, except
/// one escaped with a backslash or inside quotes.
fn split_on_commas(value: &str) -> Result<Vec<String>, CliError> {
    if !value.contains(['"', '\\', '\'', '[', ']']) {
        return Ok(value.split(',').map(str::to_owned).collect());
    }
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) => current.push(next),
                None => {
                    return Err(CliError::Other(format!("Bad csv value: {value}")));
                }
            },
            '"' => quoted = !quoted,
            ',' if !quoted => parts.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    parts.push(current);
    Ok(parts)
}

/// A value unique to one call, as the AWS CLI makes them (`cli-1700000000-123456`): the
/// prefix, the time in seconds and a random number from 1 to 1000000.
fn unique_string(prefix: &str) -> String {
    use std::hash::{BuildHasher, Hasher};
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(secs);
    let random = hasher.finish() % 1_000_000 + 1;
    format!("{prefix}-{secs}-{random}")
}

/// Parsed command lines for the customizations' tests.
#[cfg(test)]
pub(crate) mod test_args {
    use crate::args::parse::{ParsedArgs, RawValue};

    /// The parsed options `pairs`.
    pub fn parsed(pairs: &[(&str, RawValue)]) -> ParsedArgs {
        let mut p = ParsedArgs::default();
        for (k, v) in pairs {
            p.members.insert((*k).to_owned(), v.clone());
        }
        p
    }

    /// The parsed single-value options `pairs`.
    pub fn values(pairs: &[(&str, &str)]) -> ParsedArgs {
        let pairs: Vec<(&str, RawValue)> = pairs
            .iter()
            .map(|(k, v)| (*k, RawValue::One((*v).to_owned())))
            .collect();
        parsed(&pairs)
    }
}
