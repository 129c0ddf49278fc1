//! Errors of the `s3` commands and how they end the process.

/// A failure that stops an `s3` command before or outside its transfers.
#[derive(Debug, thiserror::Error)]
pub enum S3Error {
    /// The command line could not be parsed (exit 2, printed after the usage hint).
    #[error("{0}")]
    Usage(String),
    /// Options the command does not know (exit 2).
    #[error("Unknown options: {}", .0.join(", "))]
    UnknownOptions(Vec<String>),
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
        S3Error::Other(e.to_string())
    }
}
