//! Errors of the command line, the exit codes they map to, and how they are shown: every
//! failure of a command ends here, so that the exit code and the text on stderr follow the
//! AWS CLI v2 in one place.
//!
//! Exit codes: 252 the command line or a parameter is invalid, 253 no region, no credentials
//! or another configuration problem, 254 the service returned an error, 255 anything else,
//! 130 interrupted.

use std::fmt;

/// The usage text that argparse prints with its errors (`parser.format_usage()`).
pub const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\nTo see help text, you can run:\n\n  aws help\n  aws <command> help\n  aws <command> <subcommand> help\n";

/// The prefix of every error line.
pub const ERROR_PREFIX: &str = "aws: [ERROR]:";

/// Exit code of an invalid command line or parameter value.
pub const PARAM_VALIDATION_RC: i32 = 252;
/// Exit code of a configuration problem (no region, no credentials, ...).
pub const CONFIGURATION_RC: i32 = 253;
/// Exit code of an error returned by the service.
pub const CLIENT_ERROR_RC: i32 = 254;
/// Exit code of any other failure.
pub const GENERAL_ERROR_RC: i32 = 255;
/// Exit code of a command interrupted by SIGINT (128 + 2).
pub const INTERRUPTED_RC: i32 = 130;

/// A failure of a command, with the exit code it maps to.
#[derive(Debug)]
pub enum CliError {
    /// The command line could not be parsed (argparse): the message, then the usage (252).
    Usage(String),
    /// Options nobody knows (252): the usage, then `Unknown options: …`.
    UnknownOptions(Vec<String>),
    /// A parameter value is invalid (252).
    Validation(String),
    /// The configuration is unusable (253).
    Configuration(String),
    /// No region is configured (253).
    NoRegion,
    /// No credentials were found (253).
    NoCredentials,
    /// The pager could not be started (253).
    Pager(String),
    /// The service returned an error (254).
    Service {
        /// Error code.
        code: String,
        /// Operation model name.
        operation: String,
        /// Message.
        message: String,
        /// Retries made when the attempts were used up.
        max_retries_reached: Option<u32>,
        /// The error document the structured formats show: the response's `Error` entries
        /// that the model knows (`Code`, `Message` and the exception's members), then the
        /// exception's other members, in the order the response had them.
        details: Box<serde_json::Map<String, serde_json::Value>>,
    },
    /// The command was interrupted (130).
    Interrupted,
    /// Any other failure (255), printed as is.
    Other(String),
}

/// How structured errors are shown: `--cli-error-format`, `AWS_CLI_ERROR_FORMAT` or the
/// profile's `cli_error_format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ErrorFormat {
    /// `aws: [ERROR]: <message>`, as before structured errors existed.
    Legacy,
    /// The message with its code, then any further details (the default).
    #[default]
    Enhanced,
    /// The error as a JSON document.
    Json,
    /// The error as a YAML document.
    Yaml,
    /// The error as text output.
    Text,
    /// The error as a table titled `error`.
    Table,
}

/// The values `--cli-error-format` accepts.
pub const ERROR_FORMATS: &[&str] = &["legacy", "json", "yaml", "text", "table", "enhanced"];

impl ErrorFormat {
    /// The format a setting names; an unknown name falls back to `enhanced`, as in the AWS
    /// CLI (which only logs a warning).
    pub fn from_setting(name: &str) -> ErrorFormat {
        match name.to_ascii_lowercase().as_str() {
            "legacy" => ErrorFormat::Legacy,
            "json" => ErrorFormat::Json,
            "yaml" => ErrorFormat::Yaml,
            "text" => ErrorFormat::Text,
            "table" => ErrorFormat::Table,
            _ => ErrorFormat::Enhanced,
        }
    }

    fn output(self) -> Option<aws2_output::Format> {
        match self {
            ErrorFormat::Json => Some(aws2_output::Format::Json),
            ErrorFormat::Yaml => Some(aws2_output::Format::Yaml),
            ErrorFormat::Text => Some(aws2_output::Format::Text),
            ErrorFormat::Table => Some(aws2_output::Format::Table),
            ErrorFormat::Legacy | ErrorFormat::Enhanced => None,
        }
    }
}

/// What a failed command writes.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Text for standard output.
    pub stdout: String,
    /// Text for standard error.
    pub stderr: String,
}

impl CliError {
    /// A parse error.
    pub fn usage(msg: impl Into<String>) -> Self {
        CliError::Usage(msg.into())
    }

    /// Any other failure.
    pub fn other(msg: impl Into<String>) -> Self {
        CliError::Other(msg.into())
    }

    /// A parameter value that is invalid.
    pub fn validation(msg: impl Into<String>) -> Self {
        CliError::Validation(msg.into())
    }

    /// Words a command of the CLI itself (`s3 cp`, `configure list`, ...) does not know: a
    /// parameter error, without the usage text that unknown options of an operation get.
    pub fn unknown_custom_options(words: &[String]) -> Self {
        CliError::Validation(format!("Unknown options: {}", words.join(", ")))
    }

    /// A value not among an argument's choices, as argparse in the AWS CLI v2 words it.
    pub fn invalid_choice(argument: &str, value: &str, choices: &[&str]) -> Self {
        CliError::Usage(format!(
            "argument {argument}: {}",
            aws2_pyrepr::difflib::invalid_choice(value, choices)
        ))
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            CliError::Usage(_) | CliError::UnknownOptions(_) | CliError::Validation(_) => {
                PARAM_VALIDATION_RC
            }
            CliError::Configuration(_)
            | CliError::NoRegion
            | CliError::NoCredentials
            | CliError::Pager(_) => CONFIGURATION_RC,
            CliError::Service { .. } => CLIENT_ERROR_RC,
            CliError::Interrupted => INTERRUPTED_RC,
            CliError::Other(_) => GENERAL_ERROR_RC,
        }
    }

    /// The code and message of an error that has a structured form.
    fn info(&self) -> Option<(&str, String)> {
        Some(match self {
            CliError::Usage(msg) => ("ParamValidation", format!("{msg}\n\n{USAGE}")),
            CliError::Validation(msg) => ("ParamValidation", msg.clone()),
            CliError::Configuration(msg) => ("Configuration", msg.clone()),
            CliError::NoRegion => (
                "NoRegion",
                "You must specify a region. You can also configure your region by running \"aws configure\".".to_owned(),
            ),
            CliError::NoCredentials => (
                "NoCredentials",
                "Unable to locate credentials. You can configure credentials by running \"aws login\".".to_owned(),
            ),
            CliError::Pager(reason) => (
                "Pager",
                format!(
                    "Unable to redirect output to pager. Received the following error when opening pager:\n{reason}\n\nLearn more about configuring the output pager by running \"aws help config-vars\"."
                ),
            ),
            CliError::Service { code, message, .. } => (code.as_str(), message.clone()),
            CliError::UnknownOptions(_) | CliError::Interrupted | CliError::Other(_) => {
                return None
            }
        })
    }

    /// What the command writes for this error in `format`.
    pub fn report(&self, format: ErrorFormat) -> Report {
        let mut report = Report::default();
        match self {
            CliError::UnknownOptions(opts) => {
                report.stderr = format!("\n{USAGE}\n");
                report.stderr += &error_line(&format!("Unknown options: {}", opts.join(", ")));
            }
            CliError::Interrupted => report.stdout.push('\n'),
            CliError::Other(msg) => report.stderr = error_line(msg),
            _ => {
                let Some((code, message)) = self.info() else {
                    return report;
                };
                report.stderr = match (format, format.output()) {
                    (ErrorFormat::Legacy, _) => error_line(&self.legacy_message(message)),
                    (_, Some(output)) => self
                        .structured(code, &message, output)
                        .unwrap_or_else(|| error_line(&self.enhanced_message(code, &message))),
                    _ => {
                        let mut text = error_line(&self.enhanced_message(code, &message));
                        text += &self.additional_details();
                        text
                    }
                };
            }
        }
        report
    }

    /// The message as the legacy format shows it: service errors in full, others without
    /// their code.
    fn legacy_message(&self, message: String) -> String {
        match self {
            CliError::Service { .. } => self.to_string(),
            _ => message,
        }
    }

    fn enhanced_message(&self, code: &str, message: &str) -> String {
        match self {
            CliError::Service { .. } => self.to_string(),
            _ => format!("An error occurred ({code}): {message}"),
        }
    }

    /// The error's members beyond code and message, as the enhanced format lists them.
    fn additional_details(&self) -> String {
        let CliError::Service { details, .. } = self else {
            return String::new();
        };
        let extra: Vec<_> = details
            .iter()
            .filter(|(k, _)| !matches!(k.to_ascii_lowercase().as_str(), "code" | "message"))
            .collect();
        if extra.is_empty() {
            return String::new();
        }
        let mut out = String::from("\nAdditional error details:\n");
        let mut complex = false;
        for (key, value) in extra {
            match inline(value) {
                Some(text) => out += &format!("{key}: {text}\n"),
                None => {
                    out += &format!("{key}: <complex value>\n");
                    complex = true;
                }
            }
        }
        if complex {
            out += "Use \"--cli-error-format json\" or another error format to see the full details.\n";
        }
        out
    }

    /// The error as an output document (`json`, `yaml`, `text`, `table`).
    fn structured(&self, code: &str, message: &str, output: aws2_output::Format) -> Option<String> {
        let doc = match self {
            CliError::Service { details, .. } if !details.is_empty() => (**details).clone(),
            _ => {
                let mut doc = serde_json::Map::new();
                doc.insert("Code".into(), code.into());
                doc.insert("Message".into(), message.into());
                doc
            }
        };
        let opts = aws2_output::OutputOptions {
            operation_name: "error".to_owned(),
            ..Default::default()
        };
        aws2_output::format(&serde_json::Value::Object(doc), output, &opts).ok()
    }
}

/// `aws: [ERROR]: <message>` on a line of its own, after a blank line, as the AWS CLI v2's
/// `write_error` prints it (the message stripped of surrounding whitespace).
pub fn error_line(message: &str) -> String {
    let message = message.trim_matches(|c: char| c.is_whitespace());
    if message.is_empty() {
        format!("\n{ERROR_PREFIX}\n")
    } else {
        format!("\n{ERROR_PREFIX} {message}\n")
    }
}

/// A detail value shown on its line: plain values as Python prints them, and lists or maps of
/// fewer than five plain values inline; `None` for anything larger.
fn inline(value: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    fn plain(v: &Value) -> Option<String> {
        Some(match v {
            Value::Null => "None".to_owned(),
            Value::Bool(true) => "True".to_owned(),
            Value::Bool(false) => "False".to_owned(),
            Value::Number(n) => n.to_string(),
            Value::String(s) => s.clone(),
            Value::Array(_) | Value::Object(_) => return None,
        })
    }
    match value {
        Value::Array(items) if items.len() < 5 => {
            let parts: Option<Vec<String>> = items.iter().map(plain).collect();
            Some(format!("[{}]", parts?.join(", ")))
        }
        Value::Object(map) if map.len() < 5 => {
            let parts: Option<Vec<String>> = map
                .iter()
                .map(|(k, v)| plain(v).map(|v| format!("{k}: {v}")))
                .collect();
            Some(format!("{{{}}}", parts?.join(", ")))
        }
        other => plain(other),
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::UnknownOptions(opts) => write!(f, "Unknown options: {}", opts.join(", ")),
            CliError::Service {
                code,
                operation,
                message,
                max_retries_reached,
                ..
            } => write!(
                f,
                "An error occurred ({code}) when calling the {operation} operation{}: {message}",
                aws2_client::retry_note(*max_retries_reached)
            ),
            CliError::Interrupted => Ok(()),
            CliError::Other(msg) => f.write_str(msg),
            _ => match self.info() {
                Some((_, message)) => f.write_str(&message),
                None => Ok(()),
            },
        }
    }
}

impl From<aws2_core::model::ModelError> for CliError {
    fn from(e: aws2_core::model::ModelError) -> Self {
        CliError::Other(e.to_string())
    }
}

impl From<aws2_config::ConfigError> for CliError {
    fn from(e: aws2_config::ConfigError) -> Self {
        match e {
            aws2_config::ConfigError::NoRegion => CliError::NoRegion,
            other => CliError::Other(other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes_as_v2() {
        assert_eq!(CliError::usage("x").exit_code(), 252);
        assert_eq!(CliError::UnknownOptions(vec![]).exit_code(), 252);
        assert_eq!(CliError::validation("x").exit_code(), 252);
        assert_eq!(CliError::NoRegion.exit_code(), 253);
        assert_eq!(CliError::NoCredentials.exit_code(), 253);
        assert_eq!(CliError::Interrupted.exit_code(), 130);
        assert_eq!(CliError::other("x").exit_code(), 255);
    }

    #[test]
    fn usage_errors_carry_the_usage_text() {
        let text = CliError::usage("the following arguments are required: command")
            .report(ErrorFormat::Enhanced)
            .stderr;
        assert_eq!(
            text,
            format!("\naws: [ERROR]: An error occurred (ParamValidation): the following arguments are required: command\n\n{USAGE}")
        );
        let legacy = CliError::usage("bad").report(ErrorFormat::Legacy).stderr;
        assert_eq!(legacy, format!("\naws: [ERROR]: bad\n\n{USAGE}"));
    }

    #[test]
    fn unknown_options_put_the_usage_first() {
        let r = CliError::UnknownOptions(vec!["--bogus".into()]).report(ErrorFormat::Json);
        assert_eq!(
            r.stderr,
            format!("\n{USAGE}\n\naws: [ERROR]: Unknown options: --bogus\n")
        );
    }

    #[test]
    fn service_error_details() {
        let mut details = serde_json::Map::new();
        details.insert("Reasons".into(), serde_json::json!(["a", "b"]));
        details.insert("Item".into(), serde_json::json!({"k": {"S": "v"}}));
        let e = CliError::Service {
            code: "C".into(),
            operation: "Op".into(),
            message: "m".into(),
            max_retries_reached: None,
            details: Box::new(details),
        };
        assert_eq!(e.exit_code(), 254);
        assert_eq!(
            e.report(ErrorFormat::Enhanced).stderr,
            "\naws: [ERROR]: An error occurred (C) when calling the Op operation: m\n\nAdditional error details:\nReasons: [a, b]\nItem: <complex value>\nUse \"--cli-error-format json\" or another error format to see the full details.\n"
        );
        assert_eq!(
            e.report(ErrorFormat::Legacy).stderr,
            "\naws: [ERROR]: An error occurred (C) when calling the Op operation: m\n"
        );
    }
}
