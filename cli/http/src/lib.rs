//! Signing and sending HTTP requests to AWS: SigV4 (headers and pre-signed URLs), bearer and
//! anonymous auth, and the transport (retries, timeouts, proxies, TLS, redacted debug logs).
//!
//! Not for: building requests from models (that is `aws2-core`'s protocols) or finding
//! credentials (that is `aws2-config`).

mod auth;
mod credentials;
mod message;
pub mod sigv4;

pub use auth::Auth;
pub use credentials::Credentials;
pub use message::{Body, BodyOpener, Request, Response, ResponseBody};
