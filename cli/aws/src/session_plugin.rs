//! Running `session-manager-plugin`, which `ssm start-session` and `ecs execute-command`
//! hand their session to, as the AWS CLI v2 runs it: found on `PATH`, with the keyboard's
//! signals (SIGINT, SIGQUIT, SIGTSTP) ignored while it runs, so that they reach the plugin
//! alone, and a failure worded as Python's `subprocess` words it.

use crate::error::CliError;
use std::process::{Command, ExitStatus, Stdio};

/// The plugin's program name, looked up on `PATH`.
pub const PROGRAM: &str = "session-manager-plugin";

/// What v2 says when the plugin is not installed.
pub const NOT_FOUND: &str = "SessionManagerPlugin is not found. Please refer to SessionManager \
                             Documentation here: http://docs.aws.amazon.com/console/systems-manager/\
                             session-manager-plugin-not-found";

/// Why running the plugin failed.
#[derive(Debug)]
pub enum Failure {
    /// No plugin on `PATH`.
    Missing,
    /// It could not be started for another reason (not executable); v2 then ends quietly.
    Unstartable,
    /// It ended unsuccessfully: Python's `CalledProcessError` message, as v2 prints it.
    Failed(String),
}

impl Failure {
    /// The outcome as v2 reports it: the missing plugin's and a failed run's messages (exit
    /// code 255), and success for a plugin that could not be started otherwise.
    pub fn into_result(self) -> Result<i32, CliError> {
        match self {
            Failure::Missing => Err(CliError::other(NOT_FOUND)),
            Failure::Unstartable => Ok(0),
            Failure::Failed(message) => Err(CliError::other(message)),
        }
    }
}

/// Runs the plugin with `args` and the extra environment `env`, its standard streams
/// the CLI's, ignoring the keyboard's signals until it ends (Python's `check_call`).
pub fn call(args: &[String], env: &[(&str, &str)]) -> Result<(), Failure> {
    let mut command = Command::new(PROGRAM);
    command.args(args).envs(env.iter().copied());
    let status = {
        let _ignored = signals::Ignored::now();
        command.status()
    };
    checked(args, status.map_err(start_failure)?)
}

/// The plugin's standard output when run with `args` (Python's `check_output`).
pub fn output(args: &[String]) -> Result<String, Failure> {
    let out = Command::new(PROGRAM)
        .args(args)
        .stdin(Stdio::inherit())
        .stderr(Stdio::inherit())
        .output()
        .map_err(start_failure)?;
    checked(args, out.status)?;
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn start_failure(err: std::io::Error) -> Failure {
    match err.kind() {
        std::io::ErrorKind::NotFound => Failure::Missing,
        _ => Failure::Unstartable,
    }
}

/// A status other than success as `CalledProcessError`'s message.
fn checked(args: &[String], status: ExitStatus) -> Result<(), Failure> {
    use std::os::unix::process::ExitStatusExt;
    if status.success() {
        return Ok(());
    }
    let words: Vec<serde_json::Value> = std::iter::once(PROGRAM.to_owned())
        .chain(args.iter().cloned())
        .map(serde_json::Value::String)
        .collect();
    let command = aws2_output::pyfmt::py_repr(&serde_json::Value::Array(words));
    let how = match (status.code(), status.signal()) {
        (Some(code), _) => format!("returned non-zero exit status {code}"),
        (None, Some(signal)) => match signal_name(signal) {
            Some(name) => format!("died with <Signals.{name}: {signal}>"),
            None => format!("died with unknown signal {signal}"),
        },
        (None, None) => "ended unsuccessfully".to_owned(),
    };
    Err(Failure::Failed(format!("Command '{command}' {how}.")))
}

/// The names Python's `signal.Signals` gives Linux's signals.
fn signal_name(signal: i32) -> Option<&'static str> {
    const NAMES: [&str; 31] = [
        "SIGHUP",
        "SIGINT",
        "SIGQUIT",
        "SIGILL",
        "SIGTRAP",
        "SIGABRT",
        "SIGBUS",
        "SIGFPE",
        "SIGKILL",
        "SIGUSR1",
        "SIGSEGV",
        "SIGUSR2",
        "SIGPIPE",
        "SIGALRM",
        "SIGTERM",
        "SIGSTKFLT",
        "SIGCHLD",
        "SIGCONT",
        "SIGSTOP",
        "SIGTSTP",
        "SIGTTIN",
        "SIGTTOU",
        "SIGURG",
        "SIGXCPU",
        "SIGXFSZ",
        "SIGVTALRM",
        "SIGPROF",
        "SIGWINCH",
        "SIGIO",
        "SIGPWR",
        "SIGSYS",
    ];
    usize::try_from(signal)
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| NAMES.get(i).copied())
}

/// Ignoring the signals a user types (Ctrl-C, Ctrl-\, Ctrl-Z) for a while.
#[allow(unsafe_code)]
mod signals {
    /// The signals v2 ignores while the plugin runs.
    const SIGNALS: [libc::c_int; 3] = [libc::SIGINT, libc::SIGQUIT, libc::SIGTSTP];

    /// The signals ignored until this is dropped, which restores their earlier handling.
    pub struct Ignored {
        before: Vec<(libc::c_int, libc::sigaction)>,
    }

    impl Ignored {
        /// Starts ignoring the signals.
        pub fn now() -> Ignored {
            let mut before = Vec::new();
            for signal in SIGNALS {
                // SAFETY: both structures are fully initialized (zeroed, then the handler set)
                // and outlive the call; ignoring a signal runs no code in the handler context.
                unsafe {
                    let mut ignore: libc::sigaction = std::mem::zeroed();
                    ignore.sa_sigaction = libc::SIG_IGN;
                    let mut old: libc::sigaction = std::mem::zeroed();
                    if libc::sigaction(signal, &ignore, &mut old) == 0 {
                        before.push((signal, old));
                    }
                }
            }
            Ignored { before }
        }
    }

    impl Drop for Ignored {
        fn drop(&mut self) {
            for (signal, old) in &self.before {
                // SAFETY: `old` is the handling the system returned for this signal.
                unsafe {
                    libc::sigaction(*signal, old, std::ptr::null_mut());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_signals_as_python() {
        assert_eq!(signal_name(9), Some("SIGKILL"));
        assert_eq!(signal_name(15), Some("SIGTERM"));
        assert_eq!(signal_name(0), None);
        assert_eq!(signal_name(64), None);
    }
}
