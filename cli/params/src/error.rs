//! Errors of turning a command-line value into a parameter.

/// A parameter value that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParamError {
    /// `Error parsing parameter '--foo': <message>` (shorthand, JSON, parameter files).
    #[error("Error parsing parameter '{cli_name}': {message}")]
    Parse {
        /// The option as typed, with its dashes, e.g. `--tags`.
        cli_name: String,
        /// What is wrong.
        message: String,
    },
    /// A value of the wrong type for a number or boolean, reported without the parameter name
    /// (`invalid literal for int() with base 10: 'abc'`), as the AWS CLI reports it.
    #[error("{0}")]
    Value(String),
}

impl ParamError {
    /// A [`ParamError::Parse`] for `cli_name`.
    pub fn parse(cli_name: &str, message: impl std::fmt::Display) -> Self {
        Self::Parse {
            cli_name: cli_name.to_owned(),
            message: message.to_string(),
        }
    }
}
