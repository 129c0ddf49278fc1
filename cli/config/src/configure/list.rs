//! `aws configure list`: the NAME / VALUE / TYPE / LOCATION table for the profile, the
//! credentials (masked) and the region, in the AWS CLI v2's layout.

use super::CommandOutput;
use crate::credentials::{mask, CredentialChain, RemoteClients};
use crate::error::{ConfigError, Result};
use crate::session::{Session, Source, PROFILE_ENV_VARS};

/// What `configure list` prints for unset values.
pub const NOT_SET: &str = "<not set>";

fn row(name: &str, value: &str, kind: &str, location: &str) -> String {
    format!("{name:<10} : {value:<24} : {kind:<16} : {location}\n")
}

/// Run `configure list`. On a configuration error the rows printed so far are kept in
/// `stdout`, the error goes to `stderr` and the exit status is 255.
pub fn configure_list(session: &Session, clients: &RemoteClients) -> CommandOutput {
    let mut out = String::new();
    out.push_str(&row("NAME", "VALUE", "TYPE", "LOCATION"));
    let choice = session.profile();
    out.push_str(&match &choice.source {
        Source::CommandLine(_) => row("profile", &choice.name, "manual", "--profile"),
        Source::Env(_) => {
            let vars: Vec<String> = PROFILE_ENV_VARS.iter().map(|v| format!("'{v}'")).collect();
            row(
                "profile",
                &choice.name,
                "env",
                &format!("[{}]", vars.join(", ")),
            )
        }
        _ => row("profile", NOT_SET, "None", "None"),
    });
    match rest(session, clients) {
        Ok(rows) => {
            out.push_str(&rows);
            CommandOutput {
                stdout: out,
                stderr: String::new(),
                exit_code: 0,
            }
        }
        Err(e) => CommandOutput {
            stdout: out,
            stderr: format!("{e}\n"),
            exit_code: 255,
        },
    }
}

fn rest(session: &Session, clients: &RemoteClients) -> Result<String> {
    let mut out = String::new();
    // A named profile that does not exist is an error before anything else is shown.
    session.scoped_profile()?;
    match CredentialChain::default_for(session).resolve(session, clients)? {
        Some(found) => {
            let c = &found.credentials;
            out.push_str(&row(
                "access_key",
                &mask(Some(&c.access_key_id)),
                found.method,
                "",
            ));
            out.push_str(&row(
                "secret_key",
                &mask(Some(&c.secret_access_key)),
                found.method,
                "",
            ));
        }
        None => {
            out.push_str(&row("access_key", NOT_SET, "None", "None"));
            out.push_str(&row("secret_key", NOT_SET, "None", "None"));
        }
    }
    let region = region_row(session)?;
    out.push_str(&region);
    Ok(out)
}

fn region_row(session: &Session) -> Result<String> {
    // The AWS CLI v2 names the whole list of variables, whichever one was set.
    const REGION_VARS: [&str; 2] = ["AWS_REGION", "AWS_DEFAULT_REGION"];
    for var in REGION_VARS {
        if let Some(v) = session.env().get(var) {
            let names: Vec<String> = REGION_VARS.iter().map(|n| format!("'{n}'")).collect();
            return Ok(row("region", v, "env", &format!("[{}]", names.join(", "))));
        }
    }
    match session.profile_value("region") {
        Ok(Some(r)) => Ok(row(
            "region",
            &r.value,
            "config-file",
            &session.files().config_location().display,
        )),
        Ok(None) => Ok(row("region", NOT_SET, "None", "None")),
        Err(ConfigError::ProfileNotFound(p)) => Err(ConfigError::ProfileNotFound(p)),
        Err(e) => Err(e),
    }
}
