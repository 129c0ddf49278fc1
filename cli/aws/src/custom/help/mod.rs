//! The `help` command.

use crate::error::CliError;
use crate::globals::GlobalOptions;

/// Shows help for the command named by `words` (empty: `aws help`).
pub fn run(_globals: &GlobalOptions, _words: &[String]) -> Result<i32, CliError> {
    Err(CliError::other("aws help is not available in this build"))
}
