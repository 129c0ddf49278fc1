//! Parses the words of a custom command against its [`CommandSpec`], with the errors the
//! AWS CLI v2 gives: argparse's messages as usage errors, then unknown options.

use super::argparse::{self, Opt, Parsed};
use crate::command::{CommandSpec, Nargs};
use crate::error::CliError;

/// Parses `words` (after the subcommand) for `spec`.
pub fn parse(spec: &CommandSpec, words: &[String]) -> Result<Parsed, CliError> {
    let opts: Vec<Opt<'_>> = spec.options.iter().map(Opt::from).collect();
    let parsed = argparse::parse(words, &opts).map_err(CliError::usage)?;
    if !parsed.extras.is_empty() {
        return Err(CliError::unknown_custom_options(&parsed.extras));
    }
    Ok(parsed)
}

/// The command line in one spelling for a command's own parser: positionals first, then each
/// option by its full name, every value after `=` (a fixed count's later values as words of
/// their own), so that prefixes, `=` and value counts are settled here.
pub fn canonical(spec: &CommandSpec, parsed: &Parsed) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for g in parsed
        .given
        .iter()
        .filter(|g| spec.options[g.index].positional)
    {
        words.extend(g.values.iter().cloned());
    }
    for g in parsed
        .given
        .iter()
        .filter(|g| !spec.options[g.index].positional)
    {
        let nargs = spec.options[g.index].nargs;
        match (nargs, g.values.as_slice()) {
            (_, []) => words.push(format!("--{}", g.name)),
            (Nargs::Exactly(_), [first, rest @ ..]) => {
                words.push(format!("--{}={first}", g.name));
                words.extend(rest.iter().cloned());
            }
            (_, values) => {
                words.extend(values.iter().map(|v| format!("--{}={v}", g.name)));
            }
        }
    }
    words
}
