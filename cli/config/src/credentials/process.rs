//! `credential_process`: run a command (split with POSIX shell quoting, never through a
//! shell) and read `Version: 1` JSON credentials from its standard output.

use std::process::{Command, Stdio};

use serde_json::Value;

use super::{clients::RemoteClients, Credentials, ProvideCredentials};
use crate::env::Env;
use crate::error::{ConfigError, Result};
use crate::session::Session;
use crate::shell;
use crate::time::parse_iso8601;

const METHOD: &str = "custom-process";

/// The `credential_process` provider.
pub struct ProcessProvider {
    profile: String,
}

impl ProcessProvider {
    /// For one profile.
    pub fn new(profile: &str) -> Self {
        ProcessProvider {
            profile: profile.to_string(),
        }
    }
}

impl ProvideCredentials for ProcessProvider {
    fn method(&self) -> &'static str {
        METHOD
    }

    fn provide(&self, session: &Session, _: &RemoteClients) -> Result<Option<Credentials>> {
        let Some(profile) = session.files().profile(&self.profile)? else {
            return Ok(None);
        };
        let Some(command) = profile.get_text("credential_process") else {
            return Ok(None);
        };
        run_credential_process(command, session.env()).map(Some)
    }
}

fn retrieval(message: String) -> ConfigError {
    ConfigError::CredentialRetrieval {
        provider: METHOD.into(),
        message,
    }
}

/// Run `command` with environment `env` and parse its output.
pub fn run_credential_process(command: &str, env: &Env) -> Result<Credentials> {
    let words = shell::split(command)
        .map_err(|_| retrieval("credential_process has an unclosed quote".into()))?;
    let Some((program, args)) = words.split_first() else {
        return Err(retrieval("credential_process is empty".into()));
    };
    let output = Command::new(program)
        .args(args)
        .env_clear()
        .envs(env.iter())
        .stdin(Stdio::null())
        .output()
        .map_err(|e| retrieval(format!("could not run credential_process {program}: {e}")))?;
    if !output.status.success() {
        let status = match output.status.code() {
            Some(code) => format!("exit status {code}"),
            None => "a signal".to_string(),
        };
        let stderr = String::from_utf8_lossy(&output.stderr);
        let detail: String = stderr.split_whitespace().collect::<Vec<_>>().join(" ");
        let detail: String = detail.chars().take(300).collect();
        let suffix = if detail.is_empty() {
            String::new()
        } else {
            format!(": {detail}")
        };
        return Err(retrieval(format!(
            "credential_process {program} failed with {status}{suffix}"
        )));
    }
    parse_process_output(&output.stdout, program)
}

/// Parse the JSON a credential process prints.
pub fn parse_process_output(stdout: &[u8], program: &str) -> Result<Credentials> {
    let parsed: Value = serde_json::from_slice(stdout).map_err(|_| {
        retrieval(format!(
            "credential_process {program} did not print a JSON object"
        ))
    })?;
    let Value::Object(map) = parsed else {
        return Err(retrieval(format!(
            "credential_process {program} did not print a JSON object"
        )));
    };
    let version_ok = map.get("Version").and_then(Value::as_f64) == Some(1.0);
    if !version_ok {
        let shown = match map.get("Version") {
            None => "<Version key not provided>".to_string(),
            Some(Value::String(s)) => s.clone(),
            Some(v) => v.to_string(),
        };
        return Err(retrieval(format!(
            "Unsupported version '{shown}' for credential process provider, supported versions: 1"
        )));
    }
    let field = |k: &str| -> Result<String> {
        match map.get(k) {
            Some(Value::String(s)) => Ok(s.clone()),
            _ => Err(retrieval(format!(
                "Missing required key in response: '{k}'"
            ))),
        }
    };
    let mut creds = Credentials::new(field("AccessKeyId")?, field("SecretAccessKey")?);
    creds.session_token = map
        .get("SessionToken")
        .and_then(Value::as_str)
        .map(str::to_string);
    if let Some(exp) = map.get("Expiration").and_then(Value::as_str) {
        creds.expiration = Some(parse_iso8601(exp).ok_or_else(|| {
            retrieval(format!(
                "credential_process {program} printed an Expiration that is not ISO 8601"
            ))
        })?);
    }
    Ok(creds)
}
