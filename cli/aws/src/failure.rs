//! The end of a failed command: the error shown in the format the user chose, and its exit
//! code.

use crate::error::{CliError, ErrorFormat};
use crate::globals::GlobalOptions;
use std::io::Write;

/// Prints `err` as the AWS CLI v2 does and returns the exit code. `globals` is `None` when
/// the global options themselves could not be read; the format then comes from the
/// environment and the profile only.
pub fn show(err: &CliError, globals: Option<&GlobalOptions>) -> i32 {
    let report = err.report(error_format(globals));
    if !report.stdout.is_empty() {
        let _ = std::io::stdout().write_all(report.stdout.as_bytes());
        let _ = std::io::stdout().flush();
    }
    let _ = std::io::stderr().write_all(report.stderr.as_bytes());
    err.exit_code()
}

/// `--cli-error-format`, else `AWS_CLI_ERROR_FORMAT`, else the profile's `cli_error_format`,
/// else `enhanced`. A profile that cannot be read gives the default.
fn error_format(globals: Option<&GlobalOptions>) -> ErrorFormat {
    let defaults = GlobalOptions::default();
    let session = crate::session::config_session(globals.unwrap_or(&defaults));
    match session.value("cli_error_format") {
        Ok(Some(name)) => ErrorFormat::from_setting(&name),
        _ => ErrorFormat::Enhanced,
    }
}
