//! The global options, accepted anywhere after the program name.

use crate::args::argparse::{self, Opt, Word};
use crate::command::Nargs;
use crate::error::CliError;

/// What kind of value a global option takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Takes {
    Flag,
    Value,
}

/// Every global option of AWS CLI v2: name and whether it takes a value.
const GLOBAL_OPTIONS: &[(&str, Takes)] = &[
    ("--debug", Takes::Flag),
    ("--endpoint-url", Takes::Value),
    ("--no-verify-ssl", Takes::Flag),
    ("--no-paginate", Takes::Flag),
    ("--output", Takes::Value),
    ("--query", Takes::Value),
    ("--profile", Takes::Value),
    ("--region", Takes::Value),
    ("--version", Takes::Flag),
    ("--color", Takes::Value),
    ("--no-sign-request", Takes::Flag),
    ("--ca-bundle", Takes::Value),
    ("--cli-read-timeout", Takes::Value),
    ("--cli-connect-timeout", Takes::Value),
    ("--cli-binary-format", Takes::Value),
    ("--no-cli-pager", Takes::Flag),
    ("--cli-auto-prompt", Takes::Flag),
    ("--no-cli-auto-prompt", Takes::Flag),
    ("--cli-error-format", Takes::Value),
];

/// The names of the global options, for help and completion.
pub fn global_option_names() -> impl Iterator<Item = &'static str> {
    GLOBAL_OPTIONS.iter().map(|(name, _)| *name)
}

/// Output formats `--output` accepts.
pub const OUTPUT_FORMATS: &[&str] = &["json", "text", "table", "yaml", "yaml-stream", "off"];

/// Values `--color` accepts.
const COLOR_CHOICES: &[&str] = &["on", "off", "auto"];

/// Values `--cli-binary-format` accepts.
const BINARY_FORMATS: &[&str] = &["base64", "raw-in-base64-out"];

/// The global options given on the command line.
#[derive(Debug, Default, Clone)]
pub struct GlobalOptions {
    /// `--debug`.
    pub debug: bool,
    /// `--endpoint-url`.
    pub endpoint_url: Option<String>,
    /// `--no-verify-ssl`.
    pub no_verify_ssl: bool,
    /// `--no-paginate`.
    pub no_paginate: bool,
    /// `--output`.
    pub output: Option<String>,
    /// `--query`.
    pub query: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--region`.
    pub region: Option<String>,
    /// `--version`.
    pub version: bool,
    /// `--color` (`on`, `off`, `auto`).
    pub color: Option<String>,
    /// `--no-sign-request`.
    pub no_sign_request: bool,
    /// `--ca-bundle`.
    pub ca_bundle: Option<String>,
    /// `--cli-read-timeout` in seconds.
    pub read_timeout: Option<u64>,
    /// `--cli-connect-timeout` in seconds.
    pub connect_timeout: Option<u64>,
    /// `--cli-binary-format` (`base64`, `raw-in-base64-out`).
    pub binary_format: Option<String>,
    /// `--no-cli-pager`.
    pub no_cli_pager: bool,
    /// `--cli-error-format`.
    pub cli_error_format: Option<String>,
}

impl GlobalOptions {
    fn set(&mut self, name: &str, value: Option<String>) -> Result<(), CliError> {
        let v = || value.clone().unwrap_or_default();
        match name {
            "--debug" => self.debug = true,
            "--endpoint-url" => self.endpoint_url = Some(v()),
            "--no-verify-ssl" => self.no_verify_ssl = true,
            "--no-paginate" => self.no_paginate = true,
            "--output" => self.output = Some(choice(name, v(), OUTPUT_FORMATS)?),
            "--query" => self.query = Some(v()),
            "--profile" => self.profile = Some(v()),
            "--region" => self.region = Some(v()),
            "--version" => self.version = true,
            "--color" => self.color = Some(choice(name, v(), COLOR_CHOICES)?),
            "--no-sign-request" => self.no_sign_request = true,
            "--ca-bundle" => self.ca_bundle = Some(v()),
            "--cli-read-timeout" => self.read_timeout = Some(parse_seconds(name, &v())?),
            "--cli-connect-timeout" => self.connect_timeout = Some(parse_seconds(name, &v())?),
            "--cli-binary-format" => self.binary_format = Some(choice(name, v(), BINARY_FORMATS)?),
            "--cli-error-format" => {
                self.cli_error_format = Some(choice(name, v(), crate::error::ERROR_FORMATS)?)
            }
            "--no-cli-pager" => self.no_cli_pager = true,
            _ => {}
        }
        Ok(())
    }
}

/// A value that must be one of `choices`, refused as argparse in the AWS CLI v2 refuses it.
fn choice(name: &str, value: String, choices: &[&str]) -> Result<String, CliError> {
    if choices.contains(&value.as_str()) {
        Ok(value)
    } else {
        Err(CliError::invalid_choice(name, &value, choices))
    }
}

/// Timeouts are converted when the session is built: a bad value is not a parse error.
fn parse_seconds(_name: &str, value: &str) -> Result<u64, CliError> {
    value
        .trim()
        .parse::<u64>()
        .map_err(|_| CliError::other(format!("invalid literal for int() with base 10: '{value}'")))
}

/// A global option found in an argument, with its inline `=value`.
type GlobalMatch = (&'static str, Takes, Option<String>);

/// Finds the global option an argument names: exact, `--name=value`, or a unique prefix (as
/// argparse reads abbreviations; an ambiguous prefix is a parse error).
fn match_global(arg: &str) -> Result<Option<GlobalMatch>, CliError> {
    let opts: Vec<Opt<'_>> = GLOBAL_OPTIONS
        .iter()
        .map(|(name, takes)| {
            let nargs = match takes {
                Takes::Flag => Nargs::Zero,
                Takes::Value => Nargs::One,
            };
            Opt::option(&name[2..], nargs)
        })
        .collect();
    match argparse::classify(arg, &opts).map_err(CliError::usage)? {
        Word::Option { index, explicit } => {
            let (name, takes) = GLOBAL_OPTIONS[index];
            Ok(Some((name, takes, explicit)))
        }
        _ => Ok(None),
    }
}

/// Splits argv (without the program name) into global options and the remaining words, in
/// order. Global options may appear anywhere; `--` ends option processing for them.
pub fn extract(args: &[String]) -> Result<(GlobalOptions, Vec<String>), CliError> {
    let mut globals = GlobalOptions::default();
    let mut rest = Vec::with_capacity(args.len());
    let mut i = 0;
    while i < args.len() {
        let arg = &args[i];
        match match_global(arg)? {
            Some((name, Takes::Flag, None)) => globals.set(name, None)?,
            Some((name, Takes::Flag, Some(v))) => {
                return Err(CliError::usage(format!(
                    "argument {name}: ignored explicit argument {}",
                    aws2_pyrepr::str_repr(&v)
                )))
            }
            Some((name, Takes::Value, Some(v))) => globals.set(name, Some(v))?,
            Some((name, Takes::Value, None)) => {
                let next = args
                    .get(i + 1)
                    .filter(|v| !crate::args::parse::looks_like_option(v));
                let Some(value) = next else {
                    return Err(CliError::usage(format!(
                        "argument {name}: expected one argument"
                    )));
                };
                globals.set(name, Some(value.clone()))?;
                i += 1;
            }
            None => rest.push(arg.clone()),
        }
        i += 1;
    }
    Ok((globals, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn globals_anywhere() {
        let (g, rest) = extract(&argv(
            "--region us-west-2 ec2 describe-instances --output=text --debug --instance-ids i-1",
        ))
        .unwrap();
        assert_eq!(g.region.as_deref(), Some("us-west-2"));
        assert_eq!(g.output.as_deref(), Some("text"));
        assert!(g.debug);
        assert_eq!(rest, argv("ec2 describe-instances --instance-ids i-1"));
        assert!(extract(&argv("--output jsn")).is_err());
        assert!(extract(&argv("--region")).is_err());
        let (g, rest) = extract(&argv("sts get-caller-identity --out text --que Account")).unwrap();
        assert_eq!(g.output.as_deref(), Some("text"));
        assert_eq!(g.query.as_deref(), Some("Account"));
        assert_eq!(rest, argv("sts get-caller-identity"));
        assert!(extract(&argv("sts get-caller-identity --no")).is_err());
    }
}
