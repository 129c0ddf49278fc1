//! Commands that are not plain service operations: `help`, the `s3` commands, `configure`,
//! `sso`, and `wait`. Each lives in its own module and plugs in here.

pub mod configure;
pub mod emr;
pub mod help;
pub mod s3;
pub mod sso;
pub mod update;
pub mod wait;

use crate::error::CliError;
use crate::globals::GlobalOptions;

/// Runs a custom command when `words` names one; `Ok(None)` hands the words on to the
/// service-operation path.
pub fn dispatch(globals: &GlobalOptions, words: &[String]) -> Result<Option<i32>, CliError> {
    let Some(first) = words.first() else {
        return Ok(None);
    };
    if words.last().map(String::as_str) == Some("help") {
        return help::run(globals, &words[..words.len() - 1]).map(Some);
    }
    if first == "help" {
        return help::run(globals, words).map(Some);
    }
    if let Some((_, run)) = RUNNERS.iter().find(|(name, _)| name == first) {
        // A group that extends a service (`sso`) runs only the subcommands it declares.
        let extends = crate::command::group(first).filter(|g| g.extends_service);
        let declared = |g: &crate::command::GroupSpec| {
            words.get(1).is_some_and(|sub| g.command(sub).is_some())
        };
        if extends.is_none_or(declared) {
            return run(globals, &words[1..]).map(Some);
        }
    }
    if words.get(1).map(String::as_str) == Some("wait") {
        return wait::run(globals, first, &words[2..]).map(Some);
    }
    Ok(None)
}

/// Runs a custom command group with the words after its name.
type Runner = fn(&GlobalOptions, &[String]) -> Result<i32, CliError>;

/// The custom command groups (declared in `crate::command`) and what runs each.
const RUNNERS: &[(&str, Runner)] = &[
    ("s3", s3::run),
    ("configure", configure::run),
    ("update", update::run),
    ("sso", sso::run),
    ("emr", emr::run),
];
