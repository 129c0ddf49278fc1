//! Service customizations of the command line itself, as the AWS CLI makes them: options that
//! are not input members (`ec2 get-password-data --priv-launch-key`, `ec2 run-instances
//! --secondary-private-ip-addresses`, `ec2 authorize-security-group-ingress --port`, `iam
//! create-virtual-mfa-device --outfile`), the input they build and the output they rewrite.
//! Each lives in a file of its own and is listed in [`registry`]. Request-level customizations
//! (headers, defaults) live in `aws2_client::customize`.

mod command_aliases;
pub mod ec2_count;
mod ec2_network;
mod ec2_paginate;
mod ec2_password;
mod ec2_secgroup;
mod iam_mfa;
mod plugins;
mod rds_option_group;
pub mod registry;

use crate::args::parse::{ParsedArgs, RawValue};
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::model::{cli_name, ModelError, Operation, Service, ShapeRef, ShapeType};
use aws2_core::Value;
use indexmap::IndexMap;
use std::sync::Arc;

pub use ec2_paginate::default_page_size;
pub use plugins::warn_if_configured as warn_plugins;

/// The operation the command `command` of a service runs: a command of
/// [`registry::COMMANDS`], else the model operation of that CLI name unless the CLI removed it.
pub fn find_operation(
    service: &Service,
    command: &str,
) -> Result<Option<Arc<Operation>>, ModelError> {
    let model = service.model_name();
    if let Some(c) = operation_command(model, command) {
        return service.operation(c.operation).map(Some);
    }
    if registry::REMOVED_COMMANDS.contains(&(model, command)) {
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
        .filter(|n| !registry::REMOVED_COMMANDS.contains(&(model, n.as_str())))
        .collect();
    names.extend(
        registry::COMMANDS
            .iter()
            .filter(|c| c.service == model && !c.hidden)
            .map(|c| c.command.to_owned()),
    );
    names
}

/// The entry of `command` in [`registry::COMMANDS`].
fn operation_command(service: &str, command: &str) -> Option<&'static registry::OperationCommand> {
    registry::COMMANDS
        .iter()
        .find(|c| c.service == service && c.command == command)
}

/// Changes the argument table of a command of [`registry::COMMANDS`] (service model name).
pub fn change_command_args(service: &str, command: &str, args: &mut Vec<Argument>) {
    if let Some(hook) = operation_command(service, command).and_then(|c| c.arguments) {
        hook(args);
    }
}

/// Changes the argument table of an operation (model service and operation names).
pub fn change_args(service: &str, operation: &str, args: &mut Vec<Argument>) {
    for hook in registry::of(service, operation).filter_map(|c| c.arguments) {
        hook(args);
    }
}

/// Fills the input from the extra options and checks their values before the call.
pub fn adjust_input(
    service: &str,
    operation: &str,
    parsed: &ParsedArgs,
    input: &mut IndexMap<String, Value>,
) -> Result<(), CliError> {
    for hook in registry::of(service, operation).filter_map(|c| c.input) {
        hook(parsed, input)?;
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
    match missing.is_empty() {
        true => Ok(()),
        false => Err(CliError::usage(format!(
            "the following arguments are required: {}",
            missing.join(", ")
        ))),
    }
}
