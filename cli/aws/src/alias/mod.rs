//! CLI aliases from `~/.aws/cli/alias`, as the AWS CLI v2 runs them: a `[toplevel]` alias
//! stands for a command (the global options in its value apply to the run), a
//! `[command <lineage>]` alias for a subcommand of that command, and a value starting with
//! `!` is a shell command run with the arguments that follow the alias. Aliases may name
//! other aliases; an alias named after a built-in command takes its place, and reaches the
//! built-in command when its value names it.

mod external;
mod file;
mod globals;
use aws2_config::shell;

use crate::args::parse::looks_like_option;
use crate::error::CliError;
use crate::globals::GlobalOptions;
pub use file::AliasFile;

/// How many aliases may stand for one another before the chain is refused (v2 stops at
/// Python's recursion limit).
const MAX_DEPTH: usize = 100;

/// What the command line turns into once its aliases are expanded.
pub enum Expanded {
    /// The words (global options already taken out) to run as a command.
    Command(Vec<String>),
    /// An external alias ran; its exit status.
    Shell(i32),
}

/// Expands the aliases of `~/.aws/cli/alias` in `words`, laying the global options of the
/// aliases over `globals`.
pub fn expand(globals: &mut GlobalOptions, words: Vec<String>) -> Result<Expanded, CliError> {
    let aliases = AliasFile::load()?;
    expand_with(&aliases, globals, words)
}

/// [`expand`] with the aliases of `aliases`.
///
/// `level` counts the command words already settled (`sts` once a `[toplevel]` alias can
/// no longer apply); the next command word is looked up among the aliases of the words
/// before it.
pub fn expand_with(
    aliases: &AliasFile,
    globals: &mut GlobalOptions,
    mut words: Vec<String>,
) -> Result<Expanded, CliError> {
    let mut level = 0;
    let mut depth = 0;
    loop {
        let positions = command_positions(&words);
        let Some(&at) = positions.get(level) else {
            return Ok(Expanded::Command(words));
        };
        let lineage: Vec<String> = positions[..level]
            .iter()
            .map(|&i| words[i].clone())
            .collect();
        let name = words[at].clone();
        let Some(value) = aliases.get(&lineage, &name) else {
            level += 1;
            continue;
        };
        depth += 1;
        if depth > MAX_DEPTH {
            return Err(CliError::other(
                "maximum recursion depth exceeded while calling a Python object",
            ));
        }
        // The words the alias receives: all but the command words up to the alias.
        let args: Vec<String> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| !positions[..=level].contains(i))
            .map(|(_, w)| w.clone())
            .collect();
        if let Some(command) = value.strip_prefix('!') {
            return external::run(command, &args).map(Expanded::Shell);
        }
        let value_words = split_value(&name, &value)?;
        if lineage.is_empty() {
            let (from, mut rest) = crate::globals::extract(&value_words)?;
            globals::merge(&name, globals, from)?;
            let Some(target) = command_positions(&rest).first().map(|&i| rest.remove(i)) else {
                return Err(CliError::usage(
                    "the following arguments are required: command",
                ));
            };
            // An alias named after a built-in command whose value names that command runs
            // the built-in one; any other command it names may be an alias again.
            if target == name && is_builtin(&[], &name) {
                level = 1;
            }
            words = [vec![target], rest, args].concat();
        } else {
            let prefixed = [&lineage[..1], &value_words[..]].concat();
            let (from, rest) = crate::globals::extract(&prefixed)?;
            globals::merge(&name, globals, from)?;
            let rest = rest.get(1..).unwrap_or_default();
            // An alias named after a built-in subcommand runs it, the first word after
            // the alias's global options taken as that subcommand's name.
            if is_builtin(&lineage, &name) {
                let given = [rest, &args[..]].concat();
                let after = given.get(1..).unwrap_or_default();
                words = [&lineage[..], &[name], after].concat();
                level += 1;
            } else {
                words = [&lineage[..], rest, &args[..]].concat();
            }
        }
    }
}

/// The positions of the words that are not options: the command, its subcommand, and so
/// on, as argparse picks positionals out of words it does not know.
fn command_positions(words: &[String]) -> Vec<usize> {
    words
        .iter()
        .enumerate()
        .filter(|(_, w)| !looks_like_option(w))
        .map(|(i, _)| i)
        .collect()
}

/// The words of the value of alias `name`, as `shlex.split` reads them.
fn split_value(name: &str, value: &str) -> Result<Vec<String>, CliError> {
    let words = shell::split(value).map_err(|e| {
        CliError::other(format!(
            "Value of alias \"{name}\" could not be parsed. Received error: {e} when parsing:\n{value}"
        ))
    })?;
    Ok(words
        .into_iter()
        .map(|w| w.trim_matches('\n').to_owned())
        .collect())
}

/// Whether `name` is a built-in command under the command words `lineage`.
fn is_builtin(lineage: &[String], name: &str) -> bool {
    crate::completer::subcommand_choices(lineage)
        .iter()
        .any(|c| c == name)
}

#[cfg(test)]
mod tests;
