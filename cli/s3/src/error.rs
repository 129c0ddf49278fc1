//! Errors of the `s3` commands and how they end the process.

/// A failure that stops an `s3` command before or outside its transfers.
#[derive(Debug, thiserror::Error)]
pub enum S3Error {
    /// The command line could not be parsed (exit 252, printed before the usage).
    #[error("{0}")]
    Usage(String),
    /// Options the command does not know (exit 252).
    #[error("Unknown options: {}", .0.join(", "))]
    UnknownOptions(Vec<String>),
    /// A parameter value that is not valid (exit 252, no usage text).
    #[error("{0}")]
    Validation(String),
    /// A call that failed, kept whole so that the caller can tell a service error (exit 254)
    /// from a failure to reach the service (exit 255).
    #[error(transparent)]
    Call(Box<aws2_client::CallError>),
    /// Any other failure (exit 255), printed as is.
    #[error("{0}")]
    Other(String),
}

impl From<aws2_core::model::ModelError> for S3Error {
    fn from(e: aws2_core::model::ModelError) -> Self {
        S3Error::Other(e.to_string())
    }
}

impl From<aws2_client::CallError> for S3Error {
    fn from(e: aws2_client::CallError) -> Self {
        S3Error::Call(Box::new(e))
    }
}
