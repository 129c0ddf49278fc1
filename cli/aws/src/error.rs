//! Errors of the command line and the exit codes they map to.

use std::fmt;

/// The usage hint printed before a parse error.
pub const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

/// A failure of a command, with the exit code it maps to.
#[derive(Debug)]
pub enum CliError {
    /// The command line could not be parsed (exit 2): usage hint plus `aws: error: …`.
    Usage(String),
    /// Unknown options (exit 2): usage hint plus `Unknown options: …`.
    UnknownOptions(Vec<String>),
    /// Parameter validation failed (exit 255).
    Validation(String),
    /// The service returned an error (exit 254 in v2; 255 here, see DESIGN.md).
    Service {
        /// Error code.
        code: String,
        /// Operation model name.
        operation: String,
        /// Message.
        message: String,
        /// Retries made when the attempts were used up.
        max_retries_reached: Option<u32>,
    },
    /// Any other failure (exit 255), printed as is.
    Other(String),
}

impl CliError {
    /// A parse error.
    pub fn usage(msg: impl Into<String>) -> Self {
        CliError::Usage(msg.into())
    }

    /// Any other failure.
    pub fn other(msg: impl Into<String>) -> Self {
        CliError::Other(msg.into())
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) | CliError::UnknownOptions(_) => 2,
            _ => 255,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(msg) => write!(f, "{USAGE}\naws: error: {msg}"),
            CliError::UnknownOptions(opts) => {
                write!(f, "{USAGE}\nUnknown options: {}", opts.join(", "))
            }
            CliError::Validation(msg) => write!(f, "\n{msg}"),
            CliError::Service {
                code,
                operation,
                message,
                max_retries_reached,
            } => write!(
                f,
                "\nAn error occurred ({code}) when calling the {operation} operation{}: {message}",
                aws2_client::retry_note(*max_retries_reached)
            ),
            CliError::Other(msg) => write!(f, "\n{msg}"),
        }
    }
}

impl From<aws2_core::model::ModelError> for CliError {
    fn from(e: aws2_core::model::ModelError) -> Self {
        CliError::Other(e.to_string())
    }
}
