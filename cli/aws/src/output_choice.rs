//! The output settings of a command: the format (`--output` or the profile's `output`), the
//! compiled `--query`, colour and terminal width, as every command that prints a response
//! reads them.

use crate::error::CliError;
use crate::globals::GlobalOptions;
use aws2_config::Session;

/// The output format and the compiled `--query` of the global options and the profile.
pub fn format_and_query(
    globals: &GlobalOptions,
    session: &Session,
) -> Result<(aws2_output::Format, Option<aws2_output::Query>), CliError> {
    let name = match &globals.output {
        Some(o) => o.clone(),
        None => session
            .output()
            .map_err(|e| CliError::other(e.to_string()))?,
    };
    let format = name
        .parse()
        .map_err(|_| CliError::other(format!("Unknown output type: {name}")))?;
    Ok((format, compiled_query(globals)?))
}

/// The `--query` expression, compiled; a bad one is refused as the AWS CLI v2 refuses it.
pub fn compiled_query(globals: &GlobalOptions) -> Result<Option<aws2_output::Query>, CliError> {
    globals
        .query
        .as_deref()
        .map(aws2_output::Query::compile)
        .transpose()
        .map_err(|e| {
            CliError::Validation(format!(
                "Bad value for --query {}: {e}",
                globals.query.as_deref().unwrap_or("")
            ))
        })
}

/// The formatter's options for printing the response of `operation_name`: colour from
/// `--color` (a terminal when `auto`), and the terminal's width.
pub fn output_options(globals: &GlobalOptions, operation_name: &str) -> aws2_output::OutputOptions {
    aws2_output::OutputOptions {
        operation_name: operation_name.to_owned(),
        color: match globals.color.as_deref() {
            Some("on") => true,
            Some("off") => false,
            _ => crate::pager::stdout_is_terminal(),
        },
        terminal_width: terminal_width(),
    }
}

/// The terminal's width: `COLUMNS`, else 80.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(80)
}
