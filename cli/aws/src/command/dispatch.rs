//! From a command line to the custom command that runs it: `help` anywhere, then the first
//! group of the registry that takes the words.

use super::{GroupSpec, ANY_SERVICE, GROUPS, RUNNERS};
use crate::error::CliError;
use crate::globals::GlobalOptions;

/// Runs a custom command when `words` names one; `Ok(None)` hands the words on to the
/// service-operation path.
pub fn dispatch(globals: &GlobalOptions, words: &[String]) -> Result<Option<i32>, CliError> {
    let Some(first) = words.first() else {
        return Ok(None);
    };
    if words.last().map(String::as_str) == Some("help") {
        return crate::help::run(globals, &words[..words.len() - 1]).map(Some);
    }
    if first == "help" {
        return crate::help::run(globals, words).map(Some);
    }
    let sub = words.get(1).map(String::as_str);
    for (group, run) in GROUPS.iter().zip(RUNNERS) {
        if takes(group, first, sub) {
            return run(globals, words).map(Some);
        }
    }
    Ok(None)
}

/// Whether `group` runs `first sub…`: a group of its own runs every line it names; one that
/// extends a service (`sso`, or every service for `wait`) only the subcommands it declares.
fn takes(group: &GroupSpec, first: &str, sub: Option<&str>) -> bool {
    let declared = || sub.is_some_and(|s| group.command(s).is_some());
    match group.name {
        ANY_SERVICE => declared(),
        name if name == first => !group.extends_service || declared(),
        _ => false,
    }
}
