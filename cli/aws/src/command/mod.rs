//! The command tree beyond the model operations: every command the CLI adds (`s3 …`,
//! `configure …`, `sso login|logout`) declared once, as a [`CommandSpec`] of [`OptionSpec`]s.
//! The parser, the help pages and `aws_completer` all read these declarations.

pub mod configure;
pub mod emr;
pub mod s3;
pub mod spec;

pub use spec::{CommandSpec, GroupSpec, Nargs, OptionSpec};

/// Every custom command group.
pub const GROUPS: &[&GroupSpec] = &[&s3::S3, &configure::CONFIGURE, &configure::SSO, &emr::EMR];

/// The group named `name`.
pub fn group(name: &str) -> Option<&'static GroupSpec> {
    GROUPS.iter().copied().find(|g| g.name == name)
}

/// The custom command `group sub`.
pub fn command(group_name: &str, sub: &str) -> Option<&'static CommandSpec> {
    group(group_name)?.command(sub)
}

/// Names of the subcommands of a custom command group.
pub fn subcommands(group_name: &str) -> Vec<&'static str> {
    group(group_name)
        .map(|g| g.commands.iter().map(|c| c.name).collect())
        .unwrap_or_default()
}

/// The options (with dashes) of a custom command, in declaration order.
pub fn options(group_name: &str, sub: &str) -> Vec<String> {
    command(group_name, sub)
        .map(|c| c.named_options().map(OptionSpec::display_name).collect())
        .unwrap_or_default()
}
