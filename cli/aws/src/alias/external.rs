//! External aliases: a value starting with `!` runs through `/bin/sh` with the arguments
//! that follow the alias, each quoted.

use crate::error::CliError;
use aws2_config::shell;

/// Runs `command` with the quoted `args` appended, as `subprocess.call(..., shell=True)`,
/// and returns its exit status.
pub fn run(command: &str, args: &[String]) -> Result<i32, CliError> {
    let mut line = command.to_owned();
    for arg in args {
        line.push(' ');
        line.push_str(&shell::quote(arg));
    }
    log::debug!("Running external alias: {line:?}");
    let status = std::process::Command::new("/bin/sh")
        .arg("-c")
        .arg(&line)
        .status()
        .map_err(|e| CliError::other(e.to_string()))?;
    Ok(exit_status(status))
}

/// The status as Python reports it for a child: its exit code, or the negated signal
/// number (which the process exit then takes modulo 256).
#[cfg(unix)]
fn exit_status(status: std::process::ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    match (status.code(), status.signal()) {
        (Some(code), _) => code,
        (None, Some(signal)) => (256 - signal) & 0xff,
        (None, None) => 255,
    }
}

#[cfg(not(unix))]
fn exit_status(status: std::process::ExitStatus) -> i32 {
    status.code().unwrap_or(255)
}
