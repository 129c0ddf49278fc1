//! The `configure` command.

use crate::error::CliError;
use crate::globals::GlobalOptions;

/// Runs `aws configure ...` with the words after `configure`.
pub fn run(_globals: &GlobalOptions, _words: &[String]) -> Result<i32, CliError> {
    Err(CliError::other(
        "aws configure is not available in this build",
    ))
}
