//! Plain `aws configure`: four prompts showing the current values (keys masked), Enter
//! keeps a value; keys go to the credentials file, region and output to the config file.

use std::io::{BufRead, Write};

use super::profile_to_section;
use crate::credentials::mask;
use crate::error::{ConfigError, Result};
use crate::session::{Session, Source};
use crate::writer::{update_config, WriteValue};

const PROMPTS: [(&str, &str); 4] = [
    ("aws_access_key_id", "AWS Access Key ID"),
    ("aws_secret_access_key", "AWS Secret Access Key"),
    ("region", "Default region name"),
    ("output", "Default output format"),
];

/// Run the prompts over `input` / `output` and write what changed.
pub fn configure_interactive(
    session: &Session,
    input: &mut dyn BufRead,
    output: &mut dyn Write,
) -> Result<()> {
    let profile = match session.scoped_profile() {
        Ok(p) => p,
        Err(ConfigError::ProfileNotFound(_)) => None,
        Err(e) => return Err(e),
    };
    let io_err = |e: std::io::Error| ConfigError::Usage(format!("unable to prompt: {e}"));
    let mut changed: Vec<(&str, String)> = Vec::new();
    for (key, text) in PROMPTS {
        let current = profile.and_then(|p| p.get_text(key)).map(str::to_string);
        let shown = if key.starts_with("aws_") {
            mask(current.as_deref())
        } else {
            current.clone().unwrap_or_else(|| "None".into())
        };
        write!(output, "{text} [{shown}]: ").map_err(io_err)?;
        output.flush().map_err(io_err)?;
        let mut line = String::new();
        input.read_line(&mut line).map_err(io_err)?;
        let answer = line.trim_end_matches(['\n', '\r']).to_string();
        if !answer.is_empty() && Some(&answer) != current.as_ref() {
            changed.push((key, answer));
        }
    }
    let choice = session.profile();
    let explicit = choice.source != Source::Default;
    let (cred_values, config_values): (Vec<_>, Vec<_>) = changed
        .into_iter()
        .partition(|(k, _)| k.starts_with("aws_"));
    let to_write = |values: Vec<(&str, String)>| -> Vec<(String, WriteValue)> {
        values
            .into_iter()
            .map(|(k, v)| (k.to_string(), WriteValue::Text(v)))
            .collect()
    };
    let files = session.files();
    if !cred_values.is_empty() {
        let section = if explicit {
            choice.name.clone()
        } else {
            "default".into()
        };
        update_config(
            &files.credentials_location().path,
            &section,
            &to_write(cred_values),
            true,
        )?;
    }
    if !config_values.is_empty() {
        let section = if explicit {
            profile_to_section(&choice.name)
        } else {
            "default".into()
        };
        update_config(
            &files.config_location().path,
            &section,
            &to_write(config_values),
            false,
        )?;
    }
    Ok(())
}
