//! `aws configure import --csv`: profiles from the credentials CSV the console downloads
//! (`User name`, `Access key ID`, `Secret access key` columns), written to the credentials
//! file.

use crate::error::{ConfigError, Result};
use crate::session::Session;
use crate::writer::{update_config, WriteValue};

/// Options of `configure import`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// `--skip-invalid`: leave out rows without keys instead of failing.
    pub skip_invalid: bool,
    /// `--profile-prefix`.
    pub profile_prefix: String,
}

/// One parsed row: user name, access key id, secret access key.
pub type CsvCredential = (String, String, String);

const HEADERS: [&str; 3] = ["User Name", "Access Key ID", "Secret Access key"];

/// Parse the CSV text (the contents of the `file://` the user named).
pub fn parse_csv(contents: &str, strict: bool) -> Result<Vec<CsvCredential>> {
    if contents.trim().is_empty() {
        return Err(ConfigError::Usage(
            "Provided CSV contains no contents".into(),
        ));
    }
    let mut lines = contents.lines();
    let header_line = lines.next().unwrap_or_default();
    let headers: Vec<String> = header_line.split(',').map(format_header).collect();
    let mut indices = [0usize; 3];
    for (slot, expected) in indices.iter_mut().zip(HEADERS) {
        *slot = headers
            .iter()
            .position(|h| *h == format_header(expected))
            .ok_or_else(|| {
                ConfigError::Usage(format!("Expected header \"{expected}\" not found"))
            })?;
    }
    let mut out = Vec::new();
    for (n, line) in lines.enumerate() {
        let cols: Vec<&str> = line.split(',').collect();
        let mut values = Vec::with_capacity(3);
        let mut missing = None;
        for (idx, header) in indices.iter().zip(HEADERS) {
            let v = cols.get(*idx).map(|c| c.trim()).unwrap_or("");
            if v.is_empty() {
                missing = Some(header);
                break;
            }
            values.push(v.to_string());
        }
        match missing {
            Some(header) if strict => {
                return Err(ConfigError::Usage(format!(
                    "Failed to parse entry #{}: Row missing value for header \"{header}\"",
                    n + 1
                )))
            }
            Some(_) => continue,
            None => out.push((values[0].clone(), values[1].clone(), values[2].clone())),
        }
    }
    Ok(out)
}

fn format_header(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .to_lowercase()
        .trim()
        .to_string()
}

/// Run `configure import`; returns `Successfully imported N profile(s)\n`.
pub fn import_csv(session: &Session, contents: &str, options: &ImportOptions) -> Result<String> {
    let rows = parse_csv(contents, !options.skip_invalid)?;
    let path = &session.files().credentials_location().path;
    for (user, akid, secret) in &rows {
        update_config(
            path,
            &format!("{}{user}", options.profile_prefix),
            &[
                ("aws_access_key_id".into(), WriteValue::Text(akid.clone())),
                (
                    "aws_secret_access_key".into(),
                    WriteValue::Text(secret.clone()),
                ),
            ],
            true,
        )?;
    }
    Ok(format!("Successfully imported {} profile(s)\n", rows.len()))
}
