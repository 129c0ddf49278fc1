//! The command tree beyond the model operations: every command the CLI adds (`s3 …`,
//! `configure …`, `sso login|logout`, `update`, `<service> wait`). Each group is one file of
//! this directory holding its declaration (a [`GroupSpec`] of [`CommandSpec`]s and
//! [`OptionSpec`]s, which the parser, the help pages and `aws_completer` all read) and the
//! `run` function that carries it out; the [`registry!`] line below lists the files.
//!
//! Several files may declare groups of the same name (two files both adding commands to
//! `logs`): every lookup here merges their commands.

pub mod dispatch;
pub mod spec;

pub use spec::{CommandSpec, GroupSpec, Nargs, OptionSpec, ANY_SERVICE};

use crate::error::CliError;
use crate::globals::GlobalOptions;

/// Runs a custom command: the global options and the command line from the group's name on.
pub type Runner = fn(&GlobalOptions, &[String]) -> Result<i32, CliError>;

/// Declares the command files (each a module with `pub const GROUP: GroupSpec` and
/// `pub fn run`, a [`Runner`]) and lists them, in the order the dispatcher tries them.
macro_rules! registry {
    ($($file:ident),* $(,)?) => {
        $(pub mod $file;)*

        /// Every custom command group, one per file, in registry order.
        pub const GROUPS: &[&GroupSpec] = &[$(&$file::GROUP),*];

        /// What runs each group of [`GROUPS`], at the same index.
        pub const RUNNERS: &[Runner] = &[$($file::run),*];

        /// The names of the command files, at the same indexes.
        pub const FILES: &[&str] = &[$(stringify!($file)),*];
    };
}

registry![
    s3,
    configure,
    sso,
    update,
    emr,
    ecr,
    ecr_public,
    rds,
    dsql,
    eks,
    eks_kubeconfig,
    codeartifact,
    cloudformation,
    logs_tail,
    logs_start_live_tail,
    cloudfront,
    codecommit,
    history,
    ddb,
    configservice,
    dlm,
    datapipeline,
    ec2_instance_connect,
    wait,
];

/// The groups named `name`, from every file that declares one (a service's name never
/// matches an any-service group, whose subcommands' options are the models').
pub fn groups(name: &str) -> impl Iterator<Item = &'static GroupSpec> + '_ {
    GROUPS.iter().copied().filter(move |g| g.name == name)
}

/// The first group named `name`, which gives the group's description and kind.
pub fn group(name: &str) -> Option<&'static GroupSpec> {
    groups(name).next()
}

/// The custom command `group sub`, from whichever file of the group declares it.
pub fn command(group_name: &str, sub: &str) -> Option<&'static CommandSpec> {
    groups(group_name).find_map(|g| g.command(sub))
}

/// Names of the subcommands of a custom command group, from all its files.
pub fn subcommands(group_name: &str) -> Vec<&'static str> {
    groups(group_name)
        .flat_map(|g| g.commands.iter().map(|c| c.name))
        .collect()
}

/// The declaration of the command line `group [sub]`: the subcommand's, or the group's own
/// when it runs without one (`update`).
pub fn command_for(group_name: &str, sub: Option<&str>) -> Option<&'static CommandSpec> {
    match sub.and_then(|s| command(group_name, s)) {
        Some(found) => Some(found),
        None => groups(group_name).find_map(|g| g.own),
    }
}
