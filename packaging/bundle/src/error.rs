//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while reading, verifying, signing or extracting a bundle.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The manifest is not valid JSON of the expected shape, or breaks a rule of the format.
    #[error("invalid bundle manifest: {0}")]
    Manifest(String),
    /// A file's content does not match the manifest.
    #[error("{path}: {what} does not match the signed manifest")]
    Mismatch {
        /// The file concerned.
        path: PathBuf,
        /// What differs (size, SHA-256).
        what: &'static str,
    },
    /// A key could not be read or cannot sign.
    #[error("signing key: {0}")]
    Key(String),
    /// A detached signature is missing, malformed, made by an untrusted key, or does not match.
    #[error("signature verification failed: {0}")]
    Signature(String),
    /// A zip archive is malformed or holds an entry that would escape the destination.
    #[error("unsafe or invalid zip archive: {0}")]
    Zip(String),
}

impl BundleError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        BundleError::Io {
            path: path.into(),
            source,
        }
    }
}
