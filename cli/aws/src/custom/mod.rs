//! Commands that are not plain service operations: `help`, the `s3` commands, `configure`,
//! `sso`, and `wait`. Each lives in its own module and plugs in here.

pub mod configure;
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
    match first.as_str() {
        "s3" => s3::run(globals, &words[1..]).map(Some),
        "configure" => configure::run(globals, &words[1..]).map(Some),
        "update" => update::run(globals, &words[1..]).map(Some),
        "sso" if matches!(words.get(1).map(String::as_str), Some("login" | "logout")) => {
            sso::run(globals, &words[1..]).map(Some)
        }
        _ if words.get(1).map(String::as_str) == Some("wait") => {
            wait::run(globals, first, &words[2..]).map(Some)
        }
        _ => Ok(None),
    }
}
