//! Every customization of a model operation, in the order they apply (as the AWS CLI's
//! `handlers_registry.py` lists its handlers). Adding one is a file in this directory and a line
//! here; the commands the CLI adds are declared in `crate::command`.

use super::rds_option_group;
use super::{command_aliases, ec2_count, ec2_network, ec2_password, ec2_secgroup, iam_mfa};
use crate::args::parse::ParsedArgs;
use crate::args::table::Argument;
use crate::error::CliError;
use aws2_core::Value;
use indexmap::IndexMap;

/// Changes an operation's argument table.
pub type ArgumentsHook = fn(&mut Vec<Argument>);
/// Adjusts the input before serialization (and checks the customization's options).
pub type InputHook = fn(&ParsedArgs, &mut IndexMap<String, Value>) -> Result<(), CliError>;
/// Adjusts the response before it is printed.
pub type OutputHook = fn(&ParsedArgs, &mut Value) -> Result<(), CliError>;

/// One customization: which operations it applies to and its hooks.
pub struct Customization {
    /// The service's model name (`ec2`).
    pub service: &'static str,
    /// Whether it applies to an operation (model name, `RunInstances`).
    pub applies: fn(&str) -> bool,
    /// Its change of the argument table.
    pub arguments: Option<ArgumentsHook>,
    /// Its change of the input.
    pub input: Option<InputHook>,
    /// Its change of the output.
    pub output: Option<OutputHook>,
}

/// A command of a service that runs a model operation under a name of its own (`rds
/// add-option-to-option-group` runs `ModifyOptionGroup`), with its own argument table.
pub struct OperationCommand {
    /// The service's model name (`rds`).
    pub service: &'static str,
    /// The command's name (`add-option-to-option-group`).
    pub command: &'static str,
    /// The operation's model name (`ModifyOptionGroup`).
    pub operation: &'static str,
    /// A hidden alias: callable, but neither listed in help nor completed.
    pub hidden: bool,
    /// Its change of the operation's argument table.
    pub arguments: Option<ArgumentsHook>,
}

/// The commands that run an operation under another name.
pub const COMMANDS: &[OperationCommand] = &[
    rds_option_group::ADD,
    rds_option_group::REMOVE,
    command_aliases::CREATE_OAUTH2_TOKEN,
    command_aliases::GET_OTEL_ENRICHMENT,
    command_aliases::START_OTEL_ENRICHMENT,
    command_aliases::STOP_OTEL_ENRICHMENT,
];

/// Commands of model operations that the CLI takes away (service model name, command).
pub const REMOVED_COMMANDS: &[(&str, &str)] = &[rds_option_group::REMOVED];

/// The customizations, in the order they apply.
pub const REGISTRY: &[Customization] = &[
    ec2_count::CUSTOMIZATION,
    ec2_password::CUSTOMIZATION,
    ec2_network::CUSTOMIZATION,
    iam_mfa::CUSTOMIZATION,
    ec2_secgroup::CUSTOMIZATION,
];

/// The customizations of one operation.
pub fn of<'a>(
    service: &'a str,
    operation: &'a str,
) -> impl Iterator<Item = &'static Customization> + 'a {
    REGISTRY
        .iter()
        .filter(move |c| c.service == service && (c.applies)(operation))
}
