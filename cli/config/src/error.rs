//! The error type of this crate. Messages are one line and never contain secret values.

use std::path::Path;

/// Everything that can go wrong while reading configuration or resolving credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// A config or credentials file is not valid.
    #[error("Unable to parse config file: {path}: {problem}")]
    Parse {
        /// The file.
        path: String,
        /// What is wrong and where.
        problem: String,
    },
    /// A file exists but could not be read or written.
    #[error("{action} {path}: {reason}")]
    Io {
        /// "Unable to read" or "Unable to write".
        action: &'static str,
        /// The file.
        path: String,
        /// The operating system's reason.
        reason: String,
    },
    /// A profile was asked for by name and does not exist.
    #[error("The config profile ({0}) could not be found")]
    ProfileNotFound(String),
    /// No region anywhere.
    #[error("You must specify a region. You can also configure your region by running \"aws configure\".")]
    NoRegion,
    /// `retry_mode` names no retry mode (worded as botocore's retry configuration words it).
    #[error(
        "Invalid value provided to \"mode\": \"{0}\" must be one of: \"standard\" or \"adaptive\""
    )]
    RetryMode(String),
    /// A setting has a value it cannot have.
    #[error("Invalid value for {name}: {problem}")]
    InvalidValue {
        /// The setting.
        name: String,
        /// What is wrong (never the value of a secret).
        problem: String,
    },
    /// A profile is inconsistent (missing source_profile, a role loop, mixed SSO keys...).
    #[error("{0}")]
    InvalidConfig(String),
    /// Only some of the keys that make up credentials are present.
    #[error("Partial credentials found in {provider}, missing: {missing}")]
    PartialCredentials {
        /// The provider (`env`, `shared-credentials-file`, ...).
        provider: String,
        /// The missing key(s).
        missing: String,
    },
    /// A provider found configuration but could not turn it into credentials.
    #[error("Error when retrieving credentials from {provider}: {message}")]
    CredentialRetrieval {
        /// The provider (`custom-process`, `assume-role`, ...).
        provider: String,
        /// What went wrong.
        message: String,
    },
    /// A provider needs a client for an AWS API that was not supplied.
    #[error("The {provider} credential provider needs the {service} service, which is not available here")]
    ClientUnavailable {
        /// The provider.
        provider: String,
        /// The missing client (`sts`, `sso`, `imds`, `container`).
        service: String,
    },
    /// `aws sso login`, `logout` or `configure sso` failed.
    #[error("{0}")]
    Sso(String),
    /// A command of `aws configure` was used wrongly.
    #[error("{0}")]
    Usage(String),
}

impl ConfigError {
    /// An [`ConfigError::Io`] for reading `path`.
    pub fn read(path: &Path, err: &std::io::Error) -> Self {
        ConfigError::Io {
            action: "Unable to read",
            path: path.display().to_string(),
            reason: io_reason(err),
        }
    }

    /// An [`ConfigError::Io`] for writing `path`.
    pub fn write(path: &Path, err: &std::io::Error) -> Self {
        ConfigError::Io {
            action: "Unable to write",
            path: path.display().to_string(),
            reason: io_reason(err),
        }
    }
}

fn io_reason(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(pos) => text[..pos].to_string(),
        None => text,
    }
}

/// Result alias of this crate.
pub type Result<T, E = ConfigError> = std::result::Result<T, E>;
