//! Parses the words of a custom command against its [`CommandSpec`], with the errors the
//! AWS CLI v2 gives: argparse's messages as usage errors, then unknown options.

use super::argparse::{self, Opt, Parsed};
use crate::command::CommandSpec;
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
