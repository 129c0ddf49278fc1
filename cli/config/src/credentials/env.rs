//! Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`
//! (or `AWS_SECURITY_TOKEN`) and `AWS_CREDENTIAL_EXPIRATION`.

use super::{clients::RemoteClients, Credentials, ProvideCredentials};
use crate::error::{ConfigError, Result};
use crate::session::Session;
use crate::time::parse_iso8601;

/// The environment provider.
pub struct EnvProvider;

impl ProvideCredentials for EnvProvider {
    fn method(&self) -> &'static str {
        "env"
    }

    fn provide(&self, session: &Session, _: &RemoteClients) -> Result<Option<Credentials>> {
        let env = session.env();
        let Some(access) = env.get_nonempty("AWS_ACCESS_KEY_ID") else {
            return Ok(None);
        };
        let Some(secret) = env.get_nonempty("AWS_SECRET_ACCESS_KEY") else {
            return Err(ConfigError::PartialCredentials {
                provider: "env".into(),
                missing: "AWS_SECRET_ACCESS_KEY".into(),
            });
        };
        let mut creds = Credentials::new(access, secret);
        creds.session_token = env
            .get_nonempty("AWS_SESSION_TOKEN")
            .or_else(|| env.get_nonempty("AWS_SECURITY_TOKEN"))
            .map(str::to_string);
        if let Some(exp) = env.get_nonempty("AWS_CREDENTIAL_EXPIRATION") {
            creds.expiration =
                Some(parse_iso8601(exp).ok_or_else(|| ConfigError::InvalidValue {
                    name: "AWS_CREDENTIAL_EXPIRATION".into(),
                    problem: "not an ISO 8601 timestamp".into(),
                })?);
        }
        Ok(Some(creds))
    }
}
