//! How a request is authenticated: SigV4, a bearer token, or not at all.

use std::fmt;
use std::time::SystemTime;

use crate::credentials::CredentialSource;
use crate::error::Error;
use crate::message::Request;
use crate::sigv4::{self, Signature, SigningParams, SigningSettings};

/// The authentication applied to each attempt of a request.
#[derive(Clone)]
pub enum Auth {
    /// Unsigned (`--no-sign-request`, operations modeled as anonymous).
    Anonymous,
    /// `Authorization: Bearer <token>` (operations whose model asks for a bearer token).
    Bearer(String),
    /// AWS Signature Version 4.
    SigV4 {
        /// Where the credentials to sign with come from (asked for every attempt).
        credentials: CredentialSource,
        /// The signing region.
        region: String,
        /// The signing name.
        service: String,
        /// The service's signing rules.
        settings: SigningSettings,
    },
}

impl Auth {
    /// Authenticates the request as of `time`; returns the signature's parts for SigV4. The
    /// credentials are taken from their source now (which may fetch them again).
    pub fn apply(
        &self,
        request: &mut Request,
        time: SystemTime,
    ) -> Result<Option<Signature>, Error> {
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
                let credentials = credentials.load()?;
                let params = SigningParams {
                    credentials: &credentials,
                    region,
                    service,
                    time,
                    settings: settings.clone(),
                };
                Ok(Some(sigv4::sign(request, &params)?))
            }
        }
    }

    /// This authentication with its credentials taken from their source now, for an
    /// attempt made on an async runtime: a fetch that has to wait or call a service runs on
    /// a blocking thread, never on the runtime's workers.
    pub async fn with_current_credentials(&self) -> Result<Auth, Error> {
        let Auth::SigV4 {
            credentials,
            region,
            service,
            settings,
        } = self
        else {
            return Ok(self.clone());
        };
        let current = match credentials.cached() {
            Some(c) => c,
            None => {
                let source = credentials.clone();
                match tokio::task::spawn_blocking(move || source.load()).await {
                    Ok(loaded) => loaded?,
                    Err(e) => return Err(crate::CredentialsError(e.to_string()).into()),
                }
            }
        };
        Ok(Auth::SigV4 {
            credentials: CredentialSource::Fixed(current),
            region: region.clone(),
            service: service.clone(),
            settings: settings.clone(),
        })
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
