//! `aws configure export-credentials --format ...`: the resolved credentials as
//! `credential_process` JSON or shell variable assignments.

use serde_json::{json, Map, Value};

use crate::credentials::Credentials;
use crate::error::{ConfigError, Result};
use crate::time::format_isoformat;

/// The output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// `credential_process` JSON (the default).
    Process,
    /// `export AWS_ACCESS_KEY_ID=...`.
    Env,
    /// `AWS_ACCESS_KEY_ID=...`.
    EnvNoExport,
    /// `$Env:AWS_ACCESS_KEY_ID="..."`.
    Powershell,
    /// `set AWS_ACCESS_KEY_ID=...`.
    WindowsCmd,
}

impl ExportFormat {
    /// Parse a `--format` value.
    pub fn parse(name: &str) -> Result<Self> {
        Ok(match name {
            "process" => ExportFormat::Process,
            "env" => ExportFormat::Env,
            "env-no-export" => ExportFormat::EnvNoExport,
            "powershell" => ExportFormat::Powershell,
            "windows-cmd" => ExportFormat::WindowsCmd,
            other => {
                return Err(ConfigError::Usage(format!(
                    "argument --format: Invalid choice, valid choices are: process | env | env-no-export | powershell | windows-cmd (got {other})"
                )))
            }
        })
    }
}

/// Format credentials for export.
pub fn export_credentials(creds: &Credentials, format: ExportFormat) -> String {
    let expiry = creds.expiration.map(format_isoformat);
    if format == ExportFormat::Process {
        let mut map = Map::new();
        map.insert("Version".into(), json!(1));
        map.insert("AccessKeyId".into(), json!(creds.access_key_id));
        map.insert("SecretAccessKey".into(), json!(creds.secret_access_key));
        if let Some(t) = &creds.session_token {
            map.insert("SessionToken".into(), json!(t));
        }
        if let Some(e) = &expiry {
            map.insert("Expiration".into(), json!(e));
        }
        let pretty = serde_json::to_string_pretty(&Value::Object(map)).unwrap_or_default();
        return format!("{pretty}\n");
    }
    let line = |name: &str, value: &str| match format {
        ExportFormat::Env => format!("export {name}={value}\n"),
        ExportFormat::EnvNoExport => format!("{name}={value}\n"),
        ExportFormat::Powershell => format!("$Env:{name}=\"{value}\"\n"),
        _ => format!("set {name}={value}\n"),
    };
    let mut out = line("AWS_ACCESS_KEY_ID", &creds.access_key_id);
    out.push_str(&line("AWS_SECRET_ACCESS_KEY", &creds.secret_access_key));
    if let Some(t) = &creds.session_token {
        out.push_str(&line("AWS_SESSION_TOKEN", t));
    }
    if let Some(e) = &expiry {
        out.push_str(&line("AWS_CREDENTIAL_EXPIRATION", e));
    }
    out
}
