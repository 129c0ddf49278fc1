//! The global options as help shows them: synopsis lines and descriptions.

use super::page::{Page, Style};
use super::shapes::STEP;

/// One global option: name, the value it takes (`None` for a flag), description, choices.
struct GlobalDoc {
    name: &'static str,
    value: Option<&'static str>,
    text: &'static str,
    choices: &'static [&'static str],
}

const fn flag(name: &'static str, text: &'static str) -> GlobalDoc {
    GlobalDoc {
        name,
        value: None,
        text,
        choices: &[],
    }
}

const fn value(
    name: &'static str,
    ty: &'static str,
    text: &'static str,
    choices: &'static [&'static str],
) -> GlobalDoc {
    GlobalDoc {
        name,
        value: Some(ty),
        text,
        choices,
    }
}

/// Every global option, in the order `aws help` lists them.
const GLOBALS: &[GlobalDoc] = &[
    flag("--debug", "Turn on debug logging."),
    value("--endpoint-url", "string", "Override the command's default URL with the given URL.", &[]),
    flag("--no-verify-ssl", "By default, the AWS CLI uses SSL when communicating with AWS services. For each SSL connection, the AWS CLI will verify SSL certificates. This option overrides the default behavior of verifying SSL certificates."),
    flag("--no-paginate", "Disable automatic pagination. If automatic pagination is disabled, the AWS CLI will only make one call, for the first page of results."),
    value("--output", "string", "The formatting style for command output.", crate::globals::OUTPUT_FORMATS),
    value("--query", "string", "A JMESPath query to use in filtering the response data.", &[]),
    value("--profile", "string", "Use a specific profile from your credential file.", &[]),
    value("--region", "string", "The region to use. Overrides config/env settings.", &[]),
    // A flag, though the AWS CLI v2 documents it as a string option.
    value("--version", "string", "Display the version of this tool.", &[]),
    value("--color", "string", "Turn on/off color output.", &["on", "off", "auto"]),
    flag("--no-sign-request", "Do not sign requests. Credentials will not be loaded if this argument is provided."),
    value("--ca-bundle", "string", "The CA certificate bundle to use when verifying SSL certificates. Overrides config/env settings.", &[]),
    value("--cli-read-timeout", "int", "The maximum socket read time in seconds. If the value is set to 0, the socket read will be blocking and not timeout. The default value is 60 seconds.", &[]),
    value("--cli-connect-timeout", "int", "The maximum socket connect time in seconds. If the value is set to 0, the socket connect will be blocking and not timeout. The default value is 60 seconds.", &[]),
    value("--cli-binary-format", "string", "The formatting style to be used for binary blobs. The default format is base64. The base64 format expects binary blobs to be provided as a base64 encoded string. The raw-in-base64-out format preserves compatibility with AWS CLI V1 behavior and binary values must be passed literally. When providing contents from a file that map to a binary blob fileb:// will always be treated as binary and use the file contents directly regardless of the cli-binary-format setting. When using file:// the file contents will need to properly formatted for the configured cli-binary-format.", &["base64", "raw-in-base64-out"]),
    flag("--no-cli-pager", "Disable cli pager for output."),
    flag("--cli-auto-prompt", "Automatically prompt for CLI input parameters."),
    flag("--no-cli-auto-prompt", "Disable automatically prompt for CLI input parameters."),
    value("--cli-error-format", "string", "The formatting style for error output. By default, errors are displayed in enhanced format.", crate::error::ERROR_FORMATS),
];

/// The synopsis lines of the global options (`[--debug]`, `[--output <value>]`, ...).
pub fn synopsis() -> Vec<String> {
    crate::globals::global_option_names()
        .map(|name| match GLOBALS.iter().find(|g| g.name == name) {
            Some(GlobalDoc { value: None, .. }) => format!("[{name}]"),
            _ => format!("[{name} <value>]"),
        })
        .collect()
}

/// Describes every global option at an indentation.
pub fn options(page: &mut Page, indent: usize) {
    for g in GLOBALS {
        page.blank();
        let ty = format!(" ({})", g.value.unwrap_or("boolean"));
        page.styled_line(indent, &[(Style::Bold, g.name), (Style::Plain, &ty)]);
        page.text(indent + STEP, g.text);
        if !g.choices.is_empty() {
            page.blank();
            for c in g.choices {
                page.line(indent + STEP, &format!("o {c}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_exactly_the_global_options() {
        let documented: Vec<&str> = GLOBALS.iter().map(|g| g.name).collect();
        let parsed: Vec<&str> = crate::globals::global_option_names().collect();
        assert_eq!(documented, parsed);
    }
}
