//! Signing and sending HTTP requests to AWS: SigV4 (headers and pre-signed URLs), bearer and
//! anonymous auth, and the transport (retries, timeouts, proxies, TLS, redacted debug logs).
//!
//! Not for: building requests from models (that is `aws2-core`'s protocols) or finding
//! credentials (that is `aws2-config`).

mod credentials;

pub use credentials::Credentials;
