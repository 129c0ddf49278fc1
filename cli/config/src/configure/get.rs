//! `aws configure get varname`: a value from the files (never the environment), by plain
//! name in the selected profile or by dotted name (`default.region`, `profile.dev.region`,
//! `s3.max_concurrent_requests`, `dev.s3.addressing_style`, `plugins.name`).

use super::{CommandOutput, PREDEFINED_SECTION_NAMES};
use crate::error::Result;
use crate::ini::IniValue;
use crate::session::Session;

/// Run `configure get`. Exit 0 with the value, 1 when unset or when it names a block.
pub fn configure_get(session: &Session, varname: &str) -> Result<CommandOutput> {
    let value = if varname.contains('.') {
        dotted(session, varname)?
    } else {
        session
            .scoped_profile()?
            .and_then(|p| p.get(varname))
            .cloned()
    };
    Ok(match value {
        Some(IniValue::Text(v)) => CommandOutput {
            stdout: format!("{v}\n"),
            stderr: String::new(),
            exit_code: 0,
        },
        Some(IniValue::Nested(_)) => CommandOutput {
            stdout: String::new(),
            stderr: format!(
                "varname ({varname}) must reference a value, not a section or sub-section."
            ),
            exit_code: 1,
        },
        None => CommandOutput {
            exit_code: 1,
            ..CommandOutput::default()
        },
    })
}

fn dotted(session: &Session, varname: &str) -> Result<Option<IniValue>> {
    let parts: Vec<&str> = varname.split('.').collect();
    let files = session.files();
    if parts.len() == 2 && PREDEFINED_SECTION_NAMES.contains(&parts[0]) {
        let from_section = files
            .config()?
            .and_then(|c| c.other_section(parts[0]))
            .and_then(|s| s.get(parts[1]))
            .cloned();
        if from_section.is_some() {
            return Ok(from_section);
        }
        return Ok(files
            .profile(parts[0])?
            .and_then(|p| p.get(parts[1]))
            .cloned());
    }
    let (profile, key, rest): (String, &str, &[&str]) = if parts[0] == "profile" {
        if parts.len() < 3 {
            return Ok(None);
        }
        (parts[1].to_string(), parts[2], &parts[3..])
    } else if parts[0] == "default" || files.profile(parts[0])?.is_some() {
        (parts[0].to_string(), parts[1], &parts[2..])
    } else {
        let choice = session.profile();
        (choice.name, parts[0], &parts[1..])
    };
    let value = files.profile(&profile)?.and_then(|p| p.get(key)).cloned();
    Ok(match rest {
        [sub] => value
            .as_ref()
            .and_then(|v| v.nested_get(sub))
            .map(|s| IniValue::Text(s.to_string())),
        _ => value,
    })
}
