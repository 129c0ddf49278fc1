//! Signing and sending HTTP requests to AWS: SigV4 (headers and pre-signed URLs), bearer and
//! anonymous auth, and the transport (retries, timeouts, proxies, TLS, redacted debug logs).
//!
//! Not for: building requests from models (that is `aws2-core`'s protocols) or finding
//! credentials (that is `aws2-config`).
//!
//! Use: build an [`HttpClient`] from a [`TransportConfig`], wrap it in a [`Sender`] with a
//! [`RetryConfig`], then [`Sender::send`] each [`Request`] with its [`Auth`] and an
//! [`ErrorInspector`] that reads the protocol's error code.

mod auth;
mod credentials;
mod error;
pub mod history;
mod message;
mod proxy;
pub mod redact;
pub mod retry;
mod sender;
pub mod sigv4;
mod tls;
mod transport;

pub use auth::Auth;
pub use credentials::{CredentialSource, Credentials, CredentialsError, LoadCredentials};
pub use error::{Error, TransportError};
pub use message::{Body, BodyOpener, Request, Response, ResponseBody};
pub use proxy::ProxySettings;
pub use retry::{invalid_retry_mode, ErrorInspector, ModeledRetry, RetryConfig, RetryMode};
pub use sender::{Hooks, Sender};
pub use tls::client_config;
pub use transport::{
    timeout_from_secs, user_agent, AsyncBody, AsyncHttpClient, AsyncResponse, HttpClient, Pace,
    TransportConfig, DEFAULT_TIMEOUT_SECS, PACE_SLICE,
};
