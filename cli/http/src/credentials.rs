//! AWS credentials as the signer uses them, and where it gets them for each attempt.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// A set of AWS credentials. `Debug` never shows the secret or the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    /// The access key id (`AKIA...` or `ASIA...`).
    pub access_key_id: String,
    /// The secret access key.
    pub secret_access_key: String,
    /// The session token of temporary credentials.
    pub session_token: Option<String>,
    /// When temporary credentials expire.
    pub expiration: Option<SystemTime>,
}

impl Credentials {
    /// Long-term credentials without a session token or expiry.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: None,
            expiration: None,
        }
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "<redacted>"),
            )
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// Why no credentials could be had for a request (the provider's own message, as the
/// command would have shown it had the credentials failed before the first request).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CredentialsError(pub String);

/// Credentials that may change during a command: temporary credentials fetched again
/// before they expire. The signer asks before signing every attempt.
pub trait LoadCredentials: Send + Sync {
    /// The credentials to sign with now, fetched again first when they are about to
    /// expire; may block while another thread fetches them.
    fn load(&self) -> Result<Arc<Credentials>, CredentialsError>;

    /// The current credentials when they can be used as they are (nothing to fetch, no
    /// waiting); `None` when [`LoadCredentials::load`] has work to do.
    fn cached(&self) -> Option<Arc<Credentials>>;
}

/// Where SigV4 gets its credentials: fixed ones (long-term keys, or anything without an
/// expiry: nothing to do per request), or a [`LoadCredentials`] asked for every attempt.
#[derive(Clone)]
pub enum CredentialSource {
    /// The same credentials for every request.
    Fixed(Arc<Credentials>),
    /// Credentials asked for before each attempt.
    Loaded(Arc<dyn LoadCredentials>),
}

impl CredentialSource {
    /// Fixed credentials.
    pub fn fixed(credentials: Credentials) -> Self {
        CredentialSource::Fixed(Arc::new(credentials))
    }

    /// The credentials to sign with now (may fetch them again, and block while it does).
    pub fn load(&self) -> Result<Arc<Credentials>, CredentialsError> {
        match self {
            CredentialSource::Fixed(c) => Ok(Arc::clone(c)),
            CredentialSource::Loaded(l) => l.load(),
        }
    }

    /// The credentials when they can be had without fetching or waiting.
    pub fn cached(&self) -> Option<Arc<Credentials>> {
        match self {
            CredentialSource::Fixed(c) => Some(Arc::clone(c)),
            CredentialSource::Loaded(l) => l.cached(),
        }
    }
}

impl From<Credentials> for CredentialSource {
    fn from(credentials: Credentials) -> Self {
        CredentialSource::fixed(credentials)
    }
}

impl fmt::Debug for CredentialSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CredentialSource::Fixed(c) => f.debug_tuple("Fixed").field(c).finish(),
            CredentialSource::Loaded(_) => f.write_str("Loaded"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    struct Counting(AtomicUsize);

    impl LoadCredentials for Counting {
        fn load(&self) -> Result<Arc<Credentials>, CredentialsError> {
            let n = self.0.fetch_add(1, Ordering::SeqCst);
            Ok(Arc::new(Credentials::new(format!("AKID{n}"), "SECRET")))
        }

        fn cached(&self) -> Option<Arc<Credentials>> {
            None
        }
    }

    #[test]
    fn fixed_credentials_are_shared_and_loaded_ones_asked_each_time() {
        let fixed = CredentialSource::from(Credentials::new("AKID", "SECRET"));
        let a = fixed.load().unwrap();
        let b = fixed.cached().unwrap();
        assert!(Arc::ptr_eq(&a, &b));
        let loaded = CredentialSource::Loaded(Arc::new(Counting(AtomicUsize::new(0))));
        assert_eq!(loaded.load().unwrap().access_key_id, "AKID0");
        assert_eq!(loaded.load().unwrap().access_key_id, "AKID1");
        assert!(loaded.cached().is_none());
        assert!(!format!("{fixed:?}").contains("SECRET"));
    }
}
