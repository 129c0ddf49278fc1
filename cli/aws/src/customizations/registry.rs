//! What a customization of a model operation is: which operations it applies to and its hooks.
//! The list of them is the `customizations!` line of `crate::customizations`; the commands the
//! CLI adds are declared in `crate::command`.

use super::REGISTRY;
use crate::args::parse::ParsedArgs;
use crate::args::table::Argument;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use aws2_core::Value;
use indexmap::IndexMap;

/// The operation a hook runs for (model names: `ec2`, `RunInstances`).
pub struct Target<'a> {
    /// The service's model name.
    pub service: &'a str,
    /// The operation's model name.
    pub operation: &'a str,
}

/// Changes an operation's argument table.
pub type ArgumentsHook = fn(&Target<'_>, &mut Vec<Argument>);
/// What an input hook reads besides the input: the command line, the operation and the global
/// options (for a hook that asks the service first, as `cloudfront update-distribution
/// --default-root-object` reads the distribution's configuration).
pub struct InputContext<'a> {
    /// The global options of the command line.
    pub globals: &'a GlobalOptions,
    /// The operation's model name.
    pub operation: &'a str,
    /// The operation's parsed options.
    pub parsed: &'a ParsedArgs,
}

/// Adjusts the input before serialization (and checks the customization's options).
pub type InputHook = fn(&InputContext<'_>, &mut IndexMap<String, Value>) -> Result<(), CliError>;
/// Adjusts the response before it is printed.
pub type OutputHook = fn(&ParsedArgs, &mut Value) -> Result<(), CliError>;
/// The page size of a paginated call given none (operation model name, the input so far).
pub type PageSizeHook = fn(&str, &Value) -> Option<i64>;

/// What a hook that carries out the call itself reads: the global options, the session, the
/// client, the operation and its validated input.
pub struct CallContext<'a> {
    /// The global options of the command line.
    pub globals: &'a GlobalOptions,
    /// The configuration of the invocation.
    pub session: &'a aws2_config::Session,
    /// The client of the operation's service.
    pub client: &'a aws2_client::Client,
    /// The operation.
    pub operation: &'a aws2_core::model::Operation,
    /// The operation's input.
    pub input: &'a Value,
}

/// Carries out the operation in place of the plain call and printing (`ssm start-session`
/// hands the session to `session-manager-plugin`) and returns the exit code.
pub type CallHook = fn(&CallContext<'_>) -> Result<i32, CliError>;

/// The `service` of a customization that applies to every service.
pub const ANY_SERVICE: &str = "*";

/// One customization: which operations it applies to and its hooks.
pub struct Customization {
    /// The service's model name (`ec2`), or [`ANY_SERVICE`].
    pub service: &'static str,
    /// Whether it applies to an operation (model name, `RunInstances`).
    pub applies: fn(&str) -> bool,
    /// Its change of the argument table.
    pub arguments: Option<ArgumentsHook>,
    /// Its change of the input.
    pub input: Option<InputHook>,
    /// Its change of the output.
    pub output: Option<OutputHook>,
    /// The page size it sets when paginating.
    pub page_size: Option<PageSizeHook>,
    /// What carries out the call in place of the plain call and printing.
    pub call: Option<CallHook>,
    /// A check made before the input is validated and the client made (`ecs
    /// execute-command` first makes sure the plugin it needs is installed).
    pub before_call: Option<fn() -> Result<(), CliError>>,
    /// The commands it adds that run a model operation under a name of their own.
    pub commands: &'static [OperationCommand],
    /// The commands of `service`'s model operations it takes away.
    pub removes: &'static [&'static str],
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
    pub arguments: Option<fn(&mut Vec<Argument>)>,
}

impl Customization {
    /// A customization of `service`'s operations for which `applies` holds, with no hooks yet.
    pub const fn of(service: &'static str, applies: fn(&str) -> bool) -> Customization {
        Customization {
            service,
            applies,
            arguments: None,
            input: None,
            output: None,
            page_size: None,
            call: None,
            before_call: None,
            commands: &[],
            removes: &[],
        }
    }
}

/// The customizations of one operation.
pub fn of<'a>(
    service: &'a str,
    operation: &'a str,
) -> impl Iterator<Item = &'static Customization> + 'a {
    REGISTRY.iter().filter(move |c| {
        (c.service == service || c.service == ANY_SERVICE) && (c.applies)(operation)
    })
}

/// Every command that runs a model operation under a name of its own.
pub fn commands() -> impl Iterator<Item = &'static OperationCommand> {
    REGISTRY.iter().flat_map(|c| c.commands.iter())
}

/// Whether a customization takes the command of a model operation away (service model name).
pub fn removed(service: &str, command: &str) -> bool {
    REGISTRY
        .iter()
        .any(|c| c.service == service && c.removes.contains(&command))
}
