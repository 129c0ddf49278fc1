//! `aws <service> wait <waiter-name>`: waiters from `waiters-2.json`.

use crate::error::CliError;
use crate::globals::GlobalOptions;

/// Runs `aws <service> wait ...` with the words after `wait`.
pub fn run(_globals: &GlobalOptions, _service: &str, _words: &[String]) -> Result<i32, CliError> {
    Err(CliError::other("waiters are not available in this build"))
}
