//! How a request is authenticated: SigV4, a bearer token, or not at all.

use std::fmt;
use std::time::SystemTime;

use crate::message::Request;
use crate::sigv4::{self, SignError, Signature, SigningParams, SigningSettings};
use crate::Credentials;

/// The authentication applied to each attempt of a request.
#[derive(Clone)]
pub enum Auth {
    /// Unsigned (`--no-sign-request`, operations modeled as anonymous).
    Anonymous,
    /// `Authorization: Bearer <token>` (operations whose model asks for a bearer token).
    Bearer(String),
    /// AWS Signature Version 4.
    SigV4 {
        /// The credentials to sign with.
        credentials: Credentials,
        /// The signing region.
        region: String,
        /// The signing name.
        service: String,
        /// The service's signing rules.
        settings: SigningSettings,
    },
}

impl Auth {
    /// Authenticates the request as of `time`; returns the signature's parts for SigV4.
    pub fn apply(
        &self,
        request: &mut Request,
        time: SystemTime,
    ) -> Result<Option<Signature>, SignError> {
        match self {
            Auth::Anonymous => Ok(None),
            Auth::Bearer(token) => {
                request.set_header("Authorization", format!("Bearer {token}"));
                Ok(None)
            }
            Auth::SigV4 {
                credentials,
                region,
                service,
                settings,
            } => {
                let params = SigningParams {
                    credentials,
                    region,
                    service,
                    time,
                    settings: settings.clone(),
                };
                sigv4::sign(request, &params).map(Some)
            }
        }
    }
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Anonymous => f.write_str("Anonymous"),
            Auth::Bearer(_) => f.write_str("Bearer(<redacted>)"),
            Auth::SigV4 {
                credentials,
                region,
                service,
                settings,
            } => f
                .debug_struct("SigV4")
                .field("credentials", credentials)
                .field("region", region)
                .field("service", service)
                .field("settings", settings)
                .finish(),
        }
    }
}
