//! The errors of sending a request.

use crate::credentials::CredentialsError;
use crate::sigv4::SignError;

/// A failure below HTTP: configuration, connection, TLS, timeouts, broken connections.
#[derive(Debug, Clone, thiserror::Error)]
pub enum TransportError {
    /// The client could not be set up (bad CA bundle, bad proxy URL, ...).
    #[error("{0}")]
    Config(String),
    /// The certificate of the server could not be verified.
    #[error("SSL validation failed for {url} {detail}")]
    Tls {
        /// The endpoint, without its query.
        url: String,
        /// What was wrong with the certificate.
        detail: String,
    },
    /// No connection could be made.
    #[error("Could not connect to the endpoint URL: \"{url}\"")]
    Connect {
        /// The endpoint, without its query.
        url: String,
    },
    /// Connecting took longer than the connect timeout.
    #[error("Connect timeout on endpoint URL: \"{url}\"")]
    ConnectTimeout {
        /// The endpoint, without its query.
        url: String,
    },
    /// The response did not arrive within the read timeout.
    #[error("Read timeout on endpoint URL: \"{url}\"")]
    ReadTimeout {
        /// The endpoint, without its query.
        url: String,
    },
    /// The connection broke before a whole response was received.
    #[error(
        "Connection was closed before we received a valid response from endpoint URL: \"{url}\""
    )]
    ConnectionClosed {
        /// The endpoint, without its query.
        url: String,
    },
    /// The request body could not be read.
    #[error("reading the request body failed: {0}")]
    Body(String),
}

impl TransportError {
    /// Whether retrying could help (connection-level failures; not setup or certificate errors).
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            TransportError::Connect { .. }
                | TransportError::ConnectTimeout { .. }
                | TransportError::ReadTimeout { .. }
                | TransportError::ConnectionClosed { .. }
        )
    }

    /// Whether this is a timeout (retries of timeouts cost more of the retry quota).
    pub fn is_timeout(&self) -> bool {
        matches!(
            self,
            TransportError::ConnectTimeout { .. } | TransportError::ReadTimeout { .. }
        )
    }
}

/// Why a request could not be completed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request could not be signed.
    #[error(transparent)]
    Sign(#[from] SignError),
    /// No credentials could be had to sign the request with (temporary credentials that
    /// could not be fetched again in time).
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// The last attempt failed below HTTP.
    #[error("{source}")]
    Transport {
        /// The last attempt's failure.
        source: TransportError,
        /// How many retries were made before giving up.
        retry_attempts: u32,
    },
}
