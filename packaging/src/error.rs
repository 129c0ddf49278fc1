//! The error type of the packaging library.

use std::path::PathBuf;

/// What can go wrong while building a bundle.
#[derive(Debug, thiserror::Error)]
pub enum PackagingError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// Manifest, signature or key problem.
    #[error(transparent)]
    Bundle(#[from] aws2_bundle::BundleError),
    /// The zip could not be written.
    #[error("zip: {0}")]
    Zip(String),
    /// `cargo metadata` output could not be used.
    #[error("cargo metadata: {0}")]
    Metadata(String),
    /// An external tool (wixl, msibuild) is missing or failed.
    #[error("{0}")]
    Tool(String),
    /// An input is missing or invalid.
    #[error("{0}")]
    Invalid(String),
}

impl PackagingError {
    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        PackagingError::Io {
            path: path.into(),
            source,
        }
    }
}
