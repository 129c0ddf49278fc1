//! `aws codecommit credential-helper get|store|erase`: git's credential helper for
//! CodeCommit over HTTPS. `get` reads git's `key=value` lines from standard input and, for an
//! Amazon host, prints a user name (the access key, with `%` and the session token when
//! there is one) and a password (the time and a SigV4 signature of git's request, made
//! locally); `store` and `erase` do nothing, as in the AWS CLI v2.

use super::spec::{CommandSpec, GroupSpec, OptionSpec};
use crate::args::custom;
use crate::error::CliError;
use crate::globals::GlobalOptions;
use crate::session;
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::sync::Arc;

const IGNORE_HOST_CHECK: OptionSpec = OptionSpec::flag(
    "ignore-host-check",
    "Optional. Make the credentials whatever the host, not only for Amazon domains.",
);

/// `credential-helper get`, which takes the one option.
const GET: CommandSpec = CommandSpec {
    name: "get",
    description: "Prints a user name and a SigV4 password for the protocol, host and path git \
                  writes to standard input. Git runs it to authenticate to AWS CodeCommit.",
    options: &[IGNORE_HOST_CHECK],
};

/// `credential-helper store` and `erase`, which take none.
const NO_OP: CommandSpec = CommandSpec {
    name: "store",
    description: "Does nothing: no credentials are stored.",
    options: &[],
};

/// The `codecommit` command the CLI adds to the service.
pub const GROUP: GroupSpec = GroupSpec {
    name: "codecommit",
    description: "AWS CodeCommit, with the command the CLI adds to its API.",
    extends_service: true,
    own: None,
    commands: &[CommandSpec {
        name: "credential-helper",
        description: "A SigV4 user name and password for git's smart HTTP, for git to run \
                      (git config --global credential.helper '!aws codecommit \
                      credential-helper $@'). Its subcommands: get makes the credentials; \
                      store and erase do nothing.",
        options: &[],
    }],
};

/// Runs `aws codecommit credential-helper …` (`words` from `codecommit` on).
pub fn run(globals: &GlobalOptions, words: &[String]) -> Result<i32, CliError> {
    match words.get(2).map(String::as_str) {
        None => Err(CliError::Validation(
            "usage: aws [options] codecommit credential-helper <subcommand> [parameters]\naws: [ERROR]: too few arguments".into(),
        )),
        Some("get") => {
            let parsed = custom::parse(&GET, &words[3..])?;
            get(globals, parsed.flag(IGNORE_HOST_CHECK.name))
        }
        Some("store" | "erase") => {
            custom::parse(&NO_OP, &words[3..])?;
            Ok(0)
        }
        Some(option) if option.starts_with('-') => {
            let options: Vec<String> = words[2..].iter().filter(|w| w.starts_with('-')).cloned().collect();
            Err(CliError::unknown_custom_options(&options))
        }
        Some(other) => Err(CliError::usage(format!(
            "argument subcommand: Found invalid choice '{other}'\n"
        ))),
    }
}

/// The `key=value` lines git writes, until the end of standard input.
fn git_parameters() -> Result<HashMap<String, String>, CliError> {
    let mut parameters = HashMap::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.map_err(|e| CliError::other(e.to_string()))?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            return Err(CliError::other("not enough values to unpack (expected 2, got 1)"));
        };
        parameters.insert(key.to_owned(), value.to_owned());
    }
    Ok(parameters)
}

fn get(globals: &GlobalOptions, ignore_host_check: bool) -> Result<i32, CliError> {
    let parameters = git_parameters()?;
    let field = |key: &str| {
        parameters
            .get(key)
            .map(String::as_str)
            .ok_or_else(|| CliError::other(format!("'{key}'")))
    };
    let host = field("host")?;
    if !(host.contains("amazon.com") || host.contains("amazonaws.com") || ignore_host_check) {
        return Ok(0);
    }
    let url = format!("{}://{host}/{}", field("protocol")?, field("path")?);
    let session = session::config_session(globals);
    let service = Arc::new(aws2_core::Service::load("codecommit")?);
    let client = session::client(globals, &session, service);
    let credentials = match client {
        Ok(client) => client
            .current_credentials()
            .map_err(crate::call_error::call_error)?,
        Err(CliError::NoCredentials) => None,
        Err(e) => return Err(e),
    };
    let Some(credentials) = credentials else {
        return Err(CliError::other("'NoneType' object has no attribute 'secret_key'"));
    };
    let region = match region_of_host(host) {
        Some(region) => region.to_owned(),
        None => match &globals.region {
            Some(region) => region.clone(),
            None => session.region_opt().map_err(CliError::from)?.unwrap_or_default(),
        },
    };
    let timestamp = chrono::Utc::now().format("%Y%m%dT%H%M%S").to_string();
    let (path, hostname) = path_and_hostname(&url);
    let canonical = format!("GIT\n{path}\n\nhost:{hostname}\n\nhost\n");
    let signature = aws2_http::sigv4::sign_canonical_request(
        &credentials,
        &region,
        "codecommit",
        &timestamp,
        &canonical,
    );
    let mut username = credentials.access_key_id.clone();
    if let Some(token) = &credentials.session_token {
        username.push('%');
        username.push_str(token);
    }
    let mut out = std::io::stdout().lock();
    write!(out, "username={username}\npassword={timestamp}Z{signature}\n")
        .and_then(|()| out.flush())
        .map_err(|e| CliError::other(e.to_string()))?;
    Ok(0)
}

/// The region of a CodeCommit git host (`git-codecommit.eu-west-1.amazonaws.com`, FIPS and
/// VPC endpoint forms too); `None` for other hosts.
fn region_of_host(host: &str) -> Option<&str> {
    // The host starts with an optional `vpce-….` label, then `git-codecommit[-fips].`.
    let start = host.find("git-codecommit")?;
    let before = &host[..start];
    if !(before.is_empty() || (before.starts_with("vpce-") && before.len() >= 7 && before.ends_with('.'))) {
        return None;
    }
    let rest = &host[start + "git-codecommit".len()..];
    let rest = rest.strip_prefix("-fips").unwrap_or(rest);
    let rest = rest.strip_prefix('.')?;
    let (region, after) = rest.split_once('.')?;
    let after = after.strip_prefix("vpce.").unwrap_or(after);
    (!region.is_empty() && after.starts_with("amazonaws.com")).then_some(region)
}

/// The path of a URL (query and fragment left out) and its host without the port, as
/// Python's `urlsplit` splits them.
fn path_and_hostname(url: &str) -> (&str, &str) {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let netloc_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (netloc, tail) = rest.split_at(netloc_end);
    let path_end = tail.find(['?', '#']).unwrap_or(tail.len());
    let hostname = netloc.rsplit('@').next().unwrap_or(netloc);
    (&tail[..path_end], hostname.split(':').next().unwrap_or(hostname))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_come_from_codecommit_hosts() {
        assert_eq!(region_of_host("git-codecommit.eu-west-1.amazonaws.com"), Some("eu-west-1"));
        assert_eq!(region_of_host("git-codecommit-fips.us-east-2.amazonaws.com"), Some("us-east-2"));
        assert_eq!(
            region_of_host("vpce-0abc-def.git-codecommit.ap-south-1.vpce.amazonaws.com"),
            Some("ap-south-1")
        );
        assert_eq!(region_of_host("example.com"), None);
        assert_eq!(region_of_host("xgit-codecommit.us-east-1.amazonaws.com"), None);
    }

    #[test]
    fn urls_split_as_python_splits_them() {
        assert_eq!(
            path_and_hostname("https://host.example:8443/v1/repos/r?x#y"),
            ("/v1/repos/r", "host.example")
        );
    }
}
