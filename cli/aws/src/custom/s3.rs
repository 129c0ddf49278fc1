//! The `s3` command.

use crate::error::CliError;
use crate::globals::GlobalOptions;

/// Runs `aws s3 ...` with the words after `s3`.
pub fn run(_globals: &GlobalOptions, _words: &[String]) -> Result<i32, CliError> {
    Err(CliError::other("aws s3 is not available in this build"))
}
