//! The `sso` command.

use crate::error::CliError;
use crate::globals::GlobalOptions;

/// Runs `aws sso ...` with the words after `sso`.
pub fn run(_globals: &GlobalOptions, _words: &[String]) -> Result<i32, CliError> {
    Err(CliError::other("aws sso is not available in this build"))
}
