//! Service customizations of the command line itself, as the AWS CLI makes them: options that
//! are not input members (`ec2 get-password-data --priv-launch-key`, `ec2 run-instances
//! --secondary-private-ip-addresses`, `ec2 authorize-security-group-ingress --port`, `iam
//! create-virtual-mfa-device --outfile`), the input they build and the output they rewrite.
//! Each lives in a file of its own and is listed in [`registry`]. Request-level customizations
//! (headers, defaults) live in `aws2_client::customize`.

pub mod ec2_count;
mod ec2_network;
mod ec2_paginate;
mod ec2_password;
mod ec2_secgroup;
mod iam_mfa;
mod plugins;
pub mod registry;

use crate::args::parse::{ParsedArgs, RawValue};
use crate::args::table::{ArgKind, Argument};
use crate::error::CliError;
use aws2_core::model::{ShapeRef, ShapeType};
use aws2_core::Value;
use indexmap::IndexMap;

pub use ec2_paginate::default_page_size;
pub use plugins::warn_if_configured as warn_plugins;

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
