//! The `sso` command (`login`, `logout`) and `aws configure sso`.

use crate::error::CliError;
use crate::globals::GlobalOptions;

/// Runs `aws sso ...` with the words after `sso`.
pub fn run(_globals: &GlobalOptions, _words: &[String]) -> Result<i32, CliError> {
    Err(CliError::other("aws sso is not available in this build"))
}

/// Runs `aws configure sso` / `aws configure sso-session` (`sub`) with the words after it.
pub fn configure(_globals: &GlobalOptions, sub: &str, _words: &[String]) -> Result<i32, CliError> {
    Err(CliError::other(format!(
        "aws configure {sub} is not available in this build"
    )))
}
